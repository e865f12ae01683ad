"""The instructor's dashboard of a budgeting exercise: every learner's state, filters, struggles and the export."""
import io
import re

import openpyxl
import pytest
from budgeting_support import GOOD_LINES, csrf, save
from support import custom_activity

from lti_tool.budgeting.models import BudgetExercise, BudgetSubmission
from lti_tool.extensions import db
from lti_tool.formats import format_number
from lti_tool.lti.models import LtiUser

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


@pytest.fixture(autouse=True)
def _dashboard_registered(app):
    """Until the budgeting kind registers the dashboard itself (before any request: Flask refuses it after)."""
    if "budgeting_dashboard" not in app.blueprints:
        from lti_tool.budgeting import dashboard_views

        app.register_blueprint(dashboard_views.bp)


def _learner(browser, activity, sub, name, email, locale):
    """A launch token for another learner of the course (the fake Moodle's roster names them)."""
    resp = browser.launch_with("student", sub=sub, name=name, email=email, **custom_activity(activity),
                               **{LTI + "launch_presentation": {"locale": locale}})
    return resp.headers["Location"].split("launch=")[1]


def _submit(client, token, lines, **kw):
    confirm = save(client, token, lines, action="submit", **kw).get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', confirm).group(1)
    client.post(f"/budgeting/submit?launch={token}", data={"csrf_token": csrf(confirm), "revision": revision})


def _dashboard(client, token, query=""):
    resp = client.get(f"/budgeting/dashboard/?launch={token}{query}")
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    return resp.get_data(as_text=True)


def _states(body):
    return dict(re.findall(r'<tr data-user="([^"]+)" data-state="([^"]+)">', body))


@pytest.fixture
def course(exercise, browser, client, platform):
    """Sam (4) graded at Rp 9.000.000, Sally (5, English pages) submitted for review at Rp 3.000.000, learner 1000
    with a saved draft, learner 1001 not started; neither Sam nor Sally filled the location."""
    platform.ags.add_members(2)
    _submit(client, exercise["learner"], GOOD_LINES, header={"lokasi": ""})
    db.session.get(BudgetExercise, exercise["activity"].id).review_required = True
    db.session.commit()
    sally = _learner(browser, exercise["activity"], "5", "Sally Scholar", "student2@example.com", "en")
    line = dict(GOOD_LINES[0], component="=HYPERLINK(\"http://x\") makan siang", unit_price="50,000")
    _submit(client, sally, [line], header={"lokasi": ""})
    user = LtiUser(issuer=platform.issuer, sub="1000", name="Learner 1000", email="learner1000@example.com")
    db.session.add(user)
    db.session.flush()
    db.session.add(BudgetSubmission(activity_id=exercise["activity"].id, user_id=user.id, attempt=1, status="draft",
                                    document={"lines": []}, revision=2))
    db.session.commit()
    return dict(exercise, sally=sally)


def test_every_learner_on_the_roster_with_their_state(course, client):
    body = _dashboard(client, course["teacher"])
    assert _states(body) == {"4": "graded", "5": "submitted", "1000": "draft", "1001": "not_started"}
    rows = dict(re.findall(r'<tr data-user="([^"]+)"[^>]*>(.*?)</tr>', body, re.S))
    assert "Rp9,000,000" in rows["4"] and "text-danger" in rows["4"]  # over the ceiling of Rp5,000,000
    assert "Rp3,000,000" in rows["5"] and "Give a grade" in rows["5"]
    assert "Rp" not in rows["1001"] and "Sam Student" in rows["4"]
    assert 'data-user="3"' not in body  # the teacher is not a learner


def test_filter_by_state_and_search(course, client):
    assert _states(_dashboard(client, course["teacher"], "&state=not_started")) == {"1001": "not_started"}
    assert set(_states(_dashboard(client, course["teacher"], "&q=SALLY"))) == {"5"}
    assert set(_states(_dashboard(client, course["teacher"], "&q=student1@example"))) == {"4"}
    assert set(_states(_dashboard(client, course["teacher"], "&state=graded&q=learner"))) == set()
    body = _dashboard(client, course["teacher"], "&state=bogus")  # an unknown state shows everyone
    assert len(_states(body)) == 4


def test_learners_cannot_open_the_dashboard(course, client):
    assert client.get(f"/budgeting/dashboard/?launch={course['learner']}").status_code == 403
    assert client.get(f"/budgeting/dashboard/export.xlsx?launch={course['sally']}").status_code == 403


