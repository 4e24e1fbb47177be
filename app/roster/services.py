"""The roster's rules: a shift's checks, adding, changing and deleting shifts while the week is a
draft, copying last week, sending the week to the funder, the social workers' confirmation of
their presence, and the cap's settings."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.calendar import DAY_MINUTES, STEP_MINUTES, format_clock, overlaps, week_end
from app.db import utcnow, write_tx
from app.i18n import format_day
from app.permissions import has_permission
from app.refusals import Refused, refuse
from app.roster.models import (
    MENTOR_ROLES,
    ROSTER_ROLES,
    RosterCap,
    RosterShift,
    RosterStatus,
    RosterWeek,
)

EDIT, COPY, SEND, DOWNLOAD, REOPEN = "edit", "copy", "send", "download", "reopen"

SHIFT_FIELDS = ["day", "person", "start_minute", "end_minute", "duty"]
WEEK_SENT = _l("This week's roster was sent to the funder: it can no longer change.")


@dataclass(frozen=True)
class ShiftInput:
    day: date | None
    person_id: int | None
    start_minute: int | None
    end_minute: int | None
    duty: bool


# --- the week's state machine -----------------------------------------------------------------


def is_sent(week: RosterWeek | None) -> bool:
    return week is not None and week.status == RosterStatus.SENT


def allowed_actions(week: RosterWeek | None, user: User, has_shifts: bool) -> set[str]:
    """What the user may do with the week now: the page draws its buttons from this answer and
    the services below enforce the same one."""
    actions = set()
    if not is_sent(week):
        if has_permission(user, "roster.edit"):
            actions |= {EDIT, COPY}
        if has_permission(user, "roster.send") and has_shifts:
            actions.add(SEND)
    elif has_permission(user, "roster.send"):
        actions.add(REOPEN)
    if has_shifts and (is_sent(week) or has_permission(user, "roster.send")):
        actions.add(DOWNLOAD)
    return actions


def may_confirm(shift: dict | RosterShift, user: User, today: date) -> bool:
    """A social worker (or the lead) confirms their own shift of a past day or today, once."""
    person = shift["person"] if isinstance(shift, dict) else shift.person_id
    day = shift["day"] if isinstance(shift, dict) else shift.day
    confirmed = shift["confirmed_at"] if isinstance(shift, dict) else shift.confirmed_at
    return (
        has_permission(user, "roster.confirm")
        and person == user.id
        and day <= today
        and confirmed is None
    )


# --- a shift's checks -------------------------------------------------------------------------


def check_shift(values: ShiftInput, week_start: date, shift: RosterShift | None = None) -> None:
    """Every rule the shift breaks, each beside its field; nothing is written."""
    week = RosterWeek.get_or_none(RosterWeek.week_start == week_start)
    if is_sent(week):
        raise refuse(WEEK_SENT)
    errors: dict[str, list] = {}
    day = values.day
    if day is None:
        errors["day"] = [_l("Enter the day.")]
    elif not week_start <= day <= week_end(week_start):
        errors["day"] = [
            _l(
                "Choose a day of this week (%(first)s – %(last)s).",
                first=format_day(week_start),
                last=format_day(week_end(week_start)),
            )
        ]
    person = None
    if values.person_id is not None:
        person = User.get_or_none(User.id == values.person_id)
    if person is None or not person.active or person.role not in ROSTER_ROLES:
        errors["person"] = [_l("Choose a social worker or a mentor who works for the service.")]
        person = None
    start, end = values.start_minute, values.end_minute
    times_ok = start is not None and end is not None
    if times_ok:
        if start % STEP_MINUTES or end % STEP_MINUTES:
            errors["start"] = [_l("Use 15-minute steps, e.g. 09:00, 09:15, 09:30.")]
            times_ok = False
        elif end <= start:
            errors["end"] = [_l("The end must be after the start.")]
            times_ok = False
        elif end > DAY_MINUTES:
            errors["end"] = [_l("The end must be 24:00 at the latest.")]
            times_ok = False
    if errors.get("day") or person is None:
        if errors:
            raise Refused(errors)
        return
    others = [
        row
        for row in RosterShift.select().where(RosterShift.day == day)
        if shift is None or row.id != shift.id
    ]
    if times_ok:
        for other in others:
            same = other.person_id == person.id
            if same and overlaps(start, end, other.start_minute, other.end_minute):
                errors["start"] = [
                    _l(
                        "%(name)s is already on the roster %(start)s–%(end)s that day.",
                        name=person.display_name,
                        start=format_clock(other.start_minute),
                        end=format_clock(other.end_minute),
                    )
                ]
                break
    if values.duty:
        if person.role not in MENTOR_ROLES:
            errors["duty"] = [_l("Only a mentor can be the duty mentor, on their own shift.")]
        else:
            duty = next((o for o in others if o.duty and o.person_id != person.id), None)
            if duty is not None:
                errors["duty"] = [
                    _l(
                        "%(name)s is the duty mentor of that day already: one a day.",
                        name=duty.person.display_name,
                    )
                ]
    if errors:
        raise Refused(errors)


def _week_for(week_start: date) -> RosterWeek:
    week, _created = RosterWeek.get_or_create(week_start=week_start)
    return week


def add_shift(actor: User, week_start: date, values: ShiftInput) -> RosterShift:
    """A shift on the week's draft roster (the week is started by its first shift)."""
    with write_tx():
        check_shift(values, week_start)
        week = _week_for(week_start)
        shift = RosterShift.create(
            week=week.id,
            day=values.day,
            person=values.person_id,
            start_minute=values.start_minute,
            end_minute=values.end_minute,
            duty=values.duty,
        )
        audit.record(actor, "roster.shift_create", shift, SHIFT_FIELDS)
    return shift


