"""A risk's assessment for a six-month period: written or rewritten while the period allows it,
read-only once the period is reported."""

from flask import Blueprint, flash, request, url_for
from flask_babel import gettext as _

from app.calendar import local_today
from app.forms import int_or_none
from app.htmx import redirect_to, render
from app.idempotency import idempotent
from app.permissions import acting_user, requires
from app.refusals import Refused, show_refusal
from app.risks import queries, services
from app.risks.forms import AssessmentForm
from app.risks.labels import BAND_LABELS
from app.risks.pages import period_or_404, risk_or_404

bp = Blueprint("risks_assessments", __name__, url_prefix="/risks")


@bp.route("/<int:risk_id>/assessments/<int:period_id>", methods=["GET", "POST"])
@requires("risks.edit")
@idempotent
def edit(risk_id: int, period_id: int):
    """The risk's assessment for a six-month period: its text, likelihood and impact then."""
    risk = risk_or_404(risk_id)
    period = period_or_404(period_id)
    today = local_today()
    existing = queries.assessments_of(risk.id).get(period.id)
    refusal = services.allowed_actions(risk, period, acting_user(), today).reason(services.ASSESS)
    if request.method == "GET":
        defaults = {"likelihood": risk.likelihood, "impact": risk.impact, "version": ""}
        if existing is not None:
            defaults = {
                "text": existing["text"],
                "likelihood": existing["likelihood"],
                "impact": existing["impact"],
                "version": existing["version"],
            }
        form = AssessmentForm(formdata=None, **defaults)
        return render_assessment(risk, period, form, existing, refusal)
    form = AssessmentForm()
    if form.validate():
        data = services.AssessmentInput(
            text=form.text.data or "",
            likelihood=form.likelihood.data,
            impact=form.impact.data,
        )
        version = int_or_none(form.version.data)  # None: a new assessment
        try:
            services.save_assessment(acting_user(), risk, period, data, version, today)
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The assessment is saved."), "success")
            return redirect_to(url_for("risks.detail", risk_id=risk.id) + "#timeline")
    return render_assessment(risk, period, form, existing, refusal, status=422)


def render_assessment(risk, period, form, existing, refusal, status: int = 200):
    return render(
        "risks/assessment.html",
        "risks/_assessment_form.html",
        status=status,
        risk=risk,
        period=period,
        form=form,
        existing=existing,
        refusal=refusal,
        band_labels=BAND_LABELS,
    )
