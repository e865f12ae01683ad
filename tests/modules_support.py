"""Deterministic training modules for the module-review tests and bench: a version of N sections of Indonesian-like
Markdown, a revision of it (some sections edited, one renamed, one moved, one added, one removed), and anchors."""
import random

from lti_tool.modules.domain.anchors import make_anchor
from lti_tool.modules.domain.sections import Section, split_sections, to_markdown
from lti_tool.modules.domain.textindex import VersionIndex

WORDS = ("anggaran pelatihan peserta daerah kegiatan program rencana kerja kinerja laporan dinas masyarakat desa "
         "kabupaten provinsi pemerintah layanan publik data informasi indikator capaian sasaran tujuan manfaat "
         "dampak risiko pengadaan barang jasa honorarium perjalanan rapat narasumber materi modul evaluasi "
         "monitoring pendampingan lapangan kelompok sekolah puskesmas jalan irigasi air bersih sanitasi gizi anak "
         "perempuan pemuda koperasi usaha kecil pasar nelayan petani kebun hutan lingkungan sampah bencana "
         "mitigasi adat budaya bahasa gotong royong musyawarah forum warga kader posyandu bidan guru dosen "
         "universitas penelitian kajian analisis perencanaan penganggaran pelaksanaan pelaporan akuntabilitas "
         "transparansi partisipasi yang dan untuk dengan pada dalam dari oleh agar serta atau juga harus dapat "
         "akan telah sudah belum perlu setiap semua beberapa sebagai tersebut secara lebih sangat baik").split()
TITLES = ("Pendahuluan Tujuan Sasaran Materi Pokok Metode Latihan Studi Kasus Diskusi Evaluasi Rangkuman Lampiran "
          "Referensi Glosarium Penilaian Praktik Lapangan").split()


def sentence(rng, low=8, high=20):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.2:
        n = rng.randrange(len(words))
        words[n] = f"**{words[n]}**"
    return " ".join(words).capitalize() + "."


def section_body(rng, words):
    paragraphs, count = [], 0
    while count < words:
        if rng.random() < 0.15:
            items = [f"- {sentence(rng, 4, 8)}" for _ in range(rng.randint(2, 4))]
            paragraphs.append("\n".join(items))
        else:
            paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 5))))
        count += len(paragraphs[-1].split())
    return "\n\n".join(paragraphs)


def module_markdown(seed=13, sections=50, words=20_000):
    """A module of ``sections`` sections (levels 1–3) and about ``words`` words, always the same for a seed."""
    rng = random.Random(seed)
    parts = ["Modul ini disusun oleh pusat pelatihan bersama pemerintah daerah, masyarakat dan perguruan tinggi."]
    for n in range(sections):
        level = 1 if n % 6 == 0 else rng.choice((2, 2, 3))
        parts.append("#" * level + f" {rng.choice(TITLES)} {n + 1}\n\n" + section_body(rng, words // sections))
    return "\n\n".join(parts) + "\n"


def revise(sections, seed=14, fraction=0.1):
    """Version N+1: ``fraction`` of the sections edited (a word replaced, a sentence inserted, one deleted), one
    renamed, one moved to the end, one removed, one added."""
    rng = random.Random(seed)
    sections = list(sections)
    for n in rng.sample(range(1, len(sections)), min(len(sections) - 1, max(1, round(len(sections) * fraction)))):
        paragraphs = sections[n].body.split("\n\n")
        p = rng.randrange(len(paragraphs))
        words = paragraphs[p].split(" ")
        words[rng.randrange(len(words))] = rng.choice(WORDS)
        paragraphs[p] = " ".join(words)
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), sentence(rng))
        if len(paragraphs) > 2:
            del paragraphs[rng.randrange(len(paragraphs))]
        sections[n] = Section(sections[n].id, sections[n].level, sections[n].title, "\n\n".join(paragraphs))
    renamed = sections[3]
    sections[3] = Section(renamed.id, renamed.level, renamed.title + " dan Praktik", renamed.body)
    sections.append(sections.pop(5))
    del sections[7]
    sections.insert(9, Section("x", 2, "Bagian Baru", section_body(rng, 300)))
    return split_sections(to_markdown(sections))


def anchors_on(sections, count=500, seed=15):
    """``count`` quotes of 2–15 words made on ``sections`` (as 30 reviewers would select them)."""
    rng = random.Random(seed)
    index = VersionIndex(sections)
    anchors = []
    while len(anchors) < count:
        n = rng.randrange(len(sections))
        text = index.readings[n].text
        spaces = [i for i, ch in enumerate(text) if ch == " "]
        if len(spaces) < 20:
            continue
        first = rng.randrange(len(spaces) - 16)
        start, end = spaces[first] + 1, spaces[first + rng.randint(2, 15)]
        anchors.append(make_anchor(sections, sections[n].id, start, end, index=index))
    return anchors
