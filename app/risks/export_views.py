"""The risk table of a reporting period at stable URLs: /risks/export.docx and .xlsx."""

import re

from flask import Blueprint, Response, abort, request
from flask_babel import gettext as _
from flask_login import current_user

from app.downloads import as_download
from app.errors import render_error
from app.i18n import reader_language
from app.periods.models import Period, PeriodKind
from app.permissions import Role, requires
from app.risks import exports, queries
from app.spreadsheets import XLSX_MIMETYPE

bp = Blueprint("risk_exports", __name__, url_prefix="/risks")

PERIOD_ID_PATTERN = re.compile(r"[0-9]{1,12}")
LANGUAGES = ("lv", "en")


def exportable_period(user, period_id: int) -> Period | None:
    """The six-month period, if this user may export its risk table: the funder's auditor sees
    only periods already reported to the funder. Months have no risk assessments."""
    period = Period.get_or_none(Period.id == period_id, Period.kind == PeriodKind.INTERIM)
    if period is None:
        return None
    if user.role == Role.AUDITOR and period.reported_on is None:
        return None
    return period


def _language() -> str:
    """`lang=lv|en`; without it the reader's own locale; anything else is Latvian."""
    chosen = request.args.get("lang")
    if chosen is None:
        return reader_language()
    chosen = chosen.strip().lower()
    return chosen if chosen in LANGUAGES else "lv"


def _export(extension: str):
    """The period, the document's language and file name, or the response that refuses them."""
    period_arg = (request.args.get("period") or "").strip()
    if not PERIOD_ID_PATTERN.fullmatch(period_arg):
        refused = render_error(
            400,
            _("No reporting period chosen"),
            _(
                "The address does not name a reporting period. Open the export again from the "
                "risk register and choose a period."
            ),
        )
        return None, None, None, refused
    period = exportable_period(current_user, int(period_arg))
    if period is None:
        abort(404)
    filename = f"risks-{period.starts_on.isoformat()}_{period.ends_on.isoformat()}.{extension}"
    return period, _language(), filename, None


def _attachment(body: bytes, mimetype: str, filename: str) -> Response:
    return as_download(Response(body, mimetype=mimetype), filename)


@bp.get("/export.docx")
@requires("risks.export")
def export_docx():
    """The period's risk table (report section IX) as a landscape Word document."""
    period, language, filename, refused = _export("docx")
    if refused is not None:
        return refused
    rows = queries.risk_table(period, language)
    return _attachment(exports.write_docx(rows, period, language), exports.DOCX_MIMETYPE, filename)


@bp.get("/export.xlsx")
@requires("risks.export")
def export_xlsx():
    """The period's risk table with likelihood, impact, score and band as a workbook."""
    period, language, filename, refused = _export("xlsx")
    if refused is not None:
        return refused
    rows = queries.risk_table(period, language)
    return _attachment(exports.write_xlsx(rows, period, language), XLSX_MIMETYPE, filename)
