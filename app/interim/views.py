"""The interim report of each six-month period: /interim/ lists the periods, a period's page shows
the report (the sections from the records and the parts staff wrote) with its downloads, each
part is written on its own page with the period's records beside it, the challenges of section XII
on theirs; the coordinator reports the period, which keeps the document as sent. The auditor
reads the reports sent, and only those."""

from flask import Blueprint, Response, abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from app.calendar import local_today
from app.downloads import DOCX_MIMETYPE, as_download
from app.htmx import redirect_to, render, saved_or_again
from app.i18n import reader_language, requested_language
from app.interim import document, queries, records, services
from app.interim.forms import ChallengeForm, ReportForm, TextForm
from app.interim.parts import BY_KEY, PARTS
from app.markdown import render as render_markdown
from app.periods import queries as period_queries
from app.periods.models import Period, PeriodKind
from app.permissions import Role, acting_user, requires
from app.refusals import Refused, show_refusal
from app.reports import charts
from app.reports.sections import block_kind, no_data_text, people_for
from app.risks import exports as risk_exports
from app.spreadsheets import XLSX_MIMETYPE

bp = Blueprint("interim", __name__, url_prefix="/interim")


def _period_for_reader(period_id: int) -> Period:
    """The interim period, or a 404: for the auditor, only a period reported to the funder."""
    period = queries.interim_period(period_id)
    if period is None or (current_user.role == Role.AUDITOR and period.reported_on is None):
        abort(404)
    return period


def _chart_svg(chart) -> Markup:
    """The chart as inline SVG: built by charts.svg from our own numbers and labels, escaped."""
    return Markup(charts.svg(chart))  # noqa: S704


def _download(body: bytes, mimetype: str, filename: str, period: Period) -> Response:
    days = (period.starts_on, period.ends_on)
    return as_download(Response(body, mimetype=mimetype), filename, period=days, obj=period)


@bp.get("/")
@requires("interim.view")
def index():
    """The six-month periods of each contract, newest first, with how far each report is."""
    auditor = current_user.role == Role.AUDITOR
    contracts = []
    for contract in period_queries.contracts():
        periods = [
            {"period": period, "written": len(queries.current_texts(period.id))}
            for period in period_queries.periods_of(contract.id, PeriodKind.INTERIM)
            if period.reported_on is not None or not auditor
        ]
        contracts.append({"contract": contract, "periods": periods[::-1]})
    return render("interim/index.html", contracts=contracts, parts=len(PARTS))


@bp.get("/<int:period_id>")
@requires("interim.view")
def report(period_id: int):
    """The period's report: what staff wrote, then every section as the document will have it."""
    period = _period_for_reader(period_id)
    sent = queries.sent_summary(period.id)
    context = {
        "period": period,
        "sent": sent,
        "actions": services.allowed_actions(period, current_user),
        "form": ReportForm(formdata=None, reported_on=local_today()),
    }
    if current_user.role == Role.AUDITOR:
        return render("interim/report.html", report=None, **context)
    return _report_page(period, context)


def _report_page(period: Period, context: dict, status: int = 200):
    texts = queries.current_texts(period.id)
    document_report = document.report_of(
        period, people_for(current_user).aggregates(), local_today(), reader_language()
    )
    return render(
        "interim/report.html",
        status=status,
        report=document_report,
        parts=[(part, texts.get(part.key)) for part in PARTS],
        challenges=len(queries.challenges_of(period.id)),
        chart_svg=_chart_svg,
        block_kind=block_kind,
        risk=risk_exports,
        no_data=no_data_text(),
        **context,
    )


@bp.route("/<int:period_id>/parts/<part>", methods=["GET", "POST"])
@requires("interim.write")
def write_part(period_id: int, part: str):
    """Write one part of the report, with the period's records beside it to take from."""
    period = _period_for_reader(period_id)
    if part not in BY_KEY:
        abort(404)
    latest = queries.current_texts(period.id).get(part)
    if request.method == "GET":
        form = TextForm(
            formdata=None, text=latest["text"] if latest else "", base=latest and latest["id"]
        )
        return _part_page(period, part, form)
    form = TextForm()
    return saved_or_again(
        form,
        lambda: services.save_text(
            acting_user(), period, part, (form.text.data or "").strip(), form.base_id
        ),
        _("The text is saved."),
        url_for(".report", period_id=period.id, _anchor=f"part-{part}"),
        lambda: _part_page(period, part, form),
    )


