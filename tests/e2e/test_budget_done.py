"""Issue 16's Done-when, in a real Chromium with the tool in Moodle's cross-site iframe: a learner (in Indonesian) picks
standard prices from the panel, builds a grouped RKA with a PPN, a non-PPN and a PBJT line, sees the SIPD roll-ups,
fixes an error from the summary and submits; the instructor sets one finding aside, compares the budget with the model
answer, reads the partial-credit breakdown and the final-grade preview, saves, and the grade reaches the fake
Moodle's gradebook with the figure the preview showed."""
import time
from decimal import Decimal

from playwright.sync_api import expect

from lti_tool.activities.services import create_activity
from lti_tool.budgeting.models import BudgetFindingOverride, BudgetSubmission
from lti_tool.budgeting.services import exercises, model_answer, settings
from lti_tool.extensions import db
from lti_tool.lti.models import Course, ResourceLink

TIMEOUT_MS = 30_000
ACCOUNTS = ("kode;nama\n"
            "5.1.02.01.01.0024;Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor\n"
            "5.1.02.01.01.0052;Belanja Makanan dan Minuman Rapat\n"
            "5.1.02.02.01.0003;Honorarium Narasumber atau Pembahas\n")
# One item of each tax treatment: paper is a PPN object, meals carry the regional tax (PBJT) in their price, and
# an honorarium is no PPN object (income tax is withheld instead).
PRICES = ("kode;nama;spesifikasi;satuan;harga;mode;toleransi;rekening;pajak\n"
          "SSH-02;Kertas HVS;A4 70 gram;rim;55.000;perkiraan;10;5.1.02.01.01.0024;ppn\n"
          "SSH-01;Makan siang;Nasi kotak;OK;50.000;perkiraan;10;5.1.02.01.01.0052;pbjt\n"
          "SBU-01;Honor narasumber;Eselon III;OJ;1.000.000;batas;0;5.1.02.02.01.0003;bukan objek ppn\n")
MODEL = ("5.1.02.01.01.0024 | SSH-02 | Kertas HVS | 5 rim | 55.000\n"
         "5.1.02.01.01.0052 | SSH-01 | Makan siang | 30 orang × 2 hari | 50.000\n"
         "5.1.02.02.01.0003 | SBU-01 | Honor narasumber | 2 orang × 3 jam | 1.000.000\n"
         "5.1.02.01.01.0024 | | Spanduk kegiatan | 1 lembar | 300.000\n")


def _exercise(instructor_link):
    """The exercise as an instructor set it: both lists, a pagu, the scenario's header, a rubric worth 40 %, two
    attempts and a model answer; bound to the instructor's Moodle link and to the learner's (link "3")."""
    course = Course.query.one()
    activity = create_activity(course.id, None, "budgeting", "RKA rapat koordinasi")
    exercise = exercises.exercise_for(activity)
    settings.import_reference(exercise, "accounts", "accounts.csv", ACCOUNTS.encode(), None, "id")
    settings.import_reference(exercise, "prices", "prices.csv", PRICES.encode(), None, "id")
    exercise.ceiling, exercise.max_attempts, exercise.review_required = 12_000_000, 2, True
    exercise.programme = {"urusan": "Keuangan", "program": "Program Penunjang Urusan Pemerintahan Daerah",
                          "kegiatan": "Administrasi Keuangan", "sub_kegiatan": "Koordinasi Penyusunan Anggaran",
                          "organisasi": "BPKAD Kota Palembang",
                          "indicators": {"keluaran": {"measure": "Jumlah dokumen RKA", "target": "1 dokumen"}}}
    exercise.location, exercise.dates, exercise.target_group = "Plaju", "Maret 2027", "Bendahara OPD"
    exercise.rubric = [{"criterion": "Kewajaran volume", "levels": [{"label": "Kurang", "points": "0"},
                                                                   {"label": "Baik", "points": "10"}]}]
    exercise.automatic_weight_pct = 60
    exercise.model_answer = model_answer.parse_model_text(MODEL, "id")
    instructor_link.activity_id = activity.id
    db.session.add(ResourceLink(issuer=course.issuer, resource_link_id="3", course_id=course.id,
                                title="LTI Lab activity (embedded)", activity_id=activity.id))
    db.session.commit()
    return activity


