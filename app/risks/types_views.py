"""The risk types, in Latvian and English: add one, rename in place, retire or offer again."""

from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from app import lists
from app.htmx import render
from app.idempotency import idempotent
from app.permissions import requires
from app.risks.forms import RiskTypeForm
from app.risks.models import RiskType

bp = Blueprint("risks_types", __name__, url_prefix="/risks/types")


def render_types(add_form=None, rename_forms=None, status: int = 200):
    """The list with a rename form in each row; `rename_forms` replace blank ones (kept input,
    opened on a 422)."""
    types = RiskType.ordered()
    forms = {
        risk_type.id: RiskTypeForm(formdata=None, prefix=f"type{risk_type.id}", obj=risk_type)
        for risk_type in types
    }
    forms.update(rename_forms or {})
    return render(
        "risks/types.html",
        status=status,
        types=types,
        add_form=add_form or RiskTypeForm(formdata=None),
        rename_forms=forms,
        opened=set(rename_forms or {}),
    )


@bp.route("", methods=["GET", "POST"])
@requires("risks.edit")
@idempotent
def index():
    """The risk types, in Latvian and English: add one, rename, retire or offer again."""
    form = RiskTypeForm()
    added = lists.submitted(
        form,
        lambda actor: lists.add(actor, RiskType, form.names()),
        _("The risk type is added."),
        url_for("risks_types.index"),
    )
    if added is not None:
        return added
    return render_types(add_form=form, status=422 if request.method == "POST" else 200)


@bp.post("/<int:type_id>")
@requires("risks.edit")
def rename(type_id: int):
    """Rename a risk type in both languages."""
    risk_type = lists.item_or_404(RiskType, type_id)
    form = RiskTypeForm(prefix=f"type{risk_type.id}")
    renamed = lists.submitted(
        form,
        lambda actor: lists.rename(actor, risk_type, **form.names()),
        _("The risk type is renamed."),
        url_for("risks_types.index"),
    )
    if renamed is not None:
        return renamed
    return render_types(rename_forms={risk_type.id: form}, status=422)


@bp.post("/<int:type_id>/retire")
@requires("risks.edit")
def retire(type_id: int):
    """Retire a type: kept on its risks, no longer offered for new ones."""
    return lists.retire_or_restore(
        RiskType, type_id, False, url_for("risks_types.index"), _("The risk type is retired.")
    )


@bp.post("/<int:type_id>/restore")
@requires("risks.edit")
def restore(type_id: int):
    """Offer a retired type again."""
    return lists.retire_or_restore(
        RiskType, type_id, True, url_for("risks_types.index"), _("The risk type is offered again.")
    )
