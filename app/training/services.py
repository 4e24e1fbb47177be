"""Training rules and state transitions: sessions, invitations, attendance marks, files, kinds,
and the secret of each person's calendar feed. `allowed_actions` says what a user may do with a
session now; its page shows those controls and every transition here refuses the others."""

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

from app import audit, lists
from app.accounts import User
from app.calendar import DAY_MINUTES, STEP_MINUTES, YEARS, local_today
from app.db import utcnow, write_tx
from app.errors import MESSAGES
from app.forms import DATE_OUT_OF_RANGE
from app.i18n import format_day, format_hours
from app.meetings.models import MeetingFormat
from app.permissions import has_permission
from app.refusals import Refused, refuse
from app.training import queries
from app.training.models import (
    CalendarFeed,
    Counts,
    Participant,
    SessionFile,
    TrainingKind,
    TrainingSession,
)
from app.uploads.inspect import UploadRejected
from app.uploads.services import store

FILE_KINDS = ("pdf", "docx", "odt", "png", "jpeg")
FILE_ROLES = ("agenda", "material", "attendance_sheet")

CHANGED = _l(
    "This session was changed meanwhile (another tab or person). "
    "Reload the page to see the current version."
)
CANCELLED = _l("The session is cancelled. Restore it to change it.")
NOT_CANCELLED = _l("The session is not cancelled.")
NOT_YET = _l("Attendance can be marked from the session's first day on.")
#: the words of the access-denied page: a role that may not act at all
NOT_YOUR_ROLE = MESSAGES[403][1]


@dataclass(frozen=True)
class SessionActions:
    """What a user may do with a session now: its page shows the control of each one that is
    True, and the transition of each one that is False refuses (`require`)."""

    edit: bool = False  #: details, invitations and the short report
    mark_attendance: bool = False  #: from the session's first day on
    upload: bool = False
    cancel: bool = False
    restore: bool = False


def allowed_actions(session: TrainingSession, user, today: date | None = None) -> SessionActions:
    """The one answer to "what may `user` do with `session` now": an editor changes a session
    that is not cancelled (marks attendance once it has begun), and restores a cancelled one."""
    editor = has_permission(user, "training.edit")
    live = editor and not session.cancelled
    return SessionActions(
        edit=live,
        mark_attendance=live and session.day <= (today or local_today()),
        upload=live,
        cancel=live,
        restore=editor and session.cancelled,
    )


def require(actor: User, session: TrainingSession, action: str, today: date | None = None) -> None:
    """Refuse `action` (a field of SessionActions) unless allowed now, saying why."""
    if getattr(allowed_actions(session, actor, today), action):
        return
    if not has_permission(actor, "training.edit"):
        raise Refused.because(NOT_YOUR_ROLE, status=403)
    if action == "restore":
        raise refuse(NOT_CANCELLED)
    raise refuse(CANCELLED if session.cancelled else NOT_YET)


def fresh(session: TrainingSession, expected_version: int | None = None) -> TrainingSession:
    """The session as stored now, inside the write transaction; refuses a stale version."""
    current = TrainingSession.get_or_none(TrainingSession.id == session.id)
    if current is None or (expected_version is not None and current.version != expected_version):
        raise refuse(CHANGED)
    return current


def touch(session: TrainingSession) -> None:
    session.version += 1
    session.updated_at = utcnow()
    session.save()


# --- sessions ----------------------------------------------------------------------------


@dataclass
class SessionInput:
    kind_id: int
    topic: str
    day: date
    start_minute: int
    end_minute: int
    end_day: date | None = None
    #: the length set by hand (a multi-day event, a long break); None = computed
    minutes: int | None = None
    facilitator: str = ""
    format: str = MeetingFormat.IN_PERSON
    platform: str = ""
    place: str = ""
    audience: str = ""
    objectives: str = ""
    results: str = ""
    follow_up: str = ""
    participant_ids: list[int] = field(default_factory=list)
    invite_audience: bool = False


def days_spanned(day: date, end_day: date | None) -> int:
    return ((end_day or day) - day).days + 1


def length_minutes(day: date, end_day: date | None, start_minute: int, end_minute: int) -> int:
    """A session's length when not set by hand: end − start on each day of the event."""
    return (end_minute - start_minute) * days_spanned(day, end_day)


def session_minutes(data: SessionInput) -> int:
    """The length: set by hand, else computed (length_minutes)."""
    if data.minutes is not None:
        return data.minutes
    return length_minutes(data.day, data.end_day, data.start_minute, data.end_minute)


