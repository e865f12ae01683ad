"""Issue 15's "Done when", in Chromium with the tool in Moodle's cross-site iframe: one learner completes a budgeting
exercise (3 JP), reads a reviewed module (2 JP), answers a feedback form (2 JP) and attends a follow-up session by its
attendance code (3 JP) — each credits its JP once; the learner's record shows the year's 10 of 20 JP; the certificate
of the course (all four required) is issued on the last completion, its QR's address opens a verification page that
says valid, and after the instructor revokes it, revoked; the admin's CSV export lists the learner with 10 JP.

The activities are made with the kinds' own services (each kind's "Select content" form has its own browser test);
everything the learner, the instructor and the admin do here goes through the pages."""
import csv
import io
import re
from decimal import Decimal

from budgeting_support import ACCOUNTS, PRICES
from followup_support import session_fields
from playwright.sync_api import expect
from report_support import pdf_text

from lti_tool.activities.services import create_activity
from lti_tool.admin.services import upsert_admin
from lti_tool.budgeting.services import exercises, settings
from lti_tool.certificates.models import Certificate
from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackItem
from lti_tool.feedback.services.forms import form_for
from lti_tool.lti.models import Course, LtiUser
from lti_tool.modules.services.drafts import save_draft
from lti_tool.modules.services.setup import module_for
from lti_tool.modules.services.versions import freeze, publish
from lti_tool.record.models import CREDIT, LearningCredit

TIMEOUT_MS = 20_000
NIP = "198703122010011004"
MODULE = ("# Pengantar SIPD\n\nSistem Informasi Pemerintahan Daerah menyatukan perencanaan dan penganggaran.\n\n"
          "## Menyusun RKA di SIPD\n\nSetiap sub kegiatan memuat rincian belanja dengan standar harga.\n")


def _activities(course, instructor):
    budget = create_activity(course.id, None, "budgeting", "Anggaran lokakarya Plaju")
    exercise = exercises.exercise_for(budget)
    settings.import_reference(exercise, "accounts", "accounts.csv", ACCOUNTS.encode(), None, "id")
    settings.import_reference(exercise, "prices", "prices.csv", PRICES.encode(), None, "id")
    exercise.ceiling, exercise.jp = 10_000_000, Decimal("3")
    module = create_activity(course.id, None, "modules", "Modul SIPD")  # 2 JP: a new module's default
    text = module_for(module)
    save_draft(text, instructor, MODULE, 0)
    freeze(text, instructor, 1)
    publish(text, instructor, 1, "Disetujui tim kurikulum")
    feedback = create_activity(course.id, None, "feedback", "Evaluasi Materi SIPD", form={
        "feedback_form": "1", "feedback_template": "materi", "feedback_anonymous": "0", "feedback_jp": "2"})
    form_for(feedback)
    followup = create_activity(course.id, None, "followup", "Seminar SIPD lanjutan", form=session_fields(
        followup_starts_at=_local(-1), followup_ends_at=_local(2), followup_jp="3"))
    db.session.commit()
    return budget, module, feedback, followup


def _local(hours):
    from followup_support import local_input

    return local_input(hours)


def _show(site, page, activity, kind):
    """Moodle's link of the course now shows ``activity``; ``kind``'s user opens it from the course page."""
    site.platform.link_custom = {"latih_activity": str(activity.id)}
    page.goto(site.course_url(kind))
    return page.frame_locator("#contentframe")


def _credits(activity):
    db.session.expire_all()
    return [(e.entry, e.jp) for e in LearningCredit.query.filter_by(activity_id=activity.id)]


def _do_budget(site, learner, budget):
    work = _show(site, learner, budget, "student")
    expect(work.locator("[data-testid=budget-form]")).to_be_visible(timeout=TIMEOUT_MS)
    for field in ("urusan", "program", "kegiatan", "sub_kegiatan", "organisasi", "sumber_dana", "lokasi",
                  "waktu_pelaksanaan", "kelompok_sasaran"):
        work.locator(f"[name=header-{field}]").fill(f"Isi {field}")
    for kind in ("capaian", "masukan", "keluaran", "hasil"):
        work.locator(f"[name=ind-{kind}-measure]").fill("Jumlah peserta")
        work.locator(f"[name=ind-{kind}-target]").fill("30 orang")
    work.locator("button[name=action][value=add]").click()
    expect(work.locator("[name=lines-1-account]")).to_be_visible(timeout=TIMEOUT_MS)
    work.locator("[name=lines-1-account]").fill("5.1.02.01.01.0052")
    work.locator("#line-1 details summary").click()  # the line's other fields fold open under it
    work.locator("[name=lines-1-reference_code]").fill("SSH-01")
    work.locator("[name=lines-1-component]").fill("Makan siang")
    work.locator("[name=lines-1-koefisien]").fill("30 orang × 2 hari")
    work.locator("[name=lines-1-abbreviation]").fill("OK")
    work.locator("[name=lines-1-unit_price]").fill("50000")
    work.locator("button[name=action][value=save]").click()
    expect(work.locator("[data-testid=total]")).to_have_text("Rp3,000,000", timeout=TIMEOUT_MS)
    work.locator("button[name=action][value=submit]").click()
    work.locator("[data-testid=confirm-submit] button[type=submit]").click()
    expect(work.locator("[data-testid=result]")).to_be_visible(timeout=TIMEOUT_MS)


