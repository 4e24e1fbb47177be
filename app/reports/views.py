"""Funder reports: /reports/ (choose a month or a period), the monthly report on screen and as
DOCX and XLSX, the interim-report pack on screen and as DOCX, built directly or as a job
(app/jobs) whose progress the page polls, and the yearly summary of the clients served on
screen and as DOCX. Per-person rows are for staff who may read timesheets; the auditor and the
admin get aggregates only (a per-person page is a 404 for them), and the auditor's small groups
of clients are merged. The auditor (the funder) reads the months and periods already reported
only: another is a 403 page naming the month not reported yet, and the index lists the reported
ones. Every download of a report is written to the audit log."""

import re
from datetime import date, timedelta

from flask import Blueprint, Response, abort, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from app.addenda.queries import addendum_covering
from app.calendar import YEARS, local_today, month_start, parse_range, require_month
from app.downloads import DOCX_MIMETYPE, as_download
from app.htmx import render
from app.i18n import format_month, reader_language, requested_language
from app.jobs import services as jobs
from app.jobs.pages import started
from app.periods import queries as period_queries
from app.periods.models import PeriodKind
from app.permissions import Role, acting_user, has_permission, requires
from app.refusals import Refused
from app.reports import charts, documents, exports
from app.reports.addenda import on_site_table
from app.reports.queries import default_years, figures, unreported_month
from app.reports.sections import (
    PEOPLE_PERMISSION,
    block_kind,
    no_data_text,
    people_for,
    person_section,
)
from app.risks import exports as risk_exports
from app.spreadsheets import XLSX_MIMETYPE

bp = Blueprint("reports", __name__, url_prefix="/reports")

#: the interim page's choice of days (periods.queries.requested_window)
WINDOW_ARGS = {"from", "to", "period"}
#: the yearly summary's longest range of years
MAX_YEARS = 20
YEAR_PATTERN = re.compile(r"[0-9]{4}")
#: the refusal's title for the funder asking for a month not reported yet
NOT_REPORTED = _l("Not reported yet")


def _attachment(body: bytes, mimetype: str, filename: str, first: date, last: date) -> Response:
    return as_download(Response(body, mimetype=mimetype), filename, period=(first, last))


def _chart_svg(chart) -> Markup:
    """The chart as inline SVG: built by charts.svg from our own numbers and labels, escaped."""
    return Markup(charts.svg(chart))  # noqa: S704


def reported_only() -> bool:
    """Whether the reader sees reported months and periods only: the auditor (the funder)."""
    return current_user.role == Role.AUDITOR


def refuse_unreported_month(first: date) -> None:
    """Refused (403) for the funder asking for a month whose monthly period is not reported."""
    if not reported_only():
        return
    if unreported_month(first, first, (PeriodKind.MONTH,)) is not None:
        message = _(
            "The monthly report for %(month)s is not submitted yet: its figures open to the "
            "funder once the coordinator marks the month reported.",
            month=format_month(first),
        )
        raise Refused.because(message, status=403, title=NOT_REPORTED)


def refuse_unreported_range(first: date, last: date) -> None:
    """Refused (403) for the funder asking for days of a month not reported yet (neither its
    month nor its six-month period), naming the first such month."""
    if not reported_only():
        return
    month = unreported_month(first, last)
    if month is not None:
        message = _(
            "The period includes %(month)s, whose report is not submitted yet: its figures open "
            "to the funder once the coordinator marks it reported.",
            month=format_month(month),
        )
        raise Refused.because(message, status=403, title=NOT_REPORTED)


def _page_context(**context) -> dict:
    return {
        "chart_svg": _chart_svg,
        "block_kind": block_kind,
        "risk": risk_exports,
        "no_data": no_data_text(),
        **context,
    }


# --- the index -------------------------------------------------------------------------------


