"""The report's aggregation is done in SQL: the page reads a fixed number of statements whatever the number of
responses (none is loaded one by one), counted with 5 responses and with 50, for the staff's page (with the roster's
rate and the non-respondents of a named form) and for a facilitator's."""
import pytest
from feedback_report_support import close, complete, report_of, respond, set_persons
from feedback_support import item_ids, learner_token, make_form

from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackItem


def _grow(form_id, ids, have, want, people=False):
    for n in range(have, want):
        answers = [(ids[key], None, 1 + (n + k) % 4) for k, key in enumerate(ids) if key.startswith(("org_", "fac_"))]
        answers += [(ids["nps"], None, n % 11), (ids["best"], None, f"Materi {n} sangat berguna")]
        if people:
            answers += [(ids["org_information"], person, 1 + (n + person) % 4) for person in (1, 2)]
        respond(form_id, answers)
        complete(form_id, "4" if n == 0 else f"x{n}")


def _counted(client, statements, token, marker):
    assert report_of(client, token).status_code == 200  # warm: templates compiled, the roster read and cached
    statements.clear()
    response = report_of(client, token)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True).count(marker)


@pytest.mark.parametrize("viewer", ["staff", "facilitator"])
def test_the_report_reads_a_fixed_number_of_statements(app, browser, client, platform, statements, viewer):
    made = make_form(app, browser, platform, feedback_anonymous="0")
    form_id = made["activity"].id
    ids = item_ids(form_id)
    set_persons(form_id, "Dr. Ani", "Budi", links={1: "5"})
    db.session.get(FeedbackItem, ids["org_information"]).type = "person_rating"  # rated per facilitator too
    db.session.commit()
    close(form_id)
    token = made["teacher"] if viewer == "staff" else learner_token(browser, made["activity"], sub="5")
    marker = 'data-testid="report-item"' if viewer == "staff" else 'data-testid="person-row"'
    seen = {}
    have = 0
    for n in (5, 50):
        _grow(form_id, ids, have, n, people=True)
        have = n
        seen[n] = _counted(client, statements, token, marker)
    assert seen[5][1] == seen[50][1] > 0
    assert seen[5][0] == seen[50][0], f"{seen[5][0]} statements with 5 responses, {seen[50][0]} with 50:\n" + \
        "\n".join(statements)
