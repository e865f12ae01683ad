"""The pages of ``bench/module_review.py`` read a fixed number of SQL statements, whatever the number of comments and
reviewers (no query per comment, reply or reviewer: the bench's 500 comments would make 500 of them): the reviewer's
page (threads with their replies, the author's answers of the round before), the author's round page and the diff
page with the comments carried from version 1 to version 2. Each is counted with 5 comments, then 50 (from more
reviewers, with more replies): the counts must be equal, and the pages must show every comment."""
import pytest
from modules_pages_support import MODULE_V2, freeze, save_draft
from review_support import comment, invite, module_with_version, open_round

from lti_tool.extensions import db
from lti_tool.modules.models import ModuleComment, ModuleVersion
from lti_tool.modules.services.versions import sections_of


@pytest.fixture
def rounds(app, browser, platform, client):
    """Round 1 (closed) on version 1; version 2; round 2 (open, reviewers see each other's comments) on version 2.
    ``grow(n)`` brings each round to ``n`` top-level comments (on sections both versions have) from ``n // 5``
    reviewers, every other one with a reply (the author's or another reviewer's); round 1's are answered."""
    made = module_with_version(app, browser, platform, client)
    save_draft(client, made["teacher"], MODULE_V2)
    freeze(client, made["teacher"])
    second = ModuleVersion.query.filter_by(module_id=made["activity"].id, number=2).one()
    rows = {1: open_round(made["module"], made["version"], number=1, state="closed"),
            2: open_round(made["module"], second, number=2, show_comments=True)}
    before, _ = invite(rows[1], name="Peninjau 0")
    made["me"], made["token"] = invite(rows[2], name="Peninjau 0", previous=before)
    people, done = {1: [before], 2: [made["me"]]}, {1: 0, 2: 0}
    sections = [s.id for s in sections_of(second) if s.id in {s.id for s in sections_of(made["version"])}]
    author = made["activity"].created_by

    def grow(n):
        for number, row in rows.items():
            while len(people[number]) < n // 5:
                people[number].append(invite(row, name=f"Peninjau {len(people[number])}",
                                             group=row.groups[len(people[number]) % len(row.groups)])[0])
            for k in range(done[number], n):
                by, section = people[number][k % len(people[number])], sections[k % len(sections)]
                answered = number == 1 and k % 2
                top = comment(by, section, f"Komentar {k} di ronde {number}", blocking=k % 3 == 0,
                              status="declined" if answered else "open", answer="Tidak relevan" if answered else "")
                if k % 4 == 1:
                    db.session.add(ModuleComment(round_id=row.id, user_id=author, parent_id=top.id,
                                                 section_id=section, body=f"Balasan {k}"))
                    db.session.commit()
                elif k % 2:
                    comment(people[number][(k + 1) % len(people[number])], section, f"Balasan {k}", parent=top)
            done[number] = n

    made["grow"] = grow
    return made


def counted(client, statements, url, marker):
    assert client.get(url).status_code == 200  # warm: templates compiled, the roster read, the first opening noted
    statements.clear()
    response = client.get(url)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True).count(marker)


@pytest.mark.parametrize("page", ["reviewer", "round", "diff"])
def test_the_pages_queries_do_not_grow_with_the_comments(rounds, client, statements, page):
    url, marker = {
        "reviewer": (f"/modules/review/{rounds['token']}/", 'data-testid="thread"'),
        "round": (f"/modules/rounds/2?launch={rounds['teacher']}", 'data-comment="'),
        "diff": (f"/modules/diff?from=1&to=2&launch={rounds['teacher']}", 'data-testid="carried-comment"'),
    }[page]
    seen = {}
    for n in (5, 50):
        rounds["grow"](n)
        seen[n] = counted(client, statements, url, marker)
    assert seen[5][1] == 5 and seen[50][1] == 50  # every comment shown (the diff: round 1's, carried)
    assert seen[5][0] == seen[50][0], f"{seen[5][0]} queries with 5 comments, {seen[50][0]} with 50:\n" + "\n".join(
        statements)


def test_the_reviewer_sees_replies_and_the_answers_of_the_round_before(rounds, client):
    rounds["grow"](10)
    body = client.get(f"/modules/review/{rounds['token']}/").get_data(as_text=True)
    assert body.count('data-testid="thread"') == 10 and body.count('data-testid="comment-body">Balasan ') == 5
    assert body.count('data-testid="previous-answer"') == 5  # Peninjau 0's comments of round 1 (of 2 reviewers)
    assert body.count('data-testid="comment-author">Module author') + body.count(
        'data-testid="comment-author">Penulis modul') == 3  # the author's replies (k = 1, 5, 9)
