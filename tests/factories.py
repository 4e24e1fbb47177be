"""Records made straight in the database, and files to upload, for the tests of every feature.

Plain functions, called from tests and fixtures that hold the `app` fixture (no connection
context needed: see tests/conftest.py).
"""

import io
import zipfile
from datetime import date, timedelta

from fpdf import FPDF

from app.accounts import User
from app.calendar import local_today
from app.cases.models import CaseClosure, CaseFile, CaseKind, ClosingReason
from app.clients.models import Client, Membership
from app.meetings import services as meeting_services
from app.meetings.models import Meeting, MeetingKind
from app.periods.models import Period
from app.permissions import Role
from app.risks.models import Assessment, Risk, RiskType
from app.timesheets.models import ActivityType, Entry, Week, WeekStatus
from app.training import services as training_services
from app.training.models import Participant, TrainingKind, TrainingSession
from tests.conftest import create_user

# --- people and case files ------------------------------------------------------------------


def days_ago(days: int) -> date:
    return local_today() - timedelta(days=days)


def extra_mentors(count: int, supervisor: User, **fields) -> list[User]:
    taken = User.select().count()
    return [
        create_user(f"mentor{taken + n}", Role.MENTOR, supervisor=supervisor, **fields)
        for n in range(count)
    ]


def make_case(code: str, social_worker, mentor=None, **fields) -> CaseFile:
    """A case file with `people` members (details unknown) from its opening, and a closing
    (for `reason`) when it has a `closed_on`."""
    people = fields.pop("people", 1)
    case = CaseFile.create(
        code=code,
        kind=fields.pop("kind", CaseKind.INDIVIDUAL),
        people=people,
        social_worker=social_worker,
        mentor=mentor,
        opened_on=fields.pop("opened_on", days_ago(100)),
        closed_on=fields.pop("closed_on", None),
    )
    for number in range(1, people + 1):
        Membership.create(
            client=Client.create(), case=case, number=number, joined_on=case.opened_on
        )
    if case.closed_on is not None:
        CaseClosure.create(
            case=case, closed_on=case.closed_on, reason=fields.pop("reason", ClosingReason.ENDED)
        )
    return case


# --- timesheets -----------------------------------------------------------------------------


def make_week(mentor: User, monday: date, status: str = WeekStatus.APPROVED, **fields) -> Week:
    return Week.create(mentor=mentor, week_start=monday, status=status, **fields)


def add_entry(week: Week, day: date, start: int, end: int, **fields) -> Entry:
    return Entry.create(
        week=week,
        mentor=week.mentor_id,
        day=day,
        start_minute=start,
        end_minute=end,
        activity=ActivityType.select().first(),
        place=fields.pop("place", "pmc"),
        **fields,
    )


# --- meetings -------------------------------------------------------------------------------


def make_meeting(users, day: date, kind: str = MeetingKind.WEEKLY, **extra) -> Meeting:
    data = meeting_services.MeetingInput(
        kind=kind,
        day=day,
        start_minute=600,
        end_minute=660,
        place="Office",
        chair_id=users[Role.COORDINATOR].id,
        attendee_ids=extra.pop("attendees", [users[Role.MENTOR].id, users[Role.SOCIAL_WORKER].id]),
        agenda=extra.pop("agenda", "1. Schedule"),
        **extra,
    )
    return meeting_services.create_meeting(users[Role.COORDINATOR], data)


# --- risks ----------------------------------------------------------------------------------


def risk_type(name_en: str = "Staff") -> RiskType:
    return RiskType.get(RiskType.name_en == name_en)


def make_risk(title: str = "Staff turnover", **fields) -> Risk:
    """A risk straight in the database (tests of the pages, not of the form)."""
    values = {
        "type": fields.pop("type", None) or risk_type(),
        "title": title,
        "contract_priority": "high",
        "likelihood": 3,
        "impact": 3,
        "added_on": local_today() - timedelta(days=500),
    }
    values.update(fields)
    return Risk.create(**values)


def assess(risk: Risk, period: Period, likelihood: int, impact: int, author: User, **extra):
    return Assessment.create(
        risk=risk,
        period=period,
        likelihood=likelihood,
        impact=impact,
        author=author,
        text=extra.pop("text", "Assessed."),
        written_on=extra.pop("written_on", local_today()),
        **extra,
    )


# --- supervision and training ---------------------------------------------------------------


def kind_id(name_en: str) -> int:
    return TrainingKind.get(TrainingKind.name_en == name_en).id


def make_session(users, day: date, kind: str = "Group supervision", **extra) -> TrainingSession:
    """A 10:00–13:00 session (3 h) by the coordinator, the mentor and social worker invited."""
    data = training_services.SessionInput(
        kind_id=kind_id(kind),
        topic=extra.pop("topic", "Burnout and boundaries"),
        day=day,
        start_minute=extra.pop("start_minute", 600),
        end_minute=extra.pop("end_minute", 780),
        place="Office",
        audience=extra.pop("audience", "all_staff"),
        participant_ids=extra.pop(
            "participants", [users[Role.MENTOR].id, users[Role.SOCIAL_WORKER].id]
        ),
        **extra,
    )
    return training_services.create_session(users[Role.COORDINATOR], data)


def add_session(
    kind: str, day: date, minutes: int, marks: dict[User, int | None], **fields
) -> TrainingSession:
    """A session of `kind` (English name) with these people invited and marked (None: not
    marked, 0: absent)."""
    coordinator = User.get(User.role == Role.COORDINATOR)
    session = TrainingSession.create(
        kind=kind_id(kind),
        topic=fields.pop("topic", "Session"),
        day=day,
        start_minute=600,
        end_minute=600 + minutes,
        minutes=minutes,
        created_by=coordinator.id,
        **fields,
    )
    Participant.insert_many(
        [
            {"session": session.id, "user": user.id, "attended_minutes": attended}
            for user, attended in marks.items()
        ]
    ).execute()
    return session


# --- files to upload ------------------------------------------------------------------------


def make_pdf(text: str = "Sapulces protokols: lēmums par grafiku") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text.encode("latin-1", "replace").decode("latin-1"))
    return bytes(pdf.output())


DOCX_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def make_docx(
    text: str = "Lēmums: iesniegt protokolu", extra: dict | None = None, types: str = DOCX_TYPES
) -> bytes:
    body = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", body)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()
