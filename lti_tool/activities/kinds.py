"""The one interface through which a kind of activity (budgeting exercise, reviewed module, feedback form …)
plugs into the tool.

A kind is a package with a ``KIND`` (an :class:`ActivityKind`). The app loads the packages named in
``LATIH_KINDS`` (``load_kinds``): each kind is registered, then its own ``init_app`` adds its blueprints, CLI
commands and template filters. The core never imports a kind: it reaches a kind only through what the
``ActivityKind`` carries — its pages, its staff navigation, its deep-linking form, its per-learner summary.
A kind reaches the core through ``grades.award`` (grades) and ``activities.completion`` (the completion event).
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module

from flask import current_app


class KindError(ValueError):
    """A kind's create form refused what the instructor entered; the message is for the instructor."""


@dataclass(frozen=True)
class NavEntry:
    """One of a kind's instructor pages in the staff navigation."""

    label: object  # a lazy translated string
    endpoint: str  # Flask endpoint (receives ``launch=``)
    blueprints: tuple[str, ...] = ()  # the entry is active while a page of these blueprints is shown


@dataclass(frozen=True)
class ActivityKind:
    name: str  # stored in Activity.kind; also the kind's blueprint and URL prefix
    label: object  # a lazy translated string
    learner_endpoint: str  # Flask endpoint showing an activity to a learner (reads g.activity)
    instructor_endpoint: str  # Flask endpoint where an instructor configures and follows it
    graded: bool = True
    score_maximum: Decimal = Decimal(100)
    description: object = ""
    init_app: Callable | None = None  # init_app(app): blueprints, CLI commands, template filters
    staff_nav: tuple[NavEntry, ...] = ()  # instructor pages besides the main one (Grades is added for graded kinds)
    # The deep-linking form: a template included in "New activity" while this kind is chosen (field names start with
    # the kind's name), and what to do with its fields once the activity exists: on_create(activity, form) may raise
    # KindError; it runs in the transaction that creates the activity.
    create_form: str | None = None
    on_create: Callable[[object, Mapping], None] | None = None
    # summarise(activity, user_ids) -> {user id: short text} for the course overview (optional).
    summarise: Callable[[object, list[int]], Mapping[int, str]] | None = None
    blueprints: tuple[str, ...] = field(default=())  # the kind's blueprints (its main page is active for these)
    # Revision requests (lti_tool.revisions): whether this kind's activities can be the target of one (their author
    # answers them in a version), and course_summary(activity) -> short text or None for the course overview's line
    # per activity (e.g. a feedback form's evaluation score).
    takes_revision_requests: bool = False
    course_summary: Callable[[object], str | None] | None = None
    # The learning record (lti_tool.record): planned_jp(activity) -> Decimal or None, the JP a completion credits
    # (None or 0: nothing), and the category of competency development its activities count under.
    planned_jp: Callable[[object], Decimal | None] | None = None
    jp_category: str = "e-learning"
    # jp_category_of(activity) -> str: a category per activity (a follow-up session's), else ``jp_category``.
    jp_category_of: Callable[[object], str] | None = None
    # Follow-up-capable kinds (a course's recommended next steps, lti_tool.record.next_steps): enrol(activity,
    # learner) -> str signs the learner up and returns the message for them (translated).
    enrol: Callable[[object, object], str] | None = None
    # enrolled(activity, learner) -> bool: signed up already (or waiting), so the one-click sign-up is not offered.
    enrolled: Callable[[object, object], bool] | None = None


def jp_category(kind, activity):
    """The category of competency development a completion of ``activity`` counts under."""
    return kind.jp_category_of(activity) if kind.jp_category_of is not None else kind.jp_category


def register_kind(app, kind):
    kinds = app.extensions.setdefault("latih_kinds", {})
    if kind.name in kinds and kinds[kind.name] is not kind:
        raise RuntimeError(f"two kinds of activity are named {kind.name!r}")
    kinds[kind.name] = kind
    app.jinja_env.globals.setdefault("kinds_of_activities", all_kinds)
    app.jinja_env.globals.setdefault("staff_nav_for", staff_nav)


def load_kinds(app):
    """Import every package named in ``LATIH_KINDS`` and plug in its ``KIND``."""
    names = app.config.get("LATIH_KINDS") or ()
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    for module_name in names:
        try:
            module = import_module(module_name)
        except ImportError as exc:
            raise RuntimeError(f"LATIH_KINDS names {module_name!r}, which cannot be imported: {exc}") from exc
        kind = getattr(module, "KIND", None)
        if not isinstance(kind, ActivityKind):
            raise RuntimeError(f"LATIH_KINDS names {module_name!r}, which has no KIND (an ActivityKind)")
        register_kind(app, kind)
        if kind.init_app is not None:
            kind.init_app(app)
    app.jinja_env.globals.setdefault("kinds_of_activities", all_kinds)
    app.jinja_env.globals.setdefault("staff_nav_for", staff_nav)


def all_kinds():
    return dict(current_app.extensions.get("latih_kinds", {}))


def get_kind(name):
    return current_app.extensions.get("latih_kinds", {}).get(name)


@dataclass(frozen=True)
class NavLink:
    entry: NavEntry
    active: bool


def staff_nav(activity, endpoint=None, blueprint=None):
    """The instructor's navigation for an activity: its main page, the kind's own pages, then Grades.

    The entry of the page shown (by endpoint, else by blueprint) is marked active."""
    from flask_babel import lazy_gettext as _l

    kind = get_kind(activity.kind)
    if kind is None:
        return []
    entries = [NavEntry(activity.title, kind.instructor_endpoint, kind.blueprints or (kind.name,))]
    entries.extend(kind.staff_nav)
    if activity.graded:
        entries.append(NavEntry(_l("Grades"), "grades.activity_scores", ("grades",)))
    entries.append(NavEntry(_l("Course overview"), "activities.course_overview"))
    active = next((e for e in entries if e.endpoint == endpoint), None) or \
        next((e for e in entries if blueprint in e.blueprints), None)
    return [NavLink(e, e is active) for e in entries]
