"""The funder's side of the minutes: monthly bundles (direct, or built as a job with progress),
months submitted, full-text search."""

import io
import tempfile
from datetime import date

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    request,
    send_file,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import local_today, parse_month
from app.core.models import organisation_name
from app.errors import render_error
from app.htmx import redirect_to, render
from app.jobs import services as jobs
from app.jobs.pages import started
from app.meetings import bundle, search, services
from app.meetings.forms import SubmitMonthForm
from app.meetings.labels import KIND_LABELS, SOURCE_LABELS
from app.meetings.queries import month_submitted
from app.permissions import acting_user, requires
from app.refusals import Refused, show_refusal

bp = Blueprint("meetings_archive", __name__, url_prefix="/meetings")

QUERY_MAX = 200


def _bad_month():
    return render_error(
        400, _("Invalid month"), _("Give the month as YYYY-MM, for example 2020-01.")
    )


@bp.get("/search")
@requires("meetings.view")
def search_page():
    """Full-text search of agendas, minutes, decisions and the text of uploaded files."""
    query = (request.args.get("q") or "").strip()[:QUERY_MAX]
    results = search.search(current_user, query) if query else []
    return render(
        "meetings/search.html",
        "meetings/search_results.html",
        query=query,
        results=results,
        kind_labels=KIND_LABELS,
        source_labels=SOURCE_LABELS,
    )


@bp.get("/months")
@requires("meetings.view")
def months():
    """Months with meetings: how many, whether submitted to the funder, the bundle."""
    return _months_page(SubmitMonthForm(formdata=None, submitted_on=local_today()))


def _months_page(form, status: int = 200, form_month: date | None = None):
    rows = bundle.month_overview(current_user)
    for row in rows:
        row["actions"] = services.month_actions(current_user, row["submission"] is not None)
    return render(
        "meetings/archive_months.html",
        status=status,
        rows=rows,
        form=form,
        form_month=form_month,
    )


@bp.post("/months/<month>/submit")
@requires("meetings.submit_month")
def submit(month: str):
    """Mark a month's protocols as submitted to the funder (once)."""
    first = parse_month(month)
    if first is None:
        return _bad_month()
    form = SubmitMonthForm()
    if not form.validate():
        return _months_page(form, 422, first)
    try:
        services.submit_month(acting_user(), first, form.submitted_on.data, form.note.data or "")
    except Refused as refused:
        show_refusal(form, refused)
        return _months_page(form, 422, first)
    flash(
        _("The month %(month)s is marked as submitted.", month=first.strftime("%Y-%m")), "success"
    )
    return redirect_to(url_for("meetings_archive.months"))


def _bundle_month(month: str) -> date:
    """The month of a bundle URL: a bad month is a 400, a month the auditor may not see a 404."""
    first = parse_month(month)
    if first is None:
        abort(make_response(_bad_month()))
    if not services.month_actions(current_user, month_submitted(first)).bundle:
        abort(404)
    return first


def _bundle_name(first: date) -> str:
    """In the reader's language: protokoli-2020-01.zip, protocols-2020-01.zip."""
    return f"{bundle.slug(bundle.BUNDLE_FILE)}-{first:%Y-%m}.zip"


@bp.get("/<month>/bundle.zip")
@requires("meetings.view")
def download_bundle(month: str):
    """The month's protocols as one ZIP: minutes as PDF, uploaded files, an index."""
    first = _bundle_month(month)
    spooled = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    try:
        bundle.write_bundle(current_user, first, spooled, KIND_LABELS, org_name=organisation_name())
        spooled.seek(0)
    except Exception:
        spooled.close()
        raise
    response = send_file(
        spooled,
        mimetype="application/zip",
        as_attachment=True,
        download_name=_bundle_name(first),
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<month>/bundle/jobs")
@requires("meetings.view")
def start_bundle(month: str):
    """Start building the month's ZIP; show its progress (or the download, when it was quick)."""
    first = _bundle_month(month)
    user, language, org_name = acting_user(), str(get_locale()), organisation_name()

    def build(progress) -> bytes:
        # a job thread has no request: the reader's language is set here for the labels
        target = io.BytesIO()
        with force_locale(language):
            bundle.write_bundle(user, first, target, KIND_LABELS, progress, org_name)
        return target.getvalue()

    thread = jobs.start(
        user.id,
        _bundle_name(first),
        "application/zip",
        build,
        unit=jobs.MEETINGS,
        back=url_for(".months"),
    )
    return started(thread)
