"""The contract-compliance panel (/compliance/) and the month's submission checklist."""

from flask import Blueprint, current_app, request, url_for
from flask_login import current_user

from app.calendar import add_months, local_today, require_month
from app.compliance import rules
from app.htmx import render
from app.periods import queries as period_queries
from app.periods.models import PeriodKind
from app.permissions import acting_user, has_permission, requires
from app.refusals import Refused
from app.risks.queries import interim_periods

bp = Blueprint("compliance", __name__, url_prefix="/compliance")


@bp.app_template_global()
def record_url(link: rules.Link | None) -> str | None:
    """Where the records behind a rule are for this reader: the link if the reader's role may
    open it, else its fallback, else None (the template shows plain text)."""
    while link is not None:
        view = current_app.view_functions[link.endpoint]
        if has_permission(current_user, view.required_permission):
            return url_for(link.endpoint, **link.args)
        link = link.fallback
    return None


def period_choices(window: rules.Window | None) -> dict:
    """The six-month periods, and the months of the shown (or latest) contract."""
    interims = interim_periods()
    contract_id = None
    if window is not None and window.period is not None:
        contract_id = window.period.contract_id
    elif interims:
        contract_id = interims[0].contract_id
    months = period_queries.periods_of(contract_id, PeriodKind.MONTH) if contract_id else []
    return {"interims": interims, "months": list(months)[::-1]}


@bp.get("/")
@requires("compliance.view")
def index():
    """Every contract rule checked live for a reporting period (or dates), each line OK or not,
    with the records behind it."""
    today = local_today()
    try:
        first, last, period = period_queries.requested_window(request.args, today)
    except Refused as refused:
        return _panel(None, error=refused.message, status=refused.status)
    window = rules.Window(first, last, today, acting_user(), period)
    return _panel(window, rules.contract_rules(window))


def _panel(window: rules.Window | None, results=(), error=None, status: int = 200):
    """The panel with the window's results, or with the reason the choice was refused in place
    of them (beside the form, which keeps what was typed)."""
    return render(
        "compliance/index.html",
        "compliance/_panel.html",
        status=status,
        window=window,
        results=list(results),
        error=error,
        from_value=request.args.get("from", window.first.isoformat() if window else ""),
        to_value=request.args.get("to", window.last.isoformat() if window else ""),
        **period_choices(window),
    )


@bp.get("/checklist")
@requires("compliance.view")
def checklist():
    """The month's submission checklist: the previous month, or `month=YYYY-MM`."""
    today = local_today()
    chosen = request.args.get("month")
    try:
        first = require_month(chosen)[0] if chosen is not None else add_months(today, -1)
    except Refused as refused:
        return render(
            "compliance/checklist.html",
            "compliance/_checklist.html",
            status=422,
            checklist=None,
            error=refused.message,
        )
    return render(
        "compliance/checklist.html",
        "compliance/_checklist.html",
        checklist=rules.checklist(first, today, acting_user()),
    )