@bp.get("/")
@requires("reports.view")
def index():
    """Choose a month or a reporting period of the contract (the funder: a reported one)."""
    contracts = []
    only_reported = reported_only()
    last_month = month_start(month_start(local_today()) - timedelta(days=1))
    reported_months = []
    for contract in period_queries.contracts():
        periods = [
            period
            for period in period_queries.periods_of(contract.id)
            if period.reported_on is not None or not only_reported
        ]
        months = [p for p in periods if p.kind == PeriodKind.MONTH]
        reported_months += [p.starts_on for p in months]
        contracts.append(
            {
                "contract": contract,
                "interims": [p for p in periods if p.kind == PeriodKind.INTERIM],
                "months": months,
            }
        )
    if only_reported:
        # the latest reported month, not one the funder could not open
        last_month = max(reported_months, default=None)
    return render(
        "reports/index.html",
        contracts=contracts,
        default_month=f"{last_month:%Y-%m}" if last_month else "",
    )


# --- the monthly report ----------------------------------------------------------------------


@bp.get("/monthly")
@requires("reports.view")
def monthly():
    """The month's report on screen, aggregates only (per person: monthly_people)."""
    month_text = request.args.get("month")
    if month_text is None:
        return render("reports/monthly.html", "reports/_monthly.html", month_value="", report=None)
    try:
        first, last = require_month(month_text)
    except Refused as refused:
        return render(
            "reports/monthly.html",
            "reports/_monthly.html",
            status=422,
            error=refused.message,
            month_value=month_text[:7],
            report=None,
        )
    refuse_unreported_month(first)
    report = documents.monthly(first, last, people_for(current_user).aggregates(), local_today())
    return render(
        "reports/monthly.html",
        "reports/_monthly.html",
        **_page_context(
            report=report,
            month_value=f"{first:%Y-%m}",
            people_url=url_for(".monthly_people", month=f"{first:%Y-%m}")
            if has_permission(current_user, PEOPLE_PERMISSION)
            else None,
            docx_url=url_for(".monthly_docx", month=f"{first:%Y-%m}"),
            xlsx_url=url_for(".monthly_xlsx", month=f"{first:%Y-%m}"),
        ),
    )


@bp.get("/monthly/people")
@requires("reports.view")
def monthly_people():
    """Hours per mentor and case files per social worker in a month (and who was on site, in a
    month an addendum covers): staff only (404 else)."""
    people = people_for(current_user)
    if not people.shown:
        abort(404)
    first, last = require_month(request.args.get("month"))
    section = person_section(figures(first, last, local_today()), people)
    if addendum_covering(first) is not None:
        section.blocks.append(on_site_table(first, last, people))
    return render(
        "reports/people.html",
        **_page_context(section=section, first=first, month_value=f"{first:%Y-%m}"),
    )


def _monthly_file(extension: str, write, mimetype: str):
    """The month's report written by `write` in the chosen language, or the refusal."""
    first, last = require_month(request.args.get("month"))
    refuse_unreported_month(first)
    language = requested_language()
    with force_locale(language):
        report = documents.monthly(first, last, people_for(current_user), local_today())
        body = write(report, language)
    filename = documents.filename("monthly", first, last, extension, language)
    return _attachment(body, mimetype, filename, first, last)


@bp.get("/monthly.docx")
@requires("reports.view")
def monthly_docx():
    """The monthly report as a Word document (&lang=en for English)."""
    return _monthly_file("docx", documents.write_docx, DOCX_MIMETYPE)


@bp.get("/monthly.xlsx")
@requires("reports.view")
def monthly_xlsx():
    """The monthly report as a workbook: one sheet per table."""
    return _monthly_file("xlsx", exports.write_xlsx, XLSX_MIMETYPE)


# --- the interim-report pack -----------------------------------------------------------------


def _interim_pack(first: date, last: date, language: str):
    """build(progress) for the pack in `language`, for the current reader, as plain values (a
    job thread has no request)."""
    people, today = people_for(current_user), local_today()
    only_reported = reported_only()

    def build(progress=None) -> bytes:
        with force_locale(language):
            report = documents.interim(first, last, people, today, only_reported, language)
            return documents.write_docx(report, language, progress)

    return build


