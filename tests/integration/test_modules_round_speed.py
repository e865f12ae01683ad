"""The author's round page with 30 reviewers and 500 comments (50 sections, ~20,000 words): a fixed, small number of
queries whatever the number of comments, and fast (the issue's budget is 200 ms server time; here, on a shared test
machine, the check is looser and the median is printed)."""
import statistics
import time

from modules_pages_support import make_module
from rounds_support import big_round


def test_the_round_page_of_a_big_round_uses_few_queries_and_is_fast(app, browser, platform, client, statements):
    made = make_module(app, browser, platform)
    big_round(made["activity"], made["activity"].created_by)
    url = f"/modules/rounds/1?launch={made['teacher']}"
    assert client.get(url).status_code == 200  # warm (templates compiled)
    statements.clear()
    page = client.get(url).get_data(as_text=True)
    comment_queries = [s for s in statements if "module_comment" in s]
    reviewer_queries = [s for s in statements if "FROM module_reviewer" in s]
    assert len(comment_queries) <= 2 and len(reviewer_queries) <= 2, statements
    assert len(statements) <= 30, "\n".join(statements)
    assert page.count('data-comment="') == 500 and page.count('data-testid="reply"') == 100
    assert page.count('data-reviewer="') == 30
    times = []
    for _ in range(5):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    print(f"round page, 30 reviewers, 500 comments: median {statistics.median(times):.0f} ms")
    assert statistics.median(times) < 500  # 200 ms is the budget on an idle machine (bench)
