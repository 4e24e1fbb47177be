"""The kinds of sessions and what each counts as: add one, edit, retire or offer again."""

from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from app import lists
from app.htmx import render
from app.idempotency import idempotent
from app.permissions import requires
from app.training import services
from app.training.forms import COUNTS_LABELS, KindForm
from app.training.models import Counts, TrainingKind

bp = Blueprint("training_kinds", __name__, url_prefix="/training/kinds")


def kind_input(form: KindForm) -> services.KindInput:
    return services.KindInput(
        name_lv=form.name_lv.data,
        name_en=form.name_en.data,
        counts_as=form.counts_as.data,
        individual=bool(form.individual.data),
        sort_order=form.sort_order.data or 0,
    )


@bp.route("", methods=["GET", "POST"])
@requires("training.kinds")
@idempotent
def index():
    """The kinds of sessions, what each counts as; add new ones here."""
    form = KindForm(counts_as=Counts.TRAINING)
    added = lists.submitted(
        form,
        lambda actor: services.add_kind(actor, kind_input(form)),
        _("The kind is added."),
        url_for("training_kinds.index"),
    )
    if added is not None:
        return added
    status = 422 if request.method == "POST" else 200
    return render(
        "training/kinds.html",
        status=status,
        form=form,
        rows=TrainingKind.ordered(),
        counts_labels=COUNTS_LABELS,
    )


@bp.route("/<int:kind_id>/edit", methods=["GET", "POST"])
@requires("training.kinds")
def edit(kind_id: int):
    """Rename a kind or change what it counts as."""
    kind = lists.item_or_404(TrainingKind, kind_id)
    form = KindForm(obj=kind) if request.method == "GET" else KindForm()
    saved = lists.submitted(
        form,
        lambda actor: services.update_kind(actor, kind, kind_input(form)),
        _("The kind is saved."),
        url_for("training_kinds.index"),
    )
    if saved is not None:
        return saved
    status = 422 if request.method == "POST" else 200
    return render("training/kind_form.html", status=status, form=form, kind=kind)


@bp.post("/<int:kind_id>/retire")
@requires("training.kinds")
def retire(kind_id: int):
    """Retire a kind: kept on its sessions, no longer offered."""
    return lists.retire_or_restore(TrainingKind, kind_id, False, url_for("training_kinds.index"))


@bp.post("/<int:kind_id>/restore")
@requires("training.kinds")
def restore(kind_id: int):
    """Offer a retired kind again."""
    return lists.retire_or_restore(TrainingKind, kind_id, True, url_for("training_kinds.index"))
