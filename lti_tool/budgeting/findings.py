"""Findings as stored with a handed-in budget: a message code and its params, rendered in the reader's language.

Stored shape (``BudgetSubmission.findings``, a JSON list)::

    {"check": "price", "severity": "warning", "line_no": 3, "code": "price_above_ceiling",
     "params": {"price": {"$decimal": "55000"}, "reference": {"$decimal": "50000"}, "item": "Makan siang"}}

Params are made JSON-safe in a way that can be undone: a Decimal is ``{"$decimal": "…"}``, a tuple a list; ints,
strings, booleans and None stay as they are. Rows stored before migration 0007 whose text matched no message keep it
under ``legacy_text`` (``{"id": …, "en": …}``), which the renderer shows when there are no params.
"""
from decimal import Decimal, InvalidOperation

from flask import has_request_context

from ..formats import language
from .labels import render, request_memo

DECIMAL = "$decimal"


def to_json(value):
    """``value`` (params of a Finding) in JSON types, reversibly (see ``from_json``)."""
    if isinstance(value, Decimal):
        return {DECIMAL: str(value)}
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(item) for item in (sorted(value, key=str) if isinstance(value, set | frozenset) else value)]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)  # an enum or any other object: its text


def from_json(value):
    if isinstance(value, dict):
        if set(value) == {DECIMAL}:
            try:
                return Decimal(str(value[DECIMAL]))
            except InvalidOperation:
                return str(value[DECIMAL])
        return {key: from_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [from_json(item) for item in value]
    return value


def stored(finding):
    """A domain Finding as it is stored with a handed-in budget (``deduction``: what a warning costs, for scoring)."""
    return {"check": finding.check.value, "severity": finding.severity.value, "line_no": finding.line_no,
            "code": finding.message_code, "params": to_json(finding.params), "deduction": str(finding.deduction)}


_FREE_NOTES = {"reference_unknown", "reference_by_name", "reference_ambiguous", "reference_none"}


class Scored:
    """A stored finding as the score reads it (``domain.scoring``). Rows stored before the deduction was kept: a
    warning costs the default 25 % of a unit, except the notes that never cost anything."""

    def __init__(self, row):
        self.check, self.severity = str(row.get("check") or ""), str(row.get("severity") or "")
        self.line_no = row.get("line_no")
        try:
            self.deduction = Decimal(str(row["deduction"]))
        except (KeyError, InvalidOperation):
            free = self.severity != "warning" or row.get("code") in _FREE_NOTES
            self.deduction = Decimal(0) if free else Decimal(25)


def finding_text(finding, locale=None):
    """A stored finding's text in ``locale`` (the request's language when None)."""
    return _text(finding, _language(locale), request_memo("findings"))


def finding_texts(findings, locale=None):
    """The texts of stored findings, in their order: each distinct finding (code and params) is made once per
    request, however often a page shows it (a submitted budget's pages show each finding twice, and the same
    finding on many lines)."""
    lang, memo = _language(locale), request_memo("findings")
    return [_text(finding, lang, memo) for finding in findings]


def _language(locale):
    return language(locale if locale is not None or has_request_context() else "id")  # as ``render`` reads it


def _text(finding, lang, memo):
    params = finding.get("params")
    if not isinstance(params, dict):
        return _legacy_text(finding, lang)
    key = (str(finding.get("code") or ""), lang, repr(params))
    text = memo.get(key)
    if text is None:
        text = memo[key] = render(key[0], from_json(params), lang)
    return text


def _legacy_text(finding, locale):
    legacy = finding.get("legacy_text") or finding.get("text") or {}  # ("text": a row not migrated yet)
    if isinstance(legacy, dict):
        lang = language(locale)
        return str(legacy.get(lang) or legacy.get("id") or legacy.get("en") or finding.get("code") or "")
    return str(legacy)
