"""Timesheet rules and state transitions: entries, the weekly workflow, month locks, reminders."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.calendar import (
    DAY_MINUTES,
    STEP_MINUTES,
    local_today,
    month_end,
    month_start,
    overlaps,
    week_days,
    week_end,
    week_start_of,
)
from app.cases.models import CaseFile
from app.db import utcnow, write_tx
from app.forms import int_or_none
from app.meetings import queries as meeting_queries
from app.permissions import has_permission
from app.plans.models import Plan, PlanGoal
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
    duration,
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
    #: the plan goal served, by case code: its id as typed ("" or missing: none)
    goals: dict[str, str] = field(default_factory=dict)

    @property
    def minutes(self) -> int:
        return duration(self.start_minute, self.end_minute)


@dataclass
class EntryCheck:
    errors: dict[str, list] = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    cases: list[tuple[CaseFile, bool]] = field(default_factory=list)  #: (case, covering)
    goals: dict[int, int] = field(default_factory=dict)  #: goal id by case id

    def add(self, field_name: str, message) -> None:
        self.errors.setdefault(field_name, []).append(message)


#: why an action is refused when the rule that stops it is not the action's own
NOT_YOURS = _l("This page does not exist, or it is not yours to see.")
ROLE_REFUSED = _l("Your role does not allow this page.")
NOT_NOW = _l("The week is not in a state that allows this. Reload to see its status.")
MONTH_LOCKED = _l("This month is locked: it has been reported to the funder.")
NOT_YET = _l("Dates after the current week cannot be filed yet.")
WEEK_CLOSED = _l("This week is submitted or approved and cannot be changed.")

#: the week's transitions: each is a button on the week page and an event in its history
SUBMIT, WITHDRAW, APPROVE, RETURN, REOPEN, JUSTIFY = (
    "submit",
    "withdraw",
    "approve",
    "return",
    "reopen",
    "justify",
)
TRANSITIONS = frozenset((SUBMIT, WITHDRAW, APPROVE, RETURN, REOPEN, JUSTIFY))
#: a reviewer's reminder to submit the week (a checkbox on the team page)
REMIND = "remind"
#: adding, changing and deleting entries, and copying last week's: allowed while a day is open
EDIT, COPY = "edit", "copy"
#: the permission of each reviewer's action (the reviewer must also review the mentor)
REVIEWER_PERMISSIONS = {
    APPROVE: "timesheets.review",
    RETURN: "timesheets.review",
    REMIND: "timesheets.review",
    REOPEN: "timesheets.reopen",
    JUSTIFY: "timesheets.justify",
}
LOCK, UNLOCK = "lock", "unlock"


class Rule(NamedTuple):
    """One condition of an action, and the refusal when it does not hold."""

    holds: bool
    message: object
    status: int = 422


def _all_hold(rules: list[Rule]) -> bool:
    # what a page asks of every week and day it draws: no refusal (and its message) is made
    return all(rule.holds for rule in rules)


def _first_broken(rules: list[Rule]) -> Refused | None:
    """The refusal of the first rule that does not hold, in the order the rules are listed."""
    for rule in rules:
        if not rule.holds:
            return Refused.because(rule.message, status=rule.status)
    return None


@dataclass(frozen=True)
class WeekState:
    """The facts that decide what may be done with one mentor's week (besides who asks)."""

    mentor_id: int
    week_start: date
    status: str | None  #: None while nothing is filed
    locked_months: frozenset[date]  #: first days of the locked months the week has days in
    conflicted: bool  #: a double-funding conflict among the week's entries
    justified: bool  #: the lead has recorded why the conflict is acceptable

    def locked(self, day: date) -> bool:
        return month_start(day) in self.locked_months

    @property
    def all_locked(self) -> bool:
        return all(self.locked(day) for day in week_days(self.week_start))


@dataclass(frozen=True)
class WeekActions:
    """What one user may do with one week now: the buttons pages show, what services allow."""

    actions: frozenset[str]
    open_days: frozenset[date]  #: the days whose entries the user may add, change or delete

    def __contains__(self, action: str) -> bool:
        return action in self.actions


