"""Scenario variants (issue 16): learners who open the exercise in turn get different numbers of participants and
pagu, the checks and the score of each use their own, and the instructor sees who had which."""
import io
import re

import openpyxl
import pytest
from budgeting_support import GOOD_LINES, csrf, save, work_page
from sqlalchemy import update
from support import custom_activity

from lti_tool.budgeting.models import BudgetExercise, BudgetSubmission
from lti_tool.budgeting.services import exercises, submissions
from lti_tool.budgeting.services.variants import for_learner
from lti_tool.extensions import db
from lti_tool.lti.models import LtiUser

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
VARIANTS = "A | 20 | 3.000.000\nB | 30 | 5,000,000\nC | 40 | 12,000,000"  # Indonesian numbers on an English page too
SCENARIO = "Lokakarya untuk **{peserta}** pegawai, pagu {pagu}, varian {varian}"


def _settings(client, teacher, **values):
    """Post the settings form as the teacher's page has it (English numbers), with ``values`` over it."""
    page = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    data = {"csrf_token": csrf(page), "scenario_md": SCENARIO, "ceiling": "5,000,000", "ppn_rate": "11",
            "rounding": "per_line", "max_attempts": "1", "target_group": "{peserta} pegawai",
            "allowed_accounts": ["5.1.02.01.01.0052", "5.1.02.02.01.0003"],
            "required_components": "makan | 60 | 90 | peserta\nhonor | 6 | 6", "variants": VARIANTS,
            "variant_base": "30", **values}
    return client.post(f"/budgeting/manage?launch={teacher}", data=data, follow_redirects=True)


def _learner(browser, exercise, sub):
    resp = browser.launch_with("student", sub=sub, **custom_activity(exercise["activity"]),
                               **{LTI + "launch_presentation": {"locale": "id"}})
    return resp.headers["Location"].split("launch=")[1]


def _submit(client, token, lines):
    confirm = save(client, token, lines, action="submit").get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', confirm).group(1)
    client.post(f"/budgeting/submit?launch={token}", data={"csrf_token": csrf(confirm), "revision": revision})


def _submission(sub):
    return BudgetSubmission.query.join(LtiUser).filter(LtiUser.sub == sub).one()


@pytest.fixture
def variants(exercise, client, browser):
    """Three variants (20, 30 and 40 participants) and three learners who opened the exercise in that order."""
    resp = _settings(client, exercise["teacher"])
    assert "The exercise is saved." in resp.get_data(as_text=True)
    tokens = {"first": exercise["learner"], "second": _learner(browser, exercise, "5001"),
              "third": _learner(browser, exercise, "5002")}
    pages = {name: work_page(client, token) for name, token in tokens.items()}  # opened in this order
    return {**exercise, "tokens": tokens, "pages": pages}


def _shown_ceiling(body):
    return re.search(r'data-testid="ceiling">([^<]+)<', body).group(1)


def test_learners_in_turn_see_different_participants_and_pagu(variants, client):
    pages = variants["pages"]
    assert [_shown_ceiling(pages[n]) for n in ("first", "second", "third")] == [
        "Rp3.000.000", "Rp5.000.000", "Rp12.000.000"]
    assert "Lokakarya untuk <strong>20</strong> pegawai, pagu Rp3.000.000, varian A" in pages["first"]
    assert "Lokakarya untuk <strong>40</strong> pegawai, pagu Rp12.000.000, varian C" in pages["third"]
    assert 'value="40 pegawai"' in pages["third"]  # the target group, fixed in the header, filled too
    again = work_page(client, variants["tokens"]["first"])  # a learner keeps their variant
    assert _shown_ceiling(again) == "Rp3.000.000"
    assert [s.variant for s in BudgetSubmission.query.order_by(BudgetSubmission.id)] == [0, 1, 2]


def test_the_ceiling_check_and_the_score_use_the_learners_variant(variants, client):
    for name in ("first", "third"):
        _submit(client, variants["tokens"][name], GOOD_LINES)  # Rp 9.000.000, 30 orang × 2 hari of lunch
    small, large = _submission("4"), _submission("5002")
    assert small.status == large.status == "graded" and small.total == large.total == 9_000_000
    small_codes = {f["code"] for f in small.findings}
    large_codes = {f["code"] for f in large.findings}
    assert "over_ceiling" in small_codes and "over_ceiling" not in large_codes
    # lunch, per participant: 60 OH is within 40..60 for 20 participants, below 80..120 for 40
    assert "required_volume_low" in large_codes and "required_volume_low" not in small_codes
    result = work_page(client, variants["tokens"]["first"])
    assert _shown_ceiling(result) == "Rp3.000.000"


def test_the_editors_live_check_uses_the_variants_pagu(variants, client):
    token = variants["tokens"]["third"]
    body = variants["pages"]["third"]
    data = {"revision": "0"}
    for key, value in GOOD_LINES[0].items():
        data[f"lines-1-{key}"] = value
    resp = client.post(f"/budgeting/api/check?launch={token}", data=data, headers={"X-CSRFToken": csrf(body)})
    answer = resp.get_json()
    assert answer["ceiling"] == "Rp12.000.000" and answer["over"] is False


