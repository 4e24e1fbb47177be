"""Reads only the home page needs (the rest comes from the features' own queries)."""

from app.accounts import User
from app.timesheets.models import Week, WeekEvent, WeekStatus

#: the workflow actions that send a week back to its mentor, with a comment
SEND_BACK_ACTIONS = ("return", "reopen")


def returned_weeks(mentor_id: int) -> list[dict]:
    """The mentor's weeks waiting to be fixed, newest first, each with the comment of the person
    who sent it back (one query)."""
    rows = (
        Week.select(
            Week.id,
            Week.week_start,
            WeekEvent.comment,
            WeekEvent.at,
            User.display_name.alias("sent_by"),
        )
        .join(WeekEvent, on=(WeekEvent.week == Week.id))
        .join(User, on=(WeekEvent.actor == User.id))
        .where(
            Week.mentor == mentor_id,
            Week.status == WeekStatus.RETURNED,
            WeekEvent.action.in_(SEND_BACK_ACTIONS),
        )
        .order_by(Week.week_start.desc(), WeekEvent.at.desc(), WeekEvent.id.desc())
        .dicts()
    )
    latest: dict[int, dict] = {}
    for row in rows:
        latest.setdefault(row["id"], row)
    return list(latest.values())