def week_states(
    mentor_ids, week_start: date, entries: list[dict] | None = None, weeks: dict | None = None
) -> dict:
    """Each mentor's WeekState for the week from `week_start`, by mentor id: 3 queries, one
    less for each of the week's `entries` (queries.entries_between) and `weeks`
    (queries.weeks_of) the caller has read already."""
    mentor_ids = list(mentor_ids)
    first, last = week_start, week_end(week_start)
    if entries is None:
        entries = queries.entries_between(mentor_ids, first, last)
    if weeks is None:
        weeks = queries.weeks_of(mentor_ids, week_start, week_start)
    locked = frozenset(queries.locked_months(first, last))
    conflicting = queries.conflicts(entries)
    conflicted = {entry["mentor"] for entry in entries if entry["id"] in conflicting}
    states = {}
    for mentor_id in mentor_ids:
        week = weeks.get((mentor_id, week_start)) or {}
        states[mentor_id] = WeekState(
            mentor_id=mentor_id,
            week_start=week_start,
            status=week.get("status"),
            locked_months=locked,
            conflicted=mentor_id in conflicted,
            justified=week.get("conflict_justification") is not None,
        )
    return states


def week_state(mentor_id: int, week_start: date) -> WeekState:
    """One mentor's WeekState, read now (3 queries)."""
    return week_states([mentor_id], week_start)[mentor_id]


def _own_week(state: WeekState, user: User) -> Rule:
    """Only the mentor files, submits and withdraws their own week."""
    owner = user.id == state.mentor_id and has_permission(user, "timesheets.file")
    return Rule(owner, NOT_YOURS, 404)


def _fileable(day: date, today: date) -> bool:
    """Days up to the end of the current week can be filed."""
    return day <= week_end(week_start_of(today))


def _transition_rules(state: WeekState, user: User, today: date, reviews: bool) -> dict:
    """Each transition's rules: who, from which status, not in a locked month, then its own."""
    unlocked = Rule(not state.all_locked, MONTH_LOCKED)

    def reviewer(action: str) -> Rule:
        allowed = reviews and has_permission(user, REVIEWER_PERMISSIONS[action])
        return Rule(allowed, NOT_YOURS, 404)

    def status_in(*statuses) -> Rule:
        return Rule(state.status in statuses, NOT_NOW)

    unsubmitted = status_in(None, *WeekStatus.EDITABLE)
    submitted = status_in(WeekStatus.SUBMITTED)
    return {
        SUBMIT: [
            _own_week(state, user),
            unsubmitted,
            unlocked,
            Rule(_fileable(state.week_start, today), NOT_YET),
        ],
        WITHDRAW: [_own_week(state, user), submitted, unlocked],
        APPROVE: [reviewer(APPROVE), submitted, unlocked],
        RETURN: [reviewer(RETURN), submitted, unlocked],
        REOPEN: [reviewer(REOPEN), status_in(WeekStatus.APPROVED), unlocked],
        JUSTIFY: [
            reviewer(JUSTIFY),
            status_in(WeekStatus.DRAFT, WeekStatus.SUBMITTED, WeekStatus.RETURNED),
            unlocked,
            Rule(state.conflicted, _l("This week has no double-funding conflict.")),
        ],
        REMIND: [reviewer(REMIND), unsubmitted, unlocked],
    }


def _day_rules(state: WeekState, user: User, day: date, today: date) -> list[Rule]:
    """The rules for adding, changing or deleting an entry of one day of the week."""
    return [
        _own_week(state, user),
        Rule(_fileable(day, today), NOT_YET),
        Rule(not state.locked(day), MONTH_LOCKED),
        Rule(state.status in (None, *WeekStatus.EDITABLE), WEEK_CLOSED),
    ]


def _open_days(state: WeekState, user: User, today: date) -> frozenset[date]:
    return frozenset(
        day for day in week_days(state.week_start) if _all_hold(_day_rules(state, user, day, today))
    )


def _reviews(state: WeekState, user: User) -> bool:
    """Whether the user reviews the mentor: a query, made only for users with a reviewer's
    permission."""
    if not any(has_permission(user, name) for name in REVIEWER_PERMISSIONS.values()):
        return False
    return queries.can_review(user, state.mentor_id)


def allowed_actions(
    state: WeekState, user: User, today: date, reviews: bool | None = None
) -> WeekActions:
    """What the user may do with the week now. `reviews` (whether the user reviews the mentor)
    is read when not given; a page of many weeks reads it once for all of them."""
    if reviews is None:
        reviews = _reviews(state, user)
    rules = _transition_rules(state, user, today, reviews)
    actions = {action for action, checks in rules.items() if _all_hold(checks)}
    open_days = _open_days(state, user, today)
    if open_days:
        actions |= {EDIT, COPY}
    return WeekActions(frozenset(actions), open_days)


