"""A feedback form comes with its activity (the deep-linking form's ``feedback_*`` fields, built from a template);
its settings and its list of persons (facilitators) change on its settings page.

Named or anonymous is **locked once someone has answered** (a completion exists): turning a named form anonymous
would not make its stored answers anonymous, and the reverse would break the promise made to those who answered.
"""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from ...clock import from_local, utcnow
from ...extensions import db
from ...lti.models import Course, LtiUser
from ..form_templates import DEFAULT_TEMPLATE, TEMPLATES
from ..models import FeedbackCompletion, FeedbackForm, FeedbackItem
from . import FeedbackRefused, audit
from .templates_own import build_from_own, is_own, newest

FORM_MARKER = "feedback_form"  # present when the create form was shown (else: defaults, e.g. an activity made in code)
MIN_JP, MAX_JP = 0, 200
MAX_PERSONS, MAX_NAME = 40, 120


@dataclass(frozen=True)
class Settings:
    anonymous: bool
    editable: bool
    open_at: datetime | None
    close_at: datetime | None
    jp: int
    graded: bool


def _moment(text, code):
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is not None or not 2000 <= moment.year <= 2200:
            raise ValueError(text)
    except (ValueError, OverflowError):
        raise FeedbackRefused(code) from None
    return from_local(moment)


def _jp(text):
    text = (text or "").strip() or "0"
    if not (text.isascii() and text.isdigit()) or not MIN_JP <= int(text) <= MAX_JP:
        raise FeedbackRefused("jp_range", min=MIN_JP, max=MAX_JP)
    return int(text)


def settings_from(form):
    """Settings from the ``feedback_*`` fields (the create dialog and the settings page); FeedbackRefused names the
    first wrong field."""
    anonymous = form.get("feedback_anonymous", "1") != "0"
    open_at = _moment(form.get("feedback_open_at"), "open_invalid")
    close_at = _moment(form.get("feedback_close_at"), "close_invalid")
    if open_at is not None and close_at is not None and close_at <= open_at:
        raise FeedbackRefused("close_before_open")
    editable = form.get("feedback_editable") == "1" and not anonymous
    return Settings(anonymous, editable, open_at, close_at, _jp(form.get("feedback_jp")),
                    form.get("feedback_graded") == "1")


def create_form(activity, form):
    """The form of a new activity, built from the chosen template (FeedbackRefused when a field is wrong). Runs in the
    transaction that creates the activity: nothing is committed here."""
    if FORM_MARKER in form:
        values = settings_from(form)
        key = form.get("feedback_template") or DEFAULT_TEMPLATE
        own = _own_template(activity, key)
        if key not in TEMPLATES and own is None:
            raise FeedbackRefused("template_unknown")
        activity.graded = values.graded
    else:
        values, key, own = Settings(True, False, None, None, 0, bool(activity.graded)), DEFAULT_TEMPLATE, None
    template = own or TEMPLATES[key]
    row = FeedbackForm(activity_id=activity.id, anonymous=values.anonymous, editable=values.editable,
                       open_at=values.open_at, close_at=values.close_at, jp=values.jp, template_key=template.key,
                       template_version=template.version, persons=[])
    db.session.add(row)
    db.session.flush()
    if own is not None:
        build_from_own(row, own)
    else:
        build_items(row, template)
    creator = db.session.get(LtiUser, activity.created_by) if activity.created_by else None
    audit.record(row.activity_id, creator, "created", template=template.key, version=template.version,
                 anonymous=values.anonymous)
    return row


def _own_template(activity, key):
    """The newest version of the course's platform's own template ``key`` (``templates_own``), else None."""
    if not is_own(key):
        return None
    issuer = db.session.query(Course.issuer).filter_by(id=activity.course_id).scalar()
    return newest(issuer, key)


def both_languages(text):
    """A catalogue text in Indonesian and English, to store on an item (the instructor edits both afterwards)."""
    with force_locale("id"):
        indonesian = str(text)
    with force_locale("en"):
        english = str(text)
    return indonesian, english


def _config(config):
    """A template item's config as stored: a Likert scale's labels (catalogue texts) in both languages."""
    config = dict(config)
    if config.get("labels"):
        config["labels"] = [dict(zip(("id", "en"), both_languages(label["text"]), strict=True))
                            for label in config["labels"]]
    return config


