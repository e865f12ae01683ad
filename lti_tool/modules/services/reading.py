"""A learner reads the published version and marks it read: completion (the event, once) and, when the module gives
a grade, full marks through the grade outbox."""
from ...activities.completion import announce_completion, completed_at, completions
from ...formats import format_date
from ...grades.award import award
from ...grades.outbox import latest_score
from . import ModuleRefused


def mark_read(activity, module, learner, link):
    """Record that ``learner`` read the published version. Returns True the first time."""
    if module.published_version_id is None:
        raise ModuleRefused("not_published")
    first = announce_completion(activity, learner)
    if activity.graded and (first or latest_score(learner.id, activity.id) is None):
        award(activity, learner, activity.score_maximum, link=link, activity_progress="Completed",
              grading_progress="FullyGraded")
    return first


def read_at(activity, learner):
    return completed_at(activity.id, learner.id)


def summaries(activity, user_ids, read_text, unread_text):
    """For the course overview: "read on <date>" or "not read yet" per learner."""
    done = completions(activity.id, user_ids)
    return {uid: read_text % {"date": format_date(done[uid])} if uid in done else unread_text for uid in user_ids}
