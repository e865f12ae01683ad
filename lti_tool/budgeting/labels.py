"""Every label and message text of the budgeting kind, in one module so that they are easy to find.

Every text is an English msgid in the gettext catalogue (translations/), translated to Bahasa Indonesia there: one
translation system. What the pure code reports by a code and params (a finding of the checks, a typed value refused,
a row of an imported list refused) is rendered by ``message``/``render``/``import_message`` in the reader's language,
its numbers and rupiah formatted by ``lti_tool.formats`` in that language.
"""
from contextlib import nullcontext
from decimal import Decimal

from flask import has_app_context, has_request_context, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..formats import format_number, format_rupiah, language

# --- findings of the checks and values refused by the domain (domain/) -----------------------------------------

MESSAGES = {  # code → its text; the params fill it (see render())
    "empty": _l("The field is empty; enter a number."),
    "too_long": _l("This is too long to be a number (at most %(max)s characters)."),
    "not_a_number": _l("“%(text)s” is not a number. Write a number like %(example)s."),
    "malformed": _l("“%(text)s” cannot be read as a number. Write it like %(example)s."),
    "ambiguous": _l("“%(text)s” can be read two ways: write %(thousands)s if you mean thousands, or %(decimal)s if "
        "you mean a decimal fraction."),
    "wrong_separator": _l("“%(text)s” looks like thousands written the other way; write %(thousands)s."),
    "too_many_decimals": _l("“%(text)s” has too many decimals; use at most %(max)s decimal places."),
    "negative": _l("“%(text)s” is negative; this cannot be negative."),
    "zero": _l("This number must be greater than zero."),
    "too_large": _l("“%(text)s” is beyond the plausible limit (at most %(limit)s)."),
    "volume_not_positive": _l("A volume must be greater than zero."),
    "volume_out_of_range": _l("A volume can be at most %(limit)s, with at most %(max)s decimals."),
    "price_negative": _l("The unit price cannot be negative."),
    "price_out_of_range": _l("The unit price can be at most %(limit)s, with at most %(max)s decimals."),
    "line_amount_too_large": _l("Koefisien × unit price is over %(limit)s, the most one line can amount to; check "
        "the volumes and the unit price."),
    "factor_count": _l("A koefisien has 1 to %(max)s factors, for example 30 orang × 2 hari."),
    "factor_unit_empty": _l("Each volume needs a unit, e.g. 30 orang."),
    "factor_malformed": _l("“%(text)s” must be a number followed by a unit, e.g. 30 orang."),
    "reference_invalid": _l("Reference price %(code)s: the price (at most Rp 10^15) and the tolerance (at most "
        "1000%%) must be non-negative numbers."),
    "required_invalid": _l("Required component %(item)s: the minimum and maximum volumes must be non-negative "
        "numbers."),
    "ppn_rate_invalid": _l("The PPN rate must be between 0 and 1 (e.g. 0.11)."),
    "ceiling_invalid": _l("The ceiling must be whole rupiah between 0 and %(limit)s."),
    "weight_invalid": _l("Weights and deductions must be non-negative numbers."),
    "no_lines": _l("The budget has no lines yet."),
    "too_many_lines": _l("The budget has %(count)s lines but at most %(max)s are allowed; the lines were not checked."),
    "amount_mismatch": _l("The amount reads %(claimed)s, but koefisien × unit price (+PPN) = %(expected)s."),
    "amount_absurd": _l("This line's amount, %(amount)s, is beyond the plausible %(limit)s; check volumes and price."),
    "subtotal_mismatch": _l("The subtotal of account %(account)s reads %(claimed)s; it should be %(expected)s."),
    "total_mismatch": _l("The total reads %(claimed)s; it should be %(expected)s."),
    "total_absurd": _l("The budget total, %(amount)s, is beyond the plausible %(limit)s."),
    "over_ceiling": _l("The total of %(total)s is over the ceiling of %(ceiling)s by %(excess)s."),
    "account_empty": _l("The account code is empty."),
    "account_unknown": _l("Account %(account)s is not in the list of accounts."),
    "account_not_allowed": _l("Account %(account)s may not be used in this exercise."),
    "account_not_for_item": _l("%(item)s cannot be charged to account %(account)s; use %(accounts)s."),
    "reference_unknown": _l("Reference price %(code)s was not found, so this line's price and unit cannot be checked."),
    "reference_by_name": _l("%(item)s is in the reference price list as %(code)s; fill in that code. This line's "
        "price and unit are checked against %(code)s."),
    "reference_ambiguous": _l("%(item)s is in the reference price list more than once (%(codes)s); fill in the "
        "matching code so its price and unit can be checked."),
    "reference_none": _l("%(item)s is not in the reference price list, so its price cannot be compared with a "
        "standard."),
    "price_above_ceiling": _l("The unit price %(price)s is above the maximum of %(reference)s for %(item)s."),
    "price_outside_tolerance": _l("The unit price %(price)s is outside %(low)s – %(high)s (estimate %(reference)s ± "
        "%(tolerance)s%%) for %(item)s; explain why in the specification."),
    "ppn_on_non_ppn": _l("%(item)s is not a PPN object (income tax is withheld from it instead): remove the PPN from "
        "this line."),
    "ppn_on_pbjt": _l("%(item)s carries the regional tax (PBJT), already included in its standard price, not PPN: "
        "remove the PPN from this line."),
    "ppn_missing": _l("%(item)s is a PPN object: add PPN of %(rate)s%% to this line."),
    "unit_mismatch": _l("The unit %(unit)s does not match the reference unit %(expected)s for %(item)s."),
    "required_missing": _l("The required component %(item)s is missing."),
    "required_volume_low": _l("%(item)s has a total volume of %(volume)s, below the minimum of %(min)s."),
    "required_volume_high": _l("%(item)s has a total volume of %(volume)s, above the maximum of %(max)s."),
    "forbidden_item": _l("%(item)s may not be budgeted in this exercise."),
    "duplicate_line": _l("This line repeats line %(first_line)s (same account, component and specification)."),
    "header_empty": _l("The header field %(field)s is empty."),
    "indicator_missing": _l("The %(kind)s indicator is missing."),
    "indicator_empty": _l("The %(kind)s indicator needs both a measure and a target."),
    "component_empty": _l("The component is empty."),
}

