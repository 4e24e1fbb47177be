"""Supervision compliance and the training log's exports: /training/compliance, export.xlsx and
export.csv, and the compliance summary on the home page of the lead and the coordinator."""

from datetime import date

from flask import Blueprint, Response, request, url_for
from flask_login import current_user

from app.calendar import local_today, parse_range
from app.downloads import as_download
from app.htmx import render
from app.periods import queries as period_queries
from app.permissions import Role, requires
from app.refusals import Refused
from app.risks.queries import interim_periods
from app.scope import scope_of
from app.spreadsheets import XLSX_MIMETYPE
from app.training import exports, reports
from app.training.labels import AUDIENCE_LABELS
from app.training.summary import (
    missing_text,
    period_summary,
    sentences,
    supervision_gaps_text,
)

bp = Blueprint("training_report", __name__, url_prefix="/training")

#: whose home page shows the months without supervision
DASHBOARD_ROLES = (Role.LEAD, Role.COORDINATOR)


@bp.get("/compliance")
@requires("training.compliance")
def compliance():
    """Supervision per month for social workers and mentors, who had none, hours per person,
    and the report's sentence on trainings and supervisions."""
    today = local_today()
    context = {
        "periods": interim_periods(),
        "audience_labels": AUDIENCE_LABELS,
        "groups": list(reports.GROUPS),
        "states": reports.CellState,
    }
    try:
        first, last, period = period_queries.requested_window(request.args, today)
    except Refused as refused:
        return render(
            "training/compliance.html",
            "training/_compliance.html",
            status=refused.status,
            error=refused.message,
            period=None,
            from_value=request.args.get("from", ""),
            to_value=request.args.get("to", ""),
            **context,
        )
    marks = reports.marks_between(first, last)
    report = reports.compliance_of(first, last, today, marks, scope_of(current_user))
    summary = period_summary(reports.sessions_between(first, last, marks), report.missing())
    return render(
        "training/compliance.html",
        "training/_compliance.html",
        report=report,
        gaps=supervision_gaps_text(report.missing()),
        summary=summary,
        sentences=sentences(summary),
        period=period,
        from_value=first.isoformat(),
        to_value=last.isoformat(),
        xlsx_url=export_url("training_report.export_xlsx", first, last),
        csv_url=export_url("training_report.export_csv", first, last),
        **context,
    )


def export_url(endpoint: str, first: date, last: date) -> str:
    return url_for(endpoint, **{"from": first.isoformat(), "to": last.isoformat()})


@bp.app_template_global()
def training_dashboard() -> dict | None:
    """For the lead and the coordinator: the current period's months without supervision."""
    if current_user.role not in DASHBOARD_ROLES:
        return None
    today = local_today()
    first, last, period = period_queries.current_window(today)
    missing = reports.compliance(first, last, today).missing()
    return {
        "first": first,
        "last": last,
        "period": period,
        #: which group had no supervision in which months, one clause per group
        "sentence": missing_text(missing),
        "missing": [
            {"group": group, "months": [month for month, g in missing if g == group]}
            for group in reports.GROUPS
        ],
        "count": len(missing),
        "audience_labels": AUDIENCE_LABELS,
    }


# --- exports ---------------------------------------------------------------------------------


def _export_range(extension: str) -> tuple[date, date, str]:
    """The range and the file name; Refused (400) for dates that are no range."""
    first, last = parse_range(request.args.get("from"), request.args.get("to"))
    return first, last, f"training-{first.isoformat()}_{last.isoformat()}.{extension}"


@bp.get("/export.xlsx")
@requires("training.export")
def export_xlsx():
    """Sessions, attendance marks and hours per person of a date range as a workbook."""
    first, last, filename = _export_range("xlsx")
    marks = reports.marks_between(first, last)
    sessions = reports.sessions_between(first, last, marks)
    shown = scope_of(current_user)
    body = exports.write_xlsx(
        sessions,
        shown.filter(reports.invitations_between(first, last), "user_id"),
        reports.person_hours(shown.filter(reports.expected_staff(last)), marks, shown),
        period_summary(sessions),
    )
    return as_download(
        Response(body, mimetype=XLSX_MIMETYPE), filename, period=(first, last), rows=len(sessions)
    )


@bp.get("/export.csv")
@requires("training.export")
def export_csv():
    """The sessions of a date range as CSV (UTF-8 with BOM)."""
    first, last, filename = _export_range("csv")
    sessions = reports.sessions_between(first, last, reports.marks_between(first, last))
    response = Response(exports.write_csv(sessions), mimetype="text/csv")
    return as_download(response, filename, period=(first, last), rows=len(sessions))
