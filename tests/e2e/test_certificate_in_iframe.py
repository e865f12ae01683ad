"""Certificates in Chromium, inside Moodle's cross-site iframe: the instructor opens the course's certificates page
from an activity's context line, marks the required activity and fills the printed fields; a learner completes it
(the certificate is issued on that completion), downloads the PDF from the record page, and the verification URL
printed under its QR code opens a page (top-level, as a phone would) that says valid; the instructor revokes it
with a reason, and the page then says *dicabut* with that reason."""
import re
import time

from playwright.sync_api import expect
from report_support import pdf_text

from lti_tool.activities.services import create_activity
from lti_tool.certificates.models import Certificate
from lti_tool.extensions import db
from lti_tool.lti.models import Course

TIMEOUT_MS = 15_000


def _framed(context, site, kind):
    page = context.new_page()
    page.goto(site.course_url(kind))
    return page, page.frame_locator("#contentframe")


def test_issue_download_verify_and_revoke_in_the_iframe(site, new_context):
    staff_context = new_context(viewport={"width": 1100, "height": 900})
    page, frame = _framed(staff_context, site, "instructor")
    page.frame(name="contentframe").wait_for_url(re.compile(r"/activities/"), timeout=TIMEOUT_MS)
    course = Course.query.one()
    form = create_activity(course.id, None, "feedback", "Evaluasi Latsar", form={
        "feedback_form": "1", "feedback_template": "penyelenggaraan", "feedback_anonymous": "1", "feedback_jp": "2",
        "feedback_graded": "0"})
    practice = create_activity(course.id, None, "practice", "Studi kasus RKA")
    site.platform.link_custom = {"latih_activity": str(form.id)}

    # The instructor: from the activity's context line to the certificates page; the rules.
    page, frame = _framed(staff_context, site, "instructor")
    frame.locator("[data-testid=certificates-link]").click()
    expect(frame.locator("[data-testid=cert-rules]")).to_be_visible(timeout=TIMEOUT_MS)
    frame.locator(f"#req-{practice.id}").check()
    for field, value in (("institution", "BPSDM Provinsi Jawa Tengah"), ("training_name", "Pelatihan RKA"),
                         ("place", "Semarang"), ("jp", "24"), ("result", "Memuaskan"),
                         ("signatory_name", "Dr. Budi Santoso"), ("signatory_title", "Kepala BPSDM")):
        frame.locator(f"#{field}").fill(value)
    frame.locator("#started_on").fill("2026-03-03")
    frame.locator("#ended_on").fill("2026-03-07")
    frame.locator("[data-testid=cert-save]").click()
    expect(frame.locator(".alert-success")).to_be_visible(timeout=TIMEOUT_MS)
    expect(frame.locator("[data-testid=cert-not-ready]")).to_have_count(0)

    # The learner completes the required activity, then downloads the certificate from the record page.
    site.platform.link_custom = {"latih_activity": str(practice.id)}
    learner_context = new_context(viewport={"width": 1000, "height": 900}, accept_downloads=True)
    learner_page, learner_frame = _framed(learner_context, site, "student")
    learner_frame.locator("textarea[name=answer]").fill("Rencana kerja dan anggaran")
    learner_frame.locator("button[type=submit]").click()
    expect(learner_frame.locator("[data-testid=practice-learner]")).to_be_visible(timeout=TIMEOUT_MS)
    deadline = time.monotonic() + TIMEOUT_MS / 1000  # the page above is there before the answer too: wait for the
    while time.monotonic() < deadline:  # completion's certificate (a loaded CI machine opened the record first)
        db.session.expire_all()
        if Certificate.query.count():
            break
        time.sleep(0.1)
    inner = learner_page.frame(name="contentframe")
    token = re.search(r"launch=([^&]+)", inner.url).group(1)
    inner.goto(f"{site.tool_base}/record/?launch={token}")
    link = learner_frame.locator("[data-testid=record-certificate-pdf]")
    expect(link).to_be_visible(timeout=TIMEOUT_MS)
    with learner_page.expect_download(timeout=TIMEOUT_MS) as download:
        link.click()
    text = " ".join(pdf_text(open(download.value.path(), "rb").read()).split())
    db.session.expire_all()
    cert = Certificate.query.one()
    assert cert.number in text and "Pelatihan RKA" in text and "24 jam pelajaran" in text
    url = re.search(r"(http://localhost:\d+/verify/[A-Za-z0-9_-]+)", text).group(1)
    assert url.endswith(cert.code)

    # The verification page, top-level (as a phone opens a scanned QR code).
    phone = new_context(viewport={"width": 390, "height": 800}, locale="id-ID").new_page()  # an Indonesian phone
    phone.goto(url)
    expect(phone.locator("[data-testid=verify-result]")).to_have_attribute("data-state", "valid", timeout=TIMEOUT_MS)
    expect(phone.locator("[data-testid=verify-state]")).to_contain_text("Sah")

    # The instructor revokes it with a reason; the page then says dicabut.
    site.platform.link_custom = {"latih_activity": str(form.id)}
    page, frame = _framed(staff_context, site, "instructor")
    frame.locator("[data-testid=certificates-link]").click()
    row = frame.locator(f"[data-certificate='{cert.id}']")
    row.locator("[data-testid=cert-reason]").fill("Peserta tidak memenuhi syarat kehadiran")
    row.locator("[data-testid=cert-revoke]").click()
    expect(frame.locator("[data-testid=cert-revoked]")).to_be_visible(timeout=TIMEOUT_MS)
    phone.reload()
    expect(phone.locator("[data-testid=verify-result]")).to_have_attribute("data-state", "revoked",
                                                                         timeout=TIMEOUT_MS)
    expect(phone.locator("[data-testid=verify-state]")).to_contain_text("Dicabut")
    expect(phone.locator("[data-testid=verify-revoked]")).to_contain_text("tidak memenuhi syarat kehadiran")