def _do_module(site, learner, module):
    reading = _show(site, learner, module, "student")
    expect(reading.locator("[data-testid=progress]")).to_be_visible(timeout=TIMEOUT_MS)
    reading.locator("[data-testid=read-all]").click()
    expect(reading.locator("[data-testid=module-text]")).to_contain_text("standar harga", timeout=TIMEOUT_MS)
    reading.locator("[data-testid=mark-read]").click()
    expect(reading.locator("[data-testid=read-at]")).to_be_visible(timeout=TIMEOUT_MS)


def _do_feedback(site, learner, feedback):
    answering = _show(site, learner, feedback, "student")
    expect(answering.locator("[data-testid=mode-notice]")).to_be_visible(timeout=TIMEOUT_MS)
    keys = {i.key: i.id for i in FeedbackItem.query.filter_by(form_id=feedback.id)}
    for item in FeedbackItem.query.filter_by(form_id=feedback.id, required=True):
        if item.type in ("scale14", "likert"):
            answering.locator(f"#q{item.id}-3").check()
        elif item.type in ("single", "dropdown"):
            answering.locator(f"#q{keys['difficulty']}-right").check()
    answering.locator("[data-testid=send-answers]").click()
    expect(answering.locator("[data-testid=already-answered], [data-testid=can-change]").first).to_be_visible(
        timeout=TIMEOUT_MS)


def _do_followup(site, learner, staff, followup):
    frame = _show(site, learner, followup, "student")
    frame.locator("[data-testid=followup-signup]").click()
    expect(frame.locator("[data-testid=followup-signed-up]")).to_be_visible(timeout=TIMEOUT_MS)
    projector = _show(site, staff, followup, "instructor")
    projector.locator("[data-testid='staff-nav-followup.projector']").click()
    shown = projector.locator("[data-testid=followup-shown-code]")
    expect(shown).to_be_visible(timeout=TIMEOUT_MS)
    code = shown.get_attribute("data-code")
    frame = _show(site, learner, followup, "student")
    frame.locator("[data-testid=followup-code]").fill(code)
    frame.locator("[data-testid=followup-code-send]").click()
    expect(frame.locator("[data-testid=followup-attended]")).to_be_visible(timeout=TIMEOUT_MS)
    frame = _show(site, learner, followup, "student")  # opened again: attended, no code asked any more
    expect(frame.locator("[data-testid=followup-attended]")).to_be_visible(timeout=TIMEOUT_MS)
    expect(frame.locator("[data-testid=followup-code]")).to_have_count(0)


def _certificate_rules(site, staff, activities):
    frame = _show(site, staff, activities[0], "instructor")
    frame.locator("[data-testid=certificates-link]").click()
    expect(frame.locator("[data-testid=cert-rules]")).to_be_visible(timeout=TIMEOUT_MS)
    for activity in activities:
        frame.locator(f"#req-{activity.id}").check()
    for field, value in (("institution", "UPT Pelatihan Plaju"), ("training_name", "Pengelolaan Keuangan Daerah"),
                         ("place", "Plaju, Palembang"), ("result", "Memuaskan"),
                         ("signatory_name", "Dr. Rina Marlina"), ("signatory_title", "Kepala UPT")):
        frame.locator(f"#{field}").fill(value)
    frame.locator("#started_on").fill("2026-11-02")
    frame.locator("#ended_on").fill("2026-11-06")
    frame.locator("[data-testid=cert-save]").click()
    expect(frame.locator(".alert-success")).to_be_visible(timeout=TIMEOUT_MS)