def require_week_action(action: str, state: WeekState, user: User, today: date) -> None:
    """Refuse an action that allowed_actions does not allow, with the first rule it breaks."""
    if action in (EDIT, COPY):
        open_days = _open_days(state, user, today)
        # no day is open: the first day's reason stands for the week's
        rules = [] if open_days else _day_rules(state, user, state.week_start, today)
    else:
        rules = _transition_rules(state, user, today, _reviews(state, user))[action]
    refusal = _first_broken(rules)
    if refusal is not None:
        raise refusal


def day_refusals(state: WeekState, user: User, day: date, today: date) -> list:
    """Every reason the user may not add, change or delete an entry of this day (none: may)."""
    return [rule.message for rule in _day_rules(state, user, day, today) if not rule.holds]


def _month_rules(month: date, user: User, today: date, locked: bool) -> dict[str, list[Rule]]:
    return {
        LOCK: [
            Rule(has_permission(user, "timesheets.lock"), ROLE_REFUSED, 403),
            Rule(month <= today, _l("A month can be locked once it has started.")),
            Rule(not locked, _l("This month is already locked.")),
        ],
        UNLOCK: [
            Rule(has_permission(user, "timesheets.unlock"), ROLE_REFUSED, 403),
            Rule(locked, _l("This month is not locked.")),
        ],
    }


def month_allowed_actions(
    month: date, user: User, today: date, locked: bool | None = None
) -> frozenset[str]:
    """Whether the user may lock or unlock the month now; `locked` is read when not given."""
    if locked is None:
        locked = month in queries.locked_months(month, month)
    rules = _month_rules(month, user, today, locked)
    return frozenset(action for action, checks in rules.items() if _all_hold(checks))


def check_entry(
    mentor: User,
    data: EntryInput,
    today: date,
    entry: Entry | None = None,
    state: WeekState | None = None,
) -> EntryCheck:
    """Every rule an entry must meet, collected field by field (nothing is written); `state`,
    the WeekState of the entry's week, is read when not given."""
    check = EntryCheck()
    if data.start_minute % STEP_MINUTES:
        check.add("start", _l("Use 15-minute steps (e.g. 09:00, 09:15)."))
    if data.end_minute % STEP_MINUTES:
        check.add("end", _l("Use 15-minute steps (e.g. 09:00, 09:15)."))
    if data.end_minute <= data.start_minute:
        check.add("end", _l("The end must be after the start."))
    if state is None:
        state = week_state(mentor.id, week_start_of(data.day))
    for message in day_refusals(state, mentor, data.day, today):
        check.add("day", message)
    if mentor.start_date and data.day < mentor.start_date:
        check.add("day", _l("This is before your start date in the service."))
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
    same_day = Entry.select(
        Entry.start_minute, Entry.end_minute, Entry.minutes, Entry.paid_interpreting
    ).where(Entry.mentor == mentor.id, Entry.day == data.day)
    if entry is not None:
        same_day = same_day.where(Entry.id != entry.id)
    total = data.minutes
    for start, end, minutes, paid in same_day.tuples():
        total += minutes
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
    _check_goals(check, data)


def _not_the_plans_goal(code: str):
    """A goal that is not one of the case file's plan's goals (a stale page, or a forged form)."""
    return _l("Choose a goal of the plan of case file %(code)s from the list.", code=code)


def _check_goals(check: EntryCheck, data: EntryInput) -> None:
    """Each goal named must belong to the plan of the case file it is named for; goals for
    case files not on the entry are ignored (a list left from before the cases changed)."""
    wanted = {}
    for case, _covering in check.cases:
        text = str(data.goals.get(case.code) or "").strip()
        if not text:
            continue
        goal_id = int_or_none(text)
        if goal_id is None:
            check.add("goals", _not_the_plans_goal(case.code))
        else:
            wanted[case.id] = (case.code, goal_id)
    if not wanted:
        return
    plans_case = dict(
        PlanGoal.select(PlanGoal.id, Plan.case)
        .join(Plan)
        .where(PlanGoal.id.in_([goal_id for _code, goal_id in wanted.values()]))
        .tuples()
    )
    for case_id, (code, goal_id) in wanted.items():
        if plans_case.get(goal_id) == case_id:
            check.goals[case_id] = goal_id
        else:
            check.add("goals", _not_the_plans_goal(code))


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
            _require_changeable(mentor, current, today)
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
        old_links, old_goals = {}, {}
        for link in EntryCase.select().where(EntryCase.entry == entry.id):
            old_links[link.case_file_id] = link.covering
            if link.goal_id is not None:
                old_goals[link.case_file_id] = link.goal_id
        if new_links != old_links or check.goals != old_goals:
            EntryCase.delete().where(EntryCase.entry == entry.id).execute()
            EntryCase.insert_many(
                [
                    {
                        "entry": entry.id,
                        "case_file": cid,
                        "covering": cov,
                        "goal": check.goals.get(cid),
                    }
                    for cid, cov in new_links.items()
                ]
            ).execute()
            changed += ["cases"] if new_links != old_links else []
            changed += ["goals"] if check.goals != old_goals else []
        _entries_changed(week)
        audit.record(mentor, action, entry, changed)
    return entry, check.warnings