def test_the_instructor_sees_each_budgets_variant(variants, client):
    for name in ("first", "second"):
        _submit(client, variants["tokens"][name], GOOD_LINES)
    teacher = variants["teacher"]
    manage = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    assert re.findall(r'data-testid="variant">([^<]*)<', manage) == ["A", "B", "C"]
    dashboard = client.get(f"/budgeting/dashboard/?launch={teacher}").get_data(as_text=True)
    # (learners of the roster who never opened the exercise have none yet)
    assert sorted(v for v in re.findall(r'data-testid="variant">([^<]*)<', dashboard) if v) == ["A", "B", "C"]
    assert 'data-testid="over">2<' in dashboard  # A (Rp 3.000.000) and B (Rp 5.000.000) are over, each its own
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/budgeting/dashboard/export.xlsx?launch={teacher}").data))
    summary = [[cell.value for cell in row] for row in sheet.worksheets[0].iter_rows()]
    assert summary[0][-1] == "Variant" and summary[0][6] == "Ceiling"
    assert sorted((row[-1], row[6]) for row in summary[1:] if row[-1]) == [
        ("A", 3_000_000), ("B", 5_000_000), ("C", 12_000_000)]
    graded = _submission("4")
    grade = client.get(f"/budgeting/grade/{graded.id}?launch={teacher}").get_data(as_text=True)
    assert "Scenario variant A: 20 participants, ceiling (pagu) Rp3,000,000." in grade
    printed = client.get(f"/budgeting/print/{graded.id}?launch={teacher}").get_data(as_text=True)
    assert "Rp3,000,000" in printed and "Rp5,000,000" not in printed


def test_a_new_attempt_keeps_the_variant(variants, client):
    db.session.get(BudgetExercise, variants["activity"].id).max_attempts = 2
    db.session.commit()
    token = variants["tokens"]["second"]
    _submit(client, token, GOOD_LINES)
    body = work_page(client, token)
    client.post(f"/budgeting/new-attempt?launch={token}", data={"csrf_token": csrf(body)})
    attempts = BudgetSubmission.query.join(LtiUser).filter(LtiUser.sub == "5001").all()
    assert sorted((s.attempt, s.variant) for s in attempts) == [(1, 1), (2, 1)]
    assert _shown_ceiling(work_page(client, token)) == "Rp5.000.000"


def test_the_settings_form_round_trip_and_a_wrong_line(variants, client):
    teacher = variants["teacher"]
    manage = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    assert "A | 20 | 3,000,000\nB | 30 | 5,000,000\nC | 40 | 12,000,000</textarea>" in manage
    assert 'name="variant_base" value="30"' in manage and "makan | 60 | 90 | peserta" in manage
    resp = _settings(client, teacher, variants="A | 20 | 3,000,000\nB | tiga puluh | 5,000,000")
    body = resp.get_data(as_text=True)
    assert "Scenario variants, line 2, number of participants: “tiga puluh” is not a number." in body
    exercise = db.session.get(BudgetExercise, variants["activity"].id)
    db.session.refresh(exercise)
    assert len(exercise.variants) == 3  # nothing half-saved
    body = _settings(client, teacher, variant_base="").get_data(as_text=True)
    assert "enter the number of participants the scenario is written for" in body
    body = _settings(client, teacher, variants="", variant_base="").get_data(as_text=True)
    assert "The exercise is saved." in body
    db.session.refresh(exercise)
    assert exercise.variants is None
    assert 'data-testid="variant"' not in work_page(client, variants["tokens"]["first"])  # back to one scenario
    assert "Rp5.000.000" in work_page(client, variants["tokens"]["first"])


def test_an_indonesian_page_refuses_in_indonesian(exercise, client, browser):
    _settings(client, exercise["teacher"])
    teacher = browser.launch_with("instructor", **custom_activity(exercise["activity"]),
                                  **{LTI + "launch_presentation": {"locale": "id"}})
    teacher = teacher.headers["Location"].split("launch=")[1]
    body = _settings(client, teacher, ceiling="5.000.000", variants="A | 20").get_data(as_text=True)
    assert "Varian skenario, baris 1: tulis “label | peserta | pagu”" in body


def test_without_variants_nothing_changes(exercise, client):
    body = work_page(client, exercise["learner"])
    assert 'data-testid="variant"' not in body and _shown_ceiling(body) == "Rp5.000.000"
    assert BudgetSubmission.query.one().variant is None


def test_learners_opening_at_once_get_consecutive_variants(exercise, client):
    """Another worker gave a variant between this request's reading the exercise and its assigning one: the counter
    is incremented in the database, so this learner gets the next variant, not the same one."""
    _settings(client, exercise["teacher"])
    row = exercises.exercise_for(exercise["activity"])
    draft = submissions.current_submission(exercise["activity"].id, LtiUser.query.filter_by(sub="4").one().id)
    with db.engine.begin() as other_worker:
        other_worker.execute(update(BudgetExercise).where(BudgetExercise.activity_id == row.activity_id)
                             .values(variants_assigned=BudgetExercise.variants_assigned + 1))
    assert for_learner(row, draft).variant.label == "B"


def test_two_tabs_of_one_learner_keep_the_first_variant(exercise, client):
    _settings(client, exercise["teacher"])
    row = exercises.exercise_for(exercise["activity"])
    draft = submissions.current_submission(exercise["activity"].id, LtiUser.query.filter_by(sub="4").one().id)
    with db.engine.begin() as other_tab:
        other_tab.execute(update(BudgetSubmission).where(BudgetSubmission.id == draft.id).values(variant=2))
    assert for_learner(row, draft).variant.label == "C"
    assert BudgetSubmission.query.one().variant == 2