FIELDS = ("day", "person_id", "start_minute", "end_minute", "duty")


def update_shift(actor: User, shift_id: int, values: ShiftInput) -> bool:
    """Change a shift of a draft week; False when nothing changed. A changed person or day
    drops an earlier confirmation (it confirmed another presence)."""
    with write_tx():
        shift = RosterShift.get_by_id(shift_id)
        week_start = shift.week.week_start
        check_shift(values, week_start, shift)
        changed = [name for name in FIELDS if getattr(shift, name) != getattr(values, name)]
        if not changed:
            return False
        for name in changed:
            setattr(shift, name, getattr(values, name))
        if {"day", "person_id"} & set(changed):
            shift.confirmed_at = None
        shift.updated_at = utcnow()
        shift.save()
        audit.record(actor, "roster.shift_update", shift, [n.removesuffix("_id") for n in changed])
    return True


def delete_shift(actor: User, shift_id: int) -> date:
    """Remove a shift of a draft week; returns its week's Monday."""
    with write_tx():
        shift = RosterShift.get_by_id(shift_id)
        if is_sent(shift.week):
            raise refuse(WEEK_SENT)
        audit.record(actor, "roster.shift_delete", shift, ["day", "person"])
        shift.delete_instance()
    return shift.week.week_start


# --- copying last week ------------------------------------------------------------------------


def copy_plan(week_start: date) -> list[tuple[ShiftInput, RosterShift]]:
    """What "copy last week" would add: last week's shifts moved a week on, for the days that
    have no shift yet this week, each re-checked (someone who left, a rule broken: dropped)."""
    if is_sent(RosterWeek.get_or_none(RosterWeek.week_start == week_start)):
        raise refuse(WEEK_SENT)
    previous = week_start - timedelta(days=7)
    filled = {
        day
        for (day,) in RosterShift.select(RosterShift.day)
        .where(RosterShift.day.between(week_start, week_end(week_start)))
        .tuples()
    }
    source = (
        RosterShift.select()
        .where(RosterShift.day.between(previous, week_end(previous)))
        .order_by(RosterShift.day, RosterShift.start_minute, RosterShift.id)
    )
    plan = []
    for shift in source:
        day = shift.day + timedelta(days=7)
        if day in filled:
            continue
        values = ShiftInput(day, shift.person_id, shift.start_minute, shift.end_minute, shift.duty)
        person = shift.person
        if not person.active or person.role not in ROSTER_ROLES:
            continue
        try:
            check_shift(values, week_start)
        except Refused:
            continue
        plan.append((values, shift))
    return plan


