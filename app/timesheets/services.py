"""Timesheet rules and state transitions: entries, the weekly workflow, month locks, reminders."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.calendar import (
    DAY_MINUTES,
    STEP_MINUTES,
    month_start,
    overlaps,
    week_days,
    week_start_of,
)
from app.cases.models import CaseFile
from app.db import utcnow, write_tx
from app.refusals import Refused, refuse
from app.timesheets import queries
from app.timesheets.models import (
    ActivityType,
    Entry,
    EntryCase,
    MonthLock,
    Notice,
    Week,
    WeekEvent,
    WeekStatus,
)

#: a day this long is allowed, with a warning: more is usually a typing mistake
LONG_DAY_MINUTES = 10 * 60


@dataclass
class EntryInput:
    day: date
    start_minute: int
    end_minute: int
    activity_id: int
    place: str
    case_codes: list[str] = field(default_factory=list)
    note: str = ""
    paid_interpreting: bool = False


@dataclass
class EntryCheck:
    errors: dict[str, list] = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    cases: list[tuple[CaseFile, bool]] = field(default_factory=list)  #: (case, covering)

    def add(self, field_name: str, message) -> None:
        self.errors.setdefault(field_name, []).append(message)


def is_month_locked(day: date) -> bool:
    return MonthLock.select().where(MonthLock.month == month_start(day), MonthLock.locked).exists()


def week_is_editable(week: Week | None) -> bool:
    return week is None or week.status in WeekStatus.EDITABLE


def check_entry(mentor: User, data: EntryInput, today: date, entry: Entry | None = None):
    """Every rule an entry must meet, collected field by field (nothing is written)."""
    check = EntryCheck()
    if data.start_minute % STEP_MINUTES:
        check.add("start", _l("Use 15-minute steps (e.g. 09:00, 09:15)."))
    if data.end_minute % STEP_MINUTES:
        check.add("end", _l("Use 15-minute steps (e.g. 09:00, 09:15)."))
    if data.end_minute <= data.start_minute:
        check.add("end", _l("The end must be after the start."))
    if data.day > week_start_of(today) + timedelta(days=6):
        check.add("day", _l("Dates after the current week cannot be filed yet."))
    if mentor.start_date and data.day < mentor.start_date:
        check.add("day", _l("This is before your start date in the service."))
    if is_month_locked(data.day):
        check.add("day", _l("This month is locked: it has been reported to the funder."))
    week = queries.find_week(mentor.id, week_start_of(data.day))
    if not week_is_editable(week):
        check.add("day", _l("This week is submitted or approved and cannot be changed."))
    activity = ActivityType.get_or_none(ActivityType.id == data.activity_id)
    keeps_retired = entry is not None and entry.activity_id == data.activity_id
    if activity is None or not (activity.active or keeps_retired):
        check.add("activity", _l("Choose an activity from the list."))
    if check.errors:
        return check
    _check_day(check, mentor, data, entry)
    _check_cases(check, mentor, data)
    return check


def _check_day(check: EntryCheck, mentor: User, data: EntryInput, entry: Entry | None) -> None:
    same_day = Entry.select(Entry.start_minute, Entry.end_minute, Entry.paid_interpreting).where(
        Entry.mentor == mentor.id, Entry.day == data.day
    )
    if entry is not None:
        same_day = same_day.where(Entry.id != entry.id)
    total = data.end_minute - data.start_minute
    for start, end, paid in same_day.tuples():
        total += end - start
        # Paid interpreting may overlap (that is the double-funding conflict to show);
        # two entries of ordinary work may not.
        if (
            not paid
            and not data.paid_interpreting
            and overlaps(start, end, data.start_minute, data.end_minute)
        ):
            check.add("start", _l("This time overlaps another of your entries that day."))
            break
    if total > DAY_MINUTES:
        check.add("end", _l("A day cannot hold more than 24 hours."))
    elif total > LONG_DAY_MINUTES:
        check.warnings.append(_l("More than 10 hours on this day: please check the times."))


def _check_cases(check: EntryCheck, mentor: User, data: EntryInput) -> None:
    codes = sorted({code.strip().upper() for code in data.case_codes if code.strip()})
    found = {case.code: case for case in CaseFile.select().where(CaseFile.code.in_(codes))}
    for code in codes:
        case = found.get(code)
        if case is None:
            check.add("cases", _l("There is no case file %(code)s.", code=code))
        elif not case.is_open_on(data.day):
            check.add("cases", _l("Case file %(code)s is not open on that day.", code=code))
        else:
            check.cases.append((case, case.mentor_id != mentor.id))


def save_entry(
    mentor: User,
    data: EntryInput,
    today: date,
    entry: Entry | None = None,
    expected_version: int | None = None,
) -> tuple[Entry, list]:
    """Create or update an entry after every check; returns it with any warnings."""
    with write_tx():
        if entry is not None:
            current = Entry.get_or_none(Entry.id == entry.id)
            if current is None or current.version != expected_version:
                raise refuse(
                    _l(
                        "This entry was changed meanwhile (another tab or device). "
                        "Reload the week to see the current version."
                    )
                )
            if not week_is_editable(current.week) or is_month_locked(current.day):
                raise refuse(_l("This entry can no longer be changed."))
            entry = current
        check = check_entry(mentor, data, today, entry)
        if check.errors:
            raise Refused(check.errors)
        week, _created = Week.get_or_create(mentor=mentor.id, week_start=week_start_of(data.day))
        values = {
            "week": week.id,
            "day": data.day,
            "start_minute": data.start_minute,
            "end_minute": data.end_minute,
            "activity": data.activity_id,
            "place": data.place,
            "note": data.note.strip(),
            "paid_interpreting": data.paid_interpreting,
        }
        if entry is None:
            entry = Entry.create(mentor=mentor.id, **values)
            changed = list(values)
            action = "entry.create"
        else:
            changed = [name for name, value in values.items() if _field(entry, name) != value]
            for name, value in values.items():
                setattr(entry, name, value)
            entry.version += 1
            entry.updated_at = utcnow()
            entry.save()
            action = "entry.update"
        new_links = {case.id: covering for case, covering in check.cases}
        old_links = {
            link.case_file_id: link.covering
            for link in EntryCase.select().where(EntryCase.entry == entry.id)
        }
        if new_links != old_links:
            EntryCase.delete().where(EntryCase.entry == entry.id).execute()
            EntryCase.insert_many(
                [
                    {"entry": entry.id, "case_file": cid, "covering": cov}
                    for cid, cov in new_links.items()
                ]
            ).execute()
            changed.append("cases")
        _entries_changed(week)
        audit.record(mentor, action, entry, changed)
    return entry, check.warnings


def _field(entry: Entry, name: str):
    return getattr(entry, f"{name}_id") if name in ("week", "activity") else getattr(entry, name)


def _entries_changed(week: Week) -> None:
    """A justification covers the conflicts it was written for, not later edits."""
    if week.conflict_justification is not None:
        Week.update(conflict_justification=None).where(Week.id == week.id).execute()


def delete_entry(mentor: User, entry: Entry) -> None:
    with write_tx():
        current = Entry.get_or_none(Entry.id == entry.id)
        if current is None:
            return
        if not week_is_editable(current.week) or is_month_locked(current.day):
            raise refuse(_l("This entry can no longer be changed."))
        EntryCase.delete().where(EntryCase.entry == current.id).execute()
        current.delete_instance()
        _entries_changed(current.week)
        audit.record(mentor, "entry.delete", current)


def copy_plan(mentor: User, week_start: date, today: date) -> list[tuple[EntryInput, dict]]:
    """What "copy last week" would add: last week's entries for days still empty this week,
    each re-checked (a closed case, a retired activity or a locked day drops the entry)."""
    previous = week_start - timedelta(days=7)
    source = queries.entries_between([mentor.id], previous, previous + timedelta(days=6))
    filled = {
        day
        for (day,) in Entry.select(Entry.day)
        .where(Entry.mentor == mentor.id, Entry.day.between(week_start, week_start + timedelta(6)))
        .tuples()
    }
    plan = []
    for row in source:
        day = row["day"] + timedelta(days=7)
        if day in filled:
            continue
        data = EntryInput(
            day=day,
            start_minute=row["start_minute"],
            end_minute=row["end_minute"],
            activity_id=row["activity"],
            place=row["place"],
            case_codes=[case["code"] for case in row["cases"]],
            note=row["note"],
            paid_interpreting=row["paid_interpreting"],
        )
        if not check_entry(mentor, data, today).errors:
            plan.append((data, row))
    return plan


def copy_last_week(mentor: User, week_start: date, today: date) -> int:
    """Add the planned copies; returns how many entries were added."""
    added = 0
    for data, _row in copy_plan(mentor, week_start, today):
        try:
            save_entry(mentor, data, today)
        except Refused:
            continue  # an earlier copy of the same plan now overlaps it: skip, as the plan said
        added += 1
    return added


# --- the weekly workflow ----------------------------------------------------------------


def _event(week: Week, actor: User, action: str, comment: str = "") -> None:
    WeekEvent.create(week=week.id, actor=actor.id, action=action, comment=comment)
    audit.record(
        actor,
        f"week.{action}",
        week,
        ["status"] if action != "justify" else ["conflict_justification"],
    )


def _all_days_locked(week_start: date) -> bool:
    locked = queries.locked_months(week_start, week_start + timedelta(days=6))
    return all(month_start(day) in locked for day in week_days(week_start))


def _require_status(week: Week | None, *allowed: str) -> Week:
    if week is None or week.status not in allowed:
        raise refuse(_l("The week is not in a state that allows this. Reload to see its status."))
    if _all_days_locked(week.week_start):
        raise refuse(_l("This month is locked: it has been reported to the funder."))
    return week


def submit_week(mentor: User, week_start: date) -> Week:
    with write_tx():
        week, _created = Week.get_or_create(mentor=mentor.id, week_start=week_start)
        _require_status(week, *WeekStatus.EDITABLE)
        week.status, week.submitted_at = WeekStatus.SUBMITTED, utcnow()
        week.save()
        _event(week, mentor, "submit")
    return week


def withdraw_week(mentor: User, week: Week) -> None:
    with write_tx():
        week = _require_status(Week.get_by_id(week.id), WeekStatus.SUBMITTED)
        week.status = WeekStatus.DRAFT
        week.save()
        _event(week, mentor, "withdraw")


def open_conflicts(week: Week) -> dict[int, list[str]]:
    first, last = queries.week_range(week.week_start)
    return queries.conflicts(queries.entries_between([week.mentor_id], first, last))


def approve_week(reviewer: User, week: Week) -> None:
    with write_tx():
        week = _require_status(Week.get_by_id(week.id), WeekStatus.SUBMITTED)
        if open_conflicts(week) and week.conflict_justification is None:
            raise refuse(
                _l(
                    "This week has a double-funding conflict. It must be fixed, or the "
                    "lead social worker must record a justification, before approval."
                )
            )
        week.status = WeekStatus.APPROVED
        week.save()
        _event(week, reviewer, "approve")


def _send_back(actor: User, week: Week, comment: str, from_status: str, action: str) -> None:
    with write_tx():
        week = _require_status(Week.get_by_id(week.id), from_status)
        week.status = WeekStatus.RETURNED
        week.save()
        _event(week, actor, action, comment.strip())


def return_week(reviewer: User, week: Week, comment: str) -> None:
    """Back to the mentor with what needs fixing."""
    if not comment.strip():
        raise refuse(_l("Say what needs fixing."), "comment")
    _send_back(reviewer, week, comment, WeekStatus.SUBMITTED, "return")


def reopen_week(lead: User, week: Week, reason: str) -> None:
    """An approved week back to the mentor, with the lead's reason."""
    if not reason.strip():
        raise refuse(_l("Give the reason for reopening."), "comment")
    _send_back(lead, week, reason, WeekStatus.APPROVED, "reopen")


