"""Meeting rules and state transitions: create, edit, attendance, minutes, files, finalize,
and the month submitted to the funder. `allowed_actions` and `month_actions` say what a user
may do now; the pages show those controls and every transition here refuses the others."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from app import audit
from app.accounts import User
from app.db import utcnow, write_tx
from app.errors import MESSAGES
from app.meetings import queries
from app.meetings.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    CoverageReason,
    Decision,
    Meeting,
    MeetingFile,
    MeetingFormat,
    MeetingSeries,
    MeetingStatus,
    MinutesEvent,
    MonthSubmission,
    SeriesMember,
)
from app.meetings.search import index_meeting
from app.permissions import Role, has_permission
from app.refusals import Refused, refuse
from app.uploads.inspect import UploadRejected
from app.uploads.services import store

FILE_KINDS = ("pdf", "docx", "odt")
MAX_SERIES_WEEKS = 26


SUBMITTED = _l("The month was submitted to the funder: its meetings can no longer be changed.")
FINAL = _l("The minutes are final and read-only. Reopen them (with a reason) to change them.")
NOT_FINAL = _l("The minutes are not final.")
ALREADY_SUBMITTED = _l("This month was already submitted.")
CHANGED = _l(
    "This meeting was changed meanwhile (another tab or person). "
    "Reload the page to see the current version."
)
CHAIR_ABSENT = _l(
    "The chair attends the meeting they chair: tick them as present, or choose another chair."
)
#: the words of the access-denied page: a role that may not act at all
NOT_YOUR_ROLE = MESSAGES[403][1]


@dataclass(frozen=True)
class MeetingActions:
    """What a user may do with a meeting now: its page shows the control of each one that is
    True, and the transition of each one that is False refuses (`require`)."""

    edit: bool = False  #: the details: day, time, place, chair, people invited, agenda
    mark_attendance: bool = False
    write_minutes: bool = False
    upload: bool = False  #: a minutes file, or a new version of one
    add_decision: bool = False
    add_action: bool = False
    #: make the minutes final (refused still while someone invited has no attendance mark)
    finalize: bool = False
    reopen: bool = False
    #: why the record cannot change now (month submitted, minutes final); "" for a draft
    locked: str = ""


def allowed_actions(meeting: Meeting, user) -> MeetingActions:
    """The one answer to "what may `user` do with `meeting` now": an editor changes draft
    minutes of a month not yet submitted, and reopens final ones of such a month."""
    submitted = queries.month_submitted(meeting.day)
    final = meeting.status == MeetingStatus.FINAL
    editor = has_permission(user, "meetings.edit")
    draft = editor and not submitted and not final
    return MeetingActions(
        edit=draft,
        mark_attendance=draft,
        write_minutes=draft,
        upload=draft,
        add_decision=draft,
        add_action=draft,
        finalize=draft,
        reopen=editor and final and not submitted,
        locked=SUBMITTED if submitted else FINAL if final else "",
    )


def require(actor: User, meeting: Meeting, action: str) -> None:
    """Refuse `action` (a field of MeetingActions) unless allowed now, saying why."""
    actions = allowed_actions(meeting, actor)
    if getattr(actions, action):
        return
    if not has_permission(actor, "meetings.edit"):
        raise Refused.because(NOT_YOUR_ROLE, status=403)
    raise refuse(actions.locked or NOT_FINAL)


def may_set_status(user, owner_id: int) -> bool:
    """An action item's owner or an editor follows it up, after the minutes are final and the
    month submitted too: following up an item is not a change to the minutes."""
    return owner_id == user.id or has_permission(user, "meetings.edit")


def fresh(meeting: Meeting, expected_version: int | None = None) -> Meeting:
    """The meeting as stored now, inside the write transaction; refuses a stale version."""
    current = Meeting.get_or_none(Meeting.id == meeting.id)
    if current is None or (expected_version is not None and current.version != expected_version):
        raise refuse(CHANGED)
    return current


def touch(meeting: Meeting) -> None:
    meeting.version += 1
    meeting.updated_at = utcnow()
    meeting.save()


@dataclass
class MeetingInput:
    kind: str
    day: date
    start_minute: int
    end_minute: int
    format: str = MeetingFormat.IN_PERSON
    platform: str = ""
    place: str = ""
    chair_id: int | None = None
    attendee_ids: list[int] = field(default_factory=list)
    guests: str = ""
    agenda: str = ""


def check_time_and_place(data: "MeetingInput | SeriesInput") -> None:
    """The end after the start; an online meeting names its platform."""
    errors: dict[str, list] = {}
    if data.end_minute <= data.start_minute:
        errors["end"] = [_l("The end must be after the start.")]
    if data.format == MeetingFormat.ONLINE and not data.platform.strip():
        errors["platform"] = [_l("Name the platform of an online meeting.")]
    if errors:
        raise Refused(errors)


def check_input(data: MeetingInput) -> None:
    check_time_and_place(data)
    if queries.month_submitted(data.day):
        raise refuse(SUBMITTED, "day")


def _values(data: MeetingInput) -> dict:
    return {
        "kind": data.kind,
        "day": data.day,
        "start_minute": data.start_minute,
        "end_minute": data.end_minute,
        "format": data.format,
        "platform": data.platform.strip() if data.format == MeetingFormat.ONLINE else "",
        "place": data.place.strip(),
        "chair": data.chair_id or None,
        "guests": data.guests.strip(),
        "agenda": data.agenda.strip(),
    }


def create_meeting(actor: User, data: MeetingInput, series: MeetingSeries | None = None) -> Meeting:
    """A new meeting; its attendees are invited (attendance is marked later)."""
    check_input(data)
    with write_tx():
        meeting = Meeting.create(created_by=actor.id, series=series, **_values(data))
        invited = sorted(set(data.attendee_ids))
        if invited:
            Attendance.insert_many(
                [{"meeting": meeting.id, "user": user_id} for user_id in invited]
            ).execute()
        audit.record(actor, "meeting.create", meeting, [*_values(data), "attendees"])
    index_meeting(meeting.id)
    return meeting


def update_meeting(
    actor: User, meeting: Meeting, data: MeetingInput, expected_version: int | None
) -> Meeting:
    """Save edited details, unless the meeting changed meanwhile or is locked."""
    check_input(data)
    with write_tx():
        meeting = fresh(meeting, expected_version)
        require(actor, meeting, "edit")
        values = _values(data)
        changed = [name for name, value in values.items() if _field(meeting, name) != value]
        for name, value in values.items():
            setattr(meeting, name, value)
        invited = {
            row.user_id for row in Attendance.select().where(Attendance.meeting == meeting.id)
        }
        wanted = set(data.attendee_ids)
        check_chair_present(meeting.id, data.chair_id, wanted)
        if wanted != invited:
            changed.append("attendees")
            if invited - wanted:
                Attendance.delete().where(
                    Attendance.meeting == meeting.id, Attendance.user.in_(list(invited - wanted))
                ).execute()
            if wanted - invited:
                Attendance.insert_many(
                    [{"meeting": meeting.id, "user": uid} for uid in sorted(wanted - invited)]
                ).execute()
        touch(meeting)
        audit.record(actor, "meeting.update", meeting, changed)
    index_meeting(meeting.id)
    return meeting


def _field(meeting: Meeting, name: str):
    return meeting.chair_id if name == "chair" else getattr(meeting, name)


def check_chair_present(meeting_id: int, chair_id: int | None, invited: set[int]) -> None:
    """A chair who stays invited must not be marked absent already (the details form)."""
    if not chair_id or chair_id not in invited:
        return
    absent = Attendance.select().where(
        Attendance.meeting == meeting_id,
        Attendance.user == chair_id,
        Attendance.attended == False,  # noqa: E712
    )
    if absent.exists():
        raise refuse(CHAIR_ABSENT, "chair")


def mark_attendance(actor: User, meeting: Meeting, attended_ids: set[int]) -> Meeting:
    """Mark every invited person as attended (ticked) or not (unticked); the chair, when
    invited, is never marked absent at the meeting they chair."""
    with write_tx():
        meeting = fresh(meeting)
        require(actor, meeting, "mark_attendance")
        chair_invited = (
            meeting.chair_id is not None
            and Attendance.select()
            .where(Attendance.meeting == meeting.id, Attendance.user == meeting.chair_id)
            .exists()
        )
        if chair_invited and meeting.chair_id not in attended_ids:
            raise refuse(CHAIR_ABSENT, "attended")
        Attendance.update(attended=Attendance.user.in_(list(attended_ids) or [0])).where(
            Attendance.meeting == meeting.id
        ).execute()
        touch(meeting)
        audit.record(actor, "meeting.attendance", meeting, ["attended"])
    return meeting


def save_minutes(actor: User, meeting: Meeting, text: str, expected_version: int | None) -> Meeting:
    """Save the minutes' Markdown, unless changed meanwhile or read-only."""
    with write_tx():
        meeting = fresh(meeting, expected_version)
        require(actor, meeting, "write_minutes")
        meeting.minutes = text.strip()
        touch(meeting)
        audit.record(actor, "meeting.minutes", meeting, ["minutes"])
    index_meeting(meeting.id)
    return meeting


