"""Reads of meetings, scoped to the reader: the auditor sees only months submitted to the funder."""

import operator
from datetime import date, timedelta
from functools import reduce

from peewee import JOIN

from app.accounts import User
from app.audit import AuditEvent
from app.calendar import (
    mondays_between,
    month_start,
    next_month,
    week_end,
    week_start_of,
    working_weeks,
)
from app.meetings.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    CoverageReason,
    Decision,
    Meeting,
    MeetingFile,
    MeetingKind,
    MeetingStatus,
    MinutesEvent,
    MonthSubmission,
)
from app.periods.queries import contracts
from app.permissions import Role
from app.uploads.models import Upload

#: the people who attend meetings and own action items
STAFF_ROLES = (Role.MENTOR, Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR)
COVERAGE_FALLBACK_WEEKS = 26


def submitted_months() -> list[date]:
    return [month for (month,) in MonthSubmission.select(MonthSubmission.month).tuples()]


def month_submitted(day: date) -> bool:
    return MonthSubmission.select().where(MonthSubmission.month == month_start(day)).exists()


def visible_condition(user):
    """The WHERE condition on Meeting for what `user` may read."""
    if user.role != Role.AUDITOR:
        return Meeting.id.is_null(False)
    ranges = [(Meeting.day >= m) & (Meeting.day < next_month(m)) for m in submitted_months()]
    if not ranges:
        return Meeting.id.is_null(True)  # nothing submitted yet: nothing to read
    return reduce(operator.or_, ranges)


def meetings_visible_to(user):
    """Meetings `user` may read (every meeting for staff; submitted months for the auditor)."""
    return Meeting.select().where(visible_condition(user))


def visible_meeting(user, meeting_id: int) -> Meeting | None:
    return meetings_visible_to(user).where(Meeting.id == meeting_id).first()


def meeting_list(user, kind: str = "", month: date | None = None):
    """Rows for the list page, newest first."""
    query = (
        Meeting.select(
            Meeting.id,
            Meeting.kind,
            Meeting.day,
            Meeting.start_minute,
            Meeting.end_minute,
            Meeting.place,
            Meeting.format,
            Meeting.platform,
            Meeting.status,
            User.display_name.alias("chair_name"),
            User.grammatical_gender.alias("chair_gender"),
        )
        .join(User, on=(Meeting.chair == User.id), join_type=JOIN.LEFT_OUTER)
        .where(visible_condition(user))
        .order_by(Meeting.day.desc(), Meeting.start_minute.desc(), Meeting.id.desc())
    )
    if kind:
        query = query.where(Meeting.kind == kind)
    if month:
        query = query.where((Meeting.day >= month) & (Meeting.day < next_month(month)))
    return query.dicts()


def minutes_not_final(first: date, last: date) -> list[dict]:
    """Meetings held between two days whose minutes are still a draft, oldest first."""
    rows = (
        Meeting.select(Meeting.id, Meeting.kind, Meeting.day)
        .where(Meeting.day.between(first, last), Meeting.status != MeetingStatus.FINAL)
        .order_by(Meeting.day, Meeting.start_minute, Meeting.id)
        .dicts()
    )
    return list(rows)


def staff_choices(keep: list[int] | tuple = ()) -> list[tuple[int, str]]:
    """Active staff plus anyone already on the meeting (who may have left since)."""
    condition = User.active & User.role.in_(STAFF_ROLES)
    if keep:
        condition = condition | User.id.in_(list(keep))
    return list(
        User.select(User.id, User.display_name)
        .where(condition)
        .order_by(User.display_name)
        .tuples()
    )


def attendance_of(meeting_id: int) -> list[dict]:
    return list(
        Attendance.select(
            Attendance.user, Attendance.attended, User.display_name, User.grammatical_gender
        )
        .join(User, on=(Attendance.user == User.id))
        .where(Attendance.meeting == meeting_id)
        .order_by(User.display_name)
        .dicts()
    )


def decisions_of(meeting_id: int) -> list[dict]:
    return list(
        Decision.select(Decision.id, Decision.position, Decision.text)
        .where(Decision.meeting == meeting_id)
        .order_by(Decision.position, Decision.id)
        .dicts()
    )


