"""The month's complexity grid: the lead rates every open case file, agrees the month with the
funder or reopens it; the coordinator and social workers read."""

from datetime import date

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.calendar import add_months, local_today, require_month
from app.complexity import queries, services
from app.complexity.forms import AgreeForm, GridForm, ReopenForm
from app.complexity.labels import LEVEL_LABELS, LEVEL_LETTERS
from app.htmx import redirect_to, render
from app.i18n import reader_language
from app.permissions import acting_user, requires
from app.refusals import Refused, show_refusal

bp = Blueprint("complexity", __name__, url_prefix="/complexity")


@bp.get("/")
@requires("complexity.view")
def index():
    """The current month's grid."""
    return redirect(url_for("complexity.detail", month=f"{local_today():%Y-%m}"))


@bp.get("/<month>")
@requires("complexity.view")
def detail(month: str):
    """One row per case file open in the month, with its last months' ratings."""
    first, _last = require_month(month)
    return _page(first)


@bp.post("/<month>")
@requires("complexity.rate")
def update(month: str):
    """Save the grid: every level chosen on it, or none."""
    return _submit(
        month,
        "grid_form",
        GridForm(),
        lambda form, first: services.rate_many(acting_user(), first, form.ratings()),
        lambda changed: ngettext("%(num)d rating saved.", "%(num)d ratings saved.", changed),
    )


@bp.post("/<month>/agree")
@requires("complexity.rate")
def agree(month: str):
    """Mark the month's ratings agreed with the funder; they lock."""
    return _submit(
        month,
        "agree_form",
        AgreeForm(),
        lambda form, first: services.agree_month(
            acting_user(), first, form.agreed_on.data, form.agreed_how.data
        ),
        lambda _done: _("The month is marked as agreed with the funder."),
    )


@bp.post("/<month>/reopen")
@requires("complexity.rate")
def reopen(month: str):
    """Reopen an agreed month (with a reason) so its ratings can change."""
    return _submit(
        month,
        "reopen_form",
        ReopenForm(),
        lambda form, first: services.reopen_month(acting_user(), first, form.reason.data),
        lambda _done: _("The month is reopened."),
    )


def _submit(month: str, form_name: str, form, act, done_message):
    """The three forms of the month page: the service acts on a valid form and the page reloads
    with `done_message(result)`; a refusal or an invalid form re-renders the page with this form
    (422), its input kept."""
    first, _last = require_month(month)
    if form.validate():
        try:
            result = act(form, first)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            flash(done_message(result), "success")
            return redirect_to(url_for("complexity.detail", month=month))
    return _page(first, 422, **{form_name: form})


def _page(first: date, status: int = 200, grid_form=None, agree_form=None, reopen_form=None):
    rows = queries.grid(first, current_user)
    if grid_form is None:
        values = [{"case": str(r["id"]), "level": r["level"], "note": r["note"]} for r in rows]
        grid_form = GridForm(data={"rows": values})
    by_id = {str(row["id"]): row for row in rows}
    entries = [
        (entry.form, by_id[entry.form.case.data])
        for entry in grid_form.rows
        if entry.form.case.data in by_id
    ]
    following = add_months(first, 1)
    return render(
        "complexity/month.html",
        status=status,
        month=first,
        previous=add_months(first, -1),
        following=following if following <= local_today() else None,
        history=[add_months(first, -back) for back in range(queries.HISTORY_MONTHS - 1, 0, -1)],
        rows=rows,
        entries=entries,
        grid_form=grid_form,
        agree_form=agree_form or AgreeForm(agreed_on=local_today()),
        reopen_form=reopen_form or ReopenForm(),
        actions=services.allowed_actions(first, current_user),
        agreement=queries.month_row(first),
        events=queries.month_events(first),
        counts=queries.level_counts(first, first)[first],
        criteria=queries.criteria_by_level(reader_language()),
        level_labels=LEVEL_LABELS,
        letters=LEVEL_LETTERS,
    )
