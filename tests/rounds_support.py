"""Review rounds built directly with the models, for the author's round pages: reviewers (personal-link hashes from
``review_data.new_token()``), their reviews (scores, recommendation, submitted) and comments with replies — the parts
other pages (inviting, the reviewer's own pages) make in real use."""
import re
from datetime import timedelta

from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.modules.models import ModuleComment, ModuleReviewer, ModuleRound
from lti_tool.modules.services.review_data import new_token

CRITERIA = ("relevance", "accuracy", "clarity", "usability", "culture")


def round_row(activity, number):
    return ModuleRound.query.filter_by(module_id=activity.id, number=number).one()


def add_reviewer(round_row, group="pemda", name="Ibu Sari", institution="Bappeda", **fields):
    """A reviewer invited to the round; returns the row (its token is thrown away)."""
    _token, token_hash = new_token()
    reviewer = ModuleReviewer(round_id=round_row.id, group=group, name=name, institution=institution,
                              token_hash=token_hash, **fields)
    db.session.add(reviewer)
    db.session.commit()
    return reviewer


def submit_review(reviewer, score=None, scores=None, recommendation="approve"):
    """The reviewer's review submitted: every criterion ``score`` (or ``scores``)."""
    reviewer.scores = dict(scores) if scores is not None else dict.fromkeys(CRITERIA, score)
    reviewer.recommendation = recommendation
    reviewer.review_state = "submitted"
    reviewer.submitted_at = utcnow()
    reviewer.opened_at = reviewer.opened_at or utcnow() - timedelta(hours=1)
    db.session.commit()
    return reviewer


def add_comment(reviewer, body="Perlu contoh dari desa kami.", section="pendahuluan", blocking=False,
                exact=None, **fields):
    anchor = None
    if exact:
        anchor = {"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": "", "section": section,
                  "position": 0}
    comment = ModuleComment(round_id=reviewer.round_id, reviewer_id=reviewer.id, section_id=section, anchor=anchor,
                            body=body, blocking=blocking, **fields)
    db.session.add(comment)
    db.session.commit()
    return comment


def csrf_of(body):
    return re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)


def post_round(client, token, number, action, **data):
    """POST a round page's form (``action``: setup, open, close, extend, decide, next, answer, reply)."""
    page = client.get(f"/modules/rounds/{number}?launch={token}").get_data(as_text=True)
    return client.post(f"/modules/rounds/{number}/{action}?launch={token}", data=dict(data, csrf_token=csrf_of(page)))


def new_round(client, token, version=1, groups=("pemda",), criteria=CRITERIA, date="2099-01-31", time="17:00",
              **extra):
    page = client.get(f"/modules/rounds?launch={token}").get_data(as_text=True)
    data = {"csrf_token": csrf_of(page), "version": str(version), "groups": list(groups),
            "deadline_date": date, "deadline_time": time}
    for group in groups:
        data[f"criteria-{group}"] = list(criteria)
    data.update(extra)
    return client.post(f"/modules/rounds?launch={token}", data=data)


def message(client, response):
    """The page a POST redirected to (its flashed message)."""
    return client.get(response.headers["Location"]).get_data(as_text=True)


def big_round(activity, user_id=None, reviewers=30, comments=500, seed=13):
    """Round 1, open, on a version of 50 sections (~20,000 words) with ``reviewers`` reviewers (all submitted) and
    ``comments`` comments anchored on it (every tenth blocking, every fifth with a reply): the benchmark's round."""
    from modules_support import anchors_on, module_markdown

    from lti_tool.modules.domain.sections import split_sections, word_count
    from lti_tool.modules.models import ModuleVersion
    from lti_tool.modules.services.versions import sections_json

    sections = split_sections(module_markdown(seed=seed))
    version = ModuleVersion(module_id=activity.id, number=1, markdown="", sections=sections_json(sections),
                            word_count=word_count(sections), created_by=user_id)
    db.session.add(version)
    db.session.flush()
    row = ModuleRound(module_id=activity.id, number=1, version_id=version.id, groups=["pemda", "masyarakat"],
                      criteria={g: list(CRITERIA) for g in ("pemda", "masyarakat")},
                      rule={"no_open_blocking": True, "groups": {g: {"min_reviews": 1, "min_median": dict.fromkeys(
                          CRITERIA, 3)} for g in ("pemda", "masyarakat")}},
                      deadline=utcnow() + timedelta(days=7), state="open", opened_at=utcnow())
    db.session.add(row)
    db.session.flush()
    people = []
    for n in range(reviewers):
        people.append(ModuleReviewer(round_id=row.id, group=("pemda", "masyarakat")[n % 2], name=f"Peninjau {n}",
                                     institution=f"Lembaga {n}", token_hash=new_token()[1],
                                     scores={c: 1 + (n + i) % 4 for i, c in enumerate(CRITERIA)},
                                     recommendation="approve", review_state="submitted", submitted_at=utcnow(),
                                     opened_at=utcnow()))
    db.session.add_all(people)
    db.session.flush()
    tops = []
    for n, anchor in enumerate(anchors_on(sections, comments)):
        tops.append(ModuleComment(round_id=row.id, reviewer_id=people[n % reviewers].id, section_id=anchor.section_id,
                                  anchor=anchor.to_dict(), body=f"Komentar {n}: perlu diperjelas.\nBaris dua.",
                                  blocking=n % 10 == 0))
    db.session.add_all(tops)
    db.session.flush()
    db.session.add_all(ModuleComment(round_id=row.id, parent_id=c.id, user_id=user_id, section_id=c.section_id,
                                     body="Terima kasih, akan kami perbaiki.") for c in tops[::5])
    db.session.commit()
    return row
