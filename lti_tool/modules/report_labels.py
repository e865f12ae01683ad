"""The texts of the review report of a round (services/report.py and its formats), in the gettext catalogue."""
from flask_babel import lazy_gettext as _l

REPORT_ROUND_STATES = {"draft": _l("in preparation"), "open": _l("open"), "closed": _l("closed"),
                       "decided": _l("decided")}
REPORT_OUTCOMES = {"approved": _l("approved"), "revise": _l("to be revised")}
RECOMMENDATIONS_REPORT = {"approve": _l("approve"), "approve_with_changes": _l("approve with changes"),
                          "reject": _l("reject")}
REPORT_COMMENT_STATUSES = {"open": _l("open"), "addressed": _l("addressed"), "declined": _l("declined")}
REPORT_TEXTS = {
    "title": _l("MODULE REVIEW REPORT"),
    "no_open_blocking": _l("No blocking comment may remain open."),
    "author": _l("the module's author"),
    "intro": _l("Introduction (before the first heading)"),
    "not_decided": _l("The round is not decided yet."),
    "approved": _l("Approved: the approval rule is met."),
    "approved_reason": _l("Approved: the approval rule is met. Note: %(reason)s"),
    "against_rule": _l("Approved without meeting the approval rule, reason: %(reason)s"),
    "revise": _l("To be revised: the author answers the comments and writes the next version."),
    "revise_reason": _l("To be revised, because: %(reason)s"),
    "addressed": _l("Addressed in version %(number)s."),
    "addressed_note": _l("Addressed in version %(number)s: %(note)s"),
    "declined": _l("Declined, because: %(reason)s"),
    "unanswered": _l("Not answered yet."),
    "rule_reviews": _l("%(group)s: at least %(n)s submitted review(s)"),
    "rule_medians": _l("median at least: %(list)s"),
}
RULE_UNMET = {
    "too_few_reviews": _l("%(group)s: %(have)s submitted review(s), at least %(need)s needed."),
    "no_scores": _l("%(group)s: no scores for %(criterion)s (median at least %(need)s needed)."),
    "median_below": _l("%(group)s: the median of %(criterion)s is %(median)s, at least %(need)s needed."),
    "blocking_open": _l("%(count)s blocking comment(s) still open."),
}


def unmet_reason(problem, group_name, criterion_name):
    """Why the approval rule is not met (an ``approval.evaluate`` Problem) in words, groups and criteria named."""
    params = dict(problem.params)
    if "group" in params:
        params["group"] = group_name(params["group"])
    if "criterion" in params:
        params["criterion"] = criterion_name(params["criterion"])
    if problem.code == "median_below" and params.get("median_high") not in (None, params.get("median")):
        params["median"] = f"{params['median']}–{params['median_high']}"
    text = RULE_UNMET.get(problem.code)
    try:
        return str(text) % params if text is not None else str(problem.code)
    except (KeyError, TypeError, ValueError):
        return str(text)


def rule_line(group, min_reviews, medians):
    """One group's condition of the approval rule in words."""
    line = str(REPORT_TEXTS["rule_reviews"]) % {"group": group, "n": min_reviews}
    if medians:
        listed = ", ".join(f"{name} ≥ {value}" for name, value in medians)
        line += "; " + str(REPORT_TEXTS["rule_medians"]) % {"list": listed}
    return line


def answer_text(status, version, answer):
    """The author's answer to a comment as the report prints it."""
    if status == "addressed":
        if answer:
            return str(REPORT_TEXTS["addressed_note"]) % {"number": version or "?", "note": answer}
        return str(REPORT_TEXTS["addressed"]) % {"number": version or "?"}
    if status == "declined":
        return str(REPORT_TEXTS["declined"]) % {"reason": answer}
    return str(REPORT_TEXTS["unanswered"])


def decision_text(outcome, against_rule, reason, decided):
    """The decision as the report prints it: approving against the rule is said so, with the reason."""
    if not decided:
        return str(REPORT_TEXTS["not_decided"])
    if outcome == "approved":
        if against_rule:
            return str(REPORT_TEXTS["against_rule"]) % {"reason": reason}
        return str(REPORT_TEXTS["approved_reason"]) % {"reason": reason} if reason else str(REPORT_TEXTS["approved"])
    return str(REPORT_TEXTS["revise_reason"]) % {"reason": reason} if reason else str(REPORT_TEXTS["revise"])