def _field(entry: Entry, name: str):
    return getattr(entry, f"{name}_id") if name in ("week", "activity") else getattr(entry, name)


def _entries_changed(week: Week) -> None:
    """A justification covers the conflicts it was written for, not later edits."""
    if week.conflict_justification is not None:
        Week.update(conflict_justification=None).where(Week.id == week.id).execute()


def _require_changeable(mentor: User, entry: Entry, today: date) -> None:
    """An entry is changed or deleted only while its day is open to the mentor."""
    state = week_state(entry.mentor_id, week_start_of(entry.day))
    if day_refusals(state, mentor, entry.day, today):
        raise refuse(_l("This entry can no longer be changed."))


def delete_entry(mentor: User, entry: Entry, today: date) -> None:
    """Delete an entry of a day still open to its mentor."""
    with write_tx():
        current = Entry.get_or_none(Entry.id == entry.id)
        if current is None:
            return
        _require_changeable(mentor, current, today)
        EntryCase.delete().where(EntryCase.entry == current.id).execute()
        current.delete_instance()
        _entries_changed(current.week)
        audit.record(mentor, "entry.delete", current)


def copy_plan(mentor: User, week_start: date, today: date) -> list[tuple[EntryInput, dict]]:
    """What "copy last week" would add: last week's entries for days still empty this week,
    each re-checked (a closed case, a retired activity or a locked day drops the entry)."""
    state = week_state(mentor.id, week_start)
    require_week_action(COPY, state, mentor, today)
    previous = week_start - timedelta(days=7)
    source = queries.entries_between([mentor.id], previous, week_end(previous))
    filled = {
        day
        for (day,) in Entry.select(Entry.day)
        .where(Entry.mentor == mentor.id, Entry.day.between(week_start, week_end(week_start)))
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
            goals={case["code"]: str(case["goal"]) for case in row["cases"] if case["goal"]},
        )
        errors = check_entry(mentor, data, today, state=state).errors
        if errors.keys() == {"goals"}:
            # a goal no longer of its case file's plan: the copy goes without it
            data.goals = {}
            errors = check_entry(mentor, data, today, state=state).errors
        if not errors:
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


def _checked(action: str, actor: User, week: Week) -> tuple[Week, WeekState]:
    """The week as it is now, once `action` is allowed on it (inside the caller's transaction)."""
    current = Week.get_by_id(week.id)
    state = week_state(current.mentor_id, current.week_start)
    require_week_action(action, state, actor, local_today())
    return current, state


def submit_week(mentor: User, week_start: date) -> Week:
    """The mentor submits the week for approval."""
    with write_tx():
        require_week_action(SUBMIT, week_state(mentor.id, week_start), mentor, local_today())
        week, _created = Week.get_or_create(mentor=mentor.id, week_start=week_start)
        week.status, week.submitted_at = WeekStatus.SUBMITTED, utcnow()
        week.save()
        _event(week, mentor, "submit")
    return week


def withdraw_week(mentor: User, week: Week) -> None:
    """The mentor takes a submitted week back to change it."""
    with write_tx():
        week, _state = _checked(WITHDRAW, mentor, week)
        week.status = WeekStatus.DRAFT
        week.save()
        _event(week, mentor, "withdraw")


def approve_week(reviewer: User, week: Week) -> None:
    """Approve a submitted week whose double-funding conflicts are fixed or justified."""
    with write_tx():
        week, state = _checked(APPROVE, reviewer, week)
        if state.conflicted and not state.justified:
            raise refuse(
                _l(
                    "This week has a double-funding conflict. It must be fixed, or the "
                    "lead social worker must record a justification, before approval."
                )
            )
        week.status = WeekStatus.APPROVED
        week.save()
        _event(week, reviewer, "approve")


def _send_back(actor: User, week: Week, comment: str, action: str) -> None:
    with write_tx():
        week, _state = _checked(action, actor, week)
        week.status = WeekStatus.RETURNED
        week.save()
        _event(week, actor, action, comment.strip())


