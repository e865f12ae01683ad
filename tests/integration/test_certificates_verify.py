"""The public verification page ``/verify/<code>``: no login, valid or *dicabut* (with the date and the reason),
the NIP masked, Indonesian first with a language switch; an unknown or mistyped code gets a clear 404 page in the
tool's layout; standalone headers (never framed, noindex, no referrer); rate-limited per address."""
from certificate_support import NIP, complete_all, make_course
from support import https_client

from lti_tool.certificates import services
from lti_tool.certificates.models import Certificate


def _issued(app, browser, platform, client):
    made = make_course(app, browser, platform, client)
    complete_all(made)
    return made, Certificate.query.one()


def test_a_valid_certificate_without_logging_in(app, browser, platform, client):
    made, cert = _issued(app, browser, platform, client)
    stranger = https_client(app)  # a phone that scanned the QR code: no session
    response = stranger.get(f"/verify/{cert.code}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-state="valid"' in body and "Sah" in body and cert.number in body and cert.name in body
    assert "1987**********1004" in body and NIP not in body
    assert "3–7 Maret 2026" in body and "Pelatihan Pengelolaan Keuangan Daerah" in body
    assert 'lang="id"' in body and 'data-testid="language-switch"' in body
    assert response.headers["X-Robots-Tag"] == "noindex" and response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_revoked_certificate_says_dicabut_with_the_reason(app, browser, platform, client):
    made, cert = _issued(app, browser, platform, client)
    new = services.reissue(cert, None, "Salah ketik NIP")
    body = https_client(app).get(f"/verify/{cert.code}").get_data(as_text=True)
    assert 'data-state="revoked"' in body and "Dicabut" in body and "Salah ketik NIP" in body
    assert new.code not in body and new.number not in body  # points to nothing private
    assert 'data-state="valid"' in https_client(app).get(f"/verify/{new.code}").get_data(as_text=True)


def test_an_unknown_or_mistyped_code_gets_a_clear_page(app):
    stranger = https_client(app)
    for code in ("x" * 32, "abc", "ä" * 40, "1" * 500):
        response = stranger.get(f"/verify/{code}")
        body = response.get_data(as_text=True)
        assert response.status_code == 404 and 'data-testid="verify-unknown"' in body and "Traceback" not in body
        assert response.headers["X-Robots-Tag"] == "noindex"
    listing = stranger.get("/verify/")
    assert listing.status_code == 404 and 'data-testid="error-page"' in listing.get_data(as_text=True)


def test_the_page_in_english(app, browser, platform, client):
    made, cert = _issued(app, browser, platform, client)
    stranger = https_client(app)
    page = stranger.get(f"/verify/{cert.code}").get_data(as_text=True)
    from modules_pages_support import csrf

    switched = stranger.post("/language", data={"csrf_token": csrf(page), "lang": "en",
                                                "next": f"/verify/{cert.code}"})
    assert switched.status_code in (302, 303)
    body = stranger.get(f"/verify/{cert.code}").get_data(as_text=True)
    assert "Valid" in body and "Certificate verification" in body


def test_the_page_is_rate_limited_per_address(app, browser, platform, client):
    made, cert = _issued(app, browser, platform, client)
    app.config["LATIH_VERIFY_PAGE_LIMIT"] = 3
    stranger = https_client(app)
    statuses = [stranger.get(f"/verify/{cert.code}").status_code for _ in range(3)]
    statuses += [stranger.get(f"/verify/{'z' * 32}").status_code]
    limited = stranger.get(f"/verify/{cert.code}")
    assert statuses == [200, 200, 200, 429] and limited.status_code == 429
    assert limited.headers["Retry-After"] == "60" and 'data-testid="verify-limited"' in limited.get_data(as_text=True)
    other = https_client(app).get(f"/verify/{cert.code}", environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other.status_code == 200


def test_the_tools_admin_finds_a_certificate_and_revokes_it(app, browser, platform, client):
    from modules_pages_support import csrf

    from lti_tool.admin.services import upsert_admin

    made, cert = _issued(app, browser, platform, client)
    admin = https_client(app)
    assert admin.get(f"/certificates/admin/?q={cert.number}").status_code == 302  # to the sign-in
    upsert_admin("ana", "correct horse battery")
    login = admin.get("/admin/login").get_data(as_text=True)
    admin.post("/admin/login", data={"csrf_token": csrf(login), "username": "ana", "password": "correct horse battery"})
    page = admin.get(f"/certificates/admin/?q={cert.number}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="cert-admin-found"' in body
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert admin.post(f"/certificates/admin/{cert.id}/revoke", data={"reason": "x"}).status_code == 400  # CSRF
    admin.post(f"/certificates/admin/{cert.id}/revoke", data={"csrf_token": csrf(body), "reason": "Data palsu"})
    revoked = https_client(app).get(f"/verify/{cert.code}").get_data(as_text=True)
    assert "Dicabut" in revoked and "Data palsu" in revoked
