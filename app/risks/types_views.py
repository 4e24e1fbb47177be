"""The risk types, in Latvian and English: add one, rename in place, retire or offer again."""

from flask import Blueprint, flash, request, url_for
from flask_babel import gettext as _

from app import lists
from app.htmx import redirect_to, render
from app.permissions import acting_user, requires
from app.refusals import Refused, show_refusal
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
def index():
    """The risk types, in Latvian and English: add one, rename, retire or offer again."""
    if request.method == "GET":
        return render_types()
    form = RiskTypeForm()
    if form.validate():
        try:
            lists.add(acting_user(), RiskType, form.names())
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The risk type is added."), "success")
            return redirect_to(url_for("risks_types.index"))
    return render_types(add_form=form, status=422)


@bp.post("/<int:type_id>")
@requires("risks.edit")
def rename(type_id: int):
    """Rename a risk type in both languages."""
    risk_type = lists.item_or_404(RiskType, type_id)
    form = RiskTypeForm(prefix=f"type{risk_type.id}")
    if form.validate():
        try:
            lists.rename(acting_user(), risk_type, **form.names())
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The risk type is renamed."), "success")
            return redirect_to(url_for("risks_types.index"))
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