def _pick(work, panel, n, query, code):
    """Add line ``n``, work on it, search the standard-price panel and use the one item found."""
    work.locator("[data-add-line]").click()
    koefisien = work.locator(f"[name=lines-{n}-koefisien]")
    expect(koefisien).to_be_visible(timeout=TIMEOUT_MS)
    koefisien.focus()
    panel.locator("#price-q").fill(query)
    expect(panel.locator("[data-price-rows] tr")).to_have_count(1, timeout=TIMEOUT_MS)
    use = panel.locator(f"[data-price-use][data-code='{code}']")
    expect(use).to_have_attribute("aria-label", f"Pakai {code} pada baris {n}", timeout=TIMEOUT_MS)
    use.click()
    expect(work.locator(f"[name=lines-{n}-reference_code]")).to_have_value(code, timeout=TIMEOUT_MS)
    expect(koefisien).to_be_focused()


def _details(work, n, kelompok, keterangan=""):
    work.locator(f"#line-{n} details summary").click()
    work.locator(f"[name=lines-{n}-kelompok]").fill(kelompok)
    if keterangan:
        work.locator(f"[name=lines-{n}-keterangan]").fill(keterangan)


def _save(work):
    """Save with the button (a full post) and wait for the page that answers it."""
    revision = int(work.locator("[name=revision]").get_attribute("value"))
    work.locator("button[name=action][value=save]").click()
    expect(work.locator(f"[name=revision][value='{revision + 1}']")).to_be_attached(timeout=TIMEOUT_MS)


