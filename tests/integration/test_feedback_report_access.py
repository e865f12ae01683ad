"""Who sees what in the feedback report: small groups of facilitators suppressed with their complement, a facilitator
(a learner launch linked to a person of the form) sees only their own rows, other learners are refused, forms carry a
CSRF token; reminders to those who have not answered (an Indonesian text to copy without SMTP, an email with it), the
report settings and the facilitator's account link on the Settings page."""
import re

import pytest
from feedback_report_support import close, complete, report_of, respond, set_persons
from feedback_support import csrf, item_ids, learner_token, make_form
from test_mail import smtp  # noqa: F401  (the fixture: a real SMTP server on a free port)

from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackAuditEvent, FeedbackForm


def _rated(form_id, ids, sizes):
    """Responses rating facilitator p (1, 2, 3 …) on "mastery" and "method": ``sizes`` {p: how many}; each response
    rates one facilitator (3 = Good for the first, 4 = Very good for the others)."""
    for person, count in sizes.items():
        for n in range(count):
            respond(form_id, [(ids["mastery"], person, 3 if person == 1 else 4),
                              (ids["method"], person, 4 if n % 2 else 3)])


@pytest.fixture
def teachers(app, browser, platform):
    made = make_form(app, browser, platform, feedback_template="pengajar")
    form_id = made["activity"].id
    set_persons(form_id, "Dr. Ani", "Budi, M.Pd.", "Citra", links={1: "5"})  # Ani is Sally's account
    made["ids"] = item_ids(form_id)
    _rated(form_id, made["ids"], {1: 10, 2: 3, 3: 6})
    close(form_id)
    return made


def _rows(body, item_id):
    start = body.index(f'data-item="{item_id}"')
    section = body[start:body.index("</section>", start)]
    return {int(p): rest[:rest.index("</tr>")] for p, rest in
            re.findall(r'data-testid="person-row" data-person="(\d+)">(.*?</tr>)', section, re.S)}, section


def test_a_group_of_three_and_its_complement_are_hidden(teachers, client):
    body = report_of(client, teachers["teacher"]).get_data(as_text=True)
    rows, section = _rows(body, teachers["ids"]["mastery"])
    assert 'data-reason="small"' in rows[2] and 'data-reason="complementary"' in rows[3]
    assert 'data-testid="median">3<' in rows[1] and "group-hidden" not in rows[1]
    assert ">3 <" not in rows[2] and ">6 <" not in rows[3]  # no count of a hidden group
    overall = section[section.index('data-testid="persons-overall"'):]
    assert ">19<" in overall[:200]  # the item's total is shown: 10 + 3 + 6
    assert "fewer answers than the minimum group size" in rows[2]
    chart = re.search(r'data-chart="([^"]+)"', section).group(1)
    assert "Dr. Ani" in chart and "Citra" not in chart and "Budi" not in chart  # the chart draws shown rows only
    index = body[body.index('data-testid="report-index"'):]
    assert 'data-testid="facilitator-index-2"' in index and "every group is too small" in index


def test_a_lower_minimum_shows_the_groups(teachers, client):
    form = db.session.get(FeedbackForm, teachers["activity"].id)
    form.report_minimum = 3
    db.session.commit()
    rows, _section = _rows(report_of(client, teachers["teacher"]).get_data(as_text=True), teachers["ids"]["mastery"])
    assert all("group-hidden" not in row for row in rows.values())


def test_the_facilitator_sees_only_their_own_rows(teachers, browser, client):
    sally = learner_token(browser, teachers["activity"], sub="5")
    page = client.get(f"/feedback/?launch={sally}").get_data(as_text=True)
    assert 'data-testid="facilitator-report-link"' in page
    response = report_of(client, sally)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    rows, section = _rows(body, teachers["ids"]["mastery"])
    assert list(rows) == [1] and 'data-testid="persons-overall"' not in section
    assert "Budi" not in body and "Citra" not in body
    assert 'data-testid="response-rate"' not in body and 'data-testid="non-respondents"' not in body
    assert 'data-testid="staff-nav"' not in body and 'data-testid="run-index"' not in body
    assert 'data-testid="facilitator-index-1"' in body


def test_other_learners_and_wrong_requests_are_refused(teachers, browser, client):
    sam = learner_token(browser, teachers["activity"], sub="4")
    assert report_of(client, sam).status_code == 403
    page = client.get(f"/feedback/?launch={sam}").get_data(as_text=True)
    assert 'data-testid="facilitator-report-link"' not in page
    assert client.post(f"/feedback/report/remind?launch={sam}", data={"csrf_token": csrf(page),
                                                                       "learner": "5"}).status_code == 403
    assert client.post(f"/feedback/report/settings?launch={sam}", data={
        "csrf_token": csrf(page), "report_minimum": "3"}).status_code == 403
    sally = learner_token(browser, teachers["activity"], sub="5")  # a facilitator cannot send reminders either
    assert client.post(f"/feedback/report/remind?launch={sally}", data={"csrf_token": csrf(page),
                                                                         "learner": "4"}).status_code == 403
    teacher = teachers["teacher"]
    assert client.post(f"/feedback/report/settings?launch={teacher}", data={"report_minimum": "3"}).status_code == 400
    assert client.post(f"/feedback/report/remind?launch={teacher}", data={"learner": "4"}).status_code == 400
    assert db.session.get(FeedbackForm, teachers["activity"].id).report_minimum == 5


