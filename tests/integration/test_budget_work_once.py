"""A budget's pages do each piece of work once per request (issue 16: every page of a 500-line budget in 50 ms):
each line's amount is computed once, each distinct finding's text is made once however often the page shows it,
and a draft not yet saved, whose editor lists no findings, makes no finding texts at all."""
import re

import pytest
from budgeting_support import GOOD_LINES, csrf, save, work_page

from lti_tool.budgeting import findings as stored_findings
from lti_tool.budgeting.domain import budget
from lti_tool.budgeting.models import BudgetSubmission
from lti_tool.budgeting.services import documents
from lti_tool.extensions import db

# Twelve lines over the reference price's tolerance (50.000 ± 10 %): each has a finding, four distinct prices.
LINES = [dict(GOOD_LINES[0], specification=f"Nasi {n}", unit_price=f"{60 + n % 4}.000") for n in range(12)]


@pytest.fixture(autouse=True)
def api(app):
    """The JSON blueprint, registered before the first request when the factory does not register it yet."""
    if "budgeting_api" not in app.blueprints:
        from lti_tool.budgeting.api_views import bp

        app.register_blueprint(bp)


def counted(monkeypatch, module, name):
    """Calls of ``module.name`` from now on, as a list of their arguments."""
    calls, original = [], getattr(module, name)

    def counting(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_an_unsaved_drafts_editor_makes_no_finding_text_and_each_amount_once(exercise, client, monkeypatch):
    token = exercise["learner"]
    work_page(client, token)  # creates the draft
    submission = BudgetSubmission.query.one()
    document = documents.empty_document()
    document["lines"], document["locale"] = LINES, "id"
    submission.document = document  # as a draft kept from before, never saved in the editor (revision 0)
    db.session.commit()
    texts = counted(monkeypatch, documents, "message")
    amounts = counted(monkeypatch, budget, "exact_line_amount")
    body = work_page(client, token)
    assert body.count("data-line=") == len(LINES) and 'data-testid="line-finding"' not in body
    assert texts == []
    assert len(amounts) == len(LINES)


def test_the_live_check_computes_each_lines_amount_once(exercise, client, monkeypatch):
    token = exercise["learner"]
    data = {"csrf_token": csrf(work_page(client, token))}
    for n, line in enumerate(LINES, start=1):
        data.update({f"lines-{n}-{key}": value for key, value in line.items()})
    amounts = counted(monkeypatch, budget, "exact_line_amount")
    answer = client.post(f"/budgeting/api/check?launch={token}", data=data,
                         headers={"X-CSRFToken": data["csrf_token"]}).get_json()
    assert answer["lines"]["1"]["amount"] == "Rp3.600.000" and answer["total"]
    assert all(line["findings"] for line in answer["lines"].values())
    assert len(amounts) == len(LINES)


def test_a_submitted_budgets_pages_make_each_distinct_finding_text_once(exercise, client, monkeypatch):
    token = exercise["learner"]
    confirm = save(client, token, LINES, action="submit").get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', confirm).group(1)
    client.post(f"/budgeting/submit?launch={token}", data={"csrf_token": csrf(confirm), "revision": revision})
    findings = BudgetSubmission.query.one().findings
    distinct = {(f["code"], repr(f["params"])) for f in findings}
    assert len(findings) > len(distinct) >= 4  # the same finding on several lines
    for path in ("/budgeting/", "/budgeting/print"):
        made = counted(monkeypatch, stored_findings, "render")
        body = client.get(f"{path}?launch={token}").get_data(as_text=True)
        assert len(made) == len(distinct), path
        shown = stored_findings.finding_text(next(f for f in findings if f["line_no"]), "id")
        assert shown in body and body.count('data-testid="line-finding"') >= len(LINES)
        monkeypatch.undo()
