"""The review report of a round ("Berita Acara Hasil Reviu Modul"): everything the printable page, the PDF and the
XLSX show, as one tree of plain frozen dataclasses built by ``round_report(module, round_row)``.

- Scores are the domain's statistics (``approval.evaluate`` through ``review_data.evaluate_round``): per group and
  criterion the number of submitted scores, the lower median (``"2–3"`` when the upper median differs) and the
  distribution over the scale's points. Never a mean: the scales are ordinal.
- Reviewers whose link was revoked are listed, marked, and left out of the statistics (as the approval rule does);
  their comments stay (a comment is never silently dropped).
- Comments are grouped by the version's sections in reading order (a section the version does not have comes last),
  blocking comments first within a section, then oldest first; each with its quote, the author's answer and the
  replies.
- Texts (group, criterion, recommendation, status names) are resolved in the reader's language when the tree is
  built; times stay naive UTC ``datetime`` (each format shows them in the configured zone, ``formats``).
- A handful of queries whatever the size: the version (without its Markdown), the reviewers, every comment of the
  round at once (replies hung on their parents here), the users named, and the evaluation.
"""
from ...clock import utcnow
from ...extensions import db
from ...lti.models import LtiUser
from .. import labels
from .. import report_labels as texts
from ..domain.problems import ModuleError
from ..domain.reviews import CommentStatus
from ..models import ModuleComment, ModuleVersion
from . import review_data
from .report_rows import CommentRow, DecisionRow, GroupRow, ReplyRow, Report, ReviewerRow, ScoreRow, SectionComments
from .settings import load as load_settings


def round_report(module, round_row):
    """The report of ``round_row`` (a round of ``module``: the caller looked it up within the module)."""
    settings = load_settings(module.settings)
    version = (ModuleVersion.query.filter_by(id=round_row.version_id)
               .options(db.defer(ModuleVersion.markdown)).one())
    reviewers = list(round_row.reviewers)
    by_reviewer = {r.id: r for r in reviewers}
    comments = ModuleComment.query.filter_by(round_id=round_row.id).order_by(ModuleComment.id).all()
    user_ids = {round_row.decided_by, version.created_by} | {c.user_id for c in comments} \
        | {c.answered_by for c in comments}
    user_ids.discard(None)
    users = {u.id: u.name or u.sub for u in LtiUser.query.filter(LtiUser.id.in_(user_ids))} if user_ids else {}

    group_names = {g["id"]: labels.group_name(g) for g in settings.groups}
    criterion_info = {c["id"]: c for c in settings.criteria}
    criteria = review_data.round_criteria(round_row, settings)
    try:
        decision = review_data.evaluate_round(round_row, settings)
        rule = review_data.round_rule(round_row)
    except ModuleError:
        decision = rule = None

    def group_name(group_id):
        return group_names.get(group_id) or labels.group_name({"id": group_id})

    def criterion_name(criterion_id):
        return labels.criterion_name(criterion_info.get(criterion_id) or {"id": criterion_id})

    active = [r for r in reviewers if r.revoked_at is None]
    groups = _groups(round_row, criteria, active, rule, decision, group_name, criterion_name)
    scores = _scores(decision, criteria, rule, group_name, criterion_name) if decision else ()
    sections = _sections(version, comments, by_reviewer, users, group_name)
    top = [c for c in comments if c.parent_id is None]
    return Report(
        module_title=module.activity.title, course=module.activity.course.title or module.activity.course.label,
        version_number=version.number, version_date=version.created_at,
        version_author=users.get(version.created_by, ""), round_number=round_row.number, state=round_row.state,
        state_label=str(texts.REPORT_ROUND_STATES.get(round_row.state, round_row.state)),
        deadline=round_row.deadline, opened_at=round_row.opened_at, closed_at=round_row.closed_at,
        decided_at=round_row.decided_at, groups=groups,
        reviewers=tuple(_reviewer(r, group_name) for r in active + [r for r in reviewers if r.revoked_at]),
        scores=scores, rule_lines=_rule_lines(rule, group_name, criterion_name) if rule else (),
        rule_met=decision.met if decision else None,
        unmet=tuple(texts.unmet_reason(p, group_name, criterion_name) for p in decision.unmet) if decision else (),
        comment_count=len(top), blocking_count=sum(1 for c in top if c.blocking),
        open_blocking=sum(1 for c in top if c.blocking and c.status == CommentStatus.OPEN),
        sections=sections, decision=_decision(round_row, users), generated_at=utcnow())


def _groups(round_row, criteria, active, rule, decision, group_name, criterion_name):
    needs = {g.group: g.min_reviews for g in rule.groups} if rule else {}
    tallies = decision.recommendations if decision else {}
    rows = []
    for group in round_row.groups:
        tally = tallies.get(group, {})
        rows.append(GroupRow(
            id=group, name=group_name(group), criteria=tuple(criterion_name(c.id) for c in criteria.get(group, ())),
            invited=sum(1 for r in active if r.group == group),
            submitted=sum(1 for r in active if r.group == group and r.review_state == "submitted"),
            min_reviews=needs.get(group),
            recommendations=tuple((str(label), tally.get(code, 0))
                                  for code, label in texts.RECOMMENDATIONS_REPORT.items())))
    return tuple(rows)


