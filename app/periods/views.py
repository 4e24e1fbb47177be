"""The contract and its reporting periods."""

from decimal import Decimal

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import local_today
from app.htmx import redirect_to, render
from app.idempotency import idempotent
from app.periods import queries, services
from app.periods.forms import ContractDetailsForm, ContractForm, ReportedForm
from app.periods.models import Contract, Period, PeriodKind
from app.permissions import requires
from app.refusals import Refused, show_refusal

bp = Blueprint("periods", __name__, url_prefix="/periods")


@bp.get("/")
@requires("periods.view")
def index():
    """Contracts with their six-month and monthly periods, and which are reported."""
    rows = [
        {
            "contract": contract,
            "interims": list(queries.periods_of(contract.id, PeriodKind.INTERIM)),
            "months": list(queries.periods_of(contract.id, PeriodKind.MONTH)),
        }
        for contract in queries.contracts()
    ]
    return render(
        "periods/index.html", rows=rows, report_form=ReportedForm(reported_on=local_today())
    )


@bp.route("/contracts/new", methods=["GET", "POST"])
@requires("periods.manage")
@idempotent
def new_contract():
    """Enter the contract; its monthly and six-month periods are created with it."""
    form = ContractForm()
    if form.validate_on_submit():
        try:
            services.create_contract(current_user, form.values())
        except Refused as refused:
            show_refusal(form, refused)
        else:
            flash(_("The contract and its periods are created."), "success")
            return redirect_to(url_for("periods.index"))
    status = 422 if request.method == "POST" else 200
    return render("periods/contract_form.html", form=form, contract=None, status=status)


@bp.route("/contracts/<int:contract_id>/edit", methods=["GET", "POST"])
@requires("periods.manage")
@idempotent
def edit_contract(contract_id: int):
    """Change the contract's details: what the interim report's first section says of it."""
    contract = Contract.get_or_none(Contract.id == contract_id)
    if contract is None:
        abort(404)
    form = ContractDetailsForm(obj=contract, amount=Decimal(contract.amount_cents) / 100)
    if form.validate_on_submit():
        services.update_contract(current_user, contract, form.values())
        flash(_("The contract's details are saved."), "success")
        return redirect_to(url_for("periods.index"))
    status = 422 if request.method == "POST" else 200
    return render("periods/contract_form.html", form=form, contract=contract, status=status)


@bp.post("/<int:period_id>/report")
@requires("periods.manage")
def report(period_id: int):
    """Mark a period reported to the funder."""
    period = Period.get_or_none(Period.id == period_id)
    if period is None:
        abort(404)
    if period.kind == PeriodKind.INTERIM:
        # reported from its report's page, which keeps the document as sent
        flash(_("A six-month period is reported from its interim report."), "error")
        return redirect_to(url_for("interim.report", period_id=period.id))
    form = ReportedForm()
    if not form.validate():
        flash(_("Enter the date the period was reported."), "error")
    else:
        try:
            services.mark_reported(current_user, period, form.reported_on.data)
        except Refused as refused:
            flash(refused.message, "error")
        else:
            flash(_("The period is marked reported."), "success")
    return redirect_to(url_for("periods.index"))
