"""A module's settings, stored as JSON on ``Module.settings`` and checked against the domain.

```
{"groups": [{"id": "pemda", "name": ""}, …],            # "" = one of the default groups, named by the UI
 "criteria": [{"id": "relevance", "name": "", "scale_max": 4, "labels": []}, …],   # every group scores these
 "template": "standard" | "own",
 "rule": ApprovalRule.to_dict(),                          # per group: min reviews, min median per criterion
 "jp": 4}                                                 # planned hours of lessons (JP), 1–200
```
The form's fields (the deep-linking dialog and the module's home) all start with ``modules_``. A refusal is a
ModuleRefused(code, params), translated by the page.
"""
from dataclasses import dataclass

from ..domain.approval import DEFAULT_CRITERIA, DEFAULT_GROUPS, ApprovalRule, GroupRule, rule_from_dict
from ..domain.problems import ModuleError
from ..domain.reviews import Criterion
from ..domain.sections import slugify
from . import ModuleRefused

MIN_JP, MAX_JP = 1, 200
DEFAULT_JP = 2
MAX_GROUPS, MAX_CRITERIA, MAX_NAME = 10, 20, 120
MAX_MIN_REVIEWS = 50
SCALE_MAX = 4
TEMPLATES = ("standard", "own")


@dataclass(frozen=True)
class ModuleSettings:
    groups: tuple  # ({"id", "name"}, …)
    criteria: tuple  # ({"id", "name", "scale_max", "labels"}, …)
    template: str
    rule: ApprovalRule
    jp: int

    def domain_criteria(self):
        """{group: (Criterion, …)}: the setup the domain's approval rule and reviews work with."""
        scored = tuple(Criterion(c["id"], c["scale_max"], tuple(c["labels"])) for c in self.criteria)
        return {g["id"]: scored for g in self.groups}

    def to_json(self):
        return {"groups": [dict(g) for g in self.groups], "criteria": [dict(c) for c in self.criteria],
                "template": self.template, "rule": self.rule.to_dict(), "jp": self.jp}

    @property
    def min_reviews(self):
        return min((g.min_reviews for g in self.rule.groups), default=0)

    @property
    def min_median(self):
        return min((v for g in self.rule.groups for v in g.min_median.values()), default=SCALE_MAX - 1)


def _standard_criteria():
    return tuple({"id": c, "name": "", "scale_max": SCALE_MAX, "labels": []} for c in DEFAULT_CRITERIA)


def uniform_rule(groups, criteria, min_reviews, min_median, no_open_blocking=True):
    """The same condition for every group: ``min_reviews`` submitted reviews, each median ≥ ``min_median``."""
    return ApprovalRule(tuple(GroupRule(g["id"], min_reviews, {c["id"]: min_median for c in criteria})
                              for g in groups), no_open_blocking)


def default_settings():
    groups = tuple({"id": g, "name": ""} for g in DEFAULT_GROUPS)
    criteria = _standard_criteria()
    return ModuleSettings(groups, criteria, "standard", uniform_rule(groups, criteria, 1, SCALE_MAX - 1), DEFAULT_JP)


def load(data):
    """The settings stored as ``data``, checked; a damaged or missing value falls back to the defaults."""
    try:
        return _checked(data)
    except (ModuleError, ModuleRefused, KeyError, TypeError, ValueError):
        return default_settings()


def _checked(data):
    groups = tuple({"id": str(g["id"]), "name": str(g.get("name", ""))} for g in data["groups"])
    criteria = tuple({"id": str(c["id"]), "name": str(c.get("name", "")), "scale_max": c["scale_max"],
                      "labels": [str(x) for x in c.get("labels", [])]} for c in data["criteria"])
    if not groups or not criteria or len({g["id"] for g in groups}) != len(groups):
        raise ModuleRefused("groups_missing")
    jp = data["jp"]
    if not isinstance(jp, int) or isinstance(jp, bool) or not MIN_JP <= jp <= MAX_JP:
        raise ModuleRefused("jp_range", min=MIN_JP, max=MAX_JP)
    partial = ModuleSettings(groups, criteria, str(data.get("template", "standard")), ApprovalRule(), jp)
    rule = rule_from_dict(data["rule"], partial.domain_criteria())  # the domain checks the rule against the setup
    return ModuleSettings(groups, criteria, partial.template, rule, jp)


def _names(text, limit, code):
    names, seen = [], set()
    for line in (text or "").replace("\r", "\n").split("\n"):
        name = " ".join(line.split())[:MAX_NAME]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    if len(names) > limit:
        raise ModuleRefused(code, max=limit)
    return names


def _with_ids(names, taken):
    items = []
    for name in names:
        base = slugify(name)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        items.append({"id": candidate, "name": name})
    return items


def _whole_number(text, low, high, code):
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise ModuleRefused(code, min=low, max=high)
    return int(text)


def from_form(form, current=None):
    """ModuleSettings from the ``modules_*`` fields; ModuleRefused names the first field that is wrong."""
    current = current or default_settings()
    chosen = [g for g in DEFAULT_GROUPS if g in form.getlist("modules_groups")]
    groups = [{"id": g, "name": ""} for g in chosen]
    groups += _with_ids(_names(form.get("modules_other_groups"), MAX_GROUPS, "too_many_groups"), set(DEFAULT_GROUPS))
    if not groups:
        raise ModuleRefused("groups_missing")
    if len(groups) > MAX_GROUPS:
        raise ModuleRefused("too_many_groups", max=MAX_GROUPS)
    template = form.get("modules_template") or current.template
    if template not in TEMPLATES:
        raise ModuleRefused("template_unknown")
    if template == "standard":
        criteria = _standard_criteria()
    else:
        names = _names(form.get("modules_criteria"), MAX_CRITERIA, "too_many_criteria")
        if not names:
            raise ModuleRefused("criteria_missing")
        criteria = tuple(dict(c, scale_max=SCALE_MAX, labels=[]) for c in _with_ids(names, set()))
    jp = _whole_number(form.get("modules_jp"), MIN_JP, MAX_JP, "jp_range")
    min_reviews = current.min_reviews
    if "modules_min_reviews" in form:
        min_reviews = _whole_number(form.get("modules_min_reviews"), 0, MAX_MIN_REVIEWS, "min_reviews_range")
    min_median = current.min_median
    if "modules_min_median" in form:
        min_median = _whole_number(form.get("modules_min_median"), 1, SCALE_MAX, "min_median_range")
    no_blocking = current.rule.no_open_blocking
    if "modules_rule_form" in form:
        no_blocking = form.get("modules_no_open_blocking") == "1"
    rule = uniform_rule(groups, criteria, min_reviews, min_median, no_blocking)
    try:
        return _checked({"groups": groups, "criteria": list(criteria), "template": template,
                         "rule": rule.to_dict(), "jp": jp})
    except ModuleError as exc:
        raise ModuleRefused("rule_invalid") from exc