def test_issue16_done(app, site, new_context):
    teacher = new_context(viewport={"width": 1000, "height": 900}).new_page()
    staff = teacher.frame_locator("#contentframe")
    teacher.goto(site.course_url("instructor"))  # the course and the instructor's link now exist
    expect(staff.locator("[data-testid=instructor-setup]")).to_be_visible(timeout=TIMEOUT_MS)
    activity = _exercise(ResourceLink.query.filter_by(resource_link_id="1").one())

    # --- The learner, in Indonesian, builds the budget from the standard-price panel.
    learner = new_context(viewport={"width": 1000, "height": 900}).new_page()
    work = learner.frame_locator("#contentframe")
    learner.goto(site.course_url("student"))
    expect(work.locator("[data-testid=budget-form]")).to_be_visible(timeout=TIMEOUT_MS)
    work.get_by_role("button", name="Bahasa Indonesia").click()
    expect(work.locator("html")).to_have_attribute("lang", "id", timeout=TIMEOUT_MS)
    expect(work.locator("[data-testid=budget-form]")).to_be_visible(timeout=TIMEOUT_MS)
    # The header comes from the scenario, read-only; the learner decides the rest.
    expect(work.locator("[name=header-sub_kegiatan]")).to_have_value("Koordinasi Penyusunan Anggaran")
    expect(work.locator("[name=header-sub_kegiatan]")).to_have_attribute("readonly", "")
    expect(work.locator("[name=header-lokasi]")).to_have_value("Plaju")
    work.locator("[name=header-sumber_dana]").fill("APBD Kota Palembang")
    expect(work.locator("[name=ind-keluaran-measure]")).to_have_value("Jumlah dokumen RKA")
    expect(work.locator("[name=ind-keluaran-target]")).to_have_attribute("readonly", "")
    for kind in ("capaian", "masukan", "hasil"):
        work.locator(f"[name=ind-{kind}-measure]").fill("Jumlah bendahara terlatih")
        work.locator(f"[name=ind-{kind}-target]").fill("30 orang")
    expect(work.locator("[data-testid=checks-later]")).to_be_visible()  # no red before the first save

    panel = work.locator("[data-testid=price-panel]")
    expect(panel).to_have_attribute("data-price-ready", "0", timeout=TIMEOUT_MS)
    panel.locator("summary").click()
    # Paper, a PPN object: PPN ticked. Meals (PBJT in the price): the learner also ticks PPN — a mistake.
    _pick(work, panel, 1, "kertas", "SSH-02")
    work.locator("[name=lines-1-koefisien]").fill("10 rim")
    work.locator("[name=lines-1-ppn]").check()
    _details(work, 1, "Bahan rapat")
    _pick(work, panel, 2, "makan", "SSH-01")
    work.locator("[name=lines-2-koefisien]").fill("30 orang × 2 hari")
    work.locator("[name=lines-2-ppn]").check()
    _details(work, 2, "Konsumsi", "Rapat persiapan")
    # The honorarium (no PPN object) at a price above its ceiling: taken, and flagged.
    _pick(work, panel, 3, "honor", "SBU-01")
    expect(work.locator("[name=lines-3-account]")).to_have_value("5.1.02.02.01.0003")
    work.locator("[name=lines-3-koefisien]").fill("2 orang × 3 jam")
    work.locator("[name=lines-3-unit_price]").fill("1.100.000")
    _details(work, 3, "Narasumber")
    expect(work.locator("[data-line-amount='1']")).to_have_text("Rp610.500", timeout=TIMEOUT_MS)  # 550.000 + 11 %
    expect(work.locator("[data-line-amount='3']")).to_have_text("Rp6.600.000", timeout=TIMEOUT_MS)

    _save(work)
    summary = work.locator("[data-testid=line-summary]")
    expect(summary).to_be_visible(timeout=TIMEOUT_MS)
    wrong_ppn = summary.locator("li", has_text="PBJT")
    expect(wrong_ppn).to_have_count(1)
    expect(summary.locator("li", has_text="1.100.000")).to_have_count(1)  # the price above the ceiling, in rupiah
    # The summary's link leads to the line; the learner takes PPN off the meals there.
    wrong_ppn.locator("a").click()
    expect(work.locator("#line-2")).to_be_in_viewport(timeout=TIMEOUT_MS)
    work.locator("#line-2 [name=lines-2-ppn]").uncheck()
    _save(work)
    expect(summary.locator("li", has_text="PBJT")).to_have_count(0)
    expect(summary.locator("a[href='#line-3']")).to_have_count(1)
    expect(work.locator("[data-testid=total]")).to_have_text("Rp10.210.500", timeout=TIMEOUT_MS)

    # The SIPD roll-ups on the printable form: every level from 5 down to the account, the recap, the groups.
    inner = learner.frame(name="contentframe")
    editor_url = inner.url
    work.locator("a", has_text="Halaman cetak").click()
    rka = work.locator("[data-testid=rka]")
    expect(rka).to_be_visible(timeout=TIMEOUT_MS)
    levels = {"5": "Rp10.210.500", "5.1": "Rp10.210.500", "5.1.02": "Rp10.210.500", "5.1.02.01": "Rp3.610.500",
              "5.1.02.01.01": "Rp3.610.500", "5.1.02.02": "Rp6.600.000", "5.1.02.02.01": "Rp6.600.000"}
    for code, amount in levels.items():
        row = rka.locator(f"[data-testid=rka-level][data-code='{code}']")
        expect(row).to_have_count(1)
        expect(row.locator("td").last).to_have_text(amount)
    expect(rka.locator("[data-testid=rka-group][data-code='5.1.02.01.01.0052'] td").last).to_have_text("Rp3.000.000")
    expect(rka.locator("[data-testid=rka-kelompok]", has_text="[#] Konsumsi")).to_have_count(1)
    expect(rka.locator("[data-testid=rka-keterangan]", has_text="[-] Rapat persiapan")).to_have_count(1)
    expect(rka.locator("[data-testid=rka-recap] tr[data-code='5.1.02']")).to_have_count(1)
    # The PPN column by each standard price's tax treatment: 11%, PBJT in the price, not a PPN object.
    expect(rka.locator("tr[data-line='1'] [data-testid=rka-ppn]")).to_have_text("11%")
    expect(rka.locator("tr[data-line='2'] [data-testid=rka-ppn]")).to_have_text("PBJT (termasuk harga)")
    expect(rka.locator("tr[data-line='3'] [data-testid=rka-ppn] abbr")).to_have_attribute("title", "bukan objek PPN")
    inner.goto(editor_url)
    expect(work.locator("[data-testid=budget-form]")).to_be_visible(timeout=TIMEOUT_MS)

    # Submit: the confirmation lists every finding and the attempts left.
    work.locator("button[name=action][value=submit]").click()
    confirm = work.locator("[data-testid=confirm-submit]")
    expect(confirm).to_be_visible(timeout=TIMEOUT_MS)
    expect(confirm).to_contain_text("1.100.000")
    expect(confirm).to_contain_text("kesempatan")
    confirm.locator("button[type=submit]").click()
    expect(work.locator("[data-testid=result]")).to_be_visible(timeout=TIMEOUT_MS)
    submission = BudgetSubmission.query.filter_by(activity_id=activity.id).one()
    assert submission.status == "submitted" and submission.total == 10_210_500

    # --- The instructor: breakdown, override, model answer, preview, grade.
    teacher.goto(site.course_url("instructor"))
    expect(staff.locator("[data-testid=exercise-settings]")).to_be_visible(timeout=TIMEOUT_MS)
    staff.locator("[data-testid=submissions] a.btn").first.click()
    expect(staff.locator("[data-testid=grade-form][data-live-preview=ready]")).to_be_visible(timeout=TIMEOUT_MS)
    price = staff.locator("[data-testid=check-part][data-check=price] td")
    expect(price.nth(2)).to_have_text("66.67%")  # 2 of 3 lines within their price: partial credit
    before = Decimal(str(submission.automatic_score))

    beside = staff.locator("[data-testid=beside-model]")
    expect(beside.locator("[data-testid=model-missing]")).to_contain_text("Spanduk kegiatan")
    expect(beside.locator("[data-testid=volume-off]")).to_have_count(1)  # 10 rim against 5

    finding = staff.locator("[data-testid=override-finding]", has_text="1,100,000")
    expect(finding).to_have_count(1)
    finding.locator("textarea[name=note]").fill("Tarif honor Eselon III di Perwali 2027 sudah Rp1.100.000.")
    finding.locator("button[name=action][value=set]").click()
    expect(staff.locator("[data-testid=override-note]")).to_contain_text("Perwali 2027", timeout=TIMEOUT_MS)
    expect(staff.locator("[data-testid=grade-form][data-live-preview=ready]")).to_be_visible(timeout=TIMEOUT_MS)
    expect(price.nth(2)).to_have_text("100%")
    db.session.expire_all()
    after = BudgetSubmission.query.one().automatic_score
    assert after > before and BudgetFindingOverride.query.count() == 1

    preview = staff.locator("[data-testid=final-preview]")
    staff.locator("input[name=criterion-0][value='1']").check()
    expected = (after * 60 / 100 + Decimal(40)).quantize(Decimal("0.01"))  # the rubric at full marks
    expect(preview).to_have_attribute("data-value", f"{expected:.2f}", timeout=TIMEOUT_MS)
    staff.locator("textarea[name=comment]").fill("Volume kertas terlalu besar; selebihnya rapi.")
    staff.locator("[data-testid=grade-form] button.btn-primary[type=submit]").click()
    expect(staff.locator("[data-testid=exercise-settings]")).to_be_visible(timeout=TIMEOUT_MS)

    deadline, grade = time.time() + 30, None
    while time.time() < deadline:
        grade = site.platform.ags.gradebook.get((6, "4"))
        if grade and grade["gradingProgress"] == "FullyGraded":
            break
        time.sleep(0.1)
    assert grade and grade["gradingProgress"] == "FullyGraded", grade
    assert Decimal(str(grade["scoreGiven"])) * 100 / Decimal(str(grade["scoreMaximum"])) == expected
    assert grade["comment"] == "Volume kertas terlalu besar; selebihnya rapi."

    # The learner sees the note and the breakdown per check.
    learner.goto(site.course_url("student"))
    expect(work.locator("[data-testid=result] [data-testid=override-note]")).to_contain_text("Perwali 2027",
                                                                                           timeout=TIMEOUT_MS)
    expect(work.locator("[data-testid=score-breakdown] [data-check=price]")).to_be_visible()
