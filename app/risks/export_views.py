"""The risk table of a reporting period at stable URLs: /risks/export.docx and .xlsx."""

import re

from flask import Blueprint, Response, abort, request
from flask_babel import gettext as _
from flask_login import current_user

from app.downloads import DOCX_MIMETYPE, as_download
from app.i18n import requested_language
from app.periods.models import Period, PeriodKind
from app.permissions import Role, requires
from app.refusals import Refused
from app.risks import exports, queries
from app.spreadsheets import XLSX_MIMETYPE

bp = Blueprint("risks_export", __name__, url_prefix="/risks")

PERIOD_ID_PATTERN = re.compile(r"[0-9]{1,12}")


def exportable_period(user, period_id: int) -> Period | None:
    """The six-month period, if this user may export its risk table: the funder's auditor sees
    only periods already reported to the funder. Months have no risk assessments."""
    period = Period.get_or_none(Period.id == period_id, Period.kind == PeriodKind.INTERIM)
    if period is None:
        return None
    if user.role == Role.AUDITOR and period.reported_on is None:
        return None
    return period


def _export(extension: str) -> tuple[Period, str, str]:
    """The period, the document's language and file name; Refused (400) without a period."""
    period_arg = (request.args.get("period") or "").strip()
    if not PERIOD_ID_PATTERN.fullmatch(period_arg):
        raise Refused.because(
            _(
                "The address does not name a reporting period. Open the export again from the "
                "risk register and choose a period."
            ),
            status=400,
            title=_("No reporting period chosen"),
        )
    period = exportable_period(current_user, int(period_arg))
    if period is None:
        abort(404)
    filename = f"risks-{period.starts_on.isoformat()}_{period.ends_on.isoformat()}.{extension}"
    return period, requested_language(), filename


def _attachment(body: bytes, mimetype: str, filename: str, period: Period, rows: int) -> Response:
    response = Response(body, mimetype=mimetype)
    days = (period.starts_on, period.ends_on)
    return as_download(response, filename, period=days, rows=rows, obj=period)


@bp.get("/export.docx")
@requires("risks.export")
def export_docx():
    """The period's risk table (report section IX) as a landscape Word document."""
    period, language, filename = _export("docx")
    rows = queries.risk_table(period, language)
    body = exports.write_docx(rows, period, language)
    return _attachment(body, DOCX_MIMETYPE, filename, period, len(rows))


@bp.get("/export.xlsx")
@requires("risks.export")
def export_xlsx():
    """The period's risk table with likelihood, impact, score and band as a workbook."""
    period, language, filename = _export("xlsx")
    rows = queries.risk_table(period, language)
    body = exports.write_xlsx(rows, period, language)
    return _attachment(body, XLSX_MIMETYPE, filename, period, len(rows))
