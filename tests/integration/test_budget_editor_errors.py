"""The empty editor lists no errors before the learner first saves (issue 16); after a save, an error summary at the
top of the checks links to each line that has a finding (``#line-N``, an anchor on that line)."""
import re

from budgeting_support import GOOD_LINES, save, work_page


def test_the_empty_editor_shows_no_errors(exercise, client):
    body = work_page(client, exercise["learner"])
    assert 'data-testid="general-finding"' not in body and 'data-testid="summary-line-finding"' not in body
    assert 'data-testid="checks-later"' in body and "text-danger" not in body.split('data-testid="checks"')[1][:2000]


def test_after_saving_a_summary_links_to_each_line_with_a_finding(exercise, client):
    lines = [GOOD_LINES[0], dict(GOOD_LINES[1], unit_price="1.200.000")]
    body = save(client, exercise["learner"], lines).get_data(as_text=True)
    assert 'data-testid="general-finding"' in body  # over the ceiling
    links = re.findall(r'data-testid="summary-line-finding"><a href="#line-(\d+)">Baris \1</a>: ([^<]*)<', body)
    assert links and all(f'id="line-{n}"' in body for n, _ in links)
    assert any(n == "2" and "Rp1.200.000" in text for n, text in links), links