def check_session(
    data: SessionInput, keep_kind_id: int | None = None, already: frozenset[int] = frozenset()
) -> list[int]:
    """Every rule a session must meet, field by field; returns the people to invite.

    People `already` invited stay even if they have left since (the record keeps them).
    """
    errors: dict[str, list] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    kind = TrainingKind.get_or_none(TrainingKind.id == data.kind_id)
    if kind is None or not (kind.active or kind.id == keep_kind_id):
        add("kind", _l("Choose a kind from the list."))
    # a year out of range is a typing mistake (and 9999-12-31 would break the calendar feed)
    for name, day in (("day", data.day), ("end_day", data.end_day)):
        if day is not None and day.year not in YEARS:
            add(name, DATE_OUT_OF_RANGE)
    for name, minute in (("start", data.start_minute), ("end", data.end_minute)):
        if minute % STEP_MINUTES:
            add(name, _l("Use 15-minute steps (e.g. 09:00, 09:15)."))
    if data.end_minute <= data.start_minute:
        add("end", _l("The end must be after the start."))
    days = days_spanned(data.day, data.end_day)
    if data.end_day is not None and data.end_day < data.day:
        add("end_day", _l("The last day cannot be before the first day."))
    elif data.minutes is not None and data.minutes <= 0:
        add("hours", _l("The hours must be more than 0."))
    elif data.minutes is not None and data.minutes > DAY_MINUTES * days:
        add("hours", _l("At most 24 hours a day."))
    if data.format == MeetingFormat.ONLINE and not data.platform.strip():
        add("platform", _l("Name the platform of an online session."))
    invited = set(data.participant_ids)
    if data.invite_audience and data.audience in queries.AUDIENCE_ROLES:
        invited.update(queries.audience_ids(data.audience, data.day))
    off = queries.off_staff(invited - already, data.day)
    if off:
        add(
            "participants",
            _l(
                "Not on staff on %(day)s: %(names)s.",
                day=format_day(data.day),
                names=", ".join(off),
            ),
        )
    if kind is not None and kind.individual and len(invited) != 1:
        add("participants", _l("Individual supervision has exactly one participant."))
    if errors:
        raise Refused(errors)
    return sorted(invited)


def _values(data: SessionInput) -> dict:
    end_day = data.end_day if data.end_day and data.end_day != data.day else None
    return {
        "kind": data.kind_id,
        "topic": data.topic.strip(),
        "day": data.day,
        "end_day": end_day,
        "start_minute": data.start_minute,
        "end_minute": data.end_minute,
        "minutes": session_minutes(data),
        "minutes_overridden": data.minutes is not None,
        "facilitator": data.facilitator.strip(),
        "format": data.format,
        "platform": data.platform.strip() if data.format == MeetingFormat.ONLINE else "",
        "place": data.place.strip(),
        "audience": data.audience,
        "objectives": data.objectives.strip(),
        "results": data.results.strip(),
        "follow_up": data.follow_up.strip(),
    }


def create_session(actor: User, data: SessionInput) -> TrainingSession:
    """A planned session and the people invited to it (attendance is marked afterwards)."""
    invited = check_session(data)
    values = _values(data)
    with write_tx():
        session = TrainingSession.create(created_by=actor.id, **values)
        if invited:
            Participant.insert_many(
                [{"session": session.id, "user": uid} for uid in invited]
            ).execute()
        audit.record(actor, "training.create", session, [*values, "participants"])
    return session


def update_session(
    actor: User, session: TrainingSession, data: SessionInput, expected_version: int | None
) -> TrainingSession:
    """Save edited details and invitations, unless changed meanwhile; marked people stay."""
    already = frozenset(row.user_id for row in session.participants)
    invited = set(check_session(data, keep_kind_id=session.kind_id, already=already))
    with write_tx():
        session = fresh(session, expected_version)
        require(actor, session, "edit")
        current = {row.user_id: row for row in session.participants}
        dropped = [uid for uid in current if uid not in invited]
        marked = [uid for uid in dropped if current[uid].attended_minutes is not None]
        if marked:
            raise refuse(
                _l("Someone with an attendance mark cannot be uninvited: mark them absent."),
                "participants",
            )
        values = _values(data)
        too_long = (
            Participant.select()
            .where(
                Participant.session == session.id,
                Participant.attended_minutes > values["minutes"],
            )
            .exists()
        )
        if too_long:
            raise refuse(
                _l("Someone is marked for longer than the new length: change their mark first."),
                "hours" if data.minutes is not None else "end",
            )
        changed = [name for name, value in values.items() if _field(session, name) != value]
        for name, value in values.items():
            setattr(session, name, value)
        if dropped:
            Participant.delete().where(
                Participant.session == session.id, Participant.user.in_(dropped)
            ).execute()
        added = sorted(invited - set(current))
        if added:
            Participant.insert_many(
                [{"session": session.id, "user": uid} for uid in added]
            ).execute()
        if dropped or added:
            changed.append("participants")
        touch(session)
        audit.record(actor, "training.update", session, changed)
    return session


def _field(session: TrainingSession, name: str):
    return session.kind_id if name == "kind" else getattr(session, name)


def set_cancelled(actor: User, session: TrainingSession, cancelled: bool) -> TrainingSession:
    """Cancel a session (kept for the record, its hours no longer count), or restore it."""
    with write_tx():
        session = fresh(session)
        require(actor, session, "cancel" if cancelled else "restore")
        session.cancelled = cancelled
        touch(session)
        audit.record(
            actor, "training.cancel" if cancelled else "training.restore", session, ["cancelled"]
        )
    return session