def median_text(median, median_high):
    if median is None:
        return "–"
    return str(median) if median_high in (None, median) else f"{median}–{median_high}"


def _scores(decision, criteria, rule, group_name, criterion_name):
    scales = {(g, c.id): c.scale_max for g, cs in criteria.items() for c in cs}
    needs = {(g.group, c): v for g in rule.groups for c, v in g.min_median.items()} if rule else {}
    rows = []
    for s in decision.stats:
        need = needs.get((s.group, s.criterion))
        rows.append(ScoreRow(
            group=s.group, group_name=group_name(s.group), criterion=s.criterion,
            criterion_name=criterion_name(s.criterion), scale_max=scales.get((s.group, s.criterion), 4), n=s.n,
            median=s.median, median_high=s.median_high, median_text=median_text(s.median, s.median_high),
            distribution=tuple(s.distribution), need=need,
            met=None if need is None else (s.median is not None and s.median >= need)))
    return tuple(rows)


def _reviewer(reviewer, group_name):
    submitted = reviewer.review_state == "submitted"
    code = reviewer.recommendation if submitted else None
    return ReviewerRow(
        id=reviewer.id, name=reviewer.name, institution=reviewer.institution or "", group=reviewer.group,
        group_name=group_name(reviewer.group), external=reviewer.user_id is None, submitted=submitted,
        submitted_at=reviewer.submitted_at if submitted else None, recommendation=code,
        recommendation_label=str(texts.RECOMMENDATIONS_REPORT.get(code, "")) if code else "",
        revoked=reviewer.revoked_at is not None, revoked_at=reviewer.revoked_at)


def _rule_lines(rule, group_name, criterion_name):
    lines = [texts.rule_line(group_name(g.group), g.min_reviews,
                              [(criterion_name(c), v) for c, v in g.min_median.items()]) for g in rule.groups]
    if rule.no_open_blocking:
        lines.append(str(texts.REPORT_TEXTS["no_open_blocking"]))
    return tuple(lines)


def _quote(anchor):
    if isinstance(anchor, dict):
        exact = anchor.get("exact")
        return exact if isinstance(exact, str) else ""
    return ""


def _comment(comment, replies, title, by_reviewer, users, group_name):
    reviewer = by_reviewer.get(comment.reviewer_id)
    return CommentRow(
        id=comment.id, section_id=comment.section_id, section_title=title,
        reviewer=reviewer.name if reviewer else users.get(comment.user_id, ""),
        institution=reviewer.institution if reviewer else "",
        group_name=group_name(reviewer.group) if reviewer else "", quote=_quote(comment.anchor), body=comment.body,
        blocking=bool(comment.blocking), status=comment.status,
        status_label=str(texts.REPORT_COMMENT_STATUSES.get(comment.status, comment.status)),
        answer_text=texts.answer_text(comment.status, comment.answered_in, comment.answer or ""),
        answered_by=users.get(comment.answered_by, ""), answered_at=comment.answered_at,
        created_at=comment.created_at,
        replies=tuple(_reply(r, by_reviewer, users) for r in replies))


def _reply(reply, by_reviewer, users):
    reviewer = by_reviewer.get(reply.reviewer_id)
    if reviewer is not None:
        return ReplyRow(reviewer.name, False, reply.body, reply.created_at)
    return ReplyRow(users.get(reply.user_id, "") or str(texts.REPORT_TEXTS["author"]), True, reply.body,
                    reply.created_at)


def _sections(version, comments, by_reviewer, users, group_name):
    """Comments under their sections in the version's order (unknown sections last), blocking first."""
    titles = {s["id"]: s.get("title") or "" for s in version.sections or ()}
    order = {sid: n for n, sid in enumerate(titles)}
    replies = {}
    for c in comments:
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(c)
    grouped = {}
    for c in comments:
        if c.parent_id is None:
            grouped.setdefault(c.section_id, []).append(c)
    result = []
    for sid in sorted(grouped, key=lambda s: (s not in order, order.get(s, 0), s)):
        title = titles.get(sid) or (str(texts.REPORT_TEXTS["intro"]) if sid == "intro" else sid)
        rows = sorted(grouped[sid], key=lambda c: (not c.blocking, c.id))
        result.append(SectionComments(sid, title, sid in titles, tuple(
            _comment(c, _all_replies(c.id, replies), title, by_reviewer, users, group_name) for c in rows)))
    return tuple(result)


def _all_replies(comment_id, replies):
    """A comment's thread flattened, oldest first (a reply to a reply stays in the thread)."""
    found, stack = [], list(replies.get(comment_id, ()))
    while stack:
        reply = stack.pop()
        found.append(reply)
        stack.extend(replies.get(reply.id, ()))
    return sorted(found, key=lambda r: r.id)


def _decision(round_row, users):
    decided = round_row.state == "decided" and round_row.outcome is not None
    reason = round_row.reason or ""
    against = bool(round_row.against_rule)
    return DecisionRow(
        decided=decided, outcome=round_row.outcome if decided else None,
        outcome_label=str(texts.REPORT_OUTCOMES.get(round_row.outcome, "")) if decided else "",
        reason=reason, against_rule=against, text=texts.decision_text(round_row.outcome, against, reason, decided),
        decided_by=users.get(round_row.decided_by, ""), decided_at=round_row.decided_at)
