"""The report of a feedback form: the numbers for a known set of answers (distribution, median and quartiles,
top-2-box, the 0–100 index and its band, NPS, a multiple choice, a number), the response rate against the course
roster of the fake Moodle, and when no figure is shown (anonymous before it closes, nobody or too few answered)."""
import re

from feedback_report_support import close, complete, report_of, respond
from feedback_support import item_ids, make_form
from modules_pages_support import INDONESIAN, token_of
from support import custom_activity

from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackForm
from lti_tool.lti.models import Course

INFORMATION = [1, 2, 2, 3, 3, 3, 4, 4, 4, 4]  # median 3, quartiles 2–4, top-2-box 7/10, mean 3.0 → index 75,00
NPS = [10, 10, 10, 9, 9, 8, 7, 6, 3, 0]  # promoters 5, passives 2, detractors 3: NPS 20
LODGING = [4, 4, 3, "na", "na", "na", 4, 4, 3, 4]  # 7 scored: median 4, index 92,86 (Sangat Baik); 3 n/a


def _answers(ids, n):
    return [(ids["org_information"], None, INFORMATION[n]), (ids["nps"], None, NPS[n]),
            (ids["fac_lodging"], None, LODGING[n]), (ids["org_schedule"], None, 4)]


def _section(body, item_id):
    start = body.index(f'data-item="{item_id}"')
    return body[start:body.index("</section>", start)]


def test_the_numbers_of_a_known_set_of_answers(app, browser, client, platform):
    made = make_form(app, browser, platform)
    form_id = made["activity"].id
    ids = item_ids(form_id)
    for n in range(10):
        respond(form_id, _answers(ids, n))
    close(form_id)
    response = report_of(client, made["teacher"])
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'data-testid="report-withheld"' not in body
    assert re.search(r'data-testid="response-count">10<', body)

    info = _section(body, ids["org_information"])
    assert 'data-testid="median">3<' in info and 'data-testid="quartiles">2–4<' in info
    assert 'data-testid="top-box">70%<' in info
    assert 'data-testid="item-index">75.00 · Not quite good' in info  # the teacher reads English
    counts = re.findall(r'data-testid="count">(\d+)<', info)
    percents = re.findall(r'data-testid="percent">([\d.,]+%)<', info)
    assert counts == ["1", "2", "3", "4"] and percents == ["10%", "20%", "30%", "40%"]
    assert 'data-testid="chart"' in info and "data-chart=" in info

    lodging = _section(body, ids["fac_lodging"])
    assert 'data-testid="median">4<' in lodging and "Not applicable (not counted)" in lodging
    assert 'data-testid="item-index">92.86 · Very good' in lodging

    nps = _section(body, ids["nps"])
    assert 'data-testid="nps-score">20<' in nps
    assert 'data-testid="nps-promoters">5 · 50%' in nps and 'data-testid="nps-detractors">3 · 30%' in nps

    index = body[body.index('data-testid="run-index"'):]
    # the run: the mean of the item means (3.0, 4.0 and 4 × 5/7 ≈ 3.714) × 25 = 89.29
    assert 'data-testid="index">89.29<' in index[:400]


def test_indonesian_number_formats_and_a_target(app, browser, client, platform):
    made = make_form(app, browser, platform)
    form_id = made["activity"].id
    ids = item_ids(form_id)
    for n in range(10):
        respond(form_id, _answers(ids, n))
    form = close(form_id)
    form.index_target = 80
    db.session.commit()
    teacher = token_of(browser.launch_with("instructor", **custom_activity(made["activity"]), **INDONESIAN))
    body = report_of(client, teacher).get_data(as_text=True)
    lodging = _section(body, ids["fac_lodging"])
    assert 'data-testid="item-index">92,86 · Sangat Baik' in lodging
    info = _section(body, ids["org_information"])
    assert "75,00" in info and "di bawah target" in info


def test_the_response_rate_against_the_roster(app, browser, client, platform):
    made = make_form(app, browser, platform, feedback_anonymous="0")
    form_id = made["activity"].id
    extra = [m["user_id"] for m in platform.ags.add_members(8)]  # learners 4, 5 and 8 more: 10 learners
    ids = item_ids(form_id)
    for n, sub in enumerate(["4", *extra[:6]]):
        respond(form_id, _answers(ids, n))
        complete(form_id, sub)
    complete(form_id, "3")  # the teacher (not a learner) is not counted
    body = report_of(client, made["teacher"]).get_data(as_text=True)
    rate = body[body.index('data-testid="response-rate"'):]
    assert "70%" in rate[:80]
    assert "7 of 10 learners" in rate[:200]
    waiting = re.findall(r'data-testid="waiting" data-user="([^"]+)"', body)
    assert sorted(waiting) == sorted(["5", extra[6], extra[7]])


def test_no_roster_service_is_said(app, browser, client, platform):
    made = make_form(app, browser, platform)
    course = Course.query.one()
    course.nrps_url = None
    db.session.commit()
    body = report_of(client, made["teacher"]).get_data(as_text=True)
    assert "does not share its participants list" in body


def test_an_anonymous_form_shows_nothing_before_it_closes(app, browser, client, platform):
    made = make_form(app, browser, platform)
    form_id = made["activity"].id
    ids = item_ids(form_id)
    for n in range(10):
        respond(form_id, _answers(ids, n))
    body = report_of(client, made["teacher"]).get_data(as_text=True)
    assert 'data-reason="anonymous_open"' in body and "no closing time yet" in body
    assert 'data-testid="report-item"' not in body and 'data-testid="median"' not in body
    assert re.search(r'data-testid="response-count">10<', body)  # how many answered is not an answer
    form = db.session.get(FeedbackForm, form_id)
    form.close_at = form.created_at.replace(year=2099)
    db.session.commit()
    body = report_of(client, made["teacher"]).get_data(as_text=True)
    assert 'data-reason="anonymous_open"' in body and "shown after it closes, on " in body and "2099" in body
    close(form_id)
    body = report_of(client, made["teacher"]).get_data(as_text=True)
    assert 'data-testid="report-withheld"' not in body and body.count('data-testid="report-item"') >= 10


def test_too_few_responses_and_none(app, browser, client, platform):
    made = make_form(app, browser, platform, feedback_anonymous="0")
    form_id = made["activity"].id
    ids = item_ids(form_id)
    body = report_of(client, made["teacher"]).get_data(as_text=True)
    assert 'data-reason="no_responses"' in body
    for n in range(4):
        respond(form_id, _answers(ids, n))
    body = report_of(client, made["teacher"]).get_data(as_text=True)
    assert 'data-reason="too_few"' in body and "Only 4 response(s), fewer than the minimum group size of 5" in body
    assert 'data-testid="median"' not in body
    respond(form_id, _answers(ids, 4))
    body = report_of(client, made["teacher"]).get_data(as_text=True)
    assert 'data-testid="report-withheld"' not in body and 'data-testid="median"' in body
