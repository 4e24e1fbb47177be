"""The heat map page: likelihood x impact now or in a period, and which risks moved."""

from datetime import date

from flask import Blueprint, request

from app.calendar import local_today
from app.forms import int_or_none
from app.htmx import render
from app.periods import queries as period_queries
from app.periods.models import Period
from app.permissions import requires
from app.risks import heatmap, queries
from app.risks.labels import label_context
from app.risks.pages import period_or_404
from app.risks.scoring import SCALE, BandRules

bp = Blueprint("risks_heatmap", __name__, url_prefix="/risks")


def points_before(period: Period | None, today: date):
    """The earlier points to compare with: the previous six-month period's assessments (for a
    period), or the newest assessed period's (for now)."""
    if period is None:
        baseline = queries.latest_assessed_period(today)
    else:
        baseline = period_queries.previous_period(period)
    if baseline is None:
        return None, None
    return baseline, queries.period_points(baseline.id)


@bp.get("/heatmap")
@requires("risks.view")
def index():
    """Likelihood x impact, 5 x 5: the active risks now, or a period's assessments; and which
    risks moved since the period before."""
    period = None
    period_id = int_or_none(request.args.get("period"))
    if period_id is not None:
        period = period_or_404(period_id)
    today = local_today()
    points = queries.current_points() if period is None else queries.period_points(period.id)
    baseline, before = points_before(period, today)
    cells = heatmap.grid(points, BandRules.from_config())
    return render(
        "risks/heatmap.html",
        "risks/_heatmap.html",
        period=period,
        periods=queries.interim_periods(begun_by=today),
        cells=cells,
        placed=[cell for row in cells for cell in row if cell["risks"]],
        count=len(points),
        baseline=baseline,
        moved=heatmap.moved(points, before),
        scale=list(SCALE),
        **label_context(),
    )
