"""Error pages: the tool's layout, the reader's language, JSON for those who want JSON, a reference for a 500."""
import logging
import re

import pytest
from flask import abort
from support import https_client

WERKZEUG = ("The requested URL was not found", "The browser (or proxy) sent a request", "Method Not Allowed",
            "Internal Server Error", "The method is not allowed", "Request Entity Too Large")


@pytest.fixture
def app_with_routes(app):
    """Routes that fail on purpose; added before the first request, as Flask requires."""
    def forbidden():
        abort(403)

    def broken():
        raise RuntimeError("secret detail 42")

    def maintenance():
        abort(503)

    app.add_url_rule("/test/forbidden", "test_forbidden", forbidden)
    app.add_url_rule("/test/broken", "test_broken", broken)
    app.add_url_rule("/test/maintenance", "test_maintenance", maintenance)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the 500 page, not the exception
    return app


@pytest.fixture
def web(app_with_routes):
    return https_client(app_with_routes)


def error_page(response, status, language="id"):
    body = response.get_data(as_text=True)
    assert response.status_code == status, body[:500]
    assert response.mimetype == "text/html"
    assert f'data-testid="error-page" data-status="{status}"' in body
    assert f'<html lang="{language}">' in body and 'data-testid="language-switch"' in body  # the tool's layout
    assert not any(text in body for text in WERKZEUG), body
    # framed by Moodle like every page: no frame-busting header
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    return body


def test_400_bad_csrf_post(web):
    body = error_page(web.post("/language", data={"lang": "en", "csrf_token": "forged"}), 400)
    assert "Halaman ini sudah kedaluwarsa" in body


def test_403(web):
    body = error_page(web.get("/test/forbidden", headers={"Accept-Language": "en"}), 403, "en")
    assert "You do not have access to this page" in body


def test_404_in_indonesian_and_english(web):
    assert "Halaman tidak ditemukan" in error_page(web.get("/no-such-page"), 404)
    assert "Page not found" in error_page(web.get("/no-such-page", headers={"Accept-Language": "en"}), 404, "en")


def test_405_get_on_a_post_route(web):
    response = web.get("/lti/launch")
    body = error_page(response, 405)
    assert "POST" in response.headers["Allow"]
    assert "Halaman ini tidak dapat dibuka dengan cara ini" in body


def test_413_oversized_upload(web, app_with_routes):
    app_with_routes.config["MAX_CONTENT_LENGTH"] = 2000
    import io

    response = web.post("/language", data={"lang": "en", "file": (io.BytesIO(b"x" * 5000), "big.csv")},
                        content_type="multipart/form-data")
    assert "Unggahan terlalu besar" in error_page(response, 413)


def test_500_shows_a_reference_that_is_in_the_log(web, caplog):
    with caplog.at_level(logging.ERROR):
        response = web.get("/test/broken")
    body = error_page(response, 500)
    assert "secret detail 42" not in body and "Traceback" not in body
    reference = re.search(r'data-testid="error-reference">([0-9A-F]{6})<', body).group(1)
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info and "secret detail 42" in str(logged[0].exc_info[1])
    again = re.search(r'data-testid="error-reference">([0-9A-F]{6})<', web.get("/test/broken").get_data(True))
    assert again.group(1) != reference  # one reference per error


def test_503(web):
    body = error_page(web.get("/test/maintenance", headers={"Accept-Language": "en"}), 503, "en")
    assert "The tool is not available right now" in body


def test_health_still_answers_json_503_when_the_database_is_down(app, client, monkeypatch):
    from lti_tool.extensions import db

    def down(*args, **kwargs):
        raise ConnectionError("database down")

    monkeypatch.setattr(db.session, "execute", down)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["checks"]["database"] == "unreachable"


def test_json_for_requests_that_want_json(web):
    response = web.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    assert "Halaman tidak ditemukan" in response.get_json()["message"]
    broken = web.get("/test/broken", headers={"Accept": "application/json", "Accept-Language": "en"})
    assert broken.status_code == 500 and re.fullmatch(r"[0-9A-F]{6}", broken.get_json()["reference"])


def test_budgeting_api_keeps_its_own_json_errors(web):
    response = web.post("/budgeting/api/check", data={})  # no CSRF token: the blueprint's own handler answers
    assert response.status_code == 400 and response.get_json()["error"] == "csrf"
    wrong_method = web.get("/budgeting/api/check")
    assert wrong_method.status_code == 405 and wrong_method.is_json
