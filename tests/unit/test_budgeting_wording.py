"""The budgeting exercise speaks the trade's words in Indonesian (issue 16, wording list of regional budgeting):
Identitas Sub Kegiatan (not "Kepala"), Pengumpulan/dikumpulkan (not "Kiriman"/"dikirim" for a learner's budget),
dinilai instruktur, standar harga (SSH/SBU), menunggu penilaian, Beri nilai, kesempatan for attempts."""
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[2] / "translations/id/LC_MESSAGES/messages.po"
OLD_WORDS = ("Kiriman", "dinilai orang", "kepala formulir", "menunggu dinilai", "harga acuan", "Kode acuan",
             "Kepala dan indikator", "anggaran yang sudah dikirim", "Anggaran Anda sudah dikirim",
             "Kirim anggaran", "Ya, kirim")
EXPECTED = {
    "Sub-activity identity": "Identitas Sub Kegiatan",
    "Header and indicators": "Identitas Sub Kegiatan dan indikator",
    "Give a grade": "Beri nilai",
    "Grade the budget of %(name)s": "Beri nilai anggaran %(name)s",
    "Attempt": "Kesempatan",
    "Attempts": "Kesempatan",
    "Submissions": "Pengumpulan",
    "Submitted on": "Dikumpulkan",
    "submitted, to be graded": "dikumpulkan, menunggu penilaian",
    "Standard price code (SSH/SBU)": "Kode standar harga (SSH/SBU)",
    "Submit…": "Kumpulkan…",
}


def _catalogue():
    with PO.open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id and isinstance(m.id, str)}


def test_the_old_words_are_gone_from_the_indonesian_catalogue():
    found = [(msgid, text) for msgid, text in _catalogue().items()
             for word in OLD_WORDS if word.lower() in (text or "").lower()]
    assert found == []


def test_the_trades_words_are_used():
    catalogue = _catalogue()
    assert {msgid: catalogue.get(msgid) for msgid in EXPECTED} == EXPECTED
    assert "dinilai instruktur" in catalogue[next(m for m in catalogue if m.startswith("What a person judges"))]
