"""The approval rule as data, statistics of the scores, and whether a round's reviews meet the rule.

A rule asks, per stakeholder group, for a minimum number of submitted reviews and a minimum median per criterion
(the criteria may differ per group), and that no blocking comment is open. The scores are ordinal, so the
statistics are the median and the distribution, never a mean. The **median** is the lower median: for an even
number of scores, the lower of the two middle values (``median_high`` is the upper one; the UI may show "2–3" when
they differ). It is always a point of the scale, and it reads simply: the median is at least 3 exactly when more
than half of the reviewers scored 3 or more. A tie (half 2, half 3) is therefore not ≥ 3.

``criteria`` everywhere maps a group to its Criterion tuple (``reviews.Criterion``): the module's review setup.
"""
from collections import Counter
from dataclasses import dataclass, field

from .problems import ModuleError, Problem
from .reviews import Criterion, Recommendation

DEFAULT_GROUPS = ("pemda", "masyarakat", "perguruan_tinggi")  # Pemda/OPD, community and NGOs, universities
DEFAULT_CRITERIA = ("relevance", "accuracy", "clarity", "usability", "culture")
MAX_MIN_REVIEWS = 1000


@dataclass(frozen=True)
class GroupRule:
    group: str
    min_reviews: int = 1  # submitted reviews
    min_median: dict = field(default_factory=dict)  # criterion id → the lowest acceptable (lower) median


@dataclass(frozen=True)
class ApprovalRule:
    groups: tuple = ()  # GroupRule, at most one per group; a group without one has no condition
    no_open_blocking: bool = True

    def to_dict(self):
        """Plain data (JSON): ``{"no_open_blocking": …, "groups": {group: {"min_reviews": …, "min_median": {…}}}}``."""
        return {"no_open_blocking": self.no_open_blocking,
                "groups": {g.group: {"min_reviews": g.min_reviews, "min_median": dict(g.min_median)}
                           for g in self.groups}}

    @classmethod
    def from_dict(cls, data):
        """The rule in ``data`` (as ``to_dict`` writes it); ModuleError ``rule_malformed`` with where, if it is not."""
        def malformed(at):
            return ModuleError("rule_malformed", {"at": at})

        if not isinstance(data, dict) or not isinstance(data.get("groups", {}), dict):
            raise malformed("groups")
        blocking = data.get("no_open_blocking", True)
        if not isinstance(blocking, bool):
            raise malformed("no_open_blocking")
        groups = []
        for name, spec in data.get("groups", {}).items():
            at = f"groups.{str(name)[:40]}"
            if not isinstance(spec, dict):
                raise malformed(at)
            count, medians = spec.get("min_reviews", 1), spec.get("min_median", {})
            if not _is_int(count):
                raise malformed(at + ".min_reviews")
            if not isinstance(medians, dict) or not all(_is_int(v) for v in medians.values()):
                raise malformed(at + ".min_median")
            groups.append(GroupRule(str(name), count, {str(k): v for k, v in medians.items()}))
        return cls(tuple(groups), blocking)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def default_criteria(groups=DEFAULT_GROUPS, scale_max=4):
    """Every group scores the template's criteria (relevance, accuracy, clarity, usability, culture) on 1–4."""
    return {group: tuple(Criterion(c, scale_max) for c in DEFAULT_CRITERIA) for group in groups}


def default_rule(criteria):
    """For a first round: at least one review per group, every criterion's median at least one below the top of
    its scale (3 of 4), no open blocking comment."""
    return ApprovalRule(tuple(GroupRule(group, 1, {c.id: max(1, c.scale_max - 1) for c in group_criteria})
                              for group, group_criteria in criteria.items()))