def add_file(
    actor: User, meeting: Meeting, stream, filename: str, replaces: MeetingFile | None = None
) -> MeetingFile:
    """Store a minutes file through the upload service; a replaced file is kept as older."""
    require(actor, fresh(meeting), "upload")
    if replaces is not None and replaces.superseded:
        raise refuse(_l("That file was already replaced by a newer version."), "file")
    try:
        upload = store(
            actor,
            stream,
            filename or "",
            allowed=FILE_KINDS,
            replaces=replaces.upload if replaces else None,
        )
    except UploadRejected as rejected:
        raise refuse(rejected.message, "file") from None
    with write_tx():
        added = MeetingFile.create(meeting=meeting.id, upload=upload.id)
        if replaces is not None:
            MeetingFile.update(superseded=True).where(MeetingFile.id == replaces.id).execute()
        audit.record(actor, "meeting.file", meeting, ["files"])
    index_meeting(meeting.id)
    return added


def _check_owner(owner_id: int | None) -> None:
    if owner_id not in {uid for uid, _name in queries.staff_choices()}:
        raise refuse(_l("Choose a person from the list."), "owner")


def add_decision(
    actor: User,
    meeting: Meeting,
    text: str,
    action_text: str = "",
    owner_id: int | None = None,
    due_on: date | None = None,
) -> Decision:
    """A decision, with an action item when one is given."""
    if action_text.strip():
        _check_owner(owner_id)
    with write_tx():
        meeting = fresh(meeting)
        require(actor, meeting, "add_decision")
        position = Decision.select().where(Decision.meeting == meeting.id).count() + 1
        decision = Decision.create(meeting=meeting.id, position=position, text=text.strip())
        if action_text.strip():
            ActionItem.create(
                meeting=meeting.id,
                decision=decision.id,
                text=action_text.strip(),
                owner=owner_id,
                due_on=due_on,
            )
        touch(meeting)
        audit.record(actor, "meeting.decision", meeting, ["decisions"])
    index_meeting(meeting.id)
    return decision


