"""The report of one run (angkatan) as a PDF a training centre can file (fpdf2, no browser), as the modules' review
report is made: A4 portrait, DejaVu Sans embedded (``static/fonts``: every letter of Indonesian names prints), page
numbers. The head gives the course, the form, the template and its version, the period and the responses; then the
report's groups (per question, and per facilitator on a rating per person): counts and percentages per option or
point, the median for scales, the NPS for the 0–10 question, the quartiles for numbers; a hidden group says why and
has no figure. No raw answers and no learner's name: a filed report shows figures only.

Text is short here (questions, options), so fpdf2's own ``multi_cell`` and tables wrap it; the modules' faster
line breaker is not needed (and kinds share no code)."""
import os

from flask import current_app
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from ...formats import format_number, format_percent, language
from ..domain.stats import percent
from . import clean, entry_title, hidden_text

FONT = "DejaVu"
_GREY, _BLACK = (90, 90, 90), (29, 33, 37)
_HEAD = FontFace(emphasis="BOLD", fill_color=(230, 233, 238))


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

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*_GREY)
        self.cell(0, 4, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, _("Page %(n)s of %(total)s", n=self.page_no(), total="{nb}"), align="R")
        self.set_text_color(*_BLACK)

    def line_of(self, text, size=9, bold=False, height=4.8):
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, height, clean(text), new_x="LMARGIN", new_y="NEXT")


def answers_pdf(data, facts):
    """The PDF's bytes; ``facts``: [(label, value as text)] of the head."""
    title = _("FEEDBACK REPORT")
    pdf = _Document(f"{clean(data.title)[:80]} · {clean(data.course)[:60]}")
    pdf.set_title(f"{title}: {clean(data.title)}")
    pdf.set_creator("Latih")
    pdf.set_lang(language())
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, clean(data.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, size=9)
    with pdf.table(col_widths=(45, 135), first_row_as_headings=False, line_height=5, padding=1,
                   borders_layout="HORIZONTAL_LINES") as table:
        for label, value in facts:
            row = table.row()
            row.cell(clean(label), style=FontFace(emphasis="BOLD"))
            row.cell(clean(value))
    for number, entry in enumerate(data.entries, start=1):
        _item(pdf, number, entry)
    return bytes(pdf.output())


def _item(pdf, number, entry):
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.ln(3)
    pdf.line_of(f"{number}. {entry_title(entry)}", size=10, bold=True)
    group = entry.group
    if group.hidden:  # no figure, not even the group's size
        pdf.line_of(hidden_text(group), size=8.5)
        return
    pdf.line_of(_("Responses to this question: %(n)s", n=format_number(group.n)), size=8)
    if group.options:
        pdf.set_font(FONT, size=8)
        with pdf.table(col_widths=(120, 30, 30), headings_style=_HEAD, line_height=4.2, padding=1,
                       text_align=("LEFT", "RIGHT", "RIGHT")) as table:
            head = table.row()
            for text in (_("Answer"), _("Count"), _("Percent")):
                head.cell(text)
            for option in group.options:
                row = table.row()
                row.cell(clean(option.label))
                row.cell(format_number(option.count))
                row.cell(format_percent(option.percent))
            if group.not_applicable:
                row = table.row()
                row.cell(_("not applicable"))
                row.cell(format_number(group.not_applicable))
                row.cell("–")
    for line in _summary_lines(group):
        pdf.line_of(line, size=8.5)


def _summary_lines(group):
    if group.nps is not None and group.nps.n:
        summary = group.nps
        return [_("NPS %(score)s (promoters %(p)s, passives %(m)s, detractors %(d)s)", score=summary.score,
                  p=summary.promoters, m=summary.passives, d=summary.detractors)]
    if group.numeric is not None and group.numeric.n:
        summary = group.numeric
        return [_("Median %(m)s; quartiles %(q1)s and %(q3)s; lowest %(lo)s, highest %(hi)s",
                  m=format_number(summary.median), q1=format_number(summary.q1), q3=format_number(summary.q3),
                  lo=format_number(summary.minimum), hi=format_number(summary.maximum))]
    if group.ordinal is not None and group.ordinal.n:
        summary = group.ordinal
        return [_("Median %(m)s; top-2-box %(t)s", m=summary.median_text, t=format_percent(percent(summary.top_box)))]
    return []