def justify_conflict(lead: User, week: Week, justification: str) -> None:
    if not justification.strip():
        raise refuse(_l("Write the justification."), "comment")
    with write_tx():
        week = Week.get_by_id(week.id)
        if not open_conflicts(week):
            raise refuse(_l("This week has no double-funding conflict."))
        week.conflict_justification = justification.strip()
        week.save()
        _event(week, lead, "justify", justification.strip())


# --- month locks ----------------------------------------------------------------------


def lock_month(coordinator: User, month: date) -> None:
    with write_tx():
        lock = MonthLock.get_or_none(MonthLock.month == month)
        if lock is not None and lock.locked:
            raise refuse(_l("This month is already locked."))
        if lock is None:
            lock = MonthLock.create(month=month, locked_by=coordinator.id)
        else:
            lock.locked, lock.locked_at, lock.locked_by = True, utcnow(), coordinator.id
            lock.save()
        audit.record(coordinator, "month.lock", lock, ["locked"])


def unlock_month(admin: User, month: date, reason: str) -> None:
    if not reason.strip():
        raise refuse(_l("Give the reason for unlocking."), "reason")
    with write_tx():
        lock = MonthLock.get_or_none(MonthLock.month == month, MonthLock.locked)
        if lock is None:
            raise refuse(_l("This month is not locked."))
        lock.locked, lock.unlocked_at, lock.unlocked_by = False, utcnow(), admin.id
        lock.unlock_reason = reason.strip()
        lock.save()
        audit.record(admin, "month.unlock", lock, ["locked", "unlock_reason"])


# --- reminders -------------------------------------------------------------------------


def remind(reviewer: User, mentor_ids: list[int], week_start: date) -> list[User]:
    """An in-app notice for each mentor (one per week); returns the mentors reminded."""
    reminded = []
    with write_tx():
        for mentor in queries.mentors_reviewable_by(reviewer).where(User.id.in_(mentor_ids)):
            already = Notice.select().where(
                Notice.user == mentor.id, Notice.week_start == week_start, Notice.read_at.is_null()
            )
            if already.exists():
                continue
            notice = Notice.create(user=mentor.id, week_start=week_start, created_by=reviewer.id)
            audit.record(reviewer, "notice.create", notice)
            reminded.append(mentor)
    return reminded


def dismiss_notice(user: User, notice_id: int) -> bool:
    with write_tx():
        updated = (
            Notice.update(read_at=utcnow())
            .where(Notice.id == notice_id, Notice.user == user.id, Notice.read_at.is_null())
            .execute()
        )
    return bool(updated)