def add_action(
    actor: User, meeting: Meeting, text: str, owner_id: int | None, due_on: date | None
) -> ActionItem:
    """An action item of the meeting that follows no particular decision."""
    _check_owner(owner_id)
    with write_tx():
        meeting = fresh(meeting)
        require(actor, meeting, "add_action")
        item = ActionItem.create(
            meeting=meeting.id, text=text.strip(), owner=owner_id, due_on=due_on
        )
        touch(meeting)
        audit.record(actor, "meeting.action", meeting, ["action_items"])
    index_meeting(meeting.id)
    return item


def set_action_status(actor: User, item: ActionItem, status: str) -> ActionItem:
    """The owner or an editor marks an item done (or dropped, or open again): may_set_status."""
    if not may_set_status(actor, item.owner_id):
        raise Refused.because(NOT_YOUR_ROLE, status=403)
    if status not in ActionStatus.ALL:
        raise refuse(_l("Choose a status from the list."), "status")
    with write_tx():
        item = ActionItem.get_by_id(item.id)
        item.status = status
        item.closed_at = None if status == ActionStatus.OPEN else utcnow()
        item.save()
        audit.record(actor, "meeting.action_status", item, ["status"])
    return item


def finalize(actor: User, meeting: Meeting) -> Meeting:
    """Make the minutes final: only once everyone invited has their attendance marked."""
    with write_tx():
        meeting = fresh(meeting)
        require(actor, meeting, "finalize")
        unmarked = (
            Attendance.select()
            .where(Attendance.meeting == meeting.id, Attendance.attended.is_null())
            .count()
        )
        if unmarked:
            raise refuse(
                _l("Mark the attendance of everyone invited before finalizing the minutes.")
            )
        meeting.status = MeetingStatus.FINAL
        touch(meeting)
        MinutesEvent.create(
            meeting=meeting.id,
            action="finalize",
            actor=actor.id,
            agenda=meeting.agenda,
            minutes=meeting.minutes,
        )
        audit.record(actor, "meeting.finalize", meeting, ["status"])
    return meeting


def reopen(actor: User, meeting: Meeting, reason: str) -> Meeting:
    """Reopen final minutes, with a reason kept in the history."""
    if not reason.strip():
        raise refuse(_l("Give a reason for reopening."), "reason")
    with write_tx():
        meeting = fresh(meeting)
        require(actor, meeting, "reopen")
        meeting.status = MeetingStatus.DRAFT
        touch(meeting)
        MinutesEvent.create(
            meeting=meeting.id, action="reopen", actor=actor.id, reason=reason.strip()
        )
        audit.record(actor, "meeting.reopen", meeting, ["status"])
    return meeting


# --- series ------------------------------------------------------------------------------


@dataclass
class SeriesInput:
    weekday: int
    start_minute: int
    end_minute: int
    format: str = MeetingFormat.IN_PERSON
    platform: str = ""
    place: str = ""
    chair_id: int | None = None
    member_ids: list[int] = field(default_factory=list)
    standing_agenda: str = ""


