"""Reads of supervision and training, scoped to the reader; the reports read hours from here."""

from collections import defaultdict
from datetime import date

from peewee import fn

from app import scope
from app.accounts import User
from app.calendar import month_start
from app.meetings.queries import STAFF_ROLES
from app.periods.models import Period, PeriodKind
from app.permissions import Role
from app.statements import statement
from app.training.models import (
    Audience,
    CalendarFeed,
    Participant,
    SessionFile,
    TrainingKind,
    TrainingSession,
)
from app.uploads.models import Upload

#: the roles a session's audience invites with "invite the whole audience"
AUDIENCE_ROLES = {
    Audience.SOCIAL_WORKERS: (Role.SOCIAL_WORKER, Role.LEAD),
    Audience.MENTORS: (Role.MENTOR,),
    Audience.ALL_STAFF: STAFF_ROLES,
}


def attended_minutes_query(first: date, last: date):
    """Every attended minute of sessions held from `first` to `last` (inclusive): the one source
    of the hours in pages, reports and exports.

    A peewee query of one row per attendance mark with minutes > 0 on a session that was not
    cancelled, with the columns
    ``session_id, day, counts_as, kind_id, individual, user_id, role, minutes``:
    ``day`` is the session's first day (a multi-day event counts on the day it starts),
    ``counts_as`` is ``Counts.SUPERVISION`` or ``Counts.TRAINING`` (``app.training.models``),
    ``role`` is the person's role now, ``minutes`` the attended minutes (the whole session's
    minutes for "attended fully"). Invited-but-unmarked and absent people have no row.
    Read it with ``.dicts()`` or ``.tuples()``; narrow it with ``.where(...)`` on
    ``TrainingSession``, ``TrainingKind``, ``Participant`` or ``User`` columns.
    """
    return (
        Participant.select(
            TrainingSession.id.alias("session_id"),
            TrainingSession.day,
            TrainingKind.counts_as,
            TrainingKind.id.alias("kind_id"),
            TrainingKind.individual,
            User.id.alias("user_id"),
            User.role,
            Participant.attended_minutes.alias("minutes"),
        )
        .join(TrainingSession, on=(Participant.session == TrainingSession.id))
        .join(TrainingKind, on=(TrainingSession.kind == TrainingKind.id))
        .switch(Participant)
        .join(User, on=(Participant.user == User.id))
        .where(
            TrainingSession.day.between(first, last),
            ~TrainingSession.cancelled,
            Participant.attended_minutes > 0,
        )
        .order_by(TrainingSession.day, TrainingSession.id, User.id)
    )


def _session_columns(language: str):
    return (
        TrainingSession.id,
        TrainingSession.topic,
        TrainingSession.day,
        TrainingSession.end_day,
        TrainingSession.start_minute,
        TrainingSession.end_minute,
        TrainingSession.minutes,
        TrainingSession.format,
        TrainingSession.platform,
        TrainingSession.place,
        TrainingSession.audience,
        TrainingSession.cancelled,
        TrainingKind.counts_as,
        TrainingKind.name_column(language).alias("kind_name"),
    )


def sessions_between(first: date, last: date, language: str) -> list[dict]:
    """Sessions on any day from `first` to `last`, multi-day events included, by start."""
    return _sessions_between.rows(first, last, language=language)


@statement(date, date)
def _sessions_between(first, last, *, language):
    return (
        TrainingSession.select(*_session_columns(language))
        .join(TrainingKind, on=(TrainingSession.kind == TrainingKind.id))
        .where(
            TrainingSession.day <= last,
            fn.COALESCE(TrainingSession.end_day, TrainingSession.day) >= first,
        )
        .order_by(TrainingSession.day, TrainingSession.start_minute, TrainingSession.id)
        .dicts()
    )


def participants_of(session_id: int) -> list[dict]:
    return list(
        Participant.select(
            Participant.id,
            Participant.user,
            Participant.attended_minutes,
            User.display_name,
            User.role,
            User.active,
            User.start_date,
        )
        .join(User, on=(Participant.user == User.id))
        .where(Participant.session == session_id)
        .order_by(User.display_name, User.id)
        .dicts()
    )


def files_of(session_id: int) -> list[dict]:
    return list(
        SessionFile.select(
            SessionFile.id,
            SessionFile.role,
            SessionFile.added_at,
            Upload.original_name,
            Upload.size,
            Upload.kind,
        )
        .join(Upload, on=(SessionFile.upload == Upload.id))
        .where(SessionFile.session == session_id)
        .order_by(SessionFile.added_at, SessionFile.id)
        .dicts()
    )


def on_staff(day: date):
    """The WHERE condition on User for people working for the service on `day`."""
    return User.active & (User.start_date.is_null() | (User.start_date <= day))


