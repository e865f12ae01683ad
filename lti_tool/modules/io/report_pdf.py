"""The review report of a round as a PDF (fpdf2, no browser): A4 portrait, DejaVu Sans (shipped in
``static/fonts``, so every Unicode letter of Indonesian names and the symbols people type print), page numbers,
tables for the groups, reviewers and scores, the comments with the author's answers as flowing blocks (a long
comment breaks across pages instead of overflowing a table row), the decision, and a signature block. Flowing text
is wrapped by ``pdf_lines`` into the lines ``multi_cell`` would print: fpdf2's own line breaker measures a line
again for every character, seconds for a round of 500 comments.

Input is ``services.report.Report``; texts are already in the reader's language, times are shown in the
configured zone (``formats``). Characters that are not text (control characters) are dropped.
"""
import os
import re

from flask import current_app
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from ...formats import format_date, format_datetime, language
from . import pdf_lines

FONT = "DejaVu"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_GREY, _RED, _BLACK = (90, 90, 90), (176, 42, 55), (29, 33, 37)
_HEAD = FontFace(emphasis="BOLD", fill_color=(230, 233, 238))


def _clean(value):
    text = "" if value is None else str(value)
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\t", " "))


def _when(moment):
    return format_datetime(moment) or "–"


class _Document(FPDF):
    def __init__(self, footer_text):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        folder = os.path.join(current_app.static_folder, "fonts")
        self.add_font(FONT, "", os.path.join(folder, "DejaVuSans.ttf"))
        self.add_font(FONT, "B", os.path.join(folder, "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=16)
        self.alias_nb_pages()
        self.char_widths = {}  # pdf_lines.CharWidths per font, style and size

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*_GREY)
        self.cell(0, 4, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, _("Page %(n)s of %(total)s", n=self.page_no(), total="{nb}"), align="R")
        self.set_text_color(*_BLACK)

    def text_block(self, text, size=9, bold=False, color=_BLACK, indent=0, height=4.6):
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*color)
        self.set_x(self.l_margin + indent)
        width = self.epw - indent  # as multi_cell(width, height, text, align="L"), without its slow line breaker
        lines = pdf_lines.wrap(_clean(text), width - 2 * self.c_margin, pdf_lines.widths_for(self, self.char_widths))
        pdf_lines.draw(self, lines, width, height)
        self.set_text_color(*_BLACK)

    def heading(self, text):
        if self.will_page_break(20):
            self.add_page()
        self.ln(3)
        self.text_block(text, size=11, bold=True, height=6)
        self.ln(1)

    def grid(self, widths, head, rows, align=None):
        self.set_font(FONT, size=8)
        with self.table(col_widths=widths, headings_style=_HEAD, line_height=4.2, text_align=align or "LEFT",
                        padding=1, first_row_as_headings=True) as table:
            for values in [head, *rows]:
                row = table.row()
                for value in values:
                    row.cell(_clean(value))


def report_pdf(report):
    """The PDF's bytes."""
    title = _("MODULE REVIEW REPORT")
    footer = _("round %(n)s", n=report.round_number)
    pdf = _Document(f"{_clean(report.module_title)[:80]} · {footer}")
    pdf.set_title(f"{title}: {_clean(report.module_title)}")
    pdf.set_subject(_clean(report.module_title))
    pdf.set_author(_clean(report.version_author) or "Latih")
    pdf.set_creator("Latih")
    pdf.set_lang(language())
    pdf.add_page()
    _header(pdf, report, title)
    _groups(pdf, report)
    _reviewers(pdf, report)
    _scores(pdf, report)
    _rule(pdf, report)
    _comments(pdf, report)
    _decision(pdf, report)
    _signatures(pdf, report)
    return bytes(pdf.output())


