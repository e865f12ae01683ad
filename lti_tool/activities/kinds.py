"""The one small interface through which a kind of activity (budgeting exercise, reviewed module,
feedback form …) plugs into the tool.

A kind registers itself on the app (``register_kind(app, kind)``) from its own ``init_app``. The
activities blueprint creates activities of any kind, adds them to Moodle through deep linking, binds
links to them, and sends learners and instructors to the kind's own pages.
"""
from dataclasses import dataclass
from decimal import Decimal

from flask import current_app


@dataclass(frozen=True)
class ActivityKind:
    name: str  # stored in Activity.kind; also the kind's blueprint and URL prefix
    label: object  # a lazy translated string
    learner_endpoint: str  # Flask endpoint showing an activity to a learner (reads g.activity)
    instructor_endpoint: str  # Flask endpoint where an instructor configures and follows it
    graded: bool = True
    score_maximum: Decimal = Decimal(100)
    description: object = ""


def register_kind(app, kind):
    app.extensions.setdefault("latih_kinds", {})[kind.name] = kind
    app.jinja_env.globals.setdefault("kinds_of_activities", all_kinds)


def all_kinds():
    return dict(current_app.extensions.get("latih_kinds", {}))


def get_kind(name):
    return current_app.extensions.get("latih_kinds", {}).get(name)