@bp.get("/interim")
@requires("reports.view")
def interim():
    """The interim report's figures on screen for `from`/`to` (or `period=<id>`), with the
    button that builds the pack; without a choice, the form."""
    args = request.args
    if not WINDOW_ARGS & args.keys():
        return render("reports/interim.html", report=None, from_value="", to_value="")
    try:
        first, last, _period = period_queries.requested_window(args, local_today())
    except Refused as refused:
        return render(
            "reports/interim.html",
            status=refused.status,
            error=refused.message,
            report=None,
            from_value=(args.get("from") or "")[:10],
            to_value=(args.get("to") or "")[:10],
        )
    refuse_unreported_range(first, last)
    report = documents.interim(
        first,
        last,
        people_for(current_user),
        local_today(),
        reported_only(),
        reader_language(),
    )
    return render(
        "reports/interim.html",
        **_page_context(report=report, from_value=first.isoformat(), to_value=last.isoformat()),
    )


@bp.get("/interim.docx")
@requires("reports.view")
def interim_docx():
    """The interim-report pack as a Word document, built while the request waits."""
    first, last = parse_range(request.args.get("from"), request.args.get("to"))
    refuse_unreported_range(first, last)
    language = requested_language()
    body = _interim_pack(first, last, language)()
    filename = documents.filename("interim", first, last, "docx", language)
    return _attachment(body, DOCX_MIMETYPE, filename, first, last)


@bp.post("/interim/jobs")
@requires("reports.view")
def start_interim():
    """Start building the pack; show its progress (or the download, when it was quick)."""
    first, last = parse_range(request.form.get("from"), request.form.get("to"))
    refuse_unreported_range(first, last)
    language = requested_language()
    thread = jobs.start(
        acting_user().id,
        documents.filename("interim", first, last, "docx", language),
        DOCX_MIMETYPE,
        _interim_pack(first, last, language),
        unit=jobs.SECTIONS,
        back=url_for(".interim", **{"from": first.isoformat(), "to": last.isoformat()}),
    )
    return started(thread)


# --- the yearly summary ----------------------------------------------------------------------


def requested_years(args, today: date) -> tuple[int, int]:
    """`from`/`to` as the first and the last year (the last three full years with data
    without them); Refused (400) with the reason otherwise."""
    if "from" not in args and "to" not in args:
        return default_years(today)
    texts = [(args.get(name) or "").strip() for name in ("from", "to")]
    title = _l("Invalid years")
    if not all(YEAR_PATTERN.fullmatch(text) and int(text) in YEARS for text in texts):
        message = _l(
            "Give both years as YYYY, from %(first)s to %(last)s.",
            first=YEARS.start,
            last=YEARS.stop - 1,
        )
        raise Refused.because(message, status=400, title=title)
    first, last = (int(text) for text in texts)
    if first > last:
        raise Refused.because(_l("The first year is after the last."), status=400, title=title)
    if last - first + 1 > MAX_YEARS:
        message = _l("Choose at most %(years)d years at a time.", years=MAX_YEARS)
        raise Refused.because(message, status=400, title=title)
    return first, last


@bp.get("/yearly")
@requires("reports.view")
def yearly():
    """The yearly summary of the clients served (persons by gender, children, ages, outflows,
    residence on 31 December) for `from`/`to` years; the last three full years by default."""
    args = request.args
    try:
        first, last = requested_years(args, local_today())
    except Refused as refused:
        return render(
            "reports/yearly.html",
            status=422,
            error=refused.message,
            report=None,
            from_value=(args.get("from") or "")[:4],
            to_value=(args.get("to") or "")[:4],
        )
    report = documents.yearly(first, last, people_for(current_user).aggregates())
    return render(
        "reports/yearly.html",
        **_page_context(
            report=report,
            from_value=str(first),
            to_value=str(last),
            docx_url=url_for(".yearly_docx", **{"from": first, "to": last}),
        ),
    )


@bp.get("/yearly.docx")
@requires("reports.view")
def yearly_docx():
    """The yearly summary as a Word document (&lang=en for English)."""
    first, last = requested_years(request.args, local_today())
    language = requested_language()
    with force_locale(language):
        report = documents.yearly(first, last, people_for(current_user))
        body = documents.write_docx(report, language)
    first_day, last_day = date(first, 1, 1), date(last, 12, 31)
    filename = documents.filename("yearly", first_day, last_day, "docx", language)
    return _attachment(body, DOCX_MIMETYPE, filename, first_day, last_day)
