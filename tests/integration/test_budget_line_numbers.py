"""Line numbers in the budget editor stay put: a line keeps its number when earlier lines are removed, and a plain
save (without JavaScript) returns to the line worked on (``#line-N``), not to the top of the page."""
import re

from budgeting_support import GOOD_LINES, csrf, save, work_page

from lti_tool.budgeting.models import BudgetSubmission

THIRD = dict(GOOD_LINES[1], component="Honor moderator", reference_code="")


def post(client, token, fields, action="save"):
    body = work_page(client, token)
    data = {"csrf_token": csrf(body), "revision": re.search(r'name="revision" value="(\d+)"', body).group(1),
            "action": action}
    data.update((k, v) for k, v in re.findall(r'name="(lines-\d+-[a-z_]+)" value="([^"]*)"', body)
                if not k.endswith(("-remove", "-ppn")))  # the boxes' values are "1" whether ticked or not
    data.update(fields)
    return client.post(f"/budgeting/save?launch={token}", data=data)


def test_a_line_keeps_its_number_when_an_earlier_line_is_removed(exercise, client):
    token = exercise["learner"]
    save(client, token, [GOOD_LINES[0], GOOD_LINES[1], THIRD])
    post(client, token, {"lines-1-remove": "1"})
    body = work_page(client, token)
    assert 'name="lines-1-component"' not in body
    assert re.search(r'name="lines-3-component" value="Honor moderator"', body)
    assert re.search(r'name="lines-2-component" value="Honor narasumber"', body)
    assert [line.get("no") for line in BudgetSubmission.query.one().document["lines"]] == [2, 3]
    # a new line takes the next number, never one in use
    resp = post(client, token, {}, action="add")
    assert resp.headers["Location"].endswith("#line-4")
    assert 'name="lines-4-component"' in work_page(client, token)


def test_a_plain_save_returns_to_the_line_worked_on(exercise, client):
    token = exercise["learner"]
    save(client, token, [GOOD_LINES[0], GOOD_LINES[1], THIRD])
    resp = post(client, token, {"lines-2-koefisien": "2 orang × 4 jam"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("#line-2")
    resp = post(client, token, {})  # nothing changed: the top of the lines
    assert "#line-" not in resp.headers["Location"]


def test_the_live_check_answers_by_the_lines_own_numbers(exercise, client):
    token = exercise["learner"]
    body = work_page(client, token)
    data = {"csrf_token": csrf(body)}
    for n, line in ((2, GOOD_LINES[0]), (5, dict(GOOD_LINES[1], unit_price="lima"))):
        data.update({f"lines-{n}-{k}": v for k, v in line.items()})
    answer = client.post(f"/budgeting/api/check?launch={token}", data=data,
                         headers={"X-CSRFToken": data["csrf_token"]}).get_json()
    assert set(answer["lines"]) == {"2", "5"}
    assert answer["lines"]["2"]["amount"] == "Rp3.000.000" and answer["lines"]["5"]["error"]