def _admin_export(site, new_context):
    upsert_admin("bkpsdm", "kata sandi yang panjang sekali")
    admin = new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True).new_page()
    admin.goto(f"{site.tool_base}/admin/login")
    admin.locator("#username").fill("bkpsdm")
    admin.locator("#password").fill("kata sandi yang panjang sekali")
    admin.locator("[data-testid=admin-login] button[type=submit]").click()
    admin.locator("[data-testid=admin-record-link]").click()
    expect(admin.locator("[data-testid=admin-learners]")).to_contain_text(NIP, timeout=TIMEOUT_MS)
    with admin.expect_download(timeout=TIMEOUT_MS) as download:
        admin.locator("[data-testid=export-csv]").click()
    text = open(download.value.path(), "rb").read().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_four_kinds_credit_once_the_year_certificate_verified_and_revoked_admin_export(site, new_context):
    staff = new_context(viewport={"width": 1100, "height": 900}).new_page()
    errors = []
    staff.goto(site.course_url("instructor"))  # the course and the instructor exist from the first launch on
    expect(staff.frame_locator("#contentframe").locator("[data-testid=instructor-setup]")).to_be_visible(
        timeout=TIMEOUT_MS)
    course = Course.query.one()
    instructor = LtiUser.query.one()
    activities = _activities(course, instructor)
    budget, module, feedback, followup = activities
    _certificate_rules(site, staff, activities)

    # The learner (Moodle sends the ID number as lis.person_sourcedid: the NIP).
    site.platform.id_numbers["4"] = NIP
    context = new_context(viewport={"width": 1000, "height": 900}, accept_downloads=True)
    learner = context.new_page()
    learner.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _do_budget(site, learner, budget)
    assert _credits(budget) == [(CREDIT, Decimal("3.00"))]
    _do_module(site, learner, module)
    assert _credits(module) == [(CREDIT, Decimal("2.00"))]
    _do_feedback(site, learner, feedback)
    assert _credits(feedback) == [(CREDIT, Decimal("2.00"))]
    assert Certificate.query.count() == 0  # one required activity still to do
    _do_followup(site, learner, staff, followup)
    assert _credits(followup) == [(CREDIT, Decimal("3.00"))]
    assert [_credits(a) for a in activities] == [[(CREDIT, Decimal(j))] for j in ("3.00", "2.00", "2.00", "3.00")]

    # The learner's record: the year's total against 20 JP; the certificate issued on the last completion.
    frame = learner.frame_locator("#contentframe")
    frame.locator("[data-testid=record-link]").click()
    expect(frame.locator("[data-testid=record-total]")).to_contain_text("10 of 20 JP", timeout=TIMEOUT_MS)
    expect(frame.locator("[data-testid=record-progress]")).to_have_attribute("value", "50")
    for title in ("Anggaran lokakarya Plaju", "Modul SIPD", "Evaluasi Materi SIPD", "Seminar SIPD lanjutan"):
        expect(frame.locator("[data-testid=record-entries]")).to_contain_text(title)
    link = frame.locator("[data-testid=record-certificate-pdf]")
    expect(link).to_be_visible(timeout=TIMEOUT_MS)
    with learner.expect_download(timeout=TIMEOUT_MS) as download:
        link.click()
    text = " ".join(pdf_text(open(download.value.path(), "rb").read()).split())
    db.session.expire_all()
    cert = Certificate.query.one()
    assert cert.number in text and "Pengelolaan Keuangan Daerah" in text and cert.jp == Decimal("10")
    assert cert.nip == NIP and re.match(r"^0001/PLT-PLJ/\d{4}$", cert.number)
    url = re.search(r"(http://localhost:\d+/verify/[A-Za-z0-9_-]+)", text).group(1)
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors

    # The QR's address, opened on a phone: valid; the NIP masked.
    phone = new_context(viewport={"width": 390, "height": 800}, locale="id-ID").new_page()
    phone.goto(url)
    result = phone.locator("[data-testid=verify-result]")
    expect(result).to_have_attribute("data-state", "valid", timeout=TIMEOUT_MS)
    expect(result).not_to_contain_text(NIP)

    # The instructor revokes it; the same address then says revoked.
    frame = _show(site, staff, budget, "instructor")
    frame.locator("[data-testid=certificates-link]").click()
    row = frame.locator(f"[data-certificate='{cert.id}']")
    row.locator("[data-testid=cert-reason]").fill("Salah nama peserta")
    row.locator("[data-testid=cert-revoke]").click()
    expect(frame.locator("[data-testid=cert-revoked]")).to_be_visible(timeout=TIMEOUT_MS)
    phone.reload()
    expect(phone.locator("[data-testid=verify-result]")).to_have_attribute("data-state", "revoked",
                                                                         timeout=TIMEOUT_MS)

    # The admin's export lists the learner with the year's right total.
    rows = _admin_export(site, new_context)
    mine = [r for r in rows[1:] if r[0] == NIP]
    assert sorted(r[4] for r in mine) == sorted(a.title for a in activities)
    assert sum(Decimal(r[8].replace(",", ".")) for r in mine) == Decimal("10")