def _header(pdf, report, title):
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, _clean(report.module_title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, _clean(report.course), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    version = _("version %(n)s of %(date)s", n=report.version_number, date=_when(report.version_date))
    if report.version_author:
        version += f" · {report.version_author}"
    facts = [(_("Version"), version), (_("Review round"), f"{report.round_number} · {report.state_label}"),
             (_("Deadline"), _when(report.deadline)), (_("Opened"), _when(report.opened_at)),
             (_("Closed"), _when(report.closed_at)), (_("Decided"), _when(report.decided_at))]
    pdf.set_font(FONT, size=9)
    with pdf.table(col_widths=(40, 140), first_row_as_headings=False, line_height=5, padding=1,
                   borders_layout="HORIZONTAL_LINES") as table:
        for label, value in facts:
            row = table.row()
            row.cell(_clean(label), style=FontFace(emphasis="BOLD"))
            row.cell(_clean(value))


def _groups(pdf, report):
    pdf.heading(_("1. Stakeholder groups and criteria"))
    if not report.groups:
        return
    labels = [label for label, _count in report.groups[0].recommendations]
    head = [_("Group"), _("Criteria"), _("Invited"), _("Submitted"), *labels]
    rows = [[g.name, ", ".join(g.criteria), g.invited,
             f"{g.submitted}" + (f" / {g.min_reviews}" if g.min_reviews is not None else ""),
             *[count for _label, count in g.recommendations]] for g in report.groups]
    extra = len(labels)
    pdf.grid((36, 64, 16, 18, *([46 / extra] * extra if extra else ())), head, rows)


def _reviewers(pdf, report):
    pdf.heading(_("2. Reviewers"))
    if not report.reviewers:
        pdf.text_block(_("No reviewer was invited."))
        return
    rows = []
    for r in report.reviewers:
        if r.revoked:
            state = _("link revoked %(when)s (not counted)", when=_when(r.revoked_at))
        elif r.submitted:
            state = _("submitted %(when)s", when=_when(r.submitted_at))
        else:
            state = _("not submitted")
        rows.append([r.name, r.institution or "–", r.group_name, state, r.recommendation_label or "–"])
    pdf.grid((40, 42, 34, 38, 26),
             [_("Name"), _("Institution"), _("Group"), _("Review state"), _("Recommendation")], rows)


def _scores(pdf, report):
    pdf.heading(_("3. Scores"))
    pdf.text_block(_("The scales are ordinal: the median (the lower one; “2–3” when the two middle scores differ) "
                     "and the number of reviewers who gave each point, never a mean."), size=7.5, color=_GREY)
    pdf.ln(1)
    if not report.scores:
        return
    rows = []
    for s in report.scores:
        met = "–" if s.met is None else (_("yes") if s.met else _("no"))
        dist = " · ".join(f"{point}: {count}" for point, count in enumerate(s.distribution, start=1))
        rows.append([s.group_name, s.criterion_name, s.n, s.median_text, dist,
                     s.need if s.need is not None else "–", met])
    pdf.grid((34, 44, 10, 16, 44, 16, 16),
             [_("Group"), _("Criterion"), _("Count"), _("Median"), _("Distribution"), _("At least"), _("Met")], rows)


def _rule(pdf, report):
    pdf.heading(_("4. Approval rule"))
    for line in report.rule_lines:
        pdf.text_block(f"• {line}", indent=2)
    pdf.ln(1)
    if report.rule_met is None:
        pdf.text_block(_("The round's approval rule cannot be read."), bold=True, color=_RED)
    elif report.rule_met:
        pdf.text_block(_("The approval rule is met."), bold=True)
    else:
        pdf.text_block(_("The approval rule is not met:"), bold=True, color=_RED)
        for reason in report.unmet:
            pdf.text_block(f"• {reason}", indent=2)


def _comments(pdf, report):
    pdf.heading(_("5. Comments and the author's answers"))
    pdf.text_block(_("%(n)s comment(s), of which %(b)s blocking (%(o)s still open).", n=report.comment_count,
                     b=report.blocking_count, o=report.open_blocking))
    number = 0
    for section in report.sections:
        pdf.ln(2)
        if pdf.will_page_break(16):
            pdf.add_page()
        title = section.title if section.in_version else f"{section.title} ({_('not a section of this version')})"
        pdf.text_block(title, size=10, bold=True, height=5.5)
        for c in section.comments:
            number += 1
            if pdf.will_page_break(14):
                pdf.add_page()
            top = pdf.get_y()
            head = f"{number}. {c.reviewer}" + (f", {c.institution}" if c.institution else "") \
                + (f" · {c.group_name}" if c.group_name else "") + f" · {_when(c.created_at)}"
            pdf.text_block(head, size=8.5, bold=True, indent=3)
            flags = ([_("blocking").upper()] if c.blocking else []) + [c.status_label]
            pdf.text_block(" · ".join(flags), size=7.5, bold=c.blocking, color=_RED if c.blocking else _GREY,
                           indent=3)
            if c.quote:
                pdf.text_block(f"“{c.quote}”", size=8, color=_GREY, indent=6)
            pdf.text_block(c.body, indent=3)
            answer = f"{_('Answer:')} {c.answer_text}"
            if c.answered_by:
                answer += f" ({c.answered_by}" + (f", {_when(c.answered_at)}" if c.answered_at else "") + ")"
            pdf.text_block(answer, size=8.5, indent=3)
            for reply in c.replies:
                who = reply.author + (f" ({_('author')})" if reply.by_author else "")
                pdf.text_block(f"↳ {who}, {_when(reply.at)}: {reply.body}", size=8, indent=8)
            if pdf.get_y() > top:  # a bar beside the comment (on its last page), red when blocking
                pdf.set_draw_color(*(_RED if c.blocking else (200, 200, 200)))
                pdf.set_line_width(0.6)
                pdf.line(pdf.l_margin + 1, top + 0.5, pdf.l_margin + 1, pdf.get_y() - 0.5)
                pdf.set_draw_color(*_BLACK)
                pdf.set_line_width(0.2)
            pdf.ln(1.5)
    if not report.sections:
        pdf.text_block(_("No comments."))


def _decision(pdf, report):
    pdf.heading(_("6. Decision"))
    decision = report.decision
    if decision.against_rule:
        pdf.set_draw_color(*_RED)
        pdf.set_line_width(0.5)
        pdf.set_font(FONT, "B", 9.5)
        pdf.set_text_color(*_RED)
        pdf.multi_cell(0, 5, _clean(decision.text), border=1, align="L", new_x="LMARGIN", new_y="NEXT", padding=2)
        pdf.set_text_color(*_BLACK)
        pdf.set_draw_color(*_BLACK)
        pdf.set_line_width(0.2)
    else:
        pdf.text_block(decision.text, size=9.5, bold=True)
    if decision.decided:
        pdf.text_block(_("Decided by %(who)s on %(when)s.", who=decision.decided_by or "–",
                         when=_when(decision.decided_at)), size=8.5)


def _signatures(pdf, report):
    if pdf.will_page_break(48):
        pdf.add_page()
    pdf.ln(8)
    pdf.set_font(FONT, "", 9)
    pdf.cell(0, 5, format_date(report.generated_at, long=True), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    half = pdf.epw / 2
    y = pdf.get_y()
    for column, (role, name) in enumerate(((_("Module author"), report.version_author),
                                           (_("Head of the training centre"), ""))):
        x = pdf.l_margin + column * half
        pdf.set_xy(x, y)
        pdf.set_font(FONT, "", 9)
        pdf.cell(half, 5, _clean(role), align="C")
        pdf.line(x + 12, y + 28, x + half - 12, y + 28)
        pdf.set_xy(x, y + 29)
        pdf.cell(half, 5, _clean(name) or "(" + "." * 40 + ")", align="C")
    pdf.set_xy(pdf.l_margin, y + 36)
    pdf.set_font(FONT, "", 7.5)
    pdf.set_text_color(*_GREY)
    pdf.cell(0, 4, _("Printed from Latih on %(when)s.", when=_when(report.generated_at)), new_x="LMARGIN",
             new_y="NEXT")
    pdf.set_text_color(*_BLACK)
