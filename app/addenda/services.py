"""Switching an addendum on for a range of months, and writing a month's measures."""

from datetime import date

from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.addenda.models import Addendum, AddendumMonth
from app.calendar import month_start, months_spanned
from app.db import utcnow, write_tx
from app.refusals import Refused, refuse
from app.timesheets.queries import locked_months

#: an addendum covers an extraordinary situation, not the whole contract
MAX_MONTHS = 24


def create_addendum(actor: User, title: str, first_month: date, last_month: date) -> Addendum:
    """An addendum for the months from `first_month` to `last_month`, overlapping no other."""
    first_month, last_month = month_start(first_month), month_start(last_month)
    if last_month < first_month:
        raise refuse(_l("The last month is before the first."), "last_month")
    if months_spanned(first_month, last_month) > MAX_MONTHS:
        raise refuse(_l("An addendum covers at most %(num)d months.", num=MAX_MONTHS), "last_month")
    with write_tx():
        overlapping = Addendum.select().where(
            Addendum.first_month <= last_month, Addendum.last_month >= first_month
        )
        if overlapping.exists():
            raise refuse(_l("Another addendum covers some of these months already."), "first_month")
        addendum = Addendum.create(
            title=title.strip(), first_month=first_month, last_month=last_month, created_by=actor.id
        )
        audit.record(actor, "addendum.create", addendum, ["title", "first_month", "last_month"])
    return addendum


def save_measures(actor: User, addendum: Addendum, month: date, measures: str) -> bool:
    """The month's measures in the staff's words; refused once the month is locked (reported).
    False when nothing changed."""
    if not addendum.first_month <= month <= addendum.last_month:
        raise Refused.because(_l("The addendum does not cover this month."), status=404)
    if month in locked_months(month, month):
        raise refuse(_l("The month is locked: its report has gone to the funder."), "measures")
    measures = measures.strip()
    with write_tx():
        row = AddendumMonth.get_or_none(
            AddendumMonth.addendum == addendum.id, AddendumMonth.month == month
        )
        if row is not None and row.measures == measures:
            return False
        if row is None:
            row = AddendumMonth.create(
                addendum=addendum.id, month=month, measures=measures, written_by=actor.id
            )
        else:
            row.measures, row.written_by, row.updated_at = measures, actor.id, utcnow()
            row.save()
        audit.record(actor, "addendum.measures", row, ["measures"])
    return True