def audience_ids(audience: str, day: date) -> list[int]:
    """Everyone of the audience's roles on staff on `day` ("invite the whole audience")."""
    return [
        uid
        for (uid,) in User.select(User.id)
        .where(User.role.in_(AUDIENCE_ROLES[audience]), on_staff(day))
        .tuples()
    ]


def _off_staff(user_ids, day: date):
    """Those of `user_ids` who were not on staff on `day` (not staff, or not yet)."""
    on = User.role.in_(STAFF_ROLES) & on_staff(day)
    return User.select(User.id, User.display_name).where(User.id.in_(list(user_ids)), ~on)


def off_staff(user_ids, day: date) -> list[str]:
    """Names of those of `user_ids` who were not on staff on `day`, by name."""
    if not user_ids:
        return []
    rows = _off_staff(user_ids, day).order_by(User.display_name).tuples()
    return [name for _uid, name in rows]


def off_staff_ids(user_ids, day: date) -> set[int]:
    """Ids of those of `user_ids` who were not on staff on `day`."""
    if not user_ids:
        return set()
    return {uid for uid, _name in _off_staff(user_ids, day).tuples()}


# --- people and their records ------------------------------------------------------------


def people_visible_to(viewer: User):
    """People whose training record `viewer` may read: those the viewer may see by name
    (app/scope.py: self; a social worker's own mentors; everyone for the lead, the coordinator
    and the administrator)."""
    return scope.people_visible_to(viewer)


def visible_person(viewer: User, user_id: int) -> User | None:
    return people_visible_to(viewer).where(User.id == user_id).first()


def visible_ids(viewer: User, user_ids: list[int]) -> set[int]:
    """Those of `user_ids` whose records (and so attendance marks) `viewer` may read."""
    if not user_ids:
        return set()
    query = people_visible_to(viewer).select(User.id).where(User.id.in_(user_ids))
    return {uid for (uid,) in query.tuples()}


def people_list(viewer: User) -> list[dict]:
    """Staff whose records the viewer may read, by name (former staff last)."""
    return list(
        people_visible_to(viewer)
        .select(User.id, User.display_name, User.role, User.grammatical_gender, User.active)
        .where(User.role.in_(STAFF_ROLES))
        .order_by(User.active.desc(), User.display_name)
        .dicts()
    )


def sessions_of_person(user_id: int, language: str, since: date = date.min) -> list[dict]:
    """The sessions a person is invited to (from `since` on), newest first, with their
    attendance mark."""
    return list(
        Participant.select(*_session_columns(language), Participant.attended_minutes)
        .join(TrainingSession, on=(Participant.session == TrainingSession.id))
        .join(TrainingKind, on=(TrainingSession.kind == TrainingKind.id))
        .where(Participant.user == user_id, TrainingSession.day >= since)
        .order_by(TrainingSession.day.desc(), TrainingSession.start_minute.desc())
        .dicts()
    )


def hours_of_person(user_id: int) -> dict:
    """A person's attended minutes by month and by interim reporting period, per `counts_as`.

    Returns {"months": [{"month", "supervision", "training"}...] newest first,
    "periods": [{"period", "supervision", "training"}...] newest first}.
    """
    periods = list(
        Period.select().where(Period.kind == PeriodKind.INTERIM).order_by(Period.starts_on.desc())
    )
    rows = list(
        attended_minutes_query(date.min, date.max).where(Participant.user == user_id).dicts()
    )
    by_month: dict[date, dict] = defaultdict(lambda: defaultdict(int))
    by_period: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        by_month[month_start(row["day"])][row["counts_as"]] += row["minutes"]
        for period in periods:
            if period.contains(row["day"]):
                by_period[period.id][row["counts_as"]] += row["minutes"]
    return {
        "months": [{"month": month, **by_month[month]} for month in sorted(by_month, reverse=True)],
        "periods": [{"period": period, **by_period[period.id]} for period in periods],
    }


def feed_of(user_id: int) -> CalendarFeed | None:
    return CalendarFeed.get_or_none(CalendarFeed.user == user_id)


def feed_by_hash(token_hash: str) -> CalendarFeed | None:
    return CalendarFeed.get_or_none(CalendarFeed.token_hash == token_hash)


def feed_sessions(user_id: int, language: str) -> list[dict]:
    """Every session the person is invited to, for the calendar feed."""
    return list(
        Participant.select(
            *_session_columns(language),
            TrainingSession.facilitator,
            TrainingSession.version,
            TrainingSession.updated_at,
        )
        .join(TrainingSession, on=(Participant.session == TrainingSession.id))
        .join(TrainingKind, on=(TrainingSession.kind == TrainingKind.id))
        .where(Participant.user == user_id)
        .order_by(TrainingSession.day, TrainingSession.start_minute)
        .dicts()
    )
