"""The criteria of the closing evaluation: the lead adds, rewords, reorders and retires them."""

from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from app import lists
from app.evaluations import services
from app.evaluations.forms import CriterionForm
from app.evaluations.models import EvaluationCriterion
from app.htmx import render
from app.idempotency import idempotent
from app.permissions import requires

bp = Blueprint("evaluations_criteria", __name__, url_prefix="/evaluations/criteria")


@bp.route("", methods=["GET", "POST"])
@requires("evaluations.criteria")
@idempotent
def index():
    """The criteria in order; add new ones here."""
    form = CriterionForm()
    added = lists.submitted(
        form,
        lambda actor: services.add_criterion(actor, form.criterion()),
        _("The criterion is added."),
        url_for("evaluations_criteria.index"),
    )
    if added is not None:
        return added
    return render(
        "evaluations/criteria.html",
        status=422 if request.method == "POST" else 200,
        form=form,
        rows=EvaluationCriterion.ordered(),
    )


lists.add_criterion_routes(
    bp,
    EvaluationCriterion,
    "evaluations.criteria",
    CriterionForm,
    services.update_criterion,
    "evaluations/criterion_form.html",
)
