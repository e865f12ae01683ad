"""A learner's budget as stored (the document: text as typed, in the page's language) and as the domain reads it,
and what the checks say about a draft while the learner works on it."""
from dataclasses import dataclass
from decimal import Decimal

from ..domain.budget import (
    FORM_HEADER_FIELDS,
    MAX_LINES,
    Budget,
    BudgetLine,
    Indicator,
    IndicatorKind,
    account_sort_key,
    parse_koefisien,
)
from ..domain.checks import check_budget
from ..domain.numbers import InputError, format_decimal, number_locale, parse_number
from ..domain.scoring import automatic_score
from ..labels import message
from .exercises import rules_for

LINE_FIELDS = ("account", "component", "specification", "koefisien", "abbreviation", "unit", "unit_price", "ppn",
               "reference_code", "kelompok", "keterangan")


def empty_document():
    return {"header": {name: "" for name in FORM_HEADER_FIELDS},
            "indicators": [{"kind": k.value, "measure": "", "target": ""} for k in IndicatorKind],
            "lines": []}


MAX_LINE_NO = 999_999  # forms.LINE_KEY reads at most six digits


def clean_line(raw):
    """A line as typed, reduced to known fields and bounded lengths (any Unicode is kept), with its number ``no``
    when it has a valid one."""
    line = {name: str(raw.get(name) or "")[:500] for name in LINE_FIELDS if name != "ppn"}
    line["ppn"] = bool(raw.get("ppn")) and raw.get("ppn") not in ("0", "false", "off")
    no = raw.get("no")
    if isinstance(no, int) and not isinstance(no, bool) and 0 < no <= MAX_LINE_NO:
        line["no"] = no
    return line


def line_numbers(lines):
    """Each line's number: the one it keeps (``no``, given when the line was added), so that removing or moving a
    line renumbers no other; the position (1, 2, …) for a budget whose lines lack them or repeat one."""
    stored = [line.get("no") for line in lines]
    valid = all(isinstance(no, int) and not isinstance(no, bool) and 0 < no <= MAX_LINE_NO for no in stored)
    if valid and len(set(stored)) == len(stored):
        return stored
    return list(range(1, len(lines) + 1))


def numbered(lines):
    """The lines, each with its number in ``no`` (``line_numbers``)."""
    return [dict(line, no=no) for line, no in zip(lines, line_numbers(lines), strict=True)]


def next_line_number(lines):
    return max(line_numbers(lines), default=0) + 1


def in_account_order(lines):
    """The typed lines grouped by account as in the RKA (code order, the learner's order within an account); lines
    without an account stay last. A stable sort: only a plain save reorders, so the page shown is the order stored."""
    return sorted(lines, key=lambda line: (not str(line.get("account") or "").strip(),
                                           account_sort_key(str(line.get("account") or "").strip())))


class _Reading:
    """The koefisien and unit prices of one document, each text read once: a budget repeats the same few
    (``1 paket``, ``30 orang × 2 hari``) over hundreds of lines. Both are immutable values, shared by the lines
    that typed the same text; a text that cannot be read is read again (and refused again) on each line."""

    def __init__(self, locale):
        self.locale, self.koefisien, self.prices = locale, {}, {}

    def koefisien_of(self, text, abbreviation):
        found = self.koefisien.get((text, abbreviation))
        if found is None:
            found = self.koefisien[text, abbreviation] = parse_koefisien(text, self.locale, abbreviation)
        return found

    def price_of(self, text):
        found = self.prices.get(text)
        if found is None:
            found = self.prices[text] = parse_number(text, self.locale, max_decimals=2)
        return found


def parse_line(raw, line_no, locale, reading=None):
    """The typed line as a domain BudgetLine, or InputError naming what is wrong (``reading``: the document's
    texts read so far, see ``_Reading``)."""
    reading = reading or _Reading(locale)
    koefisien = reading.koefisien_of(raw["koefisien"], raw.get("abbreviation", ""))
    price = reading.price_of(raw["unit_price"])
    return BudgetLine(line_no=line_no, account=raw["account"].strip(), component=raw["component"],
                      specification=raw["specification"], koefisien=koefisien, unit=raw["unit"],
                      unit_price=price, ppn=raw["ppn"], reference_code=raw["reference_code"].strip() or None,
                      kelompok=raw.get("kelompok", ""), keterangan=raw.get("keterangan", ""))


def in_locale(document, locale):
    """The draft as a page in ``locale`` shows it for editing. Numbers typed while the page was in the other
    language are rewritten in this one (``50.000`` typed in Indonesian shows as ``50,000`` in English), because a
    save from this page reads every number in this page's language; text that does not read as a number stays as
    typed (and its line keeps its message). The stored draft is not changed."""
    typed_in = number_locale(document.get("locale") or locale)
    if typed_in == number_locale(locale):
        return document
    lines = []
    for raw in document.get("lines", []):
        line = dict(raw)
        try:
            line["unit_price"] = format_decimal(parse_number(str(raw.get("unit_price") or ""), typed_in), locale)
        except InputError:
            pass
        try:
            koefisien = parse_koefisien(str(raw.get("koefisien") or ""), typed_in, raw.get("abbreviation", ""))
            line["koefisien"] = koefisien.label_for(locale)
        except InputError:
            pass
        lines.append(line)
    return dict(document, lines=lines, locale=number_locale(locale))


@dataclass
class ParsedDocument:
    budget: Budget
    line_errors: dict  # line_no -> InputError


def parse_document(document, locale):
    """The stored budget in domain terms. Numbers are read as the learner typed them: in the language the page had
    when the draft was saved (kept in the document), else ``locale``."""
    locale = document.get("locale") or locale
    lines, errors, reading = [], {}, _Reading(locale)
    raws = document.get("lines", [])[:MAX_LINES + 1]
    for number, raw in zip(line_numbers(raws), raws, strict=True):
        try:
            lines.append(parse_line(clean_line(raw), number, locale, reading))
        except InputError as exc:
            errors[number] = exc
    indicators = []
    for item in document.get("indicators", []):
        try:
            kind = IndicatorKind(item.get("kind"))
        except ValueError:
            continue
        indicators.append(Indicator(kind, item.get("measure", ""), item.get("target", "")))
    header = {name: str(document.get("header", {}).get(name, "")) for name in FORM_HEADER_FIELDS}
    return ParsedDocument(Budget(header=header, indicators=indicators, lines=lines), errors)


@dataclass(frozen=True)
class DraftFeedback:
    """What the checks say about a draft while the learner works on it: findings by line number, findings about
    the whole budget, and the automatic score it would get now. Texts are in the page's language."""
    by_line: dict  # line_no -> [(severity, text)]
    general: list  # [(severity, text)]
    score: Decimal
    report: object = None  # the CheckReport: its amounts, account groups and total serve the page too
    shown: bool = True  # False before the draft was first saved: an empty form lists no errors


def draft_feedback(parsed, exercise, locale, shown=True):
    """The checks on ``parsed``; the findings' texts only when they are ``shown`` (no text is made for a page that
    lists none: a 500-line draft has a thousand findings)."""
    rules = rules_for(exercise)
    report = check_budget(parsed.budget, rules)
    by_line, general = {}, []
    for finding in report.findings if shown else ():
        item = (finding.severity.value, message(finding, locale))
        if finding.line_no is None:
            general.append(item)
        else:
            by_line.setdefault(finding.line_no, []).append(item)
    return DraftFeedback(by_line, general, automatic_score(report, rules.weights), report, shown)
