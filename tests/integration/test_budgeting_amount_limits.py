"""Amounts too large for the database, typed by a learner or an instructor: a message on the page, never a 500.

Run it against PostgreSQL too (``DATABASE_URL=postgresql://…``): a total of 10^25 rupiah once reached the BIGINT
column ``budget_submission.total`` and PostgreSQL answered "bigint out of range" (a 500 on submit), while the
editor's live check showed the line's amount as if it were fine.
"""
import html
import re

from budgeting_support import GOOD_LINES, csrf, save, work_page

from lti_tool.budgeting.models import BudgetExercise, BudgetSubmission
from lti_tool.grades.models import Score

ATTACK = dict(GOOD_LINES[0], koefisien="1.000.000.000.000.000 orang × 10.000.000.000 hari", unit_price="1")
LIMIT_ID = "Rp1.000.000.000.000"


def _revision(body):
    return re.search(r'name="revision" value="(\d+)"', body).group(1)


def _submit(client, token, lines):
    confirm = save(client, token, lines, action="submit").get_data(as_text=True)
    resp = client.post(f"/budgeting/submit?launch={token}",
                       data={"csrf_token": csrf(confirm), "revision": _revision(confirm)}, follow_redirects=True)
    return confirm, resp


def test_the_live_check_shows_the_limit_on_the_line_instead_of_an_amount(exercise, client):
    token = exercise["learner"]
    data = {f"lines-{n}-{k}": v for n, line in ((1, ATTACK), (2, GOOD_LINES[1])) for k, v in line.items()}
    resp = client.post(f"/budgeting/api/check?launch={token}", data=data,
                       headers={"X-CSRFToken": csrf(work_page(client, token))})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    answer = resp.get_json()
    assert answer["lines"]["1"]["amount"] is None and LIMIT_ID in answer["lines"]["1"]["error"]
    assert answer["lines"]["2"]["amount"] == "Rp6.000.000"
    assert answer["total"] == "Rp6.000.000"  # the refused line counts for nothing


def test_a_draft_over_the_limit_cannot_be_handed_in_and_says_why(exercise, client):
    token = exercise["learner"]
    confirm, resp = _submit(client, token, [ATTACK, GOOD_LINES[1]])
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]  # was a 500: "bigint out of range"
    submission = BudgetSubmission.query.one()
    assert submission.status == "draft" and submission.total is None
    assert Score.query.count() == 0
    assert "Masih ada 1 baris yang salah" in confirm  # said before the learner confirms
    assert "Masih ada 1 baris yang salah" in resp.get_data(as_text=True)  # and again when they try
    errors = re.findall(r'data-testid="line-error"[^>]*>([^<]*)<', resp.get_data(as_text=True))
    assert len(errors) == 1 and LIMIT_ID in html.unescape(errors[0])  # on the line, with the limit


def test_a_budget_of_lines_at_the_limit_is_handed_in_and_its_total_stored(exercise, client):
    at_limit = dict(GOOD_LINES[0], koefisien="1.000.000 orang", unit_price="1.000.000", ppn="1")  # 10^12 + PPN
    _confirm, resp = _submit(client, exercise["learner"], [at_limit, at_limit, GOOD_LINES[1]])
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    submission = BudgetSubmission.query.one()
    assert submission.status == "graded" and submission.total == 2 * 1_110_000_000_000 + 6_000_000
    page = work_page(client, exercise["learner"])
    assert "Rp2.220.006.000.000" in page  # the total, shown as the page writes money


def test_a_unit_price_or_a_ceiling_beyond_the_plausible_is_refused_with_a_message(exercise, client):
    token = exercise["learner"]
    page = save(client, token, [dict(GOOD_LINES[0], unit_price="Rp 10.000.000.000.000.000")]).get_data(as_text=True)
    errors = re.findall(r'data-testid="line-error"[^>]*>([^<]*)<', page)
    assert len(errors) == 1 and "1.000.000.000.000.000" in html.unescape(errors[0])
    teacher = exercise["teacher"]
    manage = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    resp = client.post(f"/budgeting/manage?launch={teacher}", data={
        "csrf_token": csrf(manage), "ceiling": "10,000,000,000,000,000,000", "ppn_rate": "11",
        "rounding": "per_line", "max_attempts": "1"}, follow_redirects=True)
    assert resp.status_code == 200 and "Ceiling (pagu)" in resp.get_data(as_text=True)
    assert BudgetExercise.query.one().ceiling == 5_000_000  # unchanged