def validate_rule(rule, criteria):
    """The problems of ``rule`` for this setup (empty when it is sound): unknown groups and criteria, duplicate
    groups, negative or absurd counts, minimum medians outside the criterion's scale."""
    problems, seen = [], set()
    for g in rule.groups:
        if g.group in seen:
            problems.append(Problem("duplicate_group", {"group": g.group}))
        seen.add(g.group)
        if g.group not in criteria:
            problems.append(Problem("unknown_group", {"group": g.group}))
            continue
        if not _is_int(g.min_reviews) or g.min_reviews < 0:
            problems.append(Problem("negative_count", {"group": g.group, "value": g.min_reviews}))
        elif g.min_reviews > MAX_MIN_REVIEWS:
            problems.append(Problem("count_too_large", {"group": g.group, "value": g.min_reviews,
                                                        "max": MAX_MIN_REVIEWS}))
        scales = {c.id: c for c in criteria[g.group]}
        for criterion, value in g.min_median.items():
            if criterion not in scales:
                problems.append(Problem("unknown_criterion", {"group": g.group, "criterion": criterion}))
            elif not scales[criterion].allows(value):
                problems.append(Problem("median_outside_scale", {"group": g.group, "criterion": criterion,
                                                                 "value": value, "min": 1,
                                                                 "max": scales[criterion].scale_max}))
    return tuple(problems)


def rule_from_dict(data, criteria):
    """``ApprovalRule.from_dict`` and ``validate_rule`` at once: the rule, or ModuleError with every problem."""
    rule = ApprovalRule.from_dict(data)
    if problems := validate_rule(rule, criteria):
        raise ModuleError.of(problems)
    return rule


@dataclass(frozen=True)
class CriterionStats:
    group: str
    criterion: str
    n: int  # submitted reviews that scored it
    median: int | None  # the lower median (None without scores)
    median_high: int | None
    distribution: tuple  # the number of scores of 1, 2, … scale_max


def _stats(group, criterion, values):
    values = sorted(v for v in values if criterion.allows(v))
    counts = Counter(values)
    n = len(values)
    return CriterionStats(group, criterion.id, n, values[(n - 1) // 2] if n else None,
                          values[n // 2] if n else None, tuple(counts[p] for p in range(1, criterion.scale_max + 1)))


def statistics(reviews, criteria):
    """CriterionStats for every group and criterion of the setup, from the submitted reviews, in setup order."""
    submitted = [r for r in reviews if r.submitted]
    return tuple(_stats(group, c, [r.scores[c.id] for r in submitted if r.group == group and c.id in r.scores])
                 for group, group_criteria in criteria.items() for c in group_criteria)


def recommendations(reviews):
    """{group: {recommendation: count}} of the submitted reviews (every recommendation listed, zeros included)."""
    tally = {}
    for review in reviews:
        if review.submitted and review.recommendation is not None:
            counts = tally.setdefault(review.group, dict.fromkeys(Recommendation, 0))
            counts[Recommendation(review.recommendation)] += 1
    return tally


@dataclass(frozen=True)
class Decision:
    met: bool
    unmet: tuple  # Problem(code, params), in the rule's order, the open blocking comments last
    stats: tuple  # CriterionStats
    recommendations: dict  # {group: {Recommendation: count}}
    submitted: dict  # {group: number of submitted reviews}


def evaluate(rule, reviews, comments, criteria=None):
    """Whether the submitted ``reviews`` and the ``comments`` meet ``rule``, why not, and the statistics.

    ``criteria`` (the setup) gives the scales; without it each group's criteria are those its rule names,
    on 1–4. A group whose rule asks for no review and that has none is not held to its medians.
    """
    if criteria is None:
        criteria = {g.group: tuple(Criterion(c) for c in g.min_median) for g in rule.groups}
    stats = statistics(reviews, criteria)
    by_key = {(s.group, s.criterion): s for s in stats}
    submitted = Counter(r.group for r in reviews if r.submitted)
    unmet = []
    for g in rule.groups:
        have = submitted[g.group]
        if have < g.min_reviews:
            unmet.append(Problem("too_few_reviews", {"group": g.group, "have": have, "need": g.min_reviews}))
        if have == 0 and g.min_reviews <= 0:
            continue
        for criterion, need in g.min_median.items():
            s = by_key.get((g.group, criterion))
            if s is None or s.median is None:
                unmet.append(Problem("no_scores", {"group": g.group, "criterion": criterion, "need": need}))
            elif s.median < need:
                unmet.append(Problem("median_below", {"group": g.group, "criterion": criterion, "median": s.median,
                                                      "median_high": s.median_high, "need": need, "n": s.n}))
    blocking = sum(1 for c in comments if c.blocks)
    if rule.no_open_blocking and blocking:
        unmet.append(Problem("blocking_open", {"count": blocking}))
    return Decision(not unmet, tuple(unmet), stats, recommendations(reviews), dict(submitted))