HEADER_LABELS = {
    "urusan": _l("Government affair"), "program": _l("Programme"), "kegiatan": _l("Programme activity"),
    "sub_kegiatan": _l("Sub-activity"), "organisasi": _l("Organisation/unit"), "sumber_dana": _l("Source of funds"),
    "lokasi": _l("Location"), "waktu_pelaksanaan": _l("Timing"), "kelompok_sasaran": _l("Target group"),
}
INDICATOR_LABELS = {
    "capaian": _l("programme achievement"), "masukan": _l("input"), "keluaran": _l("output"), "hasil": _l("outcome"),
}

_MONEY = {"claimed", "expected", "amount", "total", "ceiling", "excess", "price", "reference", "low", "high"}
_MONEY_LIMIT = {"amount_absurd", "total_absurd", "price_out_of_range", "ceiling_invalid", "price_too_large",
                "line_amount_too_large"}
_AS_TYPED = {"first_line", "first_row", "row", "line_no"}  # numbers of lines and rows: never grouped


def in_language(locale=None):
    """A context in which lazy texts come out in ``locale`` (``id`` for any locale not starting with ``en``); the
    current request's language when ``locale`` is None. Outside an application there is no catalogue: English."""
    if locale is None or not has_app_context():
        return nullcontext()
    return force_locale(language(locale))


def _number(value):
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _label(labels, value):
    return str(labels.get(value, value)) if isinstance(value, str) else str(value)


def _shown(code, key, value, lang):
    if key == "field":
        return _label(HEADER_LABELS, value)
    if key == "kind":
        return _label(INDICATOR_LABELS, value)
    if key == "column":
        return _label(COLUMN_LABELS, value)
    if key == "columns" and isinstance(value, list | tuple):
        return ", ".join(_label(COLUMN_LABELS, c) for c in value)
    if not _number(value) or key in _AS_TYPED:
        return value
    if key in _MONEY or (key == "limit" and code in _MONEY_LIMIT):
        return format_rupiah(value, lang)
    return format_number(value, lang)


class _Params(dict):
    def __missing__(self, key):
        return "?"


_LABELLED = frozenset({"field", "kind", "column", "columns"})  # params shown through a translated label


def request_memo(name):
    """A dict living as long as the current request (in its WSGI environ: never shared with another request, even
    when tests run many in one application context); outside a request a fresh one, kept by nobody."""
    if not has_request_context():
        return {}
    return request.environ.setdefault(f"latih.budgeting.{name}", {})


def _template(texts, code, lang, memo):
    """``code``'s text in ``lang``, translated once per request (switching the catalogue is most of the cost)."""
    key = (id(texts), code, lang)
    if key not in memo:
        text = texts.get(code)
        with in_language(lang):
            memo[key] = None if text is None else str(text)
    return memo[key]


