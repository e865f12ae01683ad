"""Reading the budgeting pages' forms into plain values (the editor's many rows are indexed fields)."""
import re

from .domain.budget import FORM_HEADER_FIELDS, IndicatorKind
from .header import PROGRAMME_FIELDS
from .services.documents import LINE_FIELDS

MAX_FORM_LINES = 2000
# ``lines-<n>-<field>``: ASCII digits only, so "lines-²-x" or a 5000-digit n is ignored rather than parsed
LINE_KEY = re.compile(r"lines-([0-9]{1,6})-([a-z_]{1,40})", re.ASCII)


def document_from_form(form):
    """The learner's budget as posted: header, indicators and lines ``lines-<i>-<field>`` (gaps skipped; each line
    keeps ``i`` as its number ``no``)."""
    header = {name: form.get(f"header-{name}", "") for name in FORM_HEADER_FIELDS}
    indicators = [{"kind": kind.value, "measure": form.get(f"ind-{kind.value}-measure", ""),
                   "target": form.get(f"ind-{kind.value}-target", "")} for kind in IndicatorKind]
    rows = {}  # i → {field: value}, in one pass over the form (the editor posts a dozen fields per line)
    for key, value in form.items():
        match = LINE_KEY.fullmatch(key)
        if match:
            fields = rows.setdefault(int(match[1]), {})
            if match[1] == str(int(match[1])):  # ("lines-01-x" makes a row 1, whose fields are "lines-1-…")
                fields[match[2]] = value
    lines = []
    for i in sorted(rows)[:MAX_FORM_LINES + 1]:
        fields = rows[i]
        if fields.get("remove"):
            continue
        line = {name: fields.get(name, "") for name in LINE_FIELDS}
        if any(str(v).strip() for k, v in line.items() if k != "ppn"):
            lines.append(dict(line, no=i))  # the line keeps its number (services.documents.line_numbers)
    return {"header": header, "indicators": indicators, "lines": lines}


def exercise_settings_from_form(form):
    """The instructor's settings as plain values; money and rates stay text until the service parses them."""
    def lines_of(name):
        return [x.strip() for x in form.get(name, "").replace(",", "\n").splitlines() if x.strip()]

    required = []
    for row in form.get("required_components", "").splitlines():
        parts = [p.strip() for p in row.split("|")]
        if parts and parts[0]:
            required.append({"code": parts[0], "min": parts[1] if len(parts) > 1 else "",
                             "max": parts[2] if len(parts) > 2 else "",
                             "per_participant": parts[3] if len(parts) > 3 else ""})
    return {
        "title": form.get("title"),  # None from a form without the field: the title stays
        "scenario_md": form.get("scenario_md", ""),
        "programme": {k: form.get(f"programme-{k}", "") for k in PROGRAMME_FIELDS},
        # only from a page that shows the indicators' fields (empty fields are posted too)
        "indicators": ({kind.value: {"measure": form.get(f"programme-ind-{kind.value}-measure", ""),
                                     "target": form.get(f"programme-ind-{kind.value}-target", "")}
                        for kind in IndicatorKind}
                       if any(key.startswith("programme-ind-") for key in form) else None),
        "target_group": form.get("target_group", ""),
        "location": form.get("location", ""),
        "dates": form.get("dates", ""),
        "ceiling": form.get("ceiling", ""),
        "ppn_rate": form.get("ppn_rate", ""),
        "prices_include_ppn": bool(form.get("prices_include_ppn")),
        "rounding": form.get("rounding", "per_line"),
        "variants": form.get("variants"),  # None from a form without the section: the variants stay
        "variant_base": form.get("variant_base", ""),
        "allowed_accounts": form.getlist("allowed_accounts"),
        "required_components": required,
        "forbidden": {"codes": lines_of("forbidden_codes"), "keywords": lines_of("forbidden_keywords")},
        "max_attempts": form.get("max_attempts", "1"),
        "review_required": bool(form.get("review_required")),
        "due_at": form.get("due_at", ""),
        "rubric_text": form.get("rubric", ""),
        "weights": {k.split("-", 1)[1]: v for k, v in form.items() if k.startswith("weight-")},
        "automatic_weight_pct": form.get("automatic_weight_pct", ""),
        # only from a page that shows the checkboxes: an unticked box is absent, so absence alone means nothing
        "required_fields": ({"header": form.getlist("required_header"),
                             "indicators": form.getlist("required_indicators")}
                            if form.get("required_fields_shown") else None),
    }