def return_week(reviewer: User, week: Week, comment: str) -> None:
    """Back to the mentor with what needs fixing."""
    if not comment.strip():
        raise refuse(_l("Say what needs fixing."), "comment")
    _send_back(reviewer, week, comment, RETURN)


def reopen_week(lead: User, week: Week, reason: str) -> None:
    """An approved week back to the mentor, with the lead's reason."""
    if not reason.strip():
        raise refuse(_l("Give the reason for reopening."), "comment")
    _send_back(lead, week, reason, REOPEN)


def justify_conflict(lead: User, week: Week, justification: str) -> None:
    """The lead records why the week's double-funding conflict is acceptable."""
    if not justification.strip():
        raise refuse(_l("Write the justification."), "comment")
    with write_tx():
        week, _state = _checked(JUSTIFY, lead, week)
        week.conflict_justification = justification.strip()
        week.save()
        _event(week, lead, "justify", justification.strip())


# --- month locks ----------------------------------------------------------------------


def _require_month_action(action: str, month: date, user: User, locked: bool) -> None:
    """Refuse what month_allowed_actions does not allow, with the first rule it breaks."""
    refusal = _first_broken(_month_rules(month, user, local_today(), locked)[action])
    if refusal is not None:
        raise refusal


@dataclass(frozen=True)
class MonthOpen:
    """What of a month is still open when it is about to be locked."""

    weeks: list[dict]  #: weeks not approved: mentor's display_name, week_start, status
    conflicts: list[dict]  #: unjustified double-funding: display_name, week_start, entries
    minutes: list[dict]  #: meetings whose minutes are a draft: id, kind, day

    def __bool__(self) -> bool:
        return bool(self.weeks or self.conflicts or self.minutes)


def month_open(month: date) -> MonthOpen:
    """The weeks, conflicts and minutes of the month a lock would freeze unfinished."""
    last = month_end(month)
    conflicts = queries.unjustified_conflicts(month, last)
    names = dict(
        User.select(User.id, User.display_name)
        .where(User.id.in_([mentor for mentor, _monday in conflicts]))
        .tuples()
    )
    return MonthOpen(
        weeks=queries.open_weeks_between(month, last),
        conflicts=[
            {
                "mentor": mentor,
                "display_name": names[mentor],
                "week_start": monday,
                "entries": count,
            }
            for (mentor, monday), count in sorted(conflicts.items(), key=lambda kv: kv[0][1])
        ],
        minutes=meeting_queries.minutes_not_final(month, last),
    )


def lock_month(coordinator: User, month: date, reason: str = "") -> None:
    """Lock a reported month: nothing dated in it may change. While anything of it is still
    open (month_open), only with the reason, which is kept on the lock."""
    reason = reason.strip()
    with write_tx():
        lock = MonthLock.get_or_none(MonthLock.month == month)
        _require_month_action(LOCK, month, coordinator, bool(lock and lock.locked))
        if not reason and month_open(month):
            raise refuse(
                _l("Some of the month is still open: give the reason for locking it now."), "reason"
            )
        if lock is None:
            lock = MonthLock.create(month=month, locked_by=coordinator.id, lock_reason=reason)
        else:
            lock.locked, lock.locked_at, lock.locked_by = True, utcnow(), coordinator.id
            lock.lock_reason = reason
            lock.save()
        audit.record(
            coordinator, "month.lock", lock, ["locked", "lock_reason"] if reason else ["locked"]
        )


def unlock_month(admin: User, month: date, reason: str) -> None:
    """Unlock a month, with the reason kept on its lock."""
    if not reason.strip():
        raise refuse(_l("Give the reason for unlocking."), "reason")
    with write_tx():
        lock = MonthLock.get_or_none(MonthLock.month == month, MonthLock.locked)
        _require_month_action(UNLOCK, month, admin, lock is not None)
        lock.locked, lock.unlocked_at, lock.unlocked_by = False, utcnow(), admin.id
        lock.unlock_reason = reason.strip()
        lock.save()
        audit.record(admin, "month.unlock", lock, ["locked", "unlock_reason"])


# --- reminders -------------------------------------------------------------------------


def remind(reviewer: User, mentor_ids: list[int], week_start: date) -> list[User]:
    """An in-app notice for each mentor whose week may still be submitted (one notice per week);
    returns the mentors reminded."""
    reminded = []
    today = local_today()
    with write_tx():
        mentors = list(queries.mentors_reviewable_by(reviewer).where(User.id.in_(mentor_ids)))
        states = week_states([mentor.id for mentor in mentors], week_start)
        for mentor in mentors:
            if REMIND not in allowed_actions(states[mentor.id], reviewer, today, reviews=True):
                continue
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
