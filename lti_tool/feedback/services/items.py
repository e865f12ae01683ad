"""The builder's operations on a form's items: add, edit, move up or down, reorder a page (drag and drop), hide or
show, delete. Items are looked up within the form only (an id from the browser that is not the form's is None, and
the page answers 404). An item that has answers is hidden, never deleted, and keeps its type."""
from ...extensions import db
from ..domain.items import Condition, Item, ItemError, Option, check_condition
from ..models import FeedbackAnswer, FeedbackItem
from . import FeedbackRefused, audit
from .item_form import parse


def item_rows(form):
    """The form's items in the learner's order (page, then position)."""
    return (FeedbackItem.query.filter_by(form_id=form.activity_id)
            .order_by(FeedbackItem.page, FeedbackItem.position, FeedbackItem.id).all())


def domain_item(row):
    condition = None
    if row.condition:
        condition = Condition(int(row.condition["item"]), frozenset(str(v) for v in row.condition["values"]))
    options = tuple(Option(str(o["value"]), o.get("id", ""), o.get("en", "")) for o in row.options or [])
    return Item(row.id, row.type, bool(row.required), row.page, options, dict(row.config or {}), condition,
                bool(row.hidden))


def domain_items(rows):
    return [domain_item(r) for r in rows]


def item_in_form(form, item_id):
    """The form's item with this id, else None."""
    if item_id is None:
        return None
    return FeedbackItem.query.filter_by(id=item_id, form_id=form.activity_id).first()


def answered_item_ids(form):
    rows = db.session.execute(db.select(FeedbackAnswer.item_id).join(FeedbackItem)
                              .where(FeedbackItem.form_id == form.activity_id).distinct())
    return {r[0] for r in rows}


def answered_persons(form):
    rows = db.session.execute(db.select(FeedbackAnswer.person).join(FeedbackItem)
                              .where(FeedbackItem.form_id == form.activity_id, FeedbackAnswer.person.is_not(None))
                              .distinct())
    return {r[0] for r in rows}


def _has_answers(item):
    return db.session.execute(db.select(FeedbackAnswer.id).filter_by(item_id=item.id).limit(1)).first() is not None


def _renumber(rows):
    for position, row in enumerate(sorted(rows, key=lambda r: (r.page, r.position, r.id)), start=1):
        row.position = position


def add_item(form, fields, user):
    rows = item_rows(form)
    fields_page = fields.get("page") or str(max((r.page for r in rows), default=1))
    values = parse(_with(fields, page=fields_page), domain_items(rows))
    item = FeedbackItem(form_id=form.activity_id, position=len(rows) + 1, **values)
    db.session.add(item)
    db.session.flush()
    _renumber([*rows, item])
    audit.record(form.activity_id, user, "item_added", item=item.id, type=item.type, text=item.text_id[:80])
    db.session.commit()
    return item


def edit_item(form, item, fields, user):
    rows = item_rows(form)
    others = [domain_item(r) for r in rows if r.id != item.id]
    values = parse(fields, others, current=item, answered=_has_answers(item))
    _check_dependants(rows, item, values)
    for name, value in values.items():
        setattr(item, name, value)
    _renumber(rows)
    audit.record(form.activity_id, user, "item_changed", item=item.id, text=item.text_id[:80])
    db.session.commit()
    return item


def _check_dependants(rows, item, values):
    """Items whose condition names ``item`` must still find their values among its answers."""
    changed = Item(item.id, values["type"], False, values["page"],
                   tuple(Option(o["value"], o["id"], o["en"]) for o in values["options"]), values["config"])
    for row in rows:
        if row.condition and int(row.condition["item"]) == item.id:
            others = [changed if r.id == item.id else domain_item(r) for r in rows if r.id != row.id]
            try:
                check_condition(others, row.id, domain_item(row).condition)
            except ItemError as exc:
                raise FeedbackRefused("condition_broken", position=row.position) from exc


def move(form, item, direction, user):
    """One step up or down in the learner's order; past the first or last item of its page, onto the next page."""
    rows = item_rows(form)
    at = next(n for n, r in enumerate(rows) if r.id == item.id)
    step = -1 if direction == "up" else 1
    other = at + step
    if not 0 <= other < len(rows):
        return False
    neighbour = rows[other]
    if neighbour.page != item.page:
        item.page = neighbour.page
    else:
        item.position, neighbour.position = neighbour.position, item.position
    _renumber(rows)
    audit.record(form.activity_id, user, "item_moved", item=item.id, direction=direction)
    db.session.commit()
    return True


def reorder(form, page, ids, user):
    """A page's items in a new order (the builder's drag and drop): ``ids`` must be exactly that page's items."""
    rows = item_rows(form)
    on_page = [r for r in rows if r.page == page]
    if not on_page or sorted(ids) != sorted(r.id for r in on_page):
        raise FeedbackRefused("order_stale")
    start = min(r.position for r in on_page)
    by_id = {r.id: r for r in on_page}
    for offset, item_id in enumerate(ids):
        by_id[item_id].position = start + offset
    _renumber(rows)
    audit.record(form.activity_id, user, "items_reordered", page=page)
    db.session.commit()


def set_hidden(form, item, hidden, user):
    if bool(item.hidden) == hidden:
        return
    item.hidden = hidden
    audit.record(form.activity_id, user, "item_hidden" if hidden else "item_shown", item=item.id,
                 text=item.text_id[:80])
    db.session.commit()


def delete_refusal(form, item):
    """Why ``item`` cannot be deleted (a FeedbackRefused), or None."""
    if _has_answers(item):
        return FeedbackRefused("item_answered")
    dependants = FeedbackItem.query.filter_by(form_id=form.activity_id).all()
    if any(r.condition and int(r.condition["item"]) == item.id for r in dependants):
        return FeedbackRefused("item_is_condition")
    return None


def delete(form, item, user):
    refusal = delete_refusal(form, item)
    if refusal is not None:
        raise refusal
    text = item.text_id[:80]
    db.session.delete(item)
    db.session.flush()
    _renumber(item_rows(form))
    audit.record(form.activity_id, user, "item_deleted", item=item.id, text=text)
    db.session.commit()


def _with(fields, **values):
    """``fields`` (a form's MultiDict) with some values replaced."""
    copy = fields.copy() if hasattr(fields, "copy") else dict(fields)
    for name, value in values.items():
        copy[name] = value
    return copy