def test_reminders_without_smtp_give_an_indonesian_text(app, browser, client, platform):
    made = make_form(app, browser, platform, feedback_anonymous="0")
    complete(made["activity"].id, "4")
    body = report_of(client, made["teacher"]).get_data(as_text=True)
    assert re.findall(r'data-testid="waiting" data-user="([^"]+)"', body) == ["5"]
    sent = client.post(f"/feedback/report/remind?launch={made['teacher']}",
                       data={"csrf_token": csrf(body), "learner": ["5", "4", "999"]})
    page = sent.get_data(as_text=True)
    assert sent.status_code == 200
    texts = re.findall(r'data-testid="reminder-text">([^<]+)<', page)
    assert len(texts) == 1 and texts[0].startswith("Yth. Sally Scholar")  # Indonesian for the English teacher
    assert "Evaluasi Penyelenggaraan Latsar" in texts[0]
    event = FeedbackAuditEvent.query.filter_by(action="reminders_sent").one()
    assert event.detail == {"mailed": 0, "texts": 1}
    nobody = client.post(f"/feedback/report/remind?launch={made['teacher']}",
                         data={"csrf_token": csrf(body), "learner": ["4"]}, follow_redirects=True)
    assert "Tick at least one learner" in nobody.get_data(as_text=True)


def test_reminders_by_email(app, browser, client, platform, smtp):  # noqa: F811
    made = make_form(app, browser, platform, feedback_anonymous="0")
    body = report_of(client, made["teacher"]).get_data(as_text=True)
    sent = client.post(f"/feedback/report/remind?launch={made['teacher']}",
                       data={"csrf_token": csrf(body), "learner": ["4", "5"]})
    assert "2 reminder(s) sent by email" in sent.get_data(as_text=True)
    assert sorted(m["to"][0] for m in smtp.messages) == ["student1@example.com", "student2@example.com"]
    assert all(m["message"]["Subject"].startswith("Pengingat: formulir umpan balik") for m in smtp.messages)


def test_no_reminders_for_an_anonymous_form(app, browser, client, platform):
    made = make_form(app, browser, platform)
    body = report_of(client, made["teacher"]).get_data(as_text=True)
    assert 'data-testid="non-respondents"' not in body
    answer = client.post(f"/feedback/report/remind?launch={made['teacher']}",
                         data={"csrf_token": csrf(body), "learner": ["5"]}, follow_redirects=True)
    assert "named form only" in answer.get_data(as_text=True)


def test_report_settings_and_the_facilitator_link(app, browser, client, platform):
    made = make_form(app, browser, platform, feedback_template="pengajar")
    set_persons(made["activity"].id, "Dr. Ani", "Budi")
    teacher = made["teacher"]
    page = client.get(f"/feedback/settings?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="report-settings"' in page and 'name="user_1"' in page and ">Sally Scholar · " in page
    token = csrf(page)
    refused = client.post(f"/feedback/report/settings?launch={teacher}",
                          data={"csrf_token": token, "report_minimum": "2"}, follow_redirects=True)
    assert "from 3 to 50" in refused.get_data(as_text=True)
    client.post(f"/feedback/report/settings?launch={teacher}",
                data={"csrf_token": token, "report_minimum": "4", "index_target": "80,5"})
    form = db.session.get(FeedbackForm, made["activity"].id)
    assert form.report_minimum == 4 and str(form.index_target) == "80.50"
    client.post(f"/feedback/persons?launch={teacher}", data={
        "csrf_token": token, "person_1": "Dr. Ani", "person_2": "Budi", "user_1": "5", "user_2": "not-a-member"})
    db.session.expire_all()
    persons = db.session.get(FeedbackForm, made["activity"].id).persons
    assert persons[0].get("user") == "5" and "user" not in persons[1]
    assert FeedbackAuditEvent.query.filter_by(action="report_settings_changed").count() == 1
    nav = client.get(f"/feedback/report?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="staff-nav-feedback.report"' in nav


def test_a_breakdown_no_hiding_protects_is_withheld(app, browser, client, platform):
    """Facilitators rated 5 and 1 times: hiding the 1 and its complement still pins both (1 + 5 = 6 is the only
    way to a total of 6 with a small and a complementary cell), so both rows are withheld."""
    made = make_form(app, browser, platform, feedback_template="pengajar")
    form_id = made["activity"].id
    set_persons(form_id, "Dr. Ani", "Budi")
    ids = item_ids(form_id)
    _rated(form_id, ids, {1: 5, 2: 1})
    close(form_id)
    rows, section = _rows(report_of(client, made["teacher"]).get_data(as_text=True), ids["mastery"])
    assert 'data-reason="exposed"' in rows[1] and 'data-reason="exposed"' in rows[2]
    assert "data-chart=" in section and "Dr. Ani" not in section[section.index("data-chart="):].split(">")[0]


def test_each_item_of_the_staff_report_opens_a_revision_request(teachers, browser, client):
    body = report_of(client, teachers["teacher"]).get_data(as_text=True)
    mastery = teachers["ids"]["mastery"]
    link = re.search(rf'href="([^"]+)" data-testid="report-finding-{mastery}"', body).group(1).replace("&amp;", "&")
    finding = client.get(link)
    assert finding.status_code == 200 and "data-testid=\"finding-form\"" in finding.get_data(as_text=True)
    sally = learner_token(browser, teachers["activity"], sub="5")
    assert 'data-testid="report-finding-' not in report_of(client, sally).get_data(as_text=True)
