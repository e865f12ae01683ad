"""Follow-up sessions under concurrency (PostgreSQL: several connections at once): sign-ups racing for the last
seats never overbook, and cancellations racing with sign-ups promote the waiting list in order, once."""
import threading

import pytest
from followup_support import session_fields

from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.followup.models import FollowupSignup
from lti_tool.followup.services import cancel, sign_up
from lti_tool.lti.models import Course, LtiUser


def _run_at_once(app, jobs):
    barrier, errors = threading.Barrier(len(jobs)), []

    def run(job):
        with app.app_context():
            try:
                barrier.wait()
                job()
            except Exception as exc:  # noqa: BLE001  (reported below)
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors


@pytest.fixture
def session_and_users(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    course = Course(issuer="https://moodle.example", deployment_id="1", context_id="1", title="Latsar")
    db.session.add(course)
    db.session.commit()
    activity = create_activity(course.id, None, "followup", "Seminar SIPD", form=session_fields(followup_capacity="3"))
    users = [LtiUser(issuer=course.issuer, sub=f"u{n}", name=f"Peserta {n}") for n in range(12)]
    db.session.add_all(users)
    db.session.commit()
    return activity.id, [u.id for u in users]


def _user(user_id):
    return db.session.get(LtiUser, user_id)


def test_racing_sign_ups_never_overbook(app, session_and_users):
    activity_id, user_ids = session_and_users
    _run_at_once(app, [lambda uid=uid: sign_up(activity_id, user=_user(uid)) for uid in user_ids])
    _run_at_once(app, [lambda uid=user_ids[0]: sign_up(activity_id, user=_user(uid))] * 4)  # double clicks
    rows = FollowupSignup.query.filter_by(activity_id=activity_id).all()
    assert len(rows) == 12 and sum(r.confirmed for r in rows) == 3


def test_racing_cancellations_promote_in_order(app, session_and_users):
    activity_id, user_ids = session_and_users
    for uid in user_ids[:8]:
        sign_up(activity_id, user=_user(uid))
    db.session.remove()
    _run_at_once(app, [lambda uid=uid: cancel(activity_id, user=_user(uid)) for uid in user_ids[:3]]
                 + [lambda uid=uid: sign_up(activity_id, user=_user(uid)) for uid in user_ids[8:]])
    rows = FollowupSignup.query.filter_by(activity_id=activity_id).order_by(FollowupSignup.id).all()
    confirmed = [r.user_id for r in rows if r.confirmed]
    assert confirmed == user_ids[3:6]  # the first three of the waiting list, in the order they signed up
