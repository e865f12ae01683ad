"""For the kinds' own pages: the activity is the one bound to the launch's link, never an id from the browser.

A deep-linking launch has no link: there the instructor may set up an activity of the course before adding it
(``activities.setup`` records its id in the launch's session entry), and only staff pages serve it."""
from functools import wraps

from flask import g

from ..extensions import db
from ..lti.context import requires_launch
from ..lti.refusal import Refused
from .models import Activity


def requires_activity(kind=None, staff=False):
    """Decorator: a live launch whose link shows an activity (of ``kind``, when given), put in ``g.activity``."""

    def decorator(view):
        @requires_launch(staff=staff)
        @wraps(view)
        def wrapped(*args, **kwargs):
            link = g.launch.link
            activity = link.activity if link is not None else None
            if link is None and staff and g.launch.deep_linking and g.launch.setup_activity_id:
                activity = db.session.get(Activity, g.launch.setup_activity_id)
            wrong_kind = kind is not None and activity is not None and activity.kind != kind
            if activity is None or wrong_kind or activity.course_id != g.launch.course.id:
                raise Refused("forbidden")
            g.activity = activity
            return view(*args, **kwargs)

        return wrapped

    return decorator
