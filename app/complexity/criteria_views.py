"""The written criteria of each complexity level: the lead adds, edits, retires them."""

from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from app import lists
from app.complexity import services
from app.complexity.forms import CriterionForm
from app.complexity.labels import LEVEL_LABELS
from app.complexity.models import ComplexityCriterion, Level
from app.htmx import render
from app.idempotency import idempotent
from app.permissions import requires

bp = Blueprint("complexity_criteria", __name__, url_prefix="/complexity/criteria")


@bp.route("", methods=["GET", "POST"])
@requires("complexity.rate")
@idempotent
def index():
    """The criteria of each level; add new ones here."""
    form = CriterionForm(level=Level.LOW)
    added = lists.submitted(
        form,
        lambda actor: services.add_criterion(actor, form.criterion()),
        _("The criterion is added."),
        url_for("complexity_criteria.index"),
    )
    if added is not None:
        return added
    return render(
        "complexity/criteria.html",
        status=422 if request.method == "POST" else 200,
        form=form,
        rows=ComplexityCriterion.ordered(),
        level_labels=LEVEL_LABELS,
    )


lists.add_criterion_routes(
    bp,
    ComplexityCriterion,
    "complexity.rate",
    CriterionForm,
    services.update_criterion,
    "complexity/criterion_form.html",
)
