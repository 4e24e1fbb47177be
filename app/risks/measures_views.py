"""A risk's numbered measures: add one, edit one in place, move one up or down."""

from flask import Blueprint, abort, request
from flask_babel import gettext as _

from app.calendar import local_today
from app.htmx import render
from app.idempotency import idempotent
from app.permissions import acting_user, requires
from app.refusals import Refused, show_refusal
from app.risks import queries, services
from app.risks.forms import MeasureForm
from app.risks.labels import MEASURE_STATUS_LABELS
from app.risks.models import Measure, Risk
from app.risks.pages import back_to_risk, render_risk, risk_or_404

bp = Blueprint("risks_measures", __name__, url_prefix="/risks")


def measure_or_404(risk: Risk, measure_id: int) -> Measure:
    measure = Measure.get_or_none(Measure.id == measure_id, Measure.risk == risk.id)
    if measure is None:
        abort(404)
    return measure


def measure_form(formdata=None, measure: Measure | None = None) -> MeasureForm:
    people = queries.owner_choices(keep=[measure.owner_id] if measure and measure.owner_id else [])
    defaults = {}
    if measure is not None and formdata is None:
        defaults = {"text": measure.text, "owner": measure.owner_id or 0, "status": measure.status}
    prefix = f"measure{measure.id}" if measure is not None else "new"
    return MeasureForm(people, formdata=formdata, prefix=prefix, **defaults)


def measure_input(form: MeasureForm) -> services.MeasureInput:
    return services.MeasureInput(
        text=form.text.data or "", owner_id=form.owner.data or None, status=form.status.data
    )


def render_measure_form(risk: Risk, measure: Measure, form: MeasureForm, status: int = 200):
    return render(
        "risks/measure_page.html",
        "risks/_measure_form.html",
        status=status,
        risk=risk,
        measure=measure,
        form=form,
        measure_status_labels=MEASURE_STATUS_LABELS,
    )


def back_to_measures(risk: Risk, error=None, message: str = ""):
    return back_to_risk(risk, "risks/_measures.html", "#measures", error=error, message=message)


@bp.post("/<int:risk_id>/measures")
@requires("risks.edit")
@idempotent
def create(risk_id: int):
    """Add a measure at the end of the numbered list."""
    risk = risk_or_404(risk_id)
    form = measure_form(formdata=request.form)
    if form.validate():
        try:
            services.add_measure(acting_user(), risk, measure_input(form), local_today())
        except Refused as error:
            show_refusal(form, error)
        else:
            return back_to_measures(risk, message=_("The measure is added."))
    return render_risk(risk, "risks/_measures.html", status=422, measure_form=form)


@bp.get("/<int:risk_id>/measures/<int:measure_id>/edit")
@requires("risks.edit")
def edit(risk_id: int, measure_id: int):
    """The measure's form, in place of the measure."""
    risk = risk_or_404(risk_id)
    measure = measure_or_404(risk, measure_id)
    return render_measure_form(risk, measure, measure_form(measure=measure))


@bp.post("/<int:risk_id>/measures/<int:measure_id>")
@requires("risks.edit")
def update(risk_id: int, measure_id: int):
    """Save a measure's text, owner and status."""
    risk = risk_or_404(risk_id)
    measure = measure_or_404(risk, measure_id)
    form = measure_form(formdata=request.form, measure=measure)
    if form.validate():
        try:
            services.update_measure(
                acting_user(), risk, measure, measure_input(form), local_today()
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            return back_to_measures(risk, message=_("The measure is saved."))
    return render_measure_form(risk, measure, form, status=422)


@bp.post("/<int:risk_id>/measures/<int:measure_id>/move")
@requires("risks.edit")
def move(risk_id: int, measure_id: int):
    """Move a measure one place up or down; the list is renumbered 1..n."""
    risk = risk_or_404(risk_id)
    measure = measure_or_404(risk, measure_id)
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""), 0)
    try:
        services.move_measure(acting_user(), risk, measure, step, local_today())
    except Refused as error:
        return back_to_measures(risk, error=error)
    return back_to_measures(risk)