# --- attendance --------------------------------------------------------------------------


def mark_attendance(
    actor: User, session: TrainingSession, marks: dict[int, int | None], today: date
) -> TrainingSession:
    """Set each participant's mark: None = not marked, 0 = absent, else the attended minutes.

    Errors are keyed by user id, so the form shows them next to the person.
    """
    with write_tx():
        session = fresh(session)
        require(actor, session, "mark_attendance", today)
        rows = {row["user"]: row for row in queries.participants_of(session.id)}
        attending = [uid for uid, minutes in marks.items() if minutes and uid in rows]
        off = queries.off_staff_ids(attending, session.day)
        errors: dict = {}
        for uid, minutes in marks.items():
            row = rows.get(uid)
            if row is None:
                errors[""] = [_l("Mark only the people invited to the session.")]
            elif minutes is not None and minutes > session.minutes:
                errors[uid] = [
                    _l(
                        "More than the session lasted (%(hours)s h).",
                        hours=format_hours(session.minutes),
                    )
                ]
            elif uid in off:
                errors[uid] = [_l("Not on staff on the session's day.")]
        if errors:
            raise Refused(errors)
        now = utcnow()
        for uid, minutes in marks.items():
            if rows[uid]["attended_minutes"] == minutes:
                continue
            Participant.update(
                attended_minutes=minutes,
                marked_by=actor.id if minutes is not None else None,
                marked_at=now if minutes is not None else None,
            ).where(Participant.id == rows[uid]["id"]).execute()
        touch(session)
        audit.record(actor, "training.attendance", session, ["attended_minutes"])
    return session


# --- files -------------------------------------------------------------------------------


def add_file(
    actor: User, session: TrainingSession, stream, filename: str, role: str
) -> SessionFile:
    """Store an agenda, material or signed attendance sheet through the upload service."""
    require(actor, fresh(session), "upload")
    if role not in FILE_ROLES:
        raise refuse(_l("Choose what the file is."), "role")
    try:
        upload = store(actor, stream, filename or "", allowed=FILE_KINDS)
    except UploadRejected as rejected:
        raise refuse(rejected.message, "file") from None
    with write_tx():
        added = SessionFile.create(session=session.id, upload=upload.id, role=role)
        touch(fresh(session))
        audit.record(actor, "training.file", session, ["files"])
    return added


# --- kinds -------------------------------------------------------------------------------


@dataclass
class KindInput:
    name_lv: str
    name_en: str
    counts_as: str
    individual: bool = False
    sort_order: int = 0

    def values(self) -> dict:
        """The kind's fields, once what it counts as is one of the contract's two."""
        if self.counts_as not in Counts.ALL:
            raise refuse(_l("Choose what the kind counts as."), "counts_as")
        return {
            "name_lv": self.name_lv,
            "name_en": self.name_en,
            "counts_as": self.counts_as,
            "individual": self.individual,
            "sort_order": self.sort_order,
        }


def add_kind(actor: User, data: KindInput) -> TrainingKind:
    """A new kind of session, named in both languages."""
    return lists.add(actor, TrainingKind, data.values())


def update_kind(actor: User, kind: TrainingKind, data: KindInput) -> None:
    """Rename a kind or change what it counts as (reports follow: they read the kind)."""
    lists.update(actor, kind, data.values())


# --- the calendar feed -------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_token(feed: CalendarFeed) -> str:
    """The feed's URL secret, derived from the app's secret key: the database holds only its
    hash, yet the owner's page can show the URL again."""
    message = f"{feed.user_id}:{feed.created_at.isoformat()}".encode()
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), message, "sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _save_feed(actor: User, feed: CalendarFeed, action: str) -> str:
    feed.created_at = utcnow()
    token = feed_token(feed)
    feed.token_hash = token_hash(token)
    with write_tx():
        feed.save()
        audit.record(actor, action, feed, ["token_hash"])
    return token


def own_feed_token(actor: User) -> str:
    """The signed-in person's feed secret, created on first request (and again if the secret
    key changed, which would make the old URL unreachable anyway)."""
    feed = queries.feed_of(actor.id)
    if feed is not None:
        token = feed_token(feed)
        if hmac.compare_digest(token_hash(token), feed.token_hash):
            return token
        return _save_feed(actor, feed, "training_feed.renew")
    return _save_feed(actor, CalendarFeed(user=actor.id), "training_feed.create")


def renew_feed(actor: User) -> str:
    """A new secret for the person's feed: the old URL stops working at once."""
    feed = queries.feed_of(actor.id) or CalendarFeed(user=actor.id)
    return _save_feed(actor, feed, "training_feed.renew")


def feed_owner(token: str) -> User | None:
    """The person whose live feed `token` opens, or None (unknown, renewed, or left)."""
    feed = queries.feed_by_hash(token_hash(token))
    if feed is None or not feed.user.active:
        return None
    return feed.user
