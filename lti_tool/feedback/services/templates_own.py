"""Own templates: a form saved as a template of its platform, listed next to the built-in ones, and a new form
built from one (``own_models`` says how they are stored and versioned).

Saving takes the form's visible items in the learner's order. Every item gets a key (its own, else ``q<n>``):
items are matched by key across runs. The keys are also written back onto the saved form's items that had none,
so the form itself can be compared with the runs built from its template. A condition names its source by key;
one whose source is hidden (not saved) is dropped.
"""
import secrets
from dataclasses import dataclass

from ...extensions import db
from ..domain.copying import assign_keys
from ..own_models import FeedbackOwnTemplate
from . import FeedbackRefused, audit
from .copying import build_from_specs, specs_of
from .items import item_rows

PREFIX = "own-"
MAX_NAME, MAX_DESCRIPTION = 120, 500
MAX_TEMPLATES = 200  # listed per platform in the create form


def is_own(key):
    return isinstance(key, str) and key.startswith(PREFIX)


def _folded(name):
    return " ".join(name.split()).lower()


def save_as_template(form, user, issuer, name, description=""):
    """A new template (version 1), or a new version of the platform's template of the same name. Returns it."""
    name = " ".join((name or "").split())[:MAX_NAME]
    if not name:
        raise FeedbackRefused("template_name_missing")
    rows = [r for r in item_rows(form) if not r.hidden]
    if not any(r.type != "info" for r in rows):
        raise FeedbackRefused("template_empty")
    keys = assign_keys([r.key for r in rows])
    for row, key in zip(rows, keys, strict=True):
        if row.key != key:
            row.key = key
    refs = {r.id: r.key for r in rows}
    specs = specs_of(rows, refs)
    for spec in specs:
        spec.pop("ref")
        if spec["condition"] is not None:
            spec["condition"] = ({"key": spec["condition"]["ref"], "values": spec["condition"]["values"]}
                                 if spec["condition"]["ref"] is not None else None)
    latest = (FeedbackOwnTemplate.query.filter_by(issuer=issuer, name_folded=_folded(name))
              .order_by(FeedbackOwnTemplate.version.desc()).first())
    key = latest.key if latest is not None else PREFIX + secrets.token_hex(8)
    template = FeedbackOwnTemplate(
        issuer=issuer, key=key, version=(latest.version + 1) if latest is not None else 1, name=name,
        name_folded=_folded(name), description=" ".join((description or "").split())[:MAX_DESCRIPTION],
        items=specs, anonymous=form.anonymous, persons=[p["name"] for p in form.persons or [] if not p.get("hidden")],
        source_form_id=form.activity_id, created_by=user.id if user is not None else None)
    db.session.add(template)
    audit.record(form.activity_id, user, "saved_as_template", text=name[:80], template=key, version=template.version)
    db.session.commit()
    return template


@dataclass(frozen=True)
class OwnTemplate:
    """What the create form shows of an own template (its newest version)."""
    key: str
    version: int
    title: str
    description: str
    items: int


def own_templates(issuer):
    """The newest version of each of the platform's templates, by name."""
    newest = (db.select(FeedbackOwnTemplate.key, db.func.max(FeedbackOwnTemplate.version).label("version"))
              .where(FeedbackOwnTemplate.issuer == issuer).group_by(FeedbackOwnTemplate.key).subquery())
    rows = (FeedbackOwnTemplate.query
            .join(newest, db.and_(newest.c.key == FeedbackOwnTemplate.key,
                                  newest.c.version == FeedbackOwnTemplate.version))
            .filter(FeedbackOwnTemplate.issuer == issuer)
            .order_by(FeedbackOwnTemplate.name_folded).limit(MAX_TEMPLATES).all())
    return [OwnTemplate(r.key, r.version, r.name, r.description, len(r.items or [])) for r in rows]


def newest(issuer, key):
    """The newest version of the platform's template ``key``, or None (another platform's key is None too)."""
    if not is_own(key):
        return None
    return (FeedbackOwnTemplate.query.filter_by(issuer=issuer, key=key)
            .order_by(FeedbackOwnTemplate.version.desc()).first())


def build_from_own(form, template):
    """``template``'s items and facilitators on the new ``form`` (the caller has set its key and version)."""
    specs = []
    for item in template.items or []:
        spec = dict(item, ref=item["key"])
        condition = item.get("condition")
        spec["condition"] = {"ref": condition["key"], "values": condition["values"]} if condition else None
        specs.append(spec)
    build_from_specs(form, specs)
    form.persons = [{"id": n, "name": name, "hidden": False} for n, name in enumerate(template.persons or [], 1)]
