"""The confirmation before handing in (issue 16): every finding, line-level ones included, and how many attempts
(kesempatan) remain after this one, instead of saying the budget can never be changed."""
import re

from budgeting_support import GOOD_LINES, save

from lti_tool.budgeting.models import BudgetExercise
from lti_tool.extensions import db


def _confirm(client, exercise, lines):
    return save(client, exercise["learner"], lines, action="submit").get_data(as_text=True)


def test_confirm_shows_line_findings_with_their_line_numbers(exercise, client):
    lines = [GOOD_LINES[0], dict(GOOD_LINES[1], unit_price="1.200.000"),  # above the honorarium's ceiling
             dict(GOOD_LINES[0], unit_price="lima")]  # cannot be read
    body = _confirm(client, exercise, lines)
    found = re.findall(r'data-testid="summary-line-finding"><a href="#line-\d+">([^<]*)</a>: ([^<]*)<', body)
    # Saving groups the lines by account (the two meal lines first), but each keeps its number: the honorarium is
    # still line 2, the unreadable line 3.
    assert any(line == "Baris 2" and "Rp1.200.000" in text for line, text in found), found
    assert any(line == "Baris 3" and "lima" in text for line, text in found), found


def test_confirm_says_how_many_attempts_are_left(exercise, client):
    db.session.get(BudgetExercise, exercise["activity"].id).max_attempts = 3
    db.session.commit()
    body = _confirm(client, exercise, GOOD_LINES)
    text = re.search(r'data-testid="attempts-after">([^<]*)<', body).group(1)
    assert "2 kesempatan" in text and "terakhir" not in text


def test_the_last_attempt_says_so(exercise, client):
    body = _confirm(client, exercise, GOOD_LINES)
    text = re.search(r'data-testid="attempts-after">([^<]*)<', body).group(1)
    assert "terakhir" in text