def test_struggles_show_the_most_frequent_finding_and_the_ceiling(course, client):
    body = _dashboard(client, course["teacher"])
    section = body.split('data-testid="struggles"', 1)[1]
    first = re.search(r'<tr data-code="([^"]+)">(.*?)</tr>', section, re.S)
    assert first.group(1) == "header_empty"  # both learners left the location empty
    assert '<td class="text-end" data-testid="learners">2</td>' in first.group(2)
    assert "The header field Location is empty." in first.group(2)  # the page's language (English)
    over = re.search(r'<tr data-code="over_ceiling">(.*?)</tr>', section, re.S).group(1)
    assert 'data-testid="learners">1<' in over
    assert re.search(r'data-testid="over">1<', section) and re.search(r'data-testid="within">1<', section)
    assert re.search(r'data-testid="median">Rp6,000,000<', section)  # (3.000.000 + 9.000.000) / 2
    client.post("/language", data={"csrf_token": csrf(body), "lang": "id", "launch": course["teacher"]})
    section = _dashboard(client, course["teacher"]).split('data-testid="struggles"', 1)[1]
    assert "Kolom Lokasi pada Identitas Sub Kegiatan belum diisi." in section and "Rp6.000.000" in section


def test_export_holds_every_learner_and_every_line(course, client):
    resp = client.get(f"/budgeting/dashboard/export.xlsx?launch={course['teacher']}")
    assert resp.status_code == 200 and resp.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(resp.data))
    summary, lines = book.worksheets
    people = {row[2]: row for row in summary.iter_rows(min_row=2, values_only=True)}
    assert set(people) == {"4", "5", "1000", "1001"}
    assert people["4"][5] == 9_000_000 and people["4"][6] == 5_000_000 and people["4"][3] == "graded"
    assert people["5"][5] == 3_000_000 and people["1001"][5] is None and people["1001"][3] == "not started"
    rows = list(lines.iter_rows(min_row=2, values_only=True))
    assert sorted((r[0], r[10]) for r in rows) == [("Sally Scholar", 3_000_000), ("Sam Student", 3_000_000),
                                                   ("Sam Student", 6_000_000)]
    cell = next(c for c in lines["E"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"  # a learner's text is never a formula


def test_roster_failure_still_shows_the_page(course, client, platform):
    platform.ags.down = True
    body = _dashboard(client, course["teacher"], "&refresh=1")
    assert 'data-testid="roster-problem"' in body and "503" in body
    assert set(_states(body)) == {"4", "5", "1000"}  # those with a budget are still shown


def test_course_overview_shows_each_learners_budget_state(course, client):
    """The budgeting kind's summary in the course overview: the state in the page's words, the grade once graded."""
    body = client.get(f"/activities/overview?launch={course['teacher']}").get_data(as_text=True)
    rows = dict(re.findall(r'<tr data-user="([^"]+)"[^>]*>(.*?)</tr>', body, re.S))
    cells = {user: re.findall(r'<td class="small">(.*?)</td>', row, re.S) for user, row in rows.items()}
    sam = BudgetSubmission.query.join(LtiUser).filter(LtiUser.sub == "4").one()
    assert cells["4"] == [f"graded · {format_number(sam.final_score, 'en')}"]  # (partial credit: 79.67)
    assert cells["5"] == ["submitted, to be graded"] and cells["1000"] == ["draft"]
    assert "not started" in cells["1001"][0]


def test_one_navigation_entry_is_active_and_emails_wrap_only_between_words(course, client):
    """Issue 16: the state filter looked like a second navigation with its own active entry, and e-mail addresses
    were broken in the middle of a word (``text-break``)."""
    body = _dashboard(client, course["teacher"])
    assert len(re.findall(r'class="nav-link active"', body)) == 1
    assert body.count('aria-current="page"') == 1
    assert 'data-testid="staff-nav-budgeting_dashboard.index" ' not in body or re.search(
        r'class="nav-link active" aria-current="page" data-testid="staff-nav-budgeting_dashboard.index"', body)
    sally = re.search(r'<tr data-user="5"[^>]*>(.*?)</tr>', body, re.S).group(1)
    assert "text-break" not in sally
    assert "student2<wbr>@example<wbr>.com" in sally


def test_a_finding_repeated_on_lines_of_one_budget_counts_once(exercise, client):
    """Issue 16: the most frequent findings count budgets (submissions), not how often a finding repeats."""
    over = dict(GOOD_LINES[1], unit_price="1.500.000")  # above the SBU ceiling of Rp1.000.000, on two lines
    _submit(client, exercise["learner"], [over, dict(over, specification="Eselon IV")])
    section = _dashboard(client, exercise["teacher"]).split('data-testid="struggles"', 1)[1]
    table = section.split('data-testid="struggle-table"', 1)[1].split("</table>", 1)[0]
    assert "Times found" not in table and len(re.findall(r"<th[ >]", table)) == 2
    counts = re.findall(r'data-testid="learners">(\d+)<', table)
    assert counts and set(counts) == {"1"}
    budget = BudgetSubmission.query.one()
    codes = [f["code"] for f in budget.findings if f.get("line_no")]
    assert len(codes) > len(set(codes))  # the same finding on both lines


def test_over_the_ceiling_is_said_without_a_negative_remainder(course, client):
    body = client.get(f"/budgeting/?launch={course['learner']}").get_data(as_text=True)
    assert 'data-testid="rka-balance"' in body
    balance = re.search(r'<tr class="text-danger" data-testid="rka-balance">(.*?)</tr>', body, re.S).group(1)
    assert "Melebihi pagu" in balance and "Rp4.000.000" in balance and "-Rp" not in body
