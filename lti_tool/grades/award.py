"""The one way a kind of activity awards a grade.

``award`` writes the score to the outbox in the same transaction as the caller's pending work (the session is
committed here), starts delivering it right after the commit, and announces it with the ``score_awarded``
signal (sender: the activity; kwargs learner, score). Announcing completion is separate
(``activities.completion.announce_completion``): a grade may come long after the learner finished.
"""
from blinker import Namespace

from ..extensions import db
from .outbox import record_score
from .worker import deliver_soon

_signals = Namespace()
score_awarded = _signals.signal("score-awarded")


def award(activity, learner, score_given, *, link=None, comment=None, activity_progress, grading_progress,
          score_maximum=None):
    """Record ``score_given`` for ``learner`` (commits the session), schedule delivery, announce it.

    ``link``: the launch's resource link (its line item is used when it is bound to ``activity``; otherwise
    the line item is found or created by the activity's resource id). ``score_maximum`` defaults to the
    activity's. ``grading_progress``: ``FullyGraded`` when final, ``PendingManual`` while a person still has
    to grade (Moodle then shows "-"). Returns the Score.
    """
    score = record_score(user=learner, activity=activity, link=link, score_given=score_given,
                         activity_progress=activity_progress, grading_progress=grading_progress,
                         comment=comment or "", score_maximum=score_maximum)
    db.session.commit()
    deliver_soon([score.id])
    score_awarded.send(activity, learner=learner, score=score)
    return score
