"""A person's sessions as an iCalendar (RFC 5545) feed, in Riga time. No request objects."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.meetings.models import MeetingFormat

RIGA = ZoneInfo("Europe/Riga")
PRODID = "-//mentoru-intranet//training//EN"


def local_instant(day: date, minute: int) -> datetime:
    """`minute` after midnight of `day` in Riga (24:00 is the next midnight)."""
    return datetime.combine(day, time(), RIGA) + timedelta(minutes=minute)


def uid_of(session_id: int) -> str:
    """Stable across edits and renewals, so a calendar updates the event instead of adding one."""
    return f"training-session-{session_id}@mentoru-intranet"


def build_feed(rows: list[dict], name: str) -> bytes:
    """The calendar of `rows` (queries.feed_sessions); cancelled ones as STATUS:CANCELLED."""
    from icalendar import Calendar, Event  # only a calendar feed needs it

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Riga")
    for row in rows:
        event = Event()
        event.add("uid", uid_of(row["id"]))
        event.add("dtstamp", row["updated_at"].replace(tzinfo=UTC))
        event.add("sequence", row["version"])
        event.add("dtstart", local_instant(row["day"], row["start_minute"]))
        event.add("dtend", local_instant(row["end_day"] or row["day"], row["end_minute"]))
        event.add("summary", f"{row['kind_name']}: {row['topic']}")
        location = row["platform"] if row["format"] == MeetingFormat.ONLINE else row["place"]
        if location:
            event.add("location", location)
        if row["facilitator"]:
            event.add("description", row["facilitator"])
        event.add("status", "CANCELLED" if row["cancelled"] else "CONFIRMED")
        calendar.add_component(event)
    if rows:
        first = min(row["day"] for row in rows)
        last = max(row["end_day"] or row["day"] for row in rows)
        calendar.add_missing_timezones(first_date=first, last_date=last + timedelta(days=1))
    return calendar.to_ical()
