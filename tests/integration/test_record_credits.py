"""The learning record, first step: a completion credits the activity's planned JP once (a second answer, a regrade
or a second announcement never credits twice; the ledger refuses a second open credit by itself), a revoked
completion appends a visible reversal, no JP credits nothing, and the learner's page shows the launch's learner only:
this year's total against the target, entries by category, earlier years by ``?year=``."""
import re
from decimal import Decimal

from feedback_support import full_answers, item_ids, learner_token, make_form, send

from lti_tool.activities.completion import announce_completion, revoke_completion
from lti_tool.clock import to_local, utcnow
from lti_tool.extensions import db
from lti_tool.lti.models import LtiUser
from lti_tool.record import services
from lti_tool.record.models import CREDIT, REVERSAL, LearningCredit


def _ledger(sub="4"):
    user = LtiUser.query.filter_by(sub=sub).one()
    return [(e.entry, e.jp) for e in LearningCredit.query.filter_by(user_id=user.id).order_by(LearningCredit.id)]


def _answer(client, made, token=None):
    return send(client, token or made["learner"], full_answers(item_ids(made["activity"].id)))


def _page(client, token, query=""):
    response = client.get(f"/record/?launch={token}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_completing_a_feedback_form_credits_its_jp_once(app, browser, platform, client):
    made = make_form(app, browser, platform, feedback_jp="2", feedback_anonymous="0", feedback_editable="1")
    assert _answer(client, made).status_code == 302
    assert _ledger() == [(CREDIT, Decimal("2.00"))]
    entry = LearningCredit.query.one()
    assert entry.activity_title == "Evaluasi Penyelenggaraan Latsar" and entry.category == "e-learning"
    assert entry.minutes_per_jp == 45 and entry.year == to_local(utcnow()).year
    _answer(client, made)  # answering again (an editable named form)
    learner = LtiUser.query.filter_by(sub="4").one()
    assert announce_completion(made["activity"], learner) is False  # a regrade announces again
    assert services.credit(made["activity"], learner) is None  # even a direct second credit is refused
    assert _ledger() == [(CREDIT, Decimal("2.00"))]


def test_a_revoked_completion_adds_a_reversal_and_the_total_goes_back(app, browser, platform, client):
    made = make_form(app, browser, platform, feedback_jp="3")
    _answer(client, made)
    assert "3 dari 20 JP" in _page(client, made["learner"])
    learner = LtiUser.query.filter_by(sub="4").one()
    assert revoke_completion(made["activity"], learner) is True
    assert _ledger() == [(CREDIT, Decimal("3.00")), (REVERSAL, Decimal("-3.00"))]
    reversal = LearningCredit.query.filter_by(entry=REVERSAL).one()
    assert reversal.reverses_id == LearningCredit.query.filter_by(entry=CREDIT).one().id
    assert services.reverse(made["activity"], learner) is None  # nothing open: no second reversal
    body = _page(client, made["learner"])
    assert "0 dari 20 JP" in body and 'data-testid="record-reversal"' in body
    assert announce_completion(made["activity"], learner) is True  # completed anew: credited anew
    assert _ledger()[-1] == (CREDIT, Decimal("3.00"))
    assert "3 dari 20 JP" in _page(client, made["learner"])


def test_no_planned_jp_credits_nothing(app, browser, platform, client):
    made = make_form(app, browser, platform, feedback_jp="0")
    assert _answer(client, made).status_code == 302
    assert LearningCredit.query.count() == 0
    assert 'data-testid="record-empty"' in _page(client, made["learner"])


def test_the_staff_see_whether_an_activity_credits_jp(app, browser, platform, client):
    none = make_form(app, browser, platform, feedback_jp="0")
    page = client.get(f"/feedback/manage?launch={none['teacher']}").get_data(as_text=True)
    assert 'data-testid="no-jp"' in page and "adds nothing" in page and 'data-testid="planned-jp"' not in page
    some = make_form(app, browser, platform, title="Evaluasi Materi", feedback_jp="2")
    page = client.get(f"/feedback/manage?launch={some['teacher']}").get_data(as_text=True)
    assert re.search(r'data-testid="planned-jp">[^<]*credits 2 JP', page) and 'data-testid="no-jp"' not in page
    learner_page = client.get(f"/feedback/?launch={some['learner']}").get_data(as_text=True)
    assert 'data-testid="planned-jp"' not in learner_page and 'data-testid="no-jp"' not in learner_page


def test_the_page_shows_the_launchs_learner_only(app, browser, platform, client):
    made = make_form(app, browser, platform, feedback_jp="2")
    _answer(client, made)
    other = learner_token(browser, made["activity"], sub="5")
    mine = LtiUser.query.filter_by(sub="4").one()
    body = _page(client, other, f"&user_id={mine.id}&user={mine.id}")
    assert "0 dari 20 JP" in body and "Evaluasi Penyelenggaraan Latsar" not in body.split('data-testid="record"')[1]
    body = _page(client, made["learner"])
    assert "Catatan Pengembangan Kompetensi" in body and "2 dari 20 JP" in body
    assert 'value="10" max="100"' in body and "E-learning" in body


def test_earlier_years_are_one_click_away(app, browser, platform, client):
    made = make_form(app, browser, platform, feedback_jp="2")
    learner_page = client.get(f"/feedback/?launch={made['learner']}").get_data(as_text=True)
    assert 'data-testid="record-link"' in learner_page  # reachable from the learner's page
    assert 'data-testid="record-link"' not in client.get(f"/feedback/manage?launch={made['teacher']}").get_data(
        as_text=True)
    user = LtiUser.query.filter_by(sub="4").one()
    db.session.add(LearningCredit(issuer=user.issuer, user_id=user.id, activity_id=None, course_title="Latsar 2020",
                                  activity_title="Seminar SIPD", category="seminar/workshop", jp=Decimal("4.5"),
                                  minutes_per_jp=45, entry=CREDIT, cycle=0, year=2020))
    db.session.commit()
    body = _page(client, made["learner"])
    assert "Seminar SIPD" not in body and "year=2020" in body
    body = _page(client, made["learner"], "&year=2020")
    assert "Seminar SIPD" in body and "4.5 dari 20 JP" in body
    assert "Tahun 2020" in body


def test_a_module_credits_its_planned_jp_and_a_budgeting_exercise_has_none(app, browser, platform):
    from modules_pages_support import make_module

    from lti_tool.activities.services import create_activity
    from lti_tool.modules.models import Module

    made = make_module(app, browser, platform)  # the default settings' JP
    learner = LtiUser.query.filter_by(sub="4").one()
    jp = db.session.get(Module, made["activity"].id).settings["jp"]
    assert jp > 0 and services.planned_jp(made["activity"]) == Decimal(jp)
    assert announce_completion(made["activity"], learner) is True
    assert _ledger() == [(CREDIT, Decimal(jp))]
    exercise = create_activity(made["activity"].course_id, None, "budgeting", "Latihan RKA")
    assert services.planned_jp(exercise) is None
    assert services.credit(exercise, learner) is None


def test_the_year_is_the_completions_year_in_the_training_centres_zone(app, browser, platform):
    from datetime import datetime

    made = make_form(app, browser, platform, feedback_jp="2")
    learner = LtiUser.query.filter_by(sub="4").one()
    entry = services.credit(made["activity"], learner, at=datetime(2025, 12, 31, 18, 30))  # 01:30 WIB, 1 Jan 2026
    assert entry.year == 2026


def test_the_record_page_has_no_inline_style_the_csp_would_refuse(app, browser, platform, client):
    made = make_form(app, browser, platform, feedback_jp="5")
    _answer(client, made)
    body = _page(client, made["learner"])
    assert not re.search(r"\sstyle\s*=", body)  # style-src 'self': Chromium refused the progress bar's width
    progress = re.search(r'<progress[^>]*data-testid="record-progress"[^>]*>', body)
    assert progress and 'value="25"' in progress.group(0) and 'max="100"' in progress.group(0)
