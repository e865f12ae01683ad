"""The ``modules`` blueprint and what its pages share: the author's pages (author_views, editor_views,
version_views) and the learner's (learner_views) are all on it, so their endpoints are ``modules.<view>``.

Every page works on the activity bound to the launch (``requires_activity``), never on an id from the browser;
version numbers and attachment ids from the URL are looked up within that activity's module only (else 404).
"""
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for
from markupsafe import Markup

from ..richtext import render_inline, render_markdown
from . import labels
from .services import attachments
from .services.setup import module_for, settings_of
from .services.versions import version_numbered

bp = Blueprint("modules", __name__, url_prefix="/modules")


@dataclass(frozen=True)
class Shown:
    """A section as a page shows it: its id, level, and the sanitized HTML of its title and body."""

    id: str
    level: int
    title: Markup
    body: Markup


def current_module():
    return module_for(g.activity)


def go(endpoint, **values):
    return redirect(url_for(endpoint, launch=g.launch.token, **values))


def refuse(exc):
    flash(labels.refusal(exc.code, exc.params), "error")


def review_link(token):
    """A reviewer's personal link (the standalone reviewer pages), absolute: it is sent by email or WhatsApp.
    ``LATIH_BASE_URL`` when set (behind a proxy the request's host may be an internal name)."""
    path = url_for("modules_review.page", token=token)
    base = current_app.config.get("LATIH_BASE_URL")
    return base.rstrip("/") + path if base else url_for("modules_review.page", token=token, _external=True)


def attachment_url(attachment):
    endpoint = "modules.staff_attachment" if g.launch.is_staff else "modules.attachment"
    return url_for(endpoint, attachment_id=attachment.id, launch=g.launch.token)


def show_sections(module, sections):
    """Each section's title and body rendered (attachments pointed at by ``attachment:<name>`` resolved)."""
    resolve = attachments.resolver(module, attachment_url)
    return [Shown(s.id, s.level, render_inline(s.title),
                  render_markdown(s.body, id_prefix=f"s-{s.id}-", images=True, resolve_url=resolve))
            for s in sections]


def version_or_404(module, number):
    version = version_numbered(module, number)
    if version is None:
        abort(404)
    return version


def page(template, module=None, **values):
    """A module page: the launch, the activity, the module and its settings around ``values``."""
    module = module or current_module()
    return render_template(template, ctx=g.launch, activity=g.activity, module=module,
                           settings=settings_of(module), **values)


TEMPLATE_FILTERS = {"module_group": labels.group_name, "module_criterion": labels.criterion_name,
                    "module_scale": labels.scale_labels, "module_title": render_inline,
                    "module_snippet": attachments.snippet}