def series_dates(weekday: int, first_day: date, weeks: int) -> list[date]:
    """The next `weeks` dates on `weekday`, from `first_day` on."""
    start = first_day + timedelta(days=(weekday - first_day.weekday()) % 7)
    return [start + timedelta(weeks=n) for n in range(weeks)]


def create_series(actor: User, data: SeriesInput, first_day: date, weeks: int):
    """A weekly series and its next `weeks` meetings; dates with a weekly meeting are skipped."""
    check_time_and_place(data)
    if not 1 <= weeks <= MAX_SERIES_WEEKS:
        raise refuse(_l("Create between 1 and 26 weeks at a time."), "weeks")
    with write_tx():
        series = MeetingSeries.create(
            weekday=data.weekday,
            start_minute=data.start_minute,
            end_minute=data.end_minute,
            format=data.format,
            platform=data.platform.strip() if data.format == MeetingFormat.ONLINE else "",
            place=data.place.strip(),
            chair=data.chair_id or None,
            standing_agenda=data.standing_agenda.strip(),
            created_by=actor.id,
        )
        members = sorted(set(data.member_ids))
        if members:
            SeriesMember.insert_many([{"series": series.id, "user": u} for u in members]).execute()
        audit.record(actor, "meeting_series.create", series, ["weekday", "members"])
    created, skipped = create_next_weeks(actor, series, first_day, weeks)
    return series, created, skipped


def create_next_weeks(actor: User, series: MeetingSeries, first_day: date, weeks: int):
    """Meetings of the series for the next `weeks` weeks; returns (created, skipped dates)."""
    members = [m.user_id for m in SeriesMember.select().where(SeriesMember.series == series.id)]
    created, skipped = [], []
    for day in series_dates(series.weekday, first_day, weeks):
        if queries.weekly_meeting_on(day) or queries.month_submitted(day):
            skipped.append(day)
            continue
        data = MeetingInput(
            kind=series.kind,
            day=day,
            start_minute=series.start_minute,
            end_minute=series.end_minute,
            format=series.format,
            platform=series.platform,
            place=series.place,
            chair_id=series.chair_id,
            attendee_ids=members,
            agenda=series.standing_agenda,
        )
        created.append(create_meeting(actor, data, series=series))
    return created, skipped


# --- weekly coverage -----------------------------------------------------------------------


def set_coverage_reason(actor: User, week_start: date, kind: str, text: str) -> CoverageReason:
    """Why a week had no all-staff meeting (replaces an earlier reason for that week)."""
    with write_tx():
        reason = CoverageReason.get_or_none(CoverageReason.week_start == week_start)
        if reason is None:
            reason = CoverageReason.create(
                week_start=week_start, kind=kind, text=text.strip(), set_by=actor.id
            )
        else:
            reason.kind, reason.text, reason.set_by, reason.set_at = (
                kind,
                text.strip(),
                actor.id,
                utcnow(),
            )
            reason.save()
        audit.record(actor, "meeting.coverage_reason", reason, ["kind", "text"])
    return reason


# --- the month submitted to the funder -----------------------------------------------------


@dataclass(frozen=True)
class MonthActions:
    """What a user may do with a month's protocols now (open -> submitted, once)."""

    #: mark it submitted to the funder: its minutes then lock
    submit: bool = False
    #: build or download its ZIP (the auditor's only once it is submitted)
    bundle: bool = False


def month_actions(user, submitted: bool) -> MonthActions:
    """The one answer to "what may `user` do with a month that is (not) `submitted` now"."""
    return MonthActions(
        submit=not submitted and has_permission(user, "meetings.submit_month"),
        bundle=submitted or (has_permission(user, "meetings.view") and user.role != Role.AUDITOR),
    )


def submit_month(actor: User, month: date, submitted_on: date, note: str) -> MonthSubmission:
    """Mark the month's protocols as submitted to the funder (once; its minutes lock)."""
    if submitted_on < month:
        raise refuse(_l("A month cannot be submitted before it begins."), "submitted_on")
    try:
        with write_tx():
            if not month_actions(actor, queries.month_submitted(month)).submit:
                if not has_permission(actor, "meetings.submit_month"):
                    raise Refused.because(NOT_YOUR_ROLE, status=403)
                raise refuse(ALREADY_SUBMITTED, "submitted_on")
            submission = MonthSubmission.create(
                month=month, submitted_on=submitted_on, note=note.strip(), submitted_by=actor.id
            )
            audit.record(actor, "meeting.submit_month", submission, ["month", "submitted_on"])
    except IntegrityError:
        raise refuse(ALREADY_SUBMITTED, "submitted_on") from None
    return submission
