"""The comparison of runs: the forms of the same template on the same platform (other courses too, any version),
ordered by run date, this form and the three runs before it, items matched by key, medians / top-2-box / index and
the change per item; anonymous runs only when closed with at least 5 responses; another platform's or another
template's forms never; the SQL is one query for the answers of the set of forms."""
import secrets
from datetime import date, datetime

import pytest
from carry_support import other_platform_course, same_platform_course
from feedback_support import make_form
from modules_pages_support import INDONESIAN, token_of
from support import custom_activity

from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackAnswer, FeedbackForm, FeedbackItem, FeedbackResponse
from lti_tool.feedback.services.cohorts import compare
from lti_tool.lti.models import Course

ORG = "org_schedule"


def _answers(form_id, points_by_key, times=1):
    """One response per position of the lists in ``points_by_key`` ({key: [point, …]}), ``times`` over."""
    items = {i.key: i.id for i in FeedbackItem.query.filter_by(form_id=form_id)}
    n = len(next(iter(points_by_key.values())))
    for _round in range(times):
        for k in range(n):
            response = FeedbackResponse(id=secrets.token_hex(16), form_id=form_id, day=date(2026, 1, 1))
            db.session.add(response)
            db.session.flush()  # no relationship orders the inserts: the response first (PostgreSQL checks the key)
            for key, points in points_by_key.items():
                db.session.add(FeedbackAnswer(id=secrets.token_hex(16), response_id=response.id, item_id=items[key],
                                              number=points[k]))
    db.session.commit()


def _run(course, title, closes, anonymous=False, template="penyelenggaraan", version=1):
    activity = create_activity(course.id, None, "feedback", title,
                               form={"feedback_form": "1", "feedback_template": template,
                                     "feedback_anonymous": "1" if anonymous else "0"})
    form = db.session.get(FeedbackForm, activity.id)
    form.close_at, form.template_version = closes, version
    db.session.commit()
    return form


@pytest.fixture
def runs(app, browser, platform):
    made = make_form(app, browser, platform, title="Latsar angkatan V", feedback_anonymous="0")
    current = db.session.get(FeedbackForm, made["activity"].id)
    current.close_at = datetime(2026, 6, 1)
    issuer = Course.query.first().issuer
    other = same_platform_course(issuer, title="Latsar Kabupaten")
    old = _run(other, "Latsar angkatan I", datetime(2025, 1, 1))  # the 4th before: left out
    first = _run(other, "Latsar angkatan II", datetime(2025, 6, 1), version=2)
    anonymous_small = _run(other, "Latsar angkatan III", datetime(2025, 9, 1), anonymous=True)
    anonymous_open = _run(other, "Latsar angkatan VI", None, anonymous=True)  # open: dated by its creation
    anonymous_big = _run(other, "Latsar angkatan IV", datetime(2026, 1, 1), anonymous=True)
    materi = _run(other, "Evaluasi Materi", datetime(2026, 2, 1), template="materi")
    foreign = _run(other_platform_course(), "Moodle lain", datetime(2026, 3, 1))
    db.session.commit()
    _answers(old.activity_id, {ORG: [1, 1]})
    _answers(first.activity_id, {ORG: [2, 3, 3, 4], "nps": [10, 9, 5, 7]})
    _answers(anonymous_small.activity_id, {ORG: [4, 4, 4, 4]})
    _answers(anonymous_open.activity_id, {ORG: [4, 4, 4, 4, 4]})
    _answers(anonymous_big.activity_id, {ORG: [3, 3, 4, 4, 4], "nps": [10, 10, 10, 9, 0]})
    _answers(current.activity_id, {ORG: [2, 2, 3, 4], "nps": [6, 6, 9, 10]})
    _answers(materi.activity_id, {"goals": [1, 1, 1, 1, 1]})
    _answers(foreign.activity_id, {ORG: [1, 1, 1, 1, 1]})
    made.update(current=current, first=first, small=anonymous_small, open=anonymous_open, big=anonymous_big,
                old=old, issuer=issuer)
    return made


def test_runs_and_changes_per_item(runs, statements):
    statements.clear()
    comparison = compare(runs["current"], runs["issuer"])
    titles = [r.title for r in comparison.runs]
    # By run date, the three before this one; not the oldest, another template's, another platform's, a later one.
    assert titles == ["Latsar angkatan II", "Latsar angkatan III", "Latsar angkatan IV", "Latsar angkatan V"]
    assert [r.version for r in comparison.runs] == [2, 1, 1, 1]
    assert [r.shown for r in comparison.runs] == [True, False, True, True]  # anonymous with 4 responses: withheld
    row = next(r for r in comparison.rows if r.key == ORG)
    by_title = dict(zip(titles, zip(row.cells, row.changes, strict=True), strict=True))
    (summary_iv, index_iv), change_iv = by_title["Latsar angkatan IV"]
    assert summary_iv.median == 4 and index_iv.index == 90  # (3+3+4+4+4)/5 × 25
    (summary_v, index_v), change_v = by_title["Latsar angkatan V"]
    assert summary_v.median == 2 and summary_v.top_box * 4 == 2
    assert change_v.median == -2 and change_v.index == index_v.index - index_iv.index
    assert by_title["Latsar angkatan III"][0] == (None, None)  # anonymous with 4 responses: withheld
    nps = next(r for r in comparison.rows if r.key == "nps")
    assert dict(zip(titles, nps.cells, strict=True))["Latsar angkatan V"][0].top_box * 4 == 2
    answer_queries = [s for s in statements if "feedback_answer.number as" in s.lower()]
    assert len(answer_queries) == 1


def test_an_open_anonymous_form_shows_no_figures(runs):
    comparison = compare(runs["open"], runs["issuer"])
    assert comparison.runs[-1].title == "Latsar angkatan VI" and not comparison.runs[-1].shown
    assert all(row.cells[-1] == (None, None) for row in comparison.rows)


def test_the_page_is_staff_only_and_shows_arrows(runs, client):
    body = client.get(f"/feedback/cohorts?launch={runs['teacher']}").get_data(as_text=True)
    assert 'data-testid="cohort-table"' in body and "Latsar angkatan IV" in body
    assert "▼" in body and "(down)" in body and 'data-testid="run-withheld"' in body
    assert "Moodle lain" not in body
    assert client.get(f"/feedback/cohorts?launch={runs['learner']}").status_code == 403


def test_indonesian_formats(runs, client, browser):
    teacher = token_of(browser.launch_with("instructor", **custom_activity(runs["activity"]), **INDONESIAN))
    body = client.get(f"/feedback/cohorts?launch={teacher}").get_data(as_text=True)
    assert "Bandingkan angkatan" in body and "indeks 90" in body and "poin" in body
