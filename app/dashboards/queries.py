"""Reads only the home page needs (the rest comes from the features' own queries)."""

from datetime import date

from peewee import JOIN, fn

from app.accounts import User
from app.timesheets.models import Entry, Week, WeekEvent, WeekStatus

#: the workflow actions that send a week back to its mentor, with a comment
SEND_BACK_ACTIONS = ("return", "reopen")


def mentor_weeks(mentor_id: int, monday: date) -> tuple[dict | None, list[dict]]:
    """The mentor's week from `monday` (its row with its `minutes`, or None) and the weeks
    waiting to be fixed, newest first, each with the comment of the person who sent it back
    (one query: a row per send-back event of a returned week, the week's minutes summed
    beside it)."""
    minutes = (
        Entry.select(fn.COALESCE(fn.SUM(Entry.minutes), 0)).where(Entry.week == Week.id)
    ).alias("minutes")
    sender = User.alias()
    rows = (
        Week.select(
            Week.id,
            Week.week_start,
            Week.status,
            minutes,
            WeekEvent.comment,
            WeekEvent.at,
            sender.display_name.alias("sent_by"),
        )
        .join(
            WeekEvent,
            JOIN.LEFT_OUTER,
            on=(
                (WeekEvent.week == Week.id)
                & (Week.status == WeekStatus.RETURNED)
                & WeekEvent.action.in_(SEND_BACK_ACTIONS)
            ),
        )
        .join(sender, JOIN.LEFT_OUTER, on=(WeekEvent.actor == sender.id))
        .where(
            Week.mentor == mentor_id,
            (Week.week_start == monday) | (Week.status == WeekStatus.RETURNED),
        )
        .order_by(Week.week_start.desc(), WeekEvent.at.desc(), WeekEvent.id.desc())
        .dicts()
    )
    this_week, returned = None, {}
    for row in rows:
        if row["week_start"] == monday and this_week is None:
            this_week = row
        if row["status"] == WeekStatus.RETURNED and row["sent_by"] is not None:
            returned.setdefault(row["id"], row)
    return this_week, list(returned.values())
