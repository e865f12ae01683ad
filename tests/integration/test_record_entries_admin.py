"""The admin adds training done elsewhere for a learner found by NIP (or picked from known users) and verifies
learners' submissions of any course; the admin area's pages need the admin's sign-in."""
import io
import re
from decimal import Decimal

import pytest
from feedback_support import make_form

from lti_tool.admin.services import upsert_admin
from lti_tool.extensions import db
from lti_tool.lti.models import LtiUser
from lti_tool.record.entries_models import ACCEPTED, ExternalEntry, ExternalEntryEvent
from lti_tool.record.models import CREDIT, LearningCredit

PASSWORD = "correct horse battery"
PDF = b"%PDF-1.4\n%%EOF\n"
FIELDS = {"title": "Diklat PIM IV", "organiser": "LAN", "started_on": "2026-05-01", "ended_on": "2026-05-20",
          "jp": "7.5", "category": "pelatihan klasikal"}


def _csrf(body):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body).group(1)


@pytest.fixture
def admin(app):
    upsert_admin("ana", PASSWORD)
    web = app.test_client()
    page = web.get("/admin/login", base_url="https://localhost").get_data(as_text=True)
    response = web.post("/admin/login", base_url="https://localhost",
                        data={"username": "ana", "password": PASSWORD, "csrf_token": _csrf(page)})
    assert response.status_code == 302
    return web


def _post(web, data, path="/admin/record/entries"):
    page = web.get("/admin/record/entries", base_url="https://localhost").get_data(as_text=True)
    return web.post(path, base_url="https://localhost", content_type="multipart/form-data",
                    data={"csrf_token": _csrf(page), **data})


def test_the_admin_adds_an_entry_by_nip_and_it_counts(app, browser, platform, admin):
    make_form(app, browser, platform)
    user = LtiUser.query.filter_by(sub="4").one()
    user.nip = "198001012005011001"
    db.session.commit()
    response = _post(admin, {"nip": "198001012005011001", **FIELDS, "evidence": (io.BytesIO(PDF), "sk.pdf")})
    assert response.status_code == 302
    entry = ExternalEntry.query.one()
    assert entry.status == ACCEPTED and entry.course_id is None and entry.user_id == user.id
    assert [(c.entry, c.jp) for c in LearningCredit.query.all()] == [(CREDIT, Decimal("7.50"))]
    assert ExternalEntryEvent.query.one().actor_admin == "ana"
    assert admin.get(f"/admin/record/evidence/{entry.id}", base_url="https://localhost").data == PDF
    assert _post(admin, {"nip": "000", **FIELDS}).status_code == 400  # no such NIP
    assert _post(admin, {"learner": "999999", **FIELDS}).status_code == 400  # no such user
    assert ExternalEntry.query.count() == 1


def test_the_admin_area_needs_the_admins_sign_in(app, client):
    assert client.get("/admin/record/entries", base_url="https://localhost").status_code == 302
    assert client.get("/admin/record/evidence/1", base_url="https://localhost").status_code == 302
