"""Certificates in a course: issued automatically on the last required completion (once), by hand, not before the
rules name the institution and training; roles, course and CSRF checked; revocation with a reason, reissue with a
new number; the learner's own downloads on the record page; the course's ZIP; the PDF's text and QR code."""
import io
import re
import zipfile
from decimal import Decimal

from certificate_support import FIELDS, NIP, complete_all, make_course, save_rules, staff_page
from feedback_support import learner_token
from modules_pages_support import csrf
from report_support import pdf_text

from lti_tool.activities.completion import announce_completion, revoke_completion
from lti_tool.certificates import services
from lti_tool.certificates.models import Certificate, CertificateSetting
from lti_tool.extensions import db
from lti_tool.lti.models import LtiUser


def test_the_certificate_is_issued_when_the_last_required_activity_is_completed(app, browser, platform, client):
    made = make_course(app, browser, platform, client)
    learner = made["learner_user"]
    assert announce_completion(made["form"], learner) is True
    assert Certificate.query.count() == 0  # one of two required
    assert announce_completion(made["practice"], learner) is True
    cert = Certificate.query.one()
    assert cert.number.endswith(f"/PLT-PLJ/{cert.year}") and cert.number.startswith("0001/")
    assert (cert.name, cert.nip, cert.institution) == (learner.name, NIP, FIELDS["institution"])
    assert cert.jp == Decimal("2.00")  # the default: the required activities' planned JP (the practice has none)
    assert cert.issued_by is None and cert.in_force and len(cert.code) >= 32
    revoke_completion(made["practice"], learner)
    announce_completion(made["practice"], learner)  # completed again: no second certificate
    assert Certificate.query.count() == 1


def test_the_snapshot_reads_the_same_after_the_rules_and_name_change(app, browser, platform, client):
    made = make_course(app, browser, platform, client)
    complete_all(made)
    save_rules(client, made["teacher"], [made["form"]], training_name="Nama baru", jp="40")
    made["learner_user"].name = "Nama Lain"
    db.session.commit()
    cert = Certificate.query.one()
    assert cert.training_name == FIELDS["training_name"] and cert.jp == Decimal("2.00")
    assert cert.name != "Nama Lain"


def test_nothing_is_issued_before_the_rules_name_the_institution_and_training(app, browser, platform, client):
    made = make_course(app, browser, platform, client, rules=False)
    save_rules(client, made["teacher"], [made["form"], made["practice"]], institution="")
    complete_all(made)
    assert Certificate.query.count() == 0
    assert 'data-testid="cert-not-ready"' in staff_page(client, made["teacher"])


def test_issue_by_hand_with_rank_and_position_and_only_to_the_courses_learners(app, browser, platform, client):
    made = make_course(app, browser, platform, client)
    announce_completion(made["form"], made["learner_user"])  # a learner of the course, not finished
    page = staff_page(client, made["teacher"])
    assert f'data-user="{made["learner_user"].id}"' in page
    token = csrf(page)
    outsider = LtiUser(issuer="https://elsewhere", sub="99", name="Orang Luar")
    db.session.add(outsider)
    db.session.commit()
    refused = client.post(f"/certificates/issue?launch={made['teacher']}", data={"csrf_token": token,
                                                                                  "user": outsider.id})
    assert refused.status_code == 404 and Certificate.query.count() == 0
    response = client.post(f"/certificates/issue?launch={made['teacher']}", data={
        "csrf_token": token, "user": made["learner_user"].id, "rank": "Penata Muda (III/a)", "position": ""})
    assert response.status_code == 302
    cert = Certificate.query.one()
    assert cert.rank == "Penata Muda (III/a)" and cert.position is None and cert.issued_by is not None
    client.post(f"/certificates/issue?launch={made['teacher']}", data={"csrf_token": token,
                                                                       "user": made["learner_user"].id})
    assert Certificate.query.count() == 1  # one in force per learner and course


def test_staff_pages_need_staff_of_the_course_and_csrf(app, browser, platform, client):
    made = make_course(app, browser, platform, client)
    complete_all(made)
    cert = Certificate.query.one()
    learner = made["learner"]
    assert client.get(f"/certificates/?launch={learner}").status_code == 403
    assert client.get(f"/certificates/{cert.id}/pdf?launch={learner}").status_code == 403
    assert client.get(f"/certificates/course.zip?launch={learner}").status_code == 403
    page_token = csrf(staff_page(client, made["teacher"]))
    assert client.post(f"/certificates/{cert.id}/revoke?launch={learner}",
                       data={"csrf_token": page_token, "reason": "x"}).status_code == 403
    no_csrf = client.post(f"/certificates/{cert.id}/revoke?launch={made['teacher']}", data={"reason": "x"})
    assert no_csrf.status_code == 400
    assert client.get("/certificates/?launch=nope").status_code in (401, 403)
    other = Certificate(**{**{c.name: getattr(cert, c.name) for c in Certificate.__table__.columns if c.name != "id"},
                           "code": "y" * 32, "number": "9999/X", "seq": 9999, "course_id": None})
    other.revoked_at = cert.issued_at
    db.session.add(other)
    db.session.commit()
    assert client.get(f"/certificates/{other.id}/pdf?launch={made['teacher']}").status_code == 404
    assert client.post(f"/certificates/{other.id}/revoke?launch={made['teacher']}",
                       data={"csrf_token": page_token, "reason": "x"}).status_code == 404
    assert db.session.get(Certificate, cert.id).in_force


