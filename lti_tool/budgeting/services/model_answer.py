"""The instructor's model answer: typed (one line per row) or uploaded (CSV/XLSX), kept with the exercise in the
learner's document format, and compared with a learner's budget (``domain.compare``)."""
from decimal import Decimal

from ..domain.compare import compare
from ..domain.numbers import InputError, format_decimal
from ..io.tables import read_table
from . import SubmissionRefused
from .documents import clean_line, parse_line

COLUMNS = ("account", "reference_code", "component", "koefisien", "unit_price")
MAX_MODEL_LINES = 300


def _checked(lines, locale):
    for number, line in lines:
        try:
            parse_line(line, number, locale)
        except (InputError, ValueError, KeyError) as exc:
            raise SubmissionRefused("model_invalid", row=number) from exc
    return {"locale": locale, "lines": [line for _, line in lines][:MAX_MODEL_LINES]}


def parse_model_text(text, locale):
    """Rows ``account | reference code | component | koefisien | unit price`` → the stored model (None if empty)."""
    lines = []
    for number, row in enumerate((text or "").splitlines(), start=1):
        if not row.strip():
            continue
        cells = [cell.strip() for cell in row.split("|")]
        if len(cells) != len(COLUMNS):
            raise SubmissionRefused("model_invalid", row=number)
        lines.append((number, clean_line(dict(zip(COLUMNS, cells, strict=True)))))
    return _checked(lines, locale) if lines else None


def _cell(value, locale):
    return format_decimal(value, locale) if isinstance(value, Decimal) else str(value or "")


def import_model(filename, data, locale):
    """A CSV/XLSX with columns rekening, kode, uraian/komponen, koefisien (or volume), satuan, harga → the model.
    Raises ImportFailed (unreadable file) or SubmissionRefused (a row that does not read)."""
    lines = []
    for number, row in read_table(filename, data, required=("name", "price")):
        koefisien = _cell(row.get("koefisien") or row.get("volume"), locale)
        unit = _cell(row.get("unit"), locale)
        if koefisien and unit and not any(c.isalpha() for c in koefisien):
            koefisien = f"{koefisien} {unit}"
        lines.append((number, clean_line({
            "account": _cell(row.get("accounts"), locale), "reference_code": _cell(row.get("code"), locale),
            "component": _cell(row.get("name"), locale), "koefisien": koefisien, "unit": unit,
            "unit_price": _cell(row.get("price"), locale)})))
    return _checked(lines, locale)


def model_lines(exercise):
    """The model answer as domain BudgetLines ([] when there is none)."""
    model = exercise.model_answer or {}
    return [parse_line(clean_line(raw), n, model.get("locale", "id"))
            for n, raw in enumerate(model.get("lines") or [], start=1)]


def model_text(exercise):
    """The model answer as rows to edit (in the language it was typed in)."""
    return "\n".join(" | ".join(str(raw.get(c) or "") for c in COLUMNS)
                     for raw in (exercise.model_answer or {}).get("lines") or [])


def comparison(exercise, budget):
    """The learner's budget beside the model answer, or None when the exercise has no model answer."""
    lines = model_lines(exercise)
    return compare(lines, budget.lines) if lines else None
