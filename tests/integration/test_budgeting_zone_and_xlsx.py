"""Budgeting in the configured time zone (LATIH_TIMEZONE) and its XLSX export: dates as date cells in that zone,
money and numbers as numeric cells with number formats, statuses and headings in the requester's language."""
import io
import re
from datetime import datetime

import openpyxl
import pytest
from budgeting_support import GOOD_LINES, csrf, make_exercise, save

from lti_tool.budgeting.models import BudgetExercise, BudgetSubmission
from lti_tool.extensions import db
from lti_tool.formats import XLSX_DATETIME, XLSX_RUPIAH


@pytest.fixture(autouse=True)
def _dashboard_registered(app):
    if "budgeting_dashboard" not in app.blueprints:
        from lti_tool.budgeting import dashboard_views

        app.register_blueprint(dashboard_views.bp)


@pytest.fixture
def exercise(app, browser, platform, client):
    return make_exercise(app, browser, platform, client)


def _language(client, token, lang):
    page = client.get(f"/budgeting/manage?launch={token}").get_data(as_text=True)
    client.post("/language", data={"csrf_token": csrf(page), "lang": lang, "launch": token})


def _settings(client, token, **changes):
    page = client.get(f"/budgeting/manage?launch={token}").get_data(as_text=True)
    data = {"csrf_token": csrf(page), "ceiling": "5,000,000", "ppn_rate": "11", "rounding": "per_line",
            "max_attempts": "1", "allowed_accounts": ["5.1.02.01.01.0052", "5.1.02.02.01.0003"], **changes}
    return client.post(f"/budgeting/manage?launch={token}", data=data)


def test_a_due_date_is_typed_and_shown_in_the_configured_zone(exercise, client, app):
    app.config["LATIH_TIMEZONE"] = "Asia/Makassar"  # WITA, UTC+8
    teacher = exercise["teacher"]
    assert _settings(client, teacher, due_at="2026-12-01T10:00").status_code == 302
    assert BudgetExercise.query.one().due_at == datetime(2026, 12, 1, 2, 0)  # 10.00 WITA is 02.00 UTC
    page = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    assert "Due (WITA)" in page and 'name="due_at" value="2026-12-01T10:00"' in page and "WIB" not in page
    _language(client, teacher, "id")
    page = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    assert "Batas waktu (WITA)" in page and 'value="2026-12-01T10:00"' in page
    refused = _settings(client, teacher, ceiling="5.000.000", due_at="besok pagi")
    shown = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "Periksa isian “Batas waktu (WITA)”." in shown
    refused = _settings(client, teacher, ceiling="lima juta")
    shown = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "Periksa isian “Pagu, Rp”." in shown  # the ceiling's field, not the weight of the ceiling check
    app.config["LATIH_TIMEZONE"] = "Asia/Jakarta"  # the same moment, one hour earlier on a WIB clock
    page = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    assert "Batas waktu (WIB)" in page and 'value="2026-12-01T09:00"' in page


def _submit(client, token):
    confirm = save(client, token, GOOD_LINES, action="submit").get_data(as_text=True)
    client.post(f"/budgeting/submit?launch={token}", data={
        "csrf_token": csrf(confirm), "revision": re.search(r'name="revision" value="(\d+)"', confirm).group(1)})


def _export(client, token):
    answer = client.get(f"/budgeting/dashboard/export.xlsx?launch={token}")
    assert answer.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(answer.data))


@pytest.mark.parametrize("lang, headings, state", [
    ("id", ("Ringkasan", "Dikumpulkan (WITA)", "Total"), "sudah dinilai"),
    ("en", ("Summary", "Submitted (WITA)", "Total"), "graded"),
])
def test_the_dashboard_export_keeps_numbers_dates_and_translated_labels(exercise, client, app, lang, headings,
                                                                      state):
    app.config["LATIH_TIMEZONE"] = "Asia/Makassar"
    _submit(client, exercise["learner"])
    submission = BudgetSubmission.query.one()
    submission.submitted_at = datetime(2026, 12, 1, 11, 36)  # UTC: 19.36 WITA
    db.session.commit()
    _language(client, exercise["teacher"], lang)
    summary = _export(client, exercise["teacher"]).worksheets[0]
    title, submitted_heading, total_heading = headings
    columns = [cell.value for cell in summary[1]]
    assert summary.title == title and submitted_heading in columns and "(WIB)" not in " ".join(columns)
    row = next(r for r in summary.iter_rows(min_row=2) if r[0].value == "Sam Student")
    by_heading = dict(zip(columns, row, strict=True))
    assert by_heading[total_heading].value == 9_000_000 and by_heading[total_heading].data_type == "n"
    assert by_heading[total_heading].number_format == XLSX_RUPIAH
    when = by_heading[submitted_heading]
    assert when.is_date and when.value == datetime(2026, 12, 1, 19, 36) and when.number_format == XLSX_DATETIME
    assert by_heading[columns[3]].value == state  # the status, in the requester's language
    lines = _export(client, exercise["teacher"]).worksheets[1]
    amounts = [r[10] for r in lines.iter_rows(min_row=2)]
    assert amounts and all(c.data_type == "n" and c.number_format == XLSX_RUPIAH for c in amounts)
