"""Extraordinary-situation addenda: the coordinator or the lead switches one on for a range of
months and writes each month's measures beside the figures the monthly report will show."""

from flask import Blueprint, abort, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.addenda import queries, services
from app.addenda.forms import AddendumForm, MeasuresForm
from app.addenda.models import Addendum
from app.calendar import local_today, require_month
from app.htmx import render, saved_or_again
from app.idempotency import idempotent
from app.permissions import acting_user, requires
from app.reports.addenda import addendum_section
from app.reports.queries import figures
from app.reports.sections import block_kind, people_for

bp = Blueprint("addenda", __name__, url_prefix="/addenda")


def _index(form=None):
    return render(
        "addenda/index.html",
        rows=queries.addendum_rows(),
        form=form or AddendumForm(formdata=None),
    )


@bp.get("/")
@requires("addenda.view")
def index():
    """The addenda and which of their months have measures written."""
    return _index()


@bp.post("/")
@requires("addenda.edit")
@idempotent
def create():
    """Switch an addendum on for a range of months."""
    form = AddendumForm()
    return saved_or_again(
        form,
        lambda: services.create_addendum(
            acting_user(), form.title.data, form.first_month.data, form.last_month.data
        ),
        _("The addendum is switched on for these months."),
        url_for("addenda.index"),
        lambda: _index(form),
    )


def _addendum_month(addendum_id: int, month: str):
    """The addendum and the month's days; 404 unless the addendum covers the month."""
    addendum = Addendum.get_or_none(Addendum.id == addendum_id)
    first, last = require_month(month)
    if addendum is None or not addendum.first_month <= first <= addendum.last_month:
        abort(404)
    return addendum, first, last


@bp.get("/<int:addendum_id>/<month>")
@requires("addenda.view")
def month(addendum_id: int, month: str):
    """One month of an addendum: what the monthly report will show, and the measures."""
    addendum, first, last = _addendum_month(addendum_id, month)
    form = MeasuresForm(formdata=None, measures=queries.measures_of(addendum.id, first))
    return _month(addendum, first, last, form)


@bp.post("/<int:addendum_id>/<month>/save")
@requires("addenda.edit")
def save_month(addendum_id: int, month: str):
    """Save the month's measures."""
    addendum, first, last = _addendum_month(addendum_id, month)
    form = MeasuresForm()
    return saved_or_again(
        form,
        lambda: services.save_measures(acting_user(), addendum, first, form.measures.data or ""),
        _("The measures are saved."),
        url_for("addenda.month", addendum_id=addendum.id, month=month),
        lambda: _month(addendum, first, last, form),
    )


def _month(addendum, first, last, form):
    section = addendum_section(first, figures(first, last, local_today()), people_for(current_user))
    return render(
        "addenda/month.html",
        addendum=addendum,
        month=first,
        section=section,
        form=form,
        block_kind=block_kind,
    )
