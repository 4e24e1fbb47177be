"""Reads of the social worker–mentor meetings: the log each person may see, whom a social worker
may log a meeting with, and the weeks in which a mentor had fewer meetings than the rule asks."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from peewee import fn

from app.accounts import User
from app.calendar import week_end, week_start_of
from app.mentor_meetings.models import MentorMeeting
from app.timesheets.queries import mentors_reviewable_by, mentors_visible_to

#: the log page shows this many weeks back
LOG_WEEKS = 8


@dataclass(frozen=True)
class Shortfall:
    monday: date
    mentor_id: int
    mentor: str
    held: int
    needed: int


def mentor_choices(user: User) -> list[tuple[int, str]]:
    """The active mentors the user may log a meeting with: a social worker's own mentors, every
    mentor for the lead (one query)."""
    rows = (
        mentors_reviewable_by(user)
        .select(User.id, User.display_name)
        .where(User.active)
        .order_by(User.display_name, User.id)
        .tuples()
    )
    return list(rows)


def meetings_visible_to(user: User):
    """Meetings with the mentors whose timesheets the user may read (a mentor: their own)."""
    mentors = mentors_visible_to(user).select(User.id)
    return MentorMeeting.select().where(MentorMeeting.mentor.in_(mentors))


def meeting_rows(user: User, first: date, last: date) -> list[dict]:
    """The meetings of the days, newest first, with both people's names (one query)."""
    worker = User.alias("worker")
    return list(
        meetings_visible_to(user)
        .select(
            MentorMeeting.id,
            MentorMeeting.day,
            MentorMeeting.mode,
            MentorMeeting.note,
            MentorMeeting.mentor,
            MentorMeeting.social_worker,
            User.display_name.alias("mentor_name"),
            worker.display_name.alias("worker_name"),
        )
        .join(User, on=MentorMeeting.mentor == User.id)
        .switch(MentorMeeting)
        .join(worker, on=MentorMeeting.social_worker == worker.id)
        .where(MentorMeeting.day.between(first, last))
        .order_by(MentorMeeting.day.desc(), MentorMeeting.id.desc())
        .dicts()
    )


def weekly_counts(mentor_ids: list[int], first: date, last: date) -> Counter:
    """Meetings per (mentor id, Monday) in the days (one query; none without mentors)."""
    if not mentor_ids:
        return Counter()
    rows = (
        MentorMeeting.select(MentorMeeting.mentor, MentorMeeting.day, fn.COUNT(MentorMeeting.id))
        .where(MentorMeeting.mentor.in_(mentor_ids), MentorMeeting.day.between(first, last))
        .group_by(MentorMeeting.mentor, MentorMeeting.day)
        .tuples()
    )
    counts: Counter = Counter()
    for mentor_id, day, count in rows:
        counts[(mentor_id, week_start_of(day))] += count
    return counts


def mentor_weeks(mentors: list[dict], mondays: list[date]) -> list[tuple[date, dict]]:
    """The (Monday, mentor) pairs the rule counts: active mentors, from the week they started
    (mentors: dicts of id, display_name, active, start_date)."""
    return [
        (monday, mentor)
        for monday in mondays
        for mentor in mentors
        if mentor["active"]
        and (mentor["start_date"] is None or mentor["start_date"] <= week_end(monday))
    ]


def shortfalls(pairs: list[tuple[date, dict]], needed: int) -> list[Shortfall]:
    """Each of the (Monday, mentor) pairs with fewer than `needed` meetings (one query)."""
    if not pairs:
        return []
    mondays = [monday for monday, _mentor in pairs]
    ids = sorted({mentor["id"] for _monday, mentor in pairs})
    counts = weekly_counts(ids, min(mondays), week_end(max(mondays)))
    return [
        Shortfall(monday, mentor["id"], mentor["display_name"], held, needed)
        for monday, mentor in pairs
        if (held := counts[(mentor["id"], monday)]) < needed
    ]


def supervised_mentors(user: User) -> list[dict]:
    """The mentors whose meetings the user answers for (dicts for `shortfalls`; one query)."""
    return list(
        mentors_visible_to(user)
        .select(User.id, User.display_name, User.active, User.start_date)
        .order_by(User.display_name, User.id)
        .dicts()
    )
