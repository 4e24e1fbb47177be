"""The weekly all-staff meeting the contract requires: each week held, excused or missing."""

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from app.calendar import iso_week_start, local_today
from app.forms import int_or_none
from app.htmx import render, wants_fragment
from app.meetings import queries, services
from app.meetings.forms import CoverageReasonForm
from app.meetings.labels import label_context
from app.periods.models import Contract
from app.permissions import acting_user, requires

bp = Blueprint("meetings_coverage", __name__, url_prefix="/meetings")


def coverage_row_context(week: dict, form: CoverageReasonForm | None = None) -> dict:
    return {"week": week, "form": form, **label_context()}


@bp.get("/coverage")
@requires("meetings.coverage")
def index():
    """Every ISO week of the contract: the weekly all-staff meeting held, excused or missing."""
    contract_id = int_or_none(request.args.get("contract"))
    if contract_id is not None:
        contract = Contract.get_or_none(Contract.id == contract_id)
        if contract is None:
            abort(404)
    else:
        contract = queries.default_contract()
    today = local_today()
    first, last = queries.coverage_range(today, contract)
    weeks = queries.coverage(first, last, today)
    weeks.reverse()  # the latest week first: that is where action is needed
    return render(
        "meetings/coverage.html",
        contract=contract,
        weeks=weeks,
        first=first,
        last=last,
        missing=sum(1 for week in weeks if week["state"] == "missing"),
        outside=queries.weekly_meetings_outside(first, last, today),
        **label_context(),
    )


@bp.post("/coverage/<int:year>/<int:week>/reason")
@requires("meetings.coverage")
def reason(year: int, week: int):
    """Record why a week had no weekly all-staff meeting."""
    monday = iso_week_start(year, week)
    if monday is None:
        abort(404)
    form = CoverageReasonForm()
    today = local_today()
    if form.validate():
        services.set_coverage_reason(acting_user(), monday, form.kind.data, form.text.data or "")
        flash(_("The reason is saved."), "success")
        if not wants_fragment():
            return redirect(url_for("meetings_coverage.index"), 303)
        row = queries.coverage(monday, monday, today)[0]
        return render("meetings/_coverage_row.html", **coverage_row_context(row), oob_flashes=True)
    row = queries.coverage(monday, monday, today)[0]
    if not wants_fragment():
        return render(
            "meetings/coverage_reason.html", status=422, **coverage_row_context(row, form)
        )
    return render("meetings/_coverage_row.html", status=422, **coverage_row_context(row, form))
