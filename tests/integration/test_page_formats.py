"""Statuses, dates and numbers on the pages: one label per status, times in the configured zone, Indonesian numbers."""
import re
from datetime import datetime

import pytest
from budgeting_support import GOOD_LINES, csrf, make_exercise, save
from support import https_client

from lti_tool import formats
from lti_tool.budgeting.models import BudgetExercise, BudgetSubmission
from lti_tool.extensions import db
from lti_tool.lti.models import Deployment, Platform


@pytest.fixture(autouse=True)
def _dashboard_registered(app):
    if "budgeting_dashboard" not in app.blueprints:
        from lti_tool.budgeting import dashboard_views

        app.register_blueprint(dashboard_views.bp)


@pytest.fixture
def submitted(app, browser, platform, client):
    exercise = make_exercise(app, browser, platform, client)
    BudgetExercise.query.one().review_required = True  # the budget waits for the instructor: "submitted"
    db.session.commit()
    confirm = save(client, exercise["learner"], GOOD_LINES, action="submit").get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', confirm).group(1)
    client.post(f"/budgeting/submit?launch={exercise['learner']}", data={"csrf_token": csrf(confirm),
                                                                          "revision": revision})
    assert BudgetSubmission.query.one().status == "submitted"
    return exercise


def _in_indonesian(client, token):
    page = client.get(f"/budgeting/manage?launch={token}").get_data(as_text=True)
    client.post("/language", data={"csrf_token": csrf(page), "lang": "id", "launch": token})


def test_statuses_are_labelled_not_shown_as_codes(submitted, client):
    teacher = submitted["teacher"]
    manage = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    row = re.search(r'<tr data-submission="\d+">.*?</tr>', manage, re.S).group(0)
    assert "<td>submitted, to be graded</td>" in row and "<td>submitted</td>" not in row
    _in_indonesian(client, teacher)
    manage = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    assert "<td>dikumpulkan, menunggu penilaian</td>" in manage
    dashboard = client.get(f"/budgeting/dashboard/?launch={teacher}").get_data(as_text=True)
    assert ">dikumpulkan, menunggu penilaian</span>" in dashboard


def test_times_are_in_the_configured_zone(submitted, client, app):
    app.config["LATIH_TIMEZONE"] = "Asia/Makassar"  # WITA, UTC+8
    submission = BudgetSubmission.query.one()
    submission.submitted_at = datetime(2026, 12, 1, 11, 36)
    db.session.commit()
    _in_indonesian(client, submitted["teacher"])
    dashboard = client.get(f"/budgeting/dashboard/?launch={submitted['teacher']}").get_data(as_text=True)
    assert "1 Des 2026, 19.36 WITA" in dashboard and "(WIB)" not in dashboard
    printed = client.get(f"/budgeting/print?launch={submitted['learner']}").get_data(as_text=True)
    assert re.search(r"Dicetak dari Latih pada \d+ \w+ \d{4}, \d\d\.\d\d WITA\.", printed), printed[-1500:]
    assert "WIB" not in printed


def test_numbers_in_indonesian(submitted, client):
    submission = BudgetSubmission.query.one()
    page = client.get(f"/budgeting/print?launch={submitted['learner']}").get_data(as_text=True)
    score = formats.format_number(submission.automatic_score, "id")
    assert f"Nilai otomatis: {score} / 100" in page or f"{score} / 100" in page
    result = client.get(f"/budgeting/?launch={submitted['learner']}").get_data(as_text=True)
    assert "11% ·" in result and "11.0%" not in result  # the PPN rate


def _admin(app):
    from lti_tool.admin.cli import upsert_admin

    upsert_admin("ana", "correct horse battery")
    client = https_client(app)
    page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/admin/login", data={"username": "ana", "password": "correct horse battery", "csrf_token": token})
    return client, token


def test_admin_form_errors_in_indonesian(app):
    client, _token = _admin(app)
    form = client.get("/admin/registrations/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    page = client.post("/admin/registrations/new", data={"csrf_token": token, "client_id": "x" * 300,
                                                         "deployment_ids": "1"}).get_data(as_text=True)
    assert "Isian ini wajib diisi." in page and "Paling banyak 255 karakter." in page
    assert "This field is required" not in page and "Field cannot be longer" not in page


def test_admin_shows_when_a_deployment_was_first_seen(app):
    platform = Platform(name="Moodle", issuer="https://moodle.test", client_id="c1", key_set_url="https://moodle.test/k",
                        auth_login_url="https://moodle.test/a", auth_token_url="https://moodle.test/t")
    platform.deployments.append(Deployment(deployment_id="42", active=False,
                                           first_seen_at=datetime(2026, 12, 1, 11, 36)))
    db.session.add(platform)
    db.session.commit()
    client, _token = _admin(app)
    overview = client.get("/admin/").get_data(as_text=True)
    assert "1 Des 2026, 18.36 WIB" in overview and "Menunggu persetujuan" in overview
