"""Reads of the addenda: the list with each month's state, the addendum covering a month, and a
month's measures."""

from dataclasses import dataclass
from datetime import date

from app.addenda.models import Addendum, AddendumMonth
from app.calendar import months_between


@dataclass(frozen=True)
class AddendumRow:
    id: int
    title: str
    first_month: date
    last_month: date
    #: (month, measures written) for every month it covers
    months: list[tuple[date, bool]]


def addendum_rows() -> list[AddendumRow]:
    """Every addendum, the latest first, with which of its months have measures (two
    queries)."""
    addenda = list(Addendum.select().order_by(Addendum.first_month.desc(), Addendum.id.desc()))
    written = {
        (row.addendum_id, row.month)
        for row in AddendumMonth.select(AddendumMonth.addendum, AddendumMonth.month).where(
            AddendumMonth.measures != ""
        )
    }
    return [
        AddendumRow(
            addendum.id,
            addendum.title,
            addendum.first_month,
            addendum.last_month,
            [
                (month, (addendum.id, month) in written)
                for month in months_between(addendum.first_month, addendum.last_month)
            ],
        )
        for addendum in addenda
    ]


def addendum_covering(month: date) -> Addendum | None:
    """The addendum switched on for the month (addenda never overlap; one query)."""
    return (
        Addendum.select()
        .where(Addendum.first_month <= month, Addendum.last_month >= month)
        .order_by(Addendum.id)
        .first()
    )


def measures_of(addendum_id: int, month: date) -> str:
    """The measures written for the month ("" when none; one query)."""
    row = (
        AddendumMonth.select(AddendumMonth.measures)
        .where(AddendumMonth.addendum == addendum_id, AddendumMonth.month == month)
        .tuples()
        .first()
    )
    return row[0] if row else ""
