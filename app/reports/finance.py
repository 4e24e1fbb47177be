"""The interim report's "X. Finance": the contract's sum, what the funder paid for the period's
months as a share of that sum and of the period's plan, the payments, and the staff-months the
payment is proportional to — in the current locale."""

from datetime import date

from flask_babel import gettext as _

from app.finance import queries as finance_queries
from app.i18n import format_day, format_money, format_month
from app.reports.queries import Figures
from app.reports.sections import Money, Section, Table


def whole_percent(value: float | None) -> str:
    """A share as the report writes it: a whole number, halves rounded up."""
    return "—" if value is None else str(int(value + 0.5))


def finance_section(first: date, last: date, figures: Figures) -> Section:
    """X: the payment sentence, the payments for the period's months (the part of each that
    pays for them), the staff-months (three queries)."""
    title = _("X. Finance")
    found = finance_queries.finance(first, last)
    if found is None:
        return Section(title, [_("No contract is entered for this period.")], key="X")
    contract = found.contract
    sentence = _(
        "The contract sum under contract No. %(number)s is %(sum)s EUR. For the "
        "service from %(first)s to %(last)s the funder has paid %(paid)s EUR (without VAT), "
        "which is %(of_contract)s %% of the contract sum and %(of_plan)s %% of the plan for "
        "%(months)d months, in proportion to the number of social mentors and social workers.",
        number=contract.number,
        sum=format_money(contract.amount_cents / 100),
        first=format_day(first),
        last=format_day(last),
        paid=format_money(found.paid_cents / 100),
        of_contract=whole_percent(found.share_of_contract),
        of_plan=whole_percent(found.share_of_plan),
        months=found.months,
    )
    shares = [
        (payment, finance_queries.paid_for(payment, first, last))
        for payment in finance_queries.payments_of(contract.id).dicts()
    ]
    payments = sorted(
        ((payment, cents) for payment, cents in shares if cents), key=lambda row: row[0]["paid_on"]
    )
    table = Table(
        "payments",
        _("Payments for the period's months"),
        [_("Received on"), _("Months paid for"), _("For this period, EUR (without VAT)")],
        [
            [
                format_day(payment["paid_on"]),
                months_text(payment["first_month"], payment["last_month"]),
                Money(cents),
            ]
            for payment, cents in payments
        ],
        [_("Total for the period"), "", Money(found.paid_cents)],
        empty=_("No payment for this period's months is recorded."),
    )
    workers = sum(month.social_workers for month in figures.months)
    mentors = sum(month.mentors for month in figures.months)
    staff = _(
        "Staff-months in the period: %(total)d (social workers %(workers)d, social mentors "
        "%(mentors)d).",
        total=workers + mentors,
        workers=workers,
        mentors=mentors,
    )
    return Section(title, [sentence, table if payments else table.empty, staff], key="X")


def months_text(first_month: date, last_month: date) -> str:
    if first_month == last_month:
        return format_month(first_month)
    return f"{format_month(first_month)} – {format_month(last_month)}"
