"""The instructor's form builder: items by page, add, edit, move up or down (and drag and drop: static/feedback/
builder.js posts a page's new order), hide or show, delete after a confirmation (routes on the ``feedback`` blueprint
of ``pages``). Staff only; every item is looked up within the launch's form."""
from flask import flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..extensions import db
from ..ids import record_id
from .domain.items import CONDITION_SOURCES, TEXT_LIMITS, TYPES, answer_values
from .pages import bp, current_form, go, item_or_404, item_text, page, refuse, value_label
from .services import FeedbackRefused, items


def _values_of(item):
    """The builder form's fields for a stored item."""
    config = item.config or {}
    lines = [f"{o.get('id', '')} | {o.get('en', '')}".rstrip(" |") for o in item.options or []]
    labels = [f"{x.get('id', '')} | {x.get('en', '')}".rstrip(" |") for x in config.get("labels") or []]
    return {"type": item.type, "text_id": item.text_id, "text_en": item.text_en, "page": item.page,
            "required": item.required, "options": "\n".join(lines), "points": config.get("points", 5),
            "labels": "\n".join(labels), "na": config.get("na", False), "min": config.get("min") or "",
            "max": config.get("max") or "", "max_length": config.get("max_length") or "",
            "condition": [f"{item.condition['item']}:{v}" for v in item.condition["values"]] if item.condition else []}


def _typed(fields):
    """What the instructor typed, to show again after a refusal."""
    values = {name: fields.get(name, "") for name in ("type", "text_id", "text_en", "page", "options", "points",
                                                      "labels", "min", "max", "max_length")}
    values.update(required=fields.get("required") == "1", na=fields.get("na") == "1",
                  condition=fields.getlist("condition"))
    return values


def _builder(form, status=200, new=None):
    rows = items.item_rows(form)
    pages = {}
    for row in rows:
        pages.setdefault(row.page, []).append(row)
    by_id = {r.id: r for r in rows}
    last_page = max(pages, default=1)
    new = new or {"type": "scale14", "page": last_page, "required": True, "points": 5}
    return page("feedback/builder.html", form, status=status, pages=pages, by_id=by_id,
                answered=items.answered_item_ids(form), types=TYPES, new=new, text_limits=TEXT_LIMITS,
                last_page=last_page)


@bp.get("/manage")
@requires_activity("feedback", staff=True)
def builder():
    return _builder(current_form())


@bp.post("/items")
@requires_activity("feedback", staff=True)
def add_item():
    form = current_form()
    try:
        item = items.add_item(form, request.form, g.launch.user)
    except FeedbackRefused as exc:
        db.session.rollback()
        refuse(exc)
        return _builder(form, status=400, new=_typed(request.form))
    flash(_("Item %(n)s is added.", n=item.position), "success")
    return go("feedback.builder", _anchor=f"item-{item.id}")


def _edit_page(form, item, values, status=200):
    rows = items.item_rows(form)
    sources = [r for r in rows if r.id != item.id and r.type in CONDITION_SOURCES and not r.hidden]
    return page("feedback/item.html", form, status=status, item=item, v=values, types=TYPES, sources=sources,
                answered=item.id in items.answered_item_ids(form), text_limits=TEXT_LIMITS,
                choices={r.id: _source_values(r) for r in sources})


def _source_values(row):
    return [(value, value_label(row, value)) for value in answer_values(items.domain_item(row))]


@bp.get("/items/<id:item_id>")
@requires_activity("feedback", staff=True)
def edit_item(item_id):
    form = current_form()
    item = item_or_404(form, item_id)
    return _edit_page(form, item, _values_of(item))


@bp.post("/items/<id:item_id>")
@requires_activity("feedback", staff=True)
def save_item(item_id):
    form = current_form()
    item = item_or_404(form, item_id)
    try:
        items.edit_item(form, item, request.form, g.launch.user)
    except FeedbackRefused as exc:
        db.session.rollback()
        refuse(exc)
        return _edit_page(form, item_or_404(form, item_id), _typed(request.form), status=400)
    flash(_("Item %(n)s is saved.", n=item.position), "success")
    return go("feedback.builder", _anchor=f"item-{item.id}")


@bp.post("/items/<id:item_id>/move")
@requires_activity("feedback", staff=True)
def move_item(item_id):
    form = current_form()
    item = item_or_404(form, item_id)
    direction = request.form.get("direction")
    if direction in ("up", "down"):
        items.move(form, item, direction, g.launch.user)
    return go("feedback.builder", _anchor=f"item-{item.id}")


@bp.post("/order")
@requires_activity("feedback", staff=True)
def reorder():
    """A page's items in the order static/feedback/builder.js sends after a drag and drop."""
    form = current_form()
    ids = [record_id(v) for v in request.form.getlist("item")]
    page_number = record_id(request.form.get("page"))
    try:
        if page_number is None or None in ids:
            raise FeedbackRefused("order_stale")
        items.reorder(form, page_number, ids, g.launch.user)
    except FeedbackRefused as exc:
        db.session.rollback()
        refuse(exc)
    return go("feedback.builder")


@bp.post("/items/<id:item_id>/hide")
@requires_activity("feedback", staff=True)
def hide_item(item_id):
    form = current_form()
    item = item_or_404(form, item_id)
    hidden = request.form.get("hidden") == "1"
    items.set_hidden(form, item, hidden, g.launch.user)
    flash(_("“%(text)s” is hidden from learners.", text=item_text(item)) if hidden else
          _("“%(text)s” is shown to learners again.", text=item_text(item)), "success")
    return go("feedback.builder", _anchor=f"item-{item.id}")


@bp.get("/items/<id:item_id>/delete")
@requires_activity("feedback", staff=True)
def confirm_delete(item_id):
    form = current_form()
    item = item_or_404(form, item_id)
    refusal = items.delete_refusal(form, item)
    return page("feedback/delete.html", form, item=item, refusal=refusal)


@bp.post("/items/<id:item_id>/delete")
@requires_activity("feedback", staff=True)
def delete_item(item_id):
    form = current_form()
    item = item_or_404(form, item_id)
    text = item_text(item)
    try:
        items.delete(form, item, g.launch.user)
    except FeedbackRefused as exc:
        db.session.rollback()
        refuse(exc)
        return go("feedback.builder", _anchor=f"item-{item_id}")
    flash(_("“%(text)s” is deleted.", text=text), "success")
    return go("feedback.builder")

