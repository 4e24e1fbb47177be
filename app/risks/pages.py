"""A risk's page, shared by the views that show it or change a part of it (details, measures,
comments): the objects in its URL, its timeline of assessments and the answer after a change."""

from datetime import date

from flask import abort, url_for
from flask_login import current_user

from app.calendar import local_today
from app.htmx import after_change, render
from app.i18n import reader_language
from app.periods.models import Period, PeriodKind
from app.permissions import has_permission
from app.risks import heatmap, queries
from app.risks.forms import CloseForm, CommentForm, MeasureForm
from app.risks.labels import label_context
from app.risks.models import Risk, RiskStatus
from app.risks.services import ASSESS, allowed_actions


def risk_or_404(risk_id: int) -> Risk:
    risk = Risk.get_or_none(Risk.id == risk_id)
    if risk is None:
        abort(404)
    return risk


def period_or_404(period_id: int) -> Period:
    period = Period.get_or_none(Period.id == period_id, Period.kind == PeriodKind.INTERIM)
    if period is None:
        abort(404)
    return period


def export_url(endpoint: str, **args) -> str | None:
    """The export's address, or None when this role may not export."""
    if not has_permission(current_user, "risks.export"):
        return None
    return url_for(endpoint, **args)


def change_of(score: int, previous: int | None) -> str:
    if previous is None or score == previous:
        return ""
    return heatmap.UP if score > previous else heatmap.DOWN


def timeline(risk: Risk, row: dict, today: date) -> list[dict]:
    """One row per six-month period the risk lived in (its assessment, if written), then the
    current values; each score compared with the one before."""
    assessments = queries.assessments_of(risk.id)
    rows, previous = [], None
    for period in queries.assessable_periods(risk.added_on, risk.closed_on, today):
        found = assessments.get(period.id)
        entry = {
            "period": period,
            "assessment": found,
            "editable": allowed_actions(risk, period, current_user, today).allows(ASSESS),
            "url": url_for("risks_assessments.edit", risk_id=risk.id, period_id=period.id),
            "docx_url": export_url("risks_export.export_docx", period=period.id),
        }
        if found is not None:
            entry.update(
                score=found["score"],
                band=found["band"],
                change=change_of(found["score"], previous),
            )
            previous = found["score"]
        rows.append(entry)
    rows.append(
        {
            "period": None,
            "assessment": {"likelihood": row["likelihood"], "impact": row["impact"]},
            "score": row["score"],
            "band": row["band"],
            "change": change_of(row["score"], previous),
        }
    )
    return rows


def risk_context(risk: Risk, **forms) -> dict:
    """Everything the risk's page shows, in a fixed number of queries; `forms` replace the
    blank ones (a 422 keeps the input)."""
    today = local_today()
    row = queries.risk_row(risk.id, reader_language(), today)
    measures = queries.measures_of(risk.id)
    keep_owners = [m["owner_id"] for m in measures if m["owner_id"]]
    people = queries.owner_choices(keep=keep_owners)
    context = {
        "risk": row,
        "measures": measures,
        "comments": queries.comments_of(risk.id),
        "timeline": timeline(risk, row, today),
        "actions": allowed_actions(risk, None, current_user, today),
        "active": row["status"] == RiskStatus.ACTIVE,
        "measure_form": MeasureForm(people, formdata=None, prefix="new"),
        "comment_form": CommentForm(formdata=None, prefix="comment"),
        "close_form": CloseForm(formdata=None, version=row["version"]),
        **label_context(),
    }
    context.update(forms)
    return context


def render_risk(risk: Risk, fragment: str | None = None, status: int = 200, **forms):
    return render("risks/detail.html", fragment, status=status, **risk_context(risk, **forms))


def back_to_risk(risk: Risk, fragment: str, anchor: str, error=None, message: str = ""):
    """After a change on the risk's page: the changed part (htmx) or the page again."""

    def changed_part(status: int):
        response = render_risk(risk, fragment, status=status)
        # the request may come from a part inside it (a measure's own form)
        response.headers["HX-Retarget"] = anchor
        response.headers["HX-Reswap"] = "outerHTML"
        return response

    return after_change(
        url_for("risks.detail", risk_id=risk.id) + anchor, changed_part, error, message
    )