def render(code, params, locale=None, texts=None):
    """The text of message ``code`` with ``params`` in ``locale`` (when None: the request's language, else
    Indonesian); an unknown code is shown as it is. Made once per request for the same code and params (a 500-line
    budget shows the same finding on many lines); the params' ``repr`` is the key (``1`` and ``True`` differ)."""
    texts, params = MESSAGES if texts is None else texts, params or {}
    lang = language(locale if locale is not None or has_request_context() else "id")
    memo = request_memo("texts")
    key = (id(texts), code, lang, repr(params))
    if key not in memo:
        text = _template(texts, code, lang, memo)
        with in_language(lang) if text is not None and _LABELLED.intersection(params) else nullcontext():
            memo[key] = code if text is None else text % _Params(
                (name, _shown(code, name, value, lang)) for name, value in params.items())
    return memo[key]


def message(item, locale=None):
    """The text of a Finding or an InputError/NumberError in ``locale`` (``id``, or ``en``; the request's when
    None)."""
    return render(item.message_code, item.params, locale)


# --- the list import (io/reference_lists.py) ------------------------------------------------------------------

IMPORT_MESSAGES = {  # code → its text; the params fill it
    "unsupported_type": _l("The file must be .csv or .xlsx (save an .xls file as .xlsx)."),
    "file_too_large": _l("The file is too large (at most %(max_mb)s MB)."),
    "unreadable": _l("The file cannot be read as a CSV/XLSX table."),
    "encoding_unreadable": _l("The file says it is %(encoding)s text, but it cannot be read as %(encoding)s: save it "
        "again as “CSV UTF-8”."),
    "encoding_unknown": _l("The file's text is in none of the encodings the tool reads (%(encodings)s): save it "
        "again as “CSV UTF-8”."),
    "not_text": _l("The file is not text, as a CSV file is (perhaps a workbook or another file named .csv): save it "
        "as “CSV UTF-8” or as .xlsx."),
    "no_header": _l("No header row was found."),
    "missing_column": _l("Required column missing: %(columns)s."),
    "duplicate_column": _l("The column %(column)s appears twice."),
    "too_many_rows": _l("The file has more than %(max)s data rows."),
    "too_many_file_rows": _l("The file has more than %(max)s rows, blank rows included."),
    "xlsx_unpacked_too_large": _l("Unpacked, this workbook would take more than %(max_mb)s MB, or one of its parts is "
        "compressed more than %(ratio)s times: keep only the list, or save it as CSV."),
    "xlsx_too_complex": _l("This workbook holds too much to read (more than %(max)s cells, styles and other "
        "elements): copy only the list into a new workbook, or save it as CSV."),
    "no_rows": _l("The file has no data rows."),
    "code_empty": _l("The code is empty."),
    "code_duplicate": _l("The code %(code)s is already used in row %(first_row)s."),
    "account_code_invalid": _l("The account code “%(code)s” must be dotted digits, e.g. 5.1.02.01.01.0024."),
    "account_unknown": _l("Account %(code)s is not in the account list."),
    "name_empty": _l("The name is empty."),
    "unit_empty": _l("The unit is empty."),
    "text_too_long": _l("The %(column)s column is too long (at most %(max)s characters)."),
    "price_empty": _l("The price is empty."),
    "price_not_number": _l("The price “%(text)s” is not a number; write it like %(example)s."),
    "price_ambiguous": _l("The price “%(text)s” can be read two ways; write %(thousands)s (thousands) or %(decimal)s."),
    "price_too_many_decimals": _l("The price “%(text)s” has more than %(max)s decimals."),
    "price_not_positive": _l("The price must be greater than zero."),
    "price_too_large": _l("The price “%(text)s” is beyond the limit of %(limit)s."),
    "mode_unknown": _l("Unknown price mode “%(text)s”; write ceiling or estimate."),
    "tolerance_not_number": _l("The tolerance “%(text)s” is not a number."),
    "tolerance_out_of_range": _l("The tolerance must be between 0 and 100 percent."),
    "ppn_flag_invalid": _l("Includes PPN “%(text)s” must be yes or no."),
    "tax_unknown": _l("Unknown tax treatment “%(text)s”; write ppn, non_ppn (not a PPN object) or pbjt (regional "
        "tax included in the price)."),
}

COLUMN_LABELS = {"code": _l("code"), "name": _l("name"), "specification": _l("specification"), "unit": _l("unit"),
                 "price": _l("price"), "mode": _l("price mode"), "tolerance": _l("tolerance"),
                 "accounts": _l("accounts"), "includes_ppn": _l("includes PPN"),
                 "tax": _l("tax treatment")}


