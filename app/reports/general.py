"""The interim report's "I. General information" from the contract (provider, contract number
and date, subject, project, period, purpose, contact), and what is not final yet in a period
(weeks not approved, months not locked), in the current locale."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from app.accounts import User
from app.calendar import months_between, week_start_of
from app.i18n import format_day, format_month
from app.periods import queries as period_queries
from app.periods.models import Contract
from app.permissions import Role
from app.reports.sections import Section
from app.timesheets import queries as timesheet_queries
from app.timesheets.models import WeekStatus


def contract_for(first: date, last: date) -> Contract | None:
    """The contract the period belongs to: the one that covers its first day, else the first
    that overlaps it (one query)."""
    found = sorted(
        (c for c in period_queries.contracts() if c.starts_on <= last and c.ends_on >= first),
        key=lambda c: c.starts_on,
    )
    covering = [c for c in found if c.starts_on <= first <= c.ends_on]
    return (covering or found or [None])[0]


def period_text(first: date, last: date) -> str:
    return f"{format_day(first)}–{format_day(last)}"


def general_section(first: date, last: date, contract: Contract | None, organisation: str):
    """I: who provides the service under which contract, for what, in which period, and whom
    to contact; a line for each part of the contract that is not entered yet."""
    section = Section(_("I. General information"), key="I")
    if contract is None:
        section.blocks = [_("No contract is entered for this period.")]
        return section
    missing = _("not entered in the contract yet")
    signed = (
        _(
            "No. %(number)s of %(day)s",
            number=contract.number,
            day=format_day(contract.signed_on),
        )
        if getattr(contract, "signed_on", None)
        else _("No. %(number)s", number=contract.number)
    )
    lines = [
        (_("Service provider"), organisation or missing),
        (_("Contract"), signed),
        (_("Funder"), contract.funder or missing),
        (_("Subject of the contract"), getattr(contract, "subject", "") or missing),
        (_("Project"), getattr(contract, "project", "") or missing),
        (_("The interim report covers the period"), period_text(first, last)),
        (_("Purpose of the service"), getattr(contract, "purpose", "") or missing),
        (_("Contact person"), getattr(contract, "contact", "") or missing),
    ]
    section.blocks = [
        _("%(label)s: %(value)s", label=label, value=value.strip()) for label, value in lines
    ]
    return section


def missing_for_final(first: date, last: date) -> list[str]:
    """What keeps the period's figures from being final, one sentence each: the weeks with
    hours that are not approved yet (with how many mentors' timesheets), then the months not
    locked. Empty when a final document may be made (three queries)."""
    mentor_ids = [
        user_id for (user_id,) in User.select(User.id).where(User.role == Role.MENTOR).tuples()
    ]
    found = []
    if mentor_ids:
        minutes = timesheet_queries.minutes_by_mentor_week(mentor_ids, first, last)
        weeks = timesheet_queries.weeks_of(mentor_ids, week_start_of(first), week_start_of(last))
        open_weeks: dict[date, int] = {}
        for (mentor, monday), total in sorted(minutes.items(), key=lambda item: item[0][1]):
            week = weeks.get((mentor, monday))
            if total and (week is None or week["status"] != WeekStatus.APPROVED):
                open_weeks[monday] = open_weeks.get(monday, 0) + 1
        found += [
            ngettext(
                "The week of %(monday)s: %(num)d timesheet is not approved.",
                "The week of %(monday)s: %(num)d timesheets are not approved.",
                count,
                monday=format_day(monday),
            )
            for monday, count in sorted(open_weeks.items())
        ]
    locked = timesheet_queries.locked_months(first, last)
    found += [
        _("%(month)s is not locked", month=format_month(month)) + "."
        for month in months_between(first, last)
        if month not in locked
    ]
    return found
