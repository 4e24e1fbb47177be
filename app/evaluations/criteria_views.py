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


@bp.route("/<int:criterion_id>/edit", methods=["GET", "POST"])
@requires("evaluations.criteria")
def edit(criterion_id: int):
    """Reword a criterion or move it in the order."""
    criterion = lists.item_or_404(EvaluationCriterion, criterion_id)
    form = CriterionForm(obj=criterion) if request.method == "GET" else CriterionForm()
    saved = lists.submitted(
        form,
        lambda actor: services.update_criterion(actor, criterion, form.criterion()),
        _("The criterion is saved."),
        url_for("evaluations_criteria.index"),
    )
    if saved is not None:
        return saved
    return render(
        "evaluations/criterion_form.html",
        status=422 if request.method == "POST" else 200,
        form=form,
        criterion=criterion,
    )


@bp.post("/<int:criterion_id>/retire")
@requires("evaluations.criteria")
def retire(criterion_id: int):
    """Retire a criterion: new evaluations no longer grade it; those that did keep it."""
    back = url_for("evaluations_criteria.index")
    return lists.retire_or_restore(EvaluationCriterion, criterion_id, False, back)


@bp.post("/<int:criterion_id>/restore")
@requires("evaluations.criteria")
def restore(criterion_id: int):
    """Offer a retired criterion again."""
    back = url_for("evaluations_criteria.index")
    return lists.retire_or_restore(EvaluationCriterion, criterion_id, True, back)