def import_message(code, params=None, locale=None):
    """The text of an ImportFailed or RowError code in ``locale`` (``id``, or ``en``)."""
    return render(code, params, locale, IMPORT_MESSAGES)


# --- the XLSX files (io/rka_xlsx.py, io/dashboard_xlsx.py): rendered within in_language(the requester's) --------

RKA_TEXTS = {
    "sheet": _l("Budget details"), "subtitle": _l("Detailed expenditure budget"), "indicator": _l("Indicator"),
    "measure": _l("Performance measure"), "target": _l("Performance target"),
    "columns": (_l("Account code"), _l("Description"), _l("Coefficient"), _l("Volume"), _l("Unit"), _l("Price"),
                _l("PPN"), _l("Amount")),
    "total": _l("Grand total"), "ceiling": _l("Ceiling"), "remaining": _l("Remaining"), "included": _l("included"),
    "over": _l("Over the ceiling"), "recap": _l("Recap per type of expenditure (jenis belanja)"),
    "findings_sheet": _l("Findings"), "findings_columns": (_l("Line"), _l("Severity"), _l("Finding"), _l("Comment")),
}
DASHBOARD_TEXTS = {
    "summary": _l("Summary"), "lines": _l("Budget lines"),
    "summary_columns": (_l("Name"), _l("Email"), _l("User id"), _l("State"), _l("Attempt"), _l("Total"),
                        _l("Ceiling"), _l("Automatic score"), _l("Final score"), _l("Submitted (%(zone)s)")),
    "lines_columns": (_l("Name"), _l("Email"), _l("Line"), _l("Account code"), _l("Component"), _l("Specification"),
                      _l("Coefficient"), _l("Unit"), _l("Price"), _l("PPN"), _l("Amount")),
    "included": _l("included"),
}

# --- the pages (lazy gettext) ---------------------------------------------------------------------------------------

CHECK_LABELS = {
    "arithmetic": _l("Arithmetic"), "ceiling": _l("Total within the ceiling"), "account": _l("Accounts"),
    "price": _l("Unit prices and taxes"), "unit": _l("Units"), "required": _l("Required components"),
    "forbidden": _l("Forbidden items"), "duplicate": _l("Duplicates"), "fields": _l("Header and indicators"),
}
REFUSALS = {  # SubmissionRefused.code → its text; the refusal's params fill it
    "not_draft": _l("This budget has been submitted and can no longer be changed."),
    "stale": _l("This budget was changed in another window. The newest version is shown: check it and save again."),
    "too_many_lines": _l("A budget can have at most %(max)s lines."),
    "past_due": _l("The due date has passed: the budget can no longer be submitted."),
    "line_errors": _l("%(count)s lines still have errors. Correct them before submitting."),
    "no_attempts": _l("You have used every attempt for this exercise."),
    "field_invalid": _l("Check the field “%(field)s”."),
    "rubric_invalid": _l("Rubric line %(row)s: write “criterion | level: points ; level: points”."),
    "model_invalid": _l("Model answer, line %(row)s: write “account | reference code | component | koefisien | "
                        "unit price”."),
    "template_name_missing": _l("Give the template a name."),
    "copy_title_missing": _l("Give the copy a title."),
    "rubric_incomplete": _l("Choose a level for “%(criterion)s”."),
    "not_submitted": _l("Only a submitted budget can be graded."),
    "finding_unknown": _l("This finding is not among the findings of this budget."),
    "override_note_empty": _l("Write a note for the learner saying why the finding is set aside."),
}


def refusal_text(code, params=None, locale=None):
    """A SubmissionRefused's text in ``locale`` (the request's when None), numbers as the reader writes them
    (``2.000`` in Indonesian); an unknown code gets a plain sentence, never the code itself."""
    if code not in REFUSALS:
        code, params = "unknown", {}
    return render(code, params or {}, locale, _REFUSAL_TEXTS)


FIELD_LABELS = {  # a settings field named by a refusal
    "title": _l("Title"), "ceiling": _l("Ceiling (pagu), Rp"), "ppn_rate": _l("PPN rate, percent"),
    "max_attempts": _l("Attempts"),
    "due_at": _l("Due (%(zone)s)"), "rounding": _l("Rounding"), "automatic_weight_pct":
    _l("Weight of the automatic checks, percent (the rest is the rubric)"),
    "required_components": _l("Required components"),
    **{f"weight-{kind}": label for kind, label in CHECK_LABELS.items()},  # (not "ceiling": the pagu is a field too)
}


_REFUSAL_TEXTS = {**REFUSALS, "unknown": _l("This cannot be done now; reload the page and try again.")}