def build_items(form, template):
    """The template's items on ``form``, in order; conditions point at the new items by the template's keys."""
    made = {}
    for position, spec in enumerate(template.items, start=1):
        text_id, text_en = both_languages(spec.text)
        options = []
        for value, label in spec.options:
            label_id, label_en = both_languages(label)
            options.append({"value": value, "id": label_id, "en": label_en})
        item = FeedbackItem(form_id=form.activity_id, key=spec.key, position=position, page=spec.page,
                            type=spec.type, required=spec.required and spec.type != "info", text_id=text_id,
                            text_en=text_en, options=options, config=_config(spec.config))
        db.session.add(item)
        made[spec.key] = (item, spec)
    db.session.flush()
    for item, spec in made.values():
        if spec.condition is not None:
            source_key, values = spec.condition
            item.condition = {"item": made[source_key][0].id, "values": list(values)}


def form_for(activity):
    """The activity's form; made from the default template when missing (another process may make it at once)."""
    form = db.session.get(FeedbackForm, activity.id)
    if form is not None:
        return form
    try:
        create_form(activity, {})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return db.session.get(FeedbackForm, activity.id)


def is_locked(form):
    """Someone has answered: named/anonymous can no longer change."""
    return db.session.execute(db.select(FeedbackCompletion.user_id).filter_by(form_id=form.activity_id)
                              .limit(1)).first() is not None


def phase(form, now=None):
    """``not_open``, ``open`` or ``closed`` at ``now``."""
    now = now or utcnow()
    if form.open_at is not None and now < form.open_at:
        return "not_open"
    if form.close_at is not None and now >= form.close_at:
        return "closed"
    return "open"


def update_settings(form, activity, fields, user):
    """New settings from the settings page (FeedbackRefused when a field is wrong or the mode is locked)."""
    values = settings_from(fields)
    if values.anonymous != form.anonymous and is_locked(form):
        raise FeedbackRefused("mode_locked")
    changed = {name: getattr(values, name) for name in ("anonymous", "editable", "open_at", "close_at", "jp")
               if getattr(values, name) != getattr(form, name)}
    if values.graded != bool(activity.graded):
        changed["graded"] = values.graded
        activity.graded = values.graded
    for name, value in changed.items():
        if name != "graded":
            setattr(form, name, value)
    if changed:
        audit.record(form.activity_id, user, "settings_changed",
                     **{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in changed.items()})
    db.session.commit()
    return changed


def persons_of(form, with_hidden=False):
    return [p for p in (form.persons or []) if with_hidden or not p.get("hidden")]


def update_persons(form, fields, answered_persons, user, accounts=None):
    """The list of persons rated (facilitators): renames (``person_<id>``), removals (``remove`` ids; a person with
    answers is hidden instead, and shown again with ``show``), and new names one per line (``new_persons``).
    ``accounts``: the course roster's user ids (None when it cannot be read): ``user_<id>`` links a person to one of
    them (empty: no link) so that the facilitator sees their own ratings; any other id is ignored."""
    persons = [dict(p) for p in form.persons or []]
    removed = {str(v) for v in fields.getlist("remove")}
    shown_again = {str(v) for v in fields.getlist("show")}
    kept = []
    for person in persons:
        name = " ".join((fields.get(f"person_{person['id']}") or person["name"]).split())[:MAX_NAME]
        person["name"] = name or person["name"]
        account = fields.get(f"user_{person['id']}")
        if accounts is not None and account is not None and (account == "" or account in accounts):
            person.pop("user", None)
            if account:
                person["user"] = account
        if str(person["id"]) in removed:
            if person["id"] not in answered_persons:
                continue
            person["hidden"] = True
        elif str(person["id"]) in shown_again:
            person["hidden"] = False
        kept.append(person)
    next_id = max((p["id"] for p in persons), default=0) + 1
    for line in (fields.get("new_persons") or "").replace("\r", "\n").split("\n"):
        name = " ".join(line.split())[:MAX_NAME]
        if name:
            kept.append({"id": next_id, "name": name, "hidden": False})
            next_id += 1
    if len(kept) > MAX_PERSONS:
        raise FeedbackRefused("too_many_persons", max=MAX_PERSONS)
    if kept != (form.persons or []):
        form.persons = kept
        audit.record(form.activity_id, user, "persons_changed", persons=[p["name"] for p in kept if not p["hidden"]])
    db.session.commit()
    return kept