def test_revoke_with_a_reason_then_reissue_with_a_new_number(app, browser, platform, client):
    made = make_course(app, browser, platform, client)
    complete_all(made)
    cert = Certificate.query.one()
    token = csrf(staff_page(client, made["teacher"]))
    url = f"/certificates/{cert.id}/reissue?launch={made['teacher']}"
    assert client.post(url, data={"csrf_token": token, "reason": "Salah ketik nama"}).status_code == 302
    db.session.expire_all()
    old, new = Certificate.query.order_by(Certificate.id).all()
    assert not old.in_force and old.revoked_reason == "Salah ketik nama" and old.replaced_by_id == new.id
    assert new.in_force and new.seq == old.seq + 1 and new.number != old.number and new.code != old.code
    save_rules(client, made["teacher"], [made["form"]], institution="")
    client.post(f"/certificates/{new.id}/reissue?launch={made['teacher']}", data={"csrf_token": token})
    assert Certificate.query.count() == 2  # no reissue while the rules name no institution
    empty = client.post(f"/certificates/{new.id}/revoke?launch={made['teacher']}", data={"csrf_token": token})
    assert empty.status_code == 302 and db.session.get(Certificate, new.id).in_force  # a reason is required
    client.post(f"/certificates/{new.id}/revoke?launch={made['teacher']}",
                data={"csrf_token": token, "reason": "Tidak memenuhi syarat"})
    db.session.expire_all()
    assert db.session.get(Certificate, new.id).revoked_reason == "Tidak memenuhi syarat"
    assert services.certificate_numbers_for([made["learner_user"].id]) == {}
    assert services.certificate_numbers_for([made["learner_user"].id], include_revoked=True) == {
        made["learner_user"].id: [old.number, new.number]}


def test_the_pdf_reads_back_and_its_qr_leads_to_the_verification_page(app, browser, platform, client, monkeypatch):
    from lti_tool.certificates import pdf

    made = make_course(app, browser, platform, client)
    complete_all(made)
    cert = Certificate.query.one()
    drawn = []
    real = pdf.qr_png
    monkeypatch.setattr(pdf, "qr_png", lambda url: drawn.append(url) or real(url))
    response = client.get(f"/certificates/{cert.id}/pdf?launch={made['teacher']}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    for expected in (cert.number, FIELDS["institution"], FIELDS["training_name"], NIP, "3–7 Maret 2026",
                     "Semarang", "2 jam pelajaran", "Memuaskan", FIELDS["signatory_name"], cert.code):
        assert expected in " ".join(text.split()), expected
    assert drawn == [f"https://localhost/verify/{cert.code}"]
    assert b"/FontFile2" in response.data  # the fonts are embedded
    import segno

    qr = segno.make(drawn[0], error="m", micro=False)
    assert qr.designator.endswith("M")  # built from the URL itself (no decoder installed to read it back)


def test_the_learner_downloads_their_own_certificates_from_the_record_page(app, browser, platform, client):
    made = make_course(app, browser, platform, client)
    complete_all(made)
    cert = Certificate.query.one()
    page = client.get(f"/record/?launch={made['learner']}").get_data(as_text=True)
    assert 'data-testid="record-certificates"' in page and cert.number in page
    link = re.search(r'href="([^"]+)" data-testid="record-certificate-pdf"', page).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200 and cert.number in pdf_text(response.data)
    other = learner_token(browser, made["form"], sub="5")
    assert client.get(f"/certificates/mine/{cert.id}/pdf?launch={other}").status_code == 404
    assert client.get(f"/certificates/mine/{cert.id}/pdf?launch={other}&user={cert.user_id}").status_code == 404


def test_the_courses_certificates_as_one_zip(app, browser, platform, client):
    made = make_course(app, browser, platform, client)
    users = [made["learner_user"]]
    for sub in ("5", "6"):
        learner_token(browser, made["form"], sub=sub)
        users.append(LtiUser.query.filter_by(sub=sub).one())
    for user in users:
        complete_all(made, user)
    first = Certificate.query.order_by(Certificate.id).first()
    services.revoke(first, "Dicabut")
    response = client.get(f"/certificates/course.zip?launch={made['teacher']}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert len(names) == 2 and all(n.endswith(".pdf") for n in names)
    numbers = {c.number for c in Certificate.query if c.in_force}
    assert {pdf_text(archive.read(n)).split("Nomor: ")[1].split()[0] for n in names} == numbers


def test_the_staff_link_is_on_the_staff_pages_only(app, browser, platform, client):
    made = make_course(app, browser, platform, client)
    staff = client.get(f"/feedback/manage?launch={made['teacher']}").get_data(as_text=True)
    assert 'data-testid="certificates-link"' in staff
    learner = client.get(f"/feedback/?launch={made['learner']}").get_data(as_text=True)
    assert 'data-testid="certificates-link"' not in learner
    assert db.session.get(CertificateSetting, made["form"].course_id).training_name == FIELDS["training_name"]


def test_an_automatic_certificate_prints_the_rank_and_position_the_platform_sent(app, browser, platform, client):
    made = make_course(app, browser, platform, client)
    browser.launch_with("student", **{
        "https://purl.imsglobal.org/spec/lti/claim/custom": {"pangkat_golongan": "Penata (III/c)",
                                                              "jabatan": "Analis Keuangan"}})
    db.session.expire_all()
    complete_all(made)
    cert = Certificate.query.one()
    assert (cert.rank, cert.position) == ("Penata (III/c)", "Analis Keuangan")
