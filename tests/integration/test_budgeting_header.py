"""The form's header as SIPD's Identitas Sub Kegiatan (issue 16): every field (bidang urusan, allocations n−1 / n /
n+1, the head of the unit with NIP), prefilled from the exercise's scenario and fixed there, the learner's elsewhere;
printed once, with the head of the unit in the signature block."""
import re

from budgeting_support import GOOD_LINES, save, work_page

from lti_tool.budgeting.models import BudgetExercise, BudgetSubmission
from lti_tool.extensions import db


def _scenario(exercise):
    row = db.session.get(BudgetExercise, exercise["activity"].id)
    row.programme = {"urusan": "Urusan Kepegawaian", "sub_kegiatan": "1.01.01.2.05.0009 Diklat Pegawai"}
    row.location = "Plaju"
    db.session.commit()


def test_scenario_fields_are_prefilled_and_fixed_the_others_are_the_learners(exercise, client):
    _scenario(exercise)
    page = work_page(client, exercise["learner"])
    urusan = re.search(r'<input[^>]*id="h-urusan"[^>]*>', page).group(0)
    assert 'value="Urusan Kepegawaian"' in urusan and "readonly" in urusan
    assert "readonly" in re.search(r'<input[^>]*id="h-lokasi"[^>]*>', page).group(0)
    organisasi = re.search(r'<input[^>]*id="h-organisasi"[^>]*>', page).group(0)
    assert "readonly" not in organisasi
    for name in ("bidang_urusan", "alokasi_lalu", "alokasi", "alokasi_depan", "kepala_nama", "kepala_nip"):
        assert f'id="h-{name}"' in page and "readonly" not in re.search(
            rf'<input[^>]*id="h-{name}"[^>]*>', page).group(0)
    assert "Bidang Urusan" in page and "Alokasi tahun n−1 (Rp)" in page and "NIP kepala SKPD" in page

    save(client, exercise["learner"], GOOD_LINES, header={
        "urusan": "Diubah peserta", "lokasi": "Jakarta", "organisasi": "BPSDM Provinsi", "bidang_urusan": "Kepegawaian",
        "alokasi": "25.000.000", "kepala_nama": "Drs. Budi Santoso", "kepala_nip": "197001011990031001"})
    header = BudgetSubmission.query.one().document["header"]
    assert header["urusan"] == "Urusan Kepegawaian" and header["lokasi"] == "Plaju"  # the scenario's, not the post's
    assert header["organisasi"] == "BPSDM Provinsi" and header["kepala_nip"] == "197001011990031001"
    assert header["alokasi"] == "25.000.000" and header["bidang_urusan"] == "Kepegawaian"


def test_printed_header_once_with_the_head_of_the_unit_in_the_signature(exercise, client):
    _scenario(exercise)
    save(client, exercise["learner"], GOOD_LINES, header={
        "organisasi": "BPSDM Provinsi", "kepala_nama": "Drs. Budi Santoso", "kepala_nip": "197001011990031001"})
    page = client.get(f"/budgeting/print?launch={exercise['learner']}").get_data(as_text=True)
    assert page.count("Urusan Kepegawaian") == 1 and page.count("1.01.01.2.05.0009 Diklat Pegawai") == 1
    assert page.count(">Bidang Urusan<") == 1
    assert page.count(">Urusan<") == 1  # the header printed twice: the scenario's above, the learner's in the table
    signature = page.split('data-testid="signature"', 1)[1].split("</section>", 1)[0]
    assert "Plaju," in signature and "Kepala BPSDM Provinsi" in signature
    assert "Drs. Budi Santoso" in signature and "NIP 197001011990031001" in signature


def test_the_instructor_fixes_any_header_field_in_the_settings_with_its_sipd_label(exercise, client):
    from budgeting_support import csrf

    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'name="programme-bidang_urusan"' in page and 'name="programme-kepala_nip"' in page
    assert "Government affair field (bidang urusan)" in page and "Sub Kegiatan</label>" not in page
    required = page.split('data-testid="required-fields"', 1)[1].split("</fieldset>", 1)[0]
    assert 'value="kepala_nip"' not in required and 'value="urusan"' in required  # only what the checks read
    client.post(f"/budgeting/manage?launch={exercise['teacher']}", data={
        "csrf_token": csrf(page), "scenario_md": "x", "ceiling": "5,000,000", "ppn_rate": "11", "rounding": "per_line",
        "max_attempts": "1", "programme-bidang_urusan": "Kepegawaian", "programme-organisasi": "BPSDM Provinsi"})
    work = work_page(client, exercise["learner"])
    for name, value in (("bidang_urusan", "Kepegawaian"), ("organisasi", "BPSDM Provinsi")):
        field = re.search(rf'<input[^>]*id="h-{name}"[^>]*>', work).group(0)
        assert f'value="{value}"' in field and "readonly" in field
    assert "readonly" not in re.search(r'<input[^>]*id="h-kepala_nama"[^>]*>', work).group(0)
