"""Finance: the funder's payments against the contract's sum and each six-month period's plan.
The coordinator (and admin) record payments; the lead and the funder read."""

from flask import Blueprint, abort, request, url_for
from flask_babel import gettext as _

from app.calendar import local_today
from app.finance import queries, services
from app.finance.forms import PaymentEditForm, PaymentForm
from app.finance.models import FunderPayment
from app.htmx import render, saved_or_again
from app.idempotency import idempotent
from app.periods import queries as period_queries
from app.periods.models import PeriodKind
from app.permissions import acting_user, requires

bp = Blueprint("finance", __name__, url_prefix="/finance")


@bp.get("/")
@requires("finance.view")
def index():
    """Per contract: its sum, what is paid, each six-month period's plan and payments."""
    contracts = []
    for contract in period_queries.contracts():
        payments = list(queries.payments_of(contract.id).dicts())
        periods = period_queries.periods_of(contract.id, PeriodKind.INTERIM)
        contracts.append(
            {
                "contract": contract,
                "payments": payments,
                "paid_cents": sum(payment["amount_cents"] for payment in payments),
                "periods": [
                    (period, queries.figures(contract, payments, period.starts_on, period.ends_on))
                    for period in periods
                ],
            }
        )
    return render("finance/index.html", contracts=contracts)


def contract_choices() -> list[tuple[int, str]]:
    return [(contract.id, contract.number) for contract in period_queries.contracts()]


def payment_input(form) -> services.PaymentInput:
    return services.PaymentInput(
        contract_id=form.contract.data or 0,
        paid_on=form.paid_on.data,
        amount_cents=form.amount_cents,
        first_month=form.first_month.data,
        last_month=form.last_month.data,
        note=form.note.data or "",
    )


def render_form(form, payment: FunderPayment | None = None):
    return render("finance/form.html", "finance/_form.html", form=form, payment=payment)


@bp.route("/payments/new", methods=["GET", "POST"])
@requires("finance.edit")
@idempotent
def new_payment():
    """Record a payment received: the day, the sum without VAT, the months it pays for."""
    choices = contract_choices()
    if request.method == "GET":
        latest = choices[0][0] if choices else None  # the newest contract
        return render_form(
            PaymentForm(choices, formdata=None, contract=latest, paid_on=local_today())
        )
    form = PaymentForm(choices)
    return saved_or_again(
        form,
        lambda: services.create_payment(acting_user(), payment_input(form), local_today()),
        _("The payment is recorded."),
        url_for("finance.index"),
        lambda: render_form(form),
    )


@bp.route("/payments/<int:payment_id>/edit", methods=["GET", "POST"])
@requires("finance.edit")
def edit_payment(payment_id: int):
    """Correct a payment."""
    payment = FunderPayment.get_or_none(FunderPayment.id == payment_id)
    if payment is None:
        abort(404)
    choices = contract_choices()
    if request.method == "GET":
        form = PaymentEditForm(
            choices,
            formdata=None,
            obj=payment,
            contract=payment.contract_id,
            amount=payment.amount_cents / 100,
        )
        return render_form(form, payment)
    form = PaymentEditForm(choices)
    return saved_or_again(
        form,
        lambda: services.update_payment(
            acting_user(), payment.id, payment_input(form), local_today()
        ),
        _("The payment is saved."),
        url_for("finance.index"),
        lambda: render_form(form, payment),
    )
