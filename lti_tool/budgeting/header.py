"""The form's header (Identitas Sub Kegiatan) as SIPD has it: its labels in order, and what the exercise's scenario
fills in.

The exercise's scenario sets urusan, program, kegiatan, sub kegiatan (its programme), location, time and target
group, and may set the indicators (capaian, masukan, keluaran, hasil: a measure and a target each), kept in the
programme under ``indicators``. A field the scenario fills is prefilled and fixed: the learner sees it read-only and
whatever a post says for it is replaced by the scenario's value. A field the scenario leaves empty is the learner's
to decide (the instructor says "the learner decides" by leaving it empty); so are the unit, the source of funds, the
allocations and the head of the unit with NIP, which the scenario does not set. An indicator the scenario gives (a
measure or a target) is fixed in the same way; one it leaves empty is the learner's.
"""
from flask_babel import lazy_gettext as _l

from .domain.budget import FORM_HEADER_FIELDS, IndicatorKind
from .labels import HEADER_LABELS

EXTRA_LABELS = {
    "bidang_urusan": _l("Government affair field (bidang urusan)"), "alokasi_lalu": _l("Allocation year n−1 (Rp)"),
    "alokasi": _l("Allocation year n (Rp)"), "alokasi_depan": _l("Allocation year n+1 (Rp)"),
    "kepala_nama": _l("Head of the unit"), "kepala_nip": _l("NIP of the head of the unit"),
}
SCENARIO_FIELDS = {"lokasi": "location", "waktu_pelaksanaan": "dates", "kelompok_sasaran": "target_group"}
# What the instructor's settings keep in the exercise's ``programme`` (the rest has fields of its own)
PROGRAMME_FIELDS = tuple(name for name in FORM_HEADER_FIELDS if name not in SCENARIO_FIELDS)


def form_header_labels():
    """{field: label} in the form's order, in the reader's language."""
    return {name: str(HEADER_LABELS.get(name) or EXTRA_LABELS[name]) for name in FORM_HEADER_FIELDS}


def scenario_header(exercise):
    """{field: value} for the header fields the exercise's scenario fills (non-empty values only)."""
    values = {name: (exercise.programme or {}).get(name, "") for name in FORM_HEADER_FIELDS}
    values.update({name: getattr(exercise, attribute, "") for name, attribute in SCENARIO_FIELDS.items()})
    return {name: str(value).strip() for name, value in values.items() if str(value or "").strip()}


def scenario_indicators(exercise):
    """{kind: {"kind", "measure", "target"}} for the indicators the scenario gives (a measure or a target)."""
    given = (exercise.programme or {}).get("indicators") or {}
    fixed = {}
    for kind in IndicatorKind:
        item = given.get(kind.value) if isinstance(given, dict) else None
        measure, target = (str((item or {}).get(key) or "").strip() for key in ("measure", "target"))
        if measure or target:
            fixed[kind.value] = {"kind": kind.value, "measure": measure, "target": target}
    return fixed


def indicators_setting(raw):
    """The indicators as the instructor's form gives them ({kind: {measure, target}}), cleaned: known kinds with a
    measure or a target, each at most 500 characters."""
    cleaned = {}
    for kind in IndicatorKind:
        item = raw.get(kind.value) if isinstance(raw, dict) else None
        measure, target = (" ".join(str((item or {}).get(key) or "").split())[:500] for key in ("measure", "target"))
        if measure or target:
            cleaned[kind.value] = {"measure": measure, "target": target}
    return cleaned


def with_scenario_header(document, exercise):
    """The document with the scenario's fixed header fields and indicators (the document itself is not changed)."""
    fixed, indicators = scenario_header(exercise), scenario_indicators(exercise)
    if not fixed and not indicators:
        return document
    typed = [item for item in document.get("indicators") or [] if isinstance(item, dict)]
    present = {item.get("kind") for item in typed}
    return dict(document, header={**(document.get("header") or {}), **fixed},
                indicators=[indicators.get(item.get("kind"), item) for item in typed]
                + [item for kind, item in indicators.items() if kind not in present])
