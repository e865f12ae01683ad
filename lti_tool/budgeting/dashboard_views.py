"""The instructor's dashboard of a budgeting exercise: learners and their states, where they struggle, the export."""
from flask import Blueprint, Response, g, render_template, request
from flask_babel import get_locale

from ..activities.access import requires_activity
from ..formats import format_number, format_rupiah
from .io.dashboard_xlsx import export_all
from .services import dashboard
from .services.exercises import exercise_for

bp = Blueprint("budgeting_dashboard", __name__, url_prefix="/budgeting/dashboard")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _locale():
    return str(get_locale() or "id")


@bp.get("/")
@requires_activity("budgeting", staff=True)
def index():
    rows, problem = dashboard.learner_states(g.activity, g.launch.course, refresh=request.args.get("refresh") == "1")
    state = request.args.get("state", "") if request.args.get("state") in dashboard.STATES else ""
    q = request.args.get("q", "").strip()[:200]
    locale = _locale()
    return render_template(
        "budgeting/dashboard.html", ctx=g.launch, activity=g.activity, rows=dashboard.filter_rows(rows, state, q),
        counts=dashboard.count_states(rows), everyone=len(rows), state=state, q=q, roster_problem=problem,
        struggles=dashboard.struggles(g.activity.id, locale), locale=locale,
        rupiah=lambda v: format_rupiah(v, locale), number=lambda v: format_number(v, locale))


@bp.get("/export.xlsx")
@requires_activity("budgeting", staff=True)
def export():
    data = export_all(g.activity, exercise_for(g.activity), _locale())
    filename = f"latih-{g.activity.id}-budgets.xlsx"
    return Response(data, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