def copy_last_week(actor: User, week_start: date) -> int:
    """Add the planned copies in one transaction; returns how many shifts were added."""
    added = 0
    with write_tx():
        for values, _shift in copy_plan(week_start):
            try:
                check_shift(values, week_start)
            except Refused:
                continue
            week = _week_for(week_start)
            RosterShift.create(
                week=week.id,
                day=values.day,
                person=values.person_id,
                start_minute=values.start_minute,
                end_minute=values.end_minute,
                duty=values.duty,
            )
            added += 1
        if added:
            audit.record(actor, "roster.copy_last_week", _week_for(week_start), ["shifts"])
    return added


# --- sending and confirming -------------------------------------------------------------------


def send_week(actor: User, week_start: date, today: date) -> RosterWeek:
    """Mark the week's roster sent to the funder today: from now on it is read-only."""
    with write_tx():
        week = RosterWeek.get_or_none(RosterWeek.week_start == week_start)
        has_shifts = week is not None and week.shifts.count() > 0
        if SEND not in allowed_actions(week, actor, has_shifts):
            if is_sent(week):
                raise refuse(WEEK_SENT)
            raise refuse(_l("Plan the week's shifts before sending the roster."))
        week.status, week.sent_on, week.sent_by = RosterStatus.SENT, today, actor.id
        week.save()
        audit.record(actor, "roster.send", week, ["status", "sent_on"])
    return week


def reopen_week(actor: User, week_start: date, reason: str) -> RosterWeek:
    """The coordinator reopens a sent week to correct it, saying why; it is a draft again (and
    hidden from the funder) until sent again. The reason stays on the week, not in the audit."""
    reason = (reason or "").strip()
    if not reason:
        raise refuse(_l("Say why the sent roster is reopened."), "reason")
    with write_tx():
        week = RosterWeek.get_or_none(RosterWeek.week_start == week_start)
        if REOPEN not in allowed_actions(week, actor, True):
            raise refuse(_l("Only a roster sent to the funder can be reopened."))
        week.status = RosterStatus.DRAFT
        week.reopened_at, week.reopened_by, week.reopen_reason = utcnow(), actor.id, reason
        week.save()
        audit.record(actor, "roster.reopen", week, ["status", "reopen_reason"])
    return week


def confirm_presence(actor: User, shift_id: int, today: date) -> RosterShift:
    """The person of the shift says they were there: the record of a social worker's presence."""
    with write_tx():
        shift = RosterShift.get_by_id(shift_id)
        if shift.day > today:
            raise refuse(_l("You can confirm your presence on the day or afterwards."))
        if not may_confirm(shift, actor, today):
            raise refuse(_l("This presence is confirmed already."))
        shift.confirmed_at = utcnow()
        shift.save()
        audit.record(actor, "roster.confirm", shift, ["confirmed_at"])
    return shift


# --- the cap ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapInput:
    valid_from: date | None
    max_staff: int | None
    max_workers: int | None
    max_mentors: int | None


def add_cap(actor: User, values: CapInput) -> RosterCap:
    """A cap that holds from its day until the next one's."""
    errors: dict[str, list] = {}
    if values.valid_from is None:
        errors["valid_from"] = [_l("Enter the day from which the cap holds.")]
    elif RosterCap.get_or_none(RosterCap.valid_from == values.valid_from) is not None:
        errors["valid_from"] = [_l("A cap holds from this day already.")]
    limits = (values.max_staff, values.max_workers, values.max_mentors)
    for name, limit in zip(("max_staff", "max_workers", "max_mentors"), limits, strict=True):
        if limit is not None and not 0 <= limit <= 999:
            errors[name] = [_l("Enter a number from 0 to 999.")]
    if all(limit is None for limit in limits):
        errors["max_staff"] = [_l("Enter at least one limit.")]
    if errors:
        raise Refused(errors)
    with write_tx():
        cap = RosterCap.create(created_by=actor.id, **vars(values))
        audit.record(actor, "roster.cap_create", cap, list(vars(values)))
    return cap