def _part_page(period: Period, part: str, form: TextForm):
    versions = queries.history(period.id, part)
    return render(
        "interim/part.html",
        period=period,
        part=BY_KEY[part],
        form=form,
        versions=versions,
        current=render_markdown(versions[0]["text"]) if versions else None,
        offered=records.offered(BY_KEY[part].records, period, current_user, reader_language()),
        actions=services.allowed_actions(period, current_user),
    )


@bp.route("/<int:period_id>/challenges", methods=["GET", "POST"])
@requires("interim.write")
def challenges(period_id: int):
    """Section XII's problems and solutions: the list, and a new one added at its end."""
    period = _period_for_reader(period_id)
    if request.method == "GET":
        return _challenges_page(period, ChallengeForm(formdata=None))
    form = ChallengeForm()
    return saved_or_again(
        form,
        lambda: services.save_challenge(acting_user(), period, form.values()),
        _("The problem is added."),
        url_for(".challenges", period_id=period.id),
        lambda: _challenges_page(period, form),
    )


def _challenges_page(period: Period, form: ChallengeForm, editing: int | None = None):
    return render(
        "interim/challenges.html",
        period=period,
        form=form,
        editing=editing,
        challenges=queries.challenges_of(period.id),
        actions=services.allowed_actions(period, current_user),
    )


@bp.route("/<int:period_id>/challenges/<int:challenge_id>", methods=["GET", "POST"])
@requires("interim.write")
def edit_challenge(period_id: int, challenge_id: int):
    """Change one problem and its solution."""
    period = _period_for_reader(period_id)
    found = {row["id"]: row for row in queries.challenges_of(period.id)}
    if challenge_id not in found:
        abort(404)
    if request.method == "GET":
        return _challenges_page(
            period, ChallengeForm(formdata=None, **found[challenge_id]), challenge_id
        )
    form = ChallengeForm()
    return saved_or_again(
        form,
        lambda: services.save_challenge(acting_user(), period, form.values(), challenge_id),
        _("The problem is saved."),
        url_for(".challenges", period_id=period.id),
        lambda: _challenges_page(period, form, challenge_id),
    )


@bp.post("/<int:period_id>/challenges/<int:challenge_id>/delete")
@requires("interim.write")
def delete_challenge(period_id: int, challenge_id: int):
    period = _period_for_reader(period_id)
    try:
        services.delete_challenge(acting_user(), period, challenge_id)
    except Refused as refused:
        abort(refused.status)
    return redirect_to(url_for(".challenges", period_id=period.id))


@bp.post("/<int:period_id>/send")
@requires("interim.report")
def send(period_id: int):
    """Mark the period reported: the Latvian document is built and kept as sent."""
    period = _period_for_reader(period_id)
    form = ReportForm()
    context = {
        "period": period,
        "sent": None,
        "actions": services.allowed_actions(period, current_user),
        "form": form,
    }
    if form.validate():
        try:
            services.report(
                acting_user(),
                period,
                form.reported_on.data,
                document.missing_for_final(period),
                lambda: document.funder_copy(period, local_today(), "lv"),
            )
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return redirect_to(url_for(".report", period_id=period.id))
    return _report_page(period, context, status=422)


@bp.get("/<int:period_id>/report.docx")
@requires("interim.view")
def docx(period_id: int):
    """The report as a Word document: once reported, the copy as sent (in Latvian); before, as
    it is now, in the chosen language."""
    period = _period_for_reader(period_id)
    language = requested_language()
    sent = queries.sent_report(period.id)
    if sent is not None and language == "lv":
        filename, body = sent.filename, bytes(sent.document)
    elif current_user.role == Role.AUDITOR and language == "lv":
        abort(404)  # a period reported before the intranet kept the copy sent
    else:
        filename, body = document.funder_copy(period, local_today(), language)
    response = _download(body, DOCX_MIMETYPE, filename, period)
    if sent is not None and language == "lv":
        response.headers["X-Content-SHA256"] = sent.sha256
    return response


@bp.get("/<int:period_id>/report.xlsx")
@requires("interim.view")
def xlsx(period_id: int):
    """The report's tables as a workbook, one sheet per table."""
    period = _period_for_reader(period_id)
    language = requested_language()
    filename, body = document.funder_workbook(period, local_today(), language)
    return _download(body, XLSX_MIMETYPE, filename, period)
