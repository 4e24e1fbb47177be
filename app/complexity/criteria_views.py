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


@bp.route("/<int:criterion_id>/edit", methods=["GET", "POST"])
@requires("complexity.rate")
def edit(criterion_id: int):
    """Reword a criterion or move it to another level."""
    criterion = lists.item_or_404(ComplexityCriterion, criterion_id)
    form = CriterionForm(obj=criterion) if request.method == "GET" else CriterionForm()
    saved = lists.submitted(
        form,
        lambda actor: services.update_criterion(actor, criterion, form.criterion()),
        _("The criterion is saved."),
        url_for("complexity_criteria.index"),
    )
    if saved is not None:
        return saved
    return render(
        "complexity/criterion_form.html",
        status=422 if request.method == "POST" else 200,
        form=form,
        criterion=criterion,
    )


@bp.post("/<int:criterion_id>/retire")
@requires("complexity.rate")
def retire(criterion_id: int):
    """Retire a criterion: no longer shown beside the levels."""
    back = url_for("complexity_criteria.index")
    return lists.retire_or_restore(ComplexityCriterion, criterion_id, False, back)


@bp.post("/<int:criterion_id>/restore")
@requires("complexity.rate")
def restore(criterion_id: int):
    """Show a retired criterion again."""
    back = url_for("complexity_criteria.index")
    return lists.retire_or_restore(ComplexityCriterion, criterion_id, True, back)
