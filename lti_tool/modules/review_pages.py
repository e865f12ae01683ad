"""What the reviewer's pages show (``review_views``): the review page, the read-only page of a closed round (410)
and the refusals (404, 403, 429), each a full page in the tool's layout and the reader's language."""
from flask import make_response, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from ..extensions import db
from ..formats import format_datetime
from ..lti.models import LtiUser
from ..richtext import render_inline, render_markdown
from . import labels
from .models import Module
from .pages import Shown
from .services import attachments, review_comments, reviewing
from .services.setup import settings_of
from .services.versions import sections_of

REFUSALS = {  # (status, kind) → (title, what the reader can do)
    (404, None): (_l("This review link is not valid"),
                  _l("Check that you opened the whole link from your invitation (links sent by chat are sometimes "
                     "cut). If it still does not work, ask the module's author for a new link.")),
    (403, "revoked"): (_l("This review link was revoked"),
                       _l("The module's author has withdrawn this link. If you think this is a mistake, contact "
                          "them: they can send you a new one.")),
    (403, "not_open"): (_l("This review has not started yet"),
                        _l("The module's author has not opened the review round yet. Try the link again later.")),
    (429, None): (_l("Too many requests"),
                  _l("This page was opened too often from your network within a minute. Wait a minute, then "
                     "reload the page. Nothing you saved is lost.")),
}


def module_of(reviewer):
    return db.session.get(Module, reviewer.round.module_id)


def refusal_page(status, kind=None):
    title, advice = (str(t) for t in REFUSALS.get((status, kind), REFUSALS.get((status, None))))
    response = make_response(render_template("modules/review/refused.html", status=status, title=title,
                                             advice=advice))
    response.status_code = status
    return response


def messages(problems, names=None):
    """The refusals' texts, their params made readable (a deadline in the zone, criteria by name)."""
    names = names or {}
    texts = []
    for code, params in problems or ():
        params = dict(params)
        if params.get("deadline") is not None:
            params["deadline"] = format_datetime(params["deadline"])
        if isinstance(params.get("criteria"), list | tuple):
            params["criteria"] = ", ".join(names.get(c, c) for c in params["criteria"])
        texts.append(labels.reviewer_refusal(code, params))
    return texts


def shown_sections(module, sections):
    """Rendered sections; ``attachment:<name>`` points at the file under the link's own route."""
    resolve = attachments.resolver(module, lambda a: url_for("modules_review.attachment", attachment_id=a.id))
    return [Shown(s.id, s.level, render_inline(s.title),
                  render_markdown(s.body, id_prefix=f"s-{s.id}-", images=True, resolve_url=resolve))
            for s in sections]


def criteria_view(reviewer, settings):
    """[{id, name, points: [(1, label), …]}] of the reviewer's group, on each criterion's labelled scale."""
    own = {c["id"]: c for c in settings.criteria}
    shown = []
    for criterion in reviewing.criteria_of(reviewer, settings):
        data = dict(own.get(criterion.id) or {"id": criterion.id, "name": "", "labels": list(criterion.labels)},
                    scale_max=criterion.scale_max)
        words = labels.scale_labels(data)
        points = [(n, words[n - 1] if n <= len(words) else "") for n in range(1, criterion.scale_max + 1)]
        shown.append({"id": criterion.id, "name": labels.criterion_name(data), "points": points})
    return shown


class CommentTexts:
    """What every comment, thread and section form of the reviewer's page repeats, made once per page (a round of
    500 comments would otherwise call gettext, url_for and Babel's date formatting thousands of times): the words in
    the reader's language (Markup, as the templates' ``_()`` gives them), the CSRF token, the forms' URLs and the
    comments' dates (formatted once per minute: the format shows no seconds)."""

    def __init__(self):
        self.csrf = generate_csrf()
        self.comments_url = url_for("modules_review.add_comment")  # + /<id>/reply, /<id>/edit, /<id>/delete
        self.you, self.author, self.blocking = Markup(_("You")), Markup(_("Module author")), Markup(_("blocking"))
        self.declined, self.authors_answer = Markup(_("declined")), Markup(_("Author's answer:"))
        self.change_or_delete, self.your_comment = Markup(_("Change or delete")), Markup(_("Your comment"))
        self.blocking_label = Markup(_("Blocking: must change before the module is approved"))
        self.save_change, self.delete = Markup(_("Save the change")), Markup(_("Delete this comment"))
        self.reply, self.your_reply, self.send_reply = Markup(_("Reply")), Markup(_("Your reply")), Markup(
            _("Send the reply"))
        self.comment_on_section, self.on_selection = Markup(_("Comment on this section")), Markup(
            _("On the selected text:"))
        self.whole_section = Markup(_("Comment on the whole section instead"))
        self.save_comment = Markup(_("Save the comment"))
        self._reviewer = Markup(_("Reviewer %(number)s"))
        self._addressed = Markup(_("addressed in version %(number)s"))
        self._dates = {}

    def url(self, comment_id, action):
        """The URL of a comment's form: ``reply``, ``edit`` or ``delete`` (``modules_review.<action>_comment``)."""
        return f"{self.comments_url}/{comment_id}/{action}"

    def reviewer(self, number):
        return self._reviewer % {"number": number}

    def addressed(self, number):
        return self._addressed % {"number": number}

    def when(self, moment):
        if moment is None:
            return format_datetime(moment)
        minute = moment.replace(second=0, microsecond=0)
        if minute not in self._dates:
            self._dates[minute] = format_datetime(minute)
        return self._dates[minute]


def _context(reviewer, problems=(), kept=None):
    module = module_of(reviewer)
    settings = settings_of(module)
    row = reviewer.round
    groups = {g["id"]: g for g in settings.groups}
    criteria = criteria_view(reviewer, settings)
    inviter = db.session.get(LtiUser, reviewer.invited_by) if reviewer.invited_by else None
    kept = kept or {}
    typed = kept.get("review")
    values = typed or {"scores": {k: str(v) for k, v in (reviewer.scores or {}).items()},
                       "recommendation": reviewer.recommendation or "", "summary": reviewer.summary or ""}
    return {"reviewer": reviewer, "round": row, "module": module, "activity": module.activity,
            "course": module.activity.course, "version": row.version, "inviter": inviter,
            "group": labels.group_name(groups.get(reviewer.group) or {"id": reviewer.group}),
            "criteria": criteria, "values": values, "recommendations": labels.REVIEW_RECOMMENDATIONS,
            "threads": review_comments.threads(reviewer), "answers": review_comments.previous_answers(reviewer),
            "messages": messages(problems, {c["id"]: c["name"] for c in criteria}), "kept": kept,
            "submitted": reviewer.review_state == "submitted", "tx": CommentTexts()}


def review_page(reviewer, status=200, problems=(), kept=None):
    values = _context(reviewer, problems, kept)
    sections = sections_of(reviewer.round.version)
    response = make_response(render_template("modules/review/page.html", sections=sections, accepting=True,
                                             shown=shown_sections(values["module"], sections), **values))
    response.status_code = status
    return response


def closed_page(access, problems=(), kept=None):
    """410: the round no longer takes reviews; until when it was open, and one's own review, read-only."""
    kept = dict(kept or {})
    typed = kept.pop("review", None)  # shown as typed, apart from the review as it was saved
    values = _context(access.reviewer, problems, kept)
    response = make_response(render_template("modules/review/closed.html", until=access.until, accepting=False,
                                             typed=typed, **values))
    response.status_code = 410
    return response
