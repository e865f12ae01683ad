"""The review report of a round as XLSX (openpyxl): four sheets, named in the reader's language — Ringkasan
(summary: module, version, round, dates, groups, the approval rule and whether it is met, the decision), Skor (per
group and criterion: n, median, the count of every point of the scale), Peninjau (reviewers) and Komentar (comments
with the author's answers and replies, blocking first within a section).

Text that reviewers or authors typed is written as text, never as a formula: a cell starting with ``=``, ``+``,
``-`` or ``@`` stays a string (the cell's type is set to string, as the budgeting exports do), and characters XLSX
cannot hold are dropped. Times are date cells holding the configured zone's wall time (``formats.XLSX_DATETIME``);
counts and medians are numbers.
"""
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ... import clock
from ...formats import XLSX_DATETIME

MAX_CELL_TEXT = 32767
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _local(moment):
    return clock.to_local(moment).replace(tzinfo=None) if moment is not None else None


def put(ws, row, values, bold=False, wrap=False):
    """One row from column A; text stays text (never a formula), times become date cells in the zone."""
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]
            cell.data_type = "s"  # whatever it starts with (= + - @)
        elif hasattr(value, "hour"):
            cell.value = _local(value)
            cell.number_format = XLSX_DATETIME
        else:
            cell.value = value
        if bold:
            cell.font = _BOLD
        if wrap:
            cell.alignment = _WRAP


def _widths(ws, widths):
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def report_xlsx(report):
    """The XLSX file's bytes."""
    workbook = Workbook()
    _summary(workbook.active, report)
    _scores(workbook.create_sheet(), report)
    _reviewers(workbook.create_sheet(), report)
    _comments(workbook.create_sheet(), report)
    workbook.properties.title = f"{_('MODULE REVIEW REPORT')}: {report.module_title}"[:250]
    workbook.properties.creator = "Latih"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _summary(ws, report):
    ws.title = _("Summary")[:31]
    _widths(ws, (28, 90))
    put(ws, 1, [_("MODULE REVIEW REPORT")])
    ws["A1"].font = _TITLE
    zone = clock.zone_abbreviation()
    rows = [(_("Module"), report.module_title), (_("Course"), report.course),
            (_("Version"), report.version_number), (_("Version of (%(zone)s)", zone=zone), report.version_date),
            (_("Version author"), report.version_author), (_("Review round"), report.round_number),
            (_("State"), report.state_label), (_("Deadline (%(zone)s)", zone=zone), report.deadline),
            (_("Opened (%(zone)s)", zone=zone), report.opened_at),
            (_("Closed (%(zone)s)", zone=zone), report.closed_at),
            (_("Decided (%(zone)s)", zone=zone), report.decided_at)]
    line = 3
    for label, value in rows:
        put(ws, line, [label, value if value is not None else ""])
        ws.cell(row=line, column=1).font = _BOLD
        line += 1
    line += 1
    put(ws, line, [_("Stakeholder groups and criteria")], bold=True)
    for group in report.groups:
        line += 1
        recommendations = ", ".join(f"{label}: {count}" for label, count in group.recommendations)
        put(ws, line, [group.name, _("%(s)s of %(i)s submitted; criteria: %(c)s; recommendations: %(r)s",
                                     s=group.submitted, i=group.invited, c=", ".join(group.criteria),
                                     r=recommendations)], wrap=True)
    line += 2
    put(ws, line, [_("Approval rule")], bold=True)
    for rule_line in report.rule_lines:
        line += 1
        put(ws, line, ["", rule_line], wrap=True)
    line += 1
    met = (_("The round's approval rule cannot be read.") if report.rule_met is None
           else _("The approval rule is met.") if report.rule_met else _("The approval rule is not met:"))
    put(ws, line, [_("Result"), met], bold=True)
    for reason in report.unmet:
        line += 1
        put(ws, line, ["", reason], wrap=True)
    line += 2
    put(ws, line, [_("Comments"), _("%(n)s comment(s), of which %(b)s blocking (%(o)s still open).",
                                    n=report.comment_count, b=report.blocking_count, o=report.open_blocking)])
    line += 2
    decision = report.decision
    put(ws, line, [_("Decision"), decision.text], bold=True, wrap=True)
    if decision.decided:
        put(ws, line + 1, [_("Decided by"), decision.decided_by])
        put(ws, line + 2, [_("Decided (%(zone)s)", zone=zone), decision.decided_at])
        put(ws, line + 3, [_("Against the approval rule"), _("yes") if decision.against_rule else _("no")])


def _scores(ws, report):
    ws.title = _("Scores")[:31]
    points = max((s.scale_max for s in report.scores), default=4)
    put(ws, 1, [_("Group"), _("Criterion"), _("Count"), _("Median"), _("Upper median"), _("At least"), _("Met"),
                *[_("Score %(n)s", n=p) for p in range(1, points + 1)]], bold=True)
    _widths(ws, (30, 30, 6, 9, 12, 9, 8, *([9] * points)))
    for row, s in enumerate(report.scores, start=2):
        met = "" if s.met is None else (_("yes") if s.met else _("no"))
        put(ws, row, [s.group_name, s.criterion_name, s.n, s.median, s.median_high, s.need, met,
                      *s.distribution])
    ws.freeze_panes = "A2"


def _reviewers(ws, report):
    ws.title = _("Reviewers")[:31]
    zone = clock.zone_abbreviation()
    put(ws, 1, [_("Name"), _("Institution"), _("Group"), _("External (no Moodle account)"), _("Submitted"),
                _("Submitted (%(zone)s)", zone=zone), _("Recommendation"), _("Link revoked (%(zone)s)", zone=zone)],
        bold=True)
    _widths(ws, (28, 30, 28, 12, 10, 18, 22, 18))
    for row, r in enumerate(report.reviewers, start=2):
        put(ws, row, [r.name, r.institution, r.group_name, _("yes") if r.external else _("no"),
                      _("yes") if r.submitted else _("no"), r.submitted_at, r.recommendation_label, r.revoked_at])
    ws.freeze_panes = "A2"


def _comments(ws, report):
    ws.title = _("Comments")[:31]
    zone = clock.zone_abbreviation()
    put(ws, 1, [_("No."), _("Section"), _("Reviewer"), _("Institution"), _("Group"), _("Blocking"), _("Status"),
                _("Quote"), _("Comment"), _("Answer"), _("Answered by"), _("Written (%(zone)s)", zone=zone),
                _("Replies")], bold=True)
    _widths(ws, (6, 26, 22, 22, 20, 9, 11, 34, 50, 50, 18, 18, 50))
    for row, c in enumerate(report.comments, start=2):
        replies = "\n".join(f"{r.author}{' (' + _('author') + ')' if r.by_author else ''}: {r.body}"
                            for r in c.replies)
        put(ws, row, [row - 1, c.section_title, c.reviewer, c.institution, c.group_name,
                      _("yes") if c.blocking else _("no"), c.status_label, c.quote, c.body, c.answer_text,
                      c.answered_by, c.created_at, replies], wrap=True)
    ws.freeze_panes = "A2"
    if report.comments:
        ws.auto_filter.ref = f"A1:M{len(report.comments) + 1}"