def files_of(meeting_id: int) -> list[dict]:
    """The meeting's files, current ones first, each with its upload's facts and uploader."""
    return list(
        MeetingFile.select(
            MeetingFile.id,
            MeetingFile.superseded,
            MeetingFile.added_at,
            Upload.original_name,
            Upload.size,
            Upload.sha256,
            Upload.kind,
            User.display_name.alias("uploader"),
        )
        .join(Upload, on=(MeetingFile.upload == Upload.id))
        .join(User, on=(Upload.uploaded_by == User.id))
        .where(MeetingFile.meeting == meeting_id)
        .order_by(MeetingFile.superseded, MeetingFile.added_at.desc(), MeetingFile.id.desc())
        .dicts()
    )


def history_of(meeting_id: int) -> list[dict]:
    return list(
        MinutesEvent.select(
            MinutesEvent.id,
            MinutesEvent.action,
            MinutesEvent.at,
            MinutesEvent.reason,
            MinutesEvent.minutes,
            User.display_name.alias("actor_name"),
        )
        .join(User, on=(MinutesEvent.actor == User.id))
        .where(MinutesEvent.meeting == meeting_id)
        .order_by(MinutesEvent.at, MinutesEvent.id)
        .dicts()
    )


def _items():
    return (
        ActionItem.select(
            ActionItem.id,
            ActionItem.text,
            ActionItem.due_on,
            ActionItem.status,
            ActionItem.owner,
            ActionItem.decision,
            ActionItem.meeting,
            Meeting.day.alias("meeting_day"),
            User.display_name.alias("owner_name"),
        )
        .join(Meeting, on=(ActionItem.meeting == Meeting.id))
        .switch(ActionItem)
        .join(User, on=(ActionItem.owner == User.id))
    )


def action_items_of(meeting_id: int) -> list[dict]:
    return list(_items().where(ActionItem.meeting == meeting_id).order_by(ActionItem.id).dicts())


def open_items_before(user, meeting: Meeting) -> list[dict]:
    """Open action items from earlier meetings, shown on this meeting's page."""
    earlier = (Meeting.day < meeting.day) | (
        (Meeting.day == meeting.day) & (Meeting.id < meeting.id)
    )
    return list(
        _items()
        .where(ActionItem.status == ActionStatus.OPEN, earlier, visible_condition(user))
        .order_by(ActionItem.due_on.asc(nulls="LAST"), ActionItem.id)
        .dicts()
    )


def open_action_items_for(user) -> list[dict]:
    """The open action items `user` owns, soonest due first (for the home page)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        _items()
        .where(ActionItem.owner == user.id, ActionItem.status == ActionStatus.OPEN)
        .order_by(ActionItem.due_on.asc(nulls="LAST"), ActionItem.id)
        .dicts()
    )


def weekly_meeting_on(day: date) -> bool:
    return Meeting.select().where(Meeting.kind == MeetingKind.WEEKLY, Meeting.day == day).exists()


# --- weekly coverage -------------------------------------------------------------------


def coverage_range(today: date, contract=None) -> tuple[date, date]:
    """Mondays of the first and last week to check: the contract's, or the last 26 weeks."""
    this_week = week_start_of(today)
    if contract is None:
        return this_week - timedelta(weeks=COVERAGE_FALLBACK_WEEKS - 1), this_week
    # the first week the contract owes a meeting in (calendar.working_weeks)
    due = working_weeks(contract.starts_on, contract.starts_on + timedelta(days=6))
    first = due[0] if due else week_start_of(contract.starts_on)
    last = min(week_start_of(contract.ends_on), this_week)
    return first, max(first, last)


def weekly_meetings_outside(first: date, last: date, today: date) -> list[dict]:
    """Weekly all-staff meetings held (up to today) before the week of `first` or after the
    week of `last`: the coverage of a contract does not count them. Oldest first."""
    rows = (
        Meeting.select(Meeting.id, Meeting.day)
        .where(
            Meeting.kind == MeetingKind.WEEKLY,
            (Meeting.day < first) | (Meeting.day > last + timedelta(days=6)),
            Meeting.day <= today,
        )
        .order_by(Meeting.day, Meeting.id)
        .dicts()
    )
    return list(rows)


