"""The contract-compliance panel (/compliance/) and the month's submission checklist."""

import re
from datetime import date

from flask import Blueprint, current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import add_months, local_today, parse_month, parse_range
from app.compliance import rules
from app.htmx import render
from app.periods import queries as period_queries
from app.periods.models import Period, PeriodKind
from app.permissions import acting_user, has_permission, requires
from app.refusals import Refused
from app.risks.queries import interim_periods

bp = Blueprint("compliance", __name__, url_prefix="/compliance")

PERIOD_ID = re.compile(r"[0-9]{1,12}")


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


def requested_window(today: date) -> rules.Window:
    """`from` and `to`, else `period=<id>`, else the current (or latest) reporting period."""
    viewer = acting_user()
    if "from" in request.args or "to" in request.args:
        first, last = parse_range(request.args.get("from"), request.args.get("to"))
        return rules.Window(first, last, today, viewer)
    chosen = (request.args.get("period") or "").strip()
    if not chosen:
        return rules.default_window(today, viewer)
    period = Period.get_or_none(Period.id == int(chosen)) if PERIOD_ID.fullmatch(chosen) else None
    if period is None:
        message = _("There is no such reporting period: choose one from the list.")
        raise Refused.because(message, status=404)
    return rules.period_window(period, today, viewer)


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
        window = requested_window(today)
    except Refused as refused:
        # a page of the panel with the reason in place of the results (400 shown as 422: the
        # choice is the form on this page)
        window, results, error = None, [], refused.message
        status = 404 if refused.status == 404 else 422
    else:
        results, error, status = rules.contract_rules(window), None, 200
    return render(
        "compliance/index.html",
        "compliance/_panel.html",
        status=status,
        window=window,
        results=results,
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
    month = parse_month(chosen) if chosen is not None else add_months(today, -1)
    if month is None:
        return render(
            "compliance/checklist.html",
            "compliance/_checklist.html",
            status=422,
            checklist=None,
            error=_("Give the month as YYYY-MM, for example 2020-01."),
        )
    return render(
        "compliance/checklist.html",
        "compliance/_checklist.html",
        checklist=rules.checklist(month, today, acting_user()),
    )