def coverage(first: date, last: date, today: date) -> list[dict]:
    """Every ISO week from `first` to `last` (Mondays): the weekly meeting held, or the reason."""
    held: dict[date, dict] = {}
    rows = (
        Meeting.select(Meeting.id, Meeting.day)
        .where(
            Meeting.kind == MeetingKind.WEEKLY,
            Meeting.day >= first,
            Meeting.day <= last + timedelta(days=6),
            Meeting.day <= today,
        )
        .order_by(Meeting.day)
        .dicts()
    )
    for row in rows:
        held.setdefault(week_start_of(row["day"]), row)
    reasons = {
        row["week_start"]: row
        for row in CoverageReason.select(
            CoverageReason.week_start, CoverageReason.kind, CoverageReason.text
        )
        .where(CoverageReason.week_start.between(first, last))
        .dicts()
    }
    weeks = []
    for monday in mondays_between(first, last):
        meeting = held.get(monday)
        reason = reasons.get(monday)
        current = monday <= today <= week_end(monday)
        if meeting:
            state = "held"
        elif reason:
            state = "excused"
        elif current:
            state = "pending"  # the week is not over: a meeting may still be held
        else:
            state = "missing"
        year, number, _weekday = monday.isocalendar()
        weeks.append(
            {
                "monday": monday,
                "year": year,
                "number": number,
                "meeting": meeting,
                "reason": reason,
                "state": state,
            }
        )
    return weeks


def default_contract():
    return contracts().first()


def held_meetings(kind: str, first: date, last: date) -> list[dict]:
    """The day, times and format of the meetings of a kind from `first` to `last`, in order:
    what a report may say of them to any of its readers (one query)."""
    return list(
        Meeting.select(Meeting.day, Meeting.start_minute, Meeting.end_minute, Meeting.format)
        .where(Meeting.kind == kind, Meeting.day.between(first, last))
        .order_by(Meeting.day, Meeting.start_minute, Meeting.id)
        .dicts()
    )


def decisions_between(first: date, last: date) -> list[dict]:
    """The decisions of the meetings held from `first` to `last` with their meeting's day and
    kind, in order (one query)."""
    return list(
        Decision.select(Decision.text, Meeting.day, Meeting.kind)
        .join(Meeting)
        .where(Meeting.day.between(first, last))
        .order_by(Meeting.day, Meeting.id, Decision.position)
        .dicts()
    )


# --- the written protocol --------------------------------------------------------------


def protocol_numbers(meetings: list[dict]) -> dict[int, str]:
    """ "<n>/<year>" of each meeting (dicts with id, kind, day): its place, by day and start,
    among that year's meetings of its kind (one query)."""
    if not meetings:
        return {}
    wanted = {m["id"] for m in meetings}
    years = [m["day"].year for m in meetings]
    rows = (
        Meeting.select(Meeting.id, Meeting.kind, Meeting.day)
        .where(
            Meeting.kind.in_(sorted({m["kind"] for m in meetings})),
            Meeting.day.between(date(min(years), 1, 1), date(max(years), 12, 31)),
        )
        .order_by(Meeting.day, Meeting.start_minute, Meeting.id)
        .tuples()
    )
    counts: dict[tuple[str, int], int] = {}
    numbers = {}
    for meeting_id, kind, day in rows:
        key = (kind, day.year)
        counts[key] = counts.get(key, 0) + 1
        if meeting_id in wanted:
            numbers[meeting_id] = f"{counts[key]}/{day.year}"
    return numbers


def minutes_takers(meeting_ids: list[int]) -> dict[int, str]:
    """Who took each meeting's minutes: the first person who saved its written minutes, else
    the one who last made them final, else the one who created the meeting."""
    if not meeting_ids:
        return {}
    takers = dict(
        Meeting.select(Meeting.id, User.display_name)
        .join(User, on=(Meeting.created_by == User.id))
        .where(Meeting.id.in_(meeting_ids))
        .tuples()
    )
    for meeting_id, name in (
        MinutesEvent.select(MinutesEvent.meeting, User.display_name)
        .join(User, on=(MinutesEvent.actor == User.id))
        .where(MinutesEvent.meeting.in_(meeting_ids), MinutesEvent.action == "finalize")
        .order_by(MinutesEvent.at, MinutesEvent.id)
        .tuples()
    ):
        takers[meeting_id] = name  # the latest finalize wins
    writers: dict[int, str] = {}
    for meeting_id, name in (
        AuditEvent.select(AuditEvent.object_id, User.display_name)
        .join(User, on=(AuditEvent.actor == User.id))
        .where(
            AuditEvent.action == "meeting.minutes",
            AuditEvent.object_type == Meeting._meta.table_name,
            AuditEvent.object_id.in_(meeting_ids),
        )
        .order_by(AuditEvent.at, AuditEvent.id)
        .tuples()
    ):
        writers.setdefault(meeting_id, name)  # the first writer wins
    return {**takers, **writers}
