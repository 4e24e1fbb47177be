"""Demo meetings: the weekly all-staff meetings of December 2019 – May 2020.

Invented and deterministic (random.Random(2020)); no text from the source documents. In person
at the office until 13 March 2020, an extraordinary online meeting that day, online (Zoom)
from then on; a few weeks without a meeting because of supervision, training or holidays.
Minutes are partly written in Markdown, partly uploaded as real PDF and DOCX files through the
upload service. December – April are submitted to the funder. Runs inside load_demo's
transaction and app context.
"""

import io
import random
from datetime import date, datetime, time, timedelta

from app.accounts import User
from app.calendar import next_month
from app.core.models import get_setting
from app.db import write_tx
from app.meetings.bundle import minutes_pdf, sheet_of
from app.meetings.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    CoverageReason,
    CoverageReasonKind,
    Decision,
    Meeting,
    MeetingFile,
    MeetingFormat,
    MeetingKind,
    MeetingStatus,
    MinutesEvent,
    MonthSubmission,
)
from app.meetings.queries import protocol_numbers
from app.meetings.search import index_meeting
from app.uploads.services import store

SEED = 2020
FIRST_DAY = date(2019, 12, 3)  #: the first Tuesday
LAST_DAY = date(2020, 5, 31)
EMERGENCY_DAY = date(2020, 3, 13)  #: the emergency was declared: meetings go online
PLACE = "Birojs, 2. stāva sanāksmju telpa"
PLATFORM = "Zoom"
SUBMITTED = (
    date(2019, 12, 1),
    date(2020, 1, 1),
    date(2020, 2, 1),
    date(2020, 3, 1),
    date(2020, 4, 1),
)
#: weeks (Mondays) without the all-staff meeting, and why
NO_MEETING = {
    date(2019, 12, 23): (CoverageReasonKind.HOLIDAY, "Ziemassvētku brīvdienas"),
    date(2020, 1, 20): (CoverageReasonKind.SUPERVISION, "Grupas supervīzija visiem darbiniekiem"),
    date(2020, 2, 17): (CoverageReasonKind.TRAINING, "Divu dienu apmācības par krīzes intervenci"),
    date(2020, 4, 20): (CoverageReasonKind.SUPERVISION, "Supervīzija tiešsaistē"),
    date(2020, 5, 11): (CoverageReasonKind.TRAINING, "Seminārs par attālināto darbu ar klientiem"),
}
#: a Tuesday that is a public holiday: the meeting moves to Thursday
MOVED = {date(2019, 12, 31): date(2020, 1, 2)}
#: who takes (and finalizes) the minutes; the coordinator chairs
MINUTES_TAKER = "lead"
STAFF = ["coordinator", "lead", "worker", *(f"mentor{n}" for n in range(1, 12))]

#: (agenda topic, what was said, decision, action) — invented, in Latvian
TOPICS = [
    (
        "Ziemas apģērbi klientiem",
        "Mentori apkopoja, kurām ģimenēm trūkst siltu apģērbu; ziedojumu noliktavā ir zābaki.",
        "Sarakstu ar vajadzībām iesniegt noliktavai līdz piektdienai.",
        "Sagatavot apģērbu vajadzību sarakstu (lietu kodi, bez vārdiem)",
    ),
    (
        "Dokumenti PMLP un uzturēšanās atļaujas",
        "Vairākiem klientiem tuvojas termiņš; jāpiesakās vizītei laikus.",
        "Katrs mentors pārbauda savu klientu dokumentu termiņus.",
        "Pārbaudīt uzturēšanās atļauju termiņus saviem klientiem",
    ),
    (
        "Bankas kontu atvēršana",
        "Bankas prasa papildu dokumentus; pieredzē dalījās divi mentori.",
        "Izveidot īsu atgādni par nepieciešamajiem dokumentiem.",
        "Uzrakstīt atgādni par konta atvēršanu",
    ),
    (
        "Skolas atbalsts un e-klase",
        "Bērniem vajag palīdzību ar mājasdarbiem; skolotāji lūdz regulāru saziņu.",
        "Mājasdarbu atbalstu organizēt divas reizes nedēļā.",
        "Sazināties ar skolu par mājasdarbu grafiku",
    ),
    (
        "Mājokļa meklēšana",
        "Īres tirgū grūti atrast izīrētājus; sadarbība ar pašvaldību turpinās.",
        "Apkopot zināmo izīrētāju kontaktus vienā kopīgā sarakstā.",
        "Papildināt izīrētāju sarakstu",
    ),
    (
        "Dubultā finansējuma novēršana",
        "Atgādinājums: darba laikā mentors nedrīkst sniegt apmaksātus tulka pakalpojumus savam"
        " klientam.",
        "Koordinatore pārbauda darba laika uzskaiti katru mēnesi.",
        "Veikt ikmēneša pārbaudi par tulkošanu",
    ),
    (
        "Latviešu valodas atbalsts",
        "Klienti lūdz sarunvalodas nodarbības; brīvprātīgie piedāvā palīdzību.",
        "Sarunvalodas grupu sākt nākamajā mēnesī.",
        "Sagatavot sarunvalodas grupas grafiku",
    ),
    (
        "Integrācijas pasākums",
        "Plānots pasaules virtuves vakars; jāsaskaņo telpas un budžets.",
        "Pasākumu rīkot mēneša pēdējā sestdienā.",
        "Saskaņot telpas pasākumam",
    ),
]
REMOTE_TOPICS = [
    (
        "Attālinātais atbalsts klientiem",
        "Saziņa ar klientiem notiek pa tālruni, WhatsApp un Zoom; daļai klientu nav interneta.",
        "Klientiem bez interneta zvanīt vismaz divas reizes nedēļā.",
        "Apzināt klientus bez interneta pieslēguma",
    ),
    (
        "Dežūras PMC",
        "Centrā katru darba dienu 09:00–17:30 ir viens sociālais darbinieks un viens mentors.",
        "Dežūru grafiku iesniegt pasūtītājam katru piektdienu.",
        "Sagatavot nākamās nedēļas dežūru grafiku",
    ),
    (
        "COVID-19 noteikumu skaidrošana",
        "Klientiem vajag informāciju dzimtajā valodā par ierobežojumiem un palīdzību.",
        "Tulkot valdības ieteikumus trijās valodās.",
        "Izplatīt tulkotos ieteikumus klientiem",
    ),
    (
        "Pārtikas un higiēnas preču pakas",
        "Pakas piegādātas ģimenēm karantīnā; vajadzības aug.",
        "Turpināt paku piegādi ar partneru atbalstu.",
        "Saskaņot nākamo paku piegādi",
    ),
    (
        "Psihoemocionālais atbalsts",
        "Klientiem pieaug trauksme; mentori lūdz supervīziju par krīzes sarunām.",
        "Pieteikt papildu supervīziju tiešsaistē.",
        "Pieteikt supervīziju",
    ),
]


def _day_time(day: date, minute: int) -> datetime:
    return datetime.combine(day, time(minute // 60, minute % 60))


def meeting_days() -> list[tuple[date, str]]:
    """(day, kind) of every demo meeting, in order."""
    days = []
    day = FIRST_DAY
    while day <= LAST_DAY:
        monday = day - timedelta(days=day.weekday())
        if monday not in NO_MEETING:
            days.append((MOVED.get(day, day), MeetingKind.WEEKLY))
        day += timedelta(weeks=1)
    days.append((EMERGENCY_DAY, MeetingKind.EXTRAORDINARY))
    return sorted(days)


def _minutes_text(day: date, topics: list[tuple]) -> str:
    lines = ["### Pārrunātie jautājumi", ""]
    for number, (title, said, _decision, _action) in enumerate(topics, 1):
        lines.append(f"{number}. **{title}.** {said}")
    lines += ["", "### Nākamā sapulce", "", f"Pēc nedēļas, {day + timedelta(weeks=1):%d.%m.%Y}."]
    return "\n".join(lines)


EMERGENCY_AGENDA = "1. Ārkārtējā situācija valstī\n2. Darba organizācija no 16. marta"
EMERGENCY_MINUTES = (
    "### Ārkārtas sapulce\n\n"
    "Valstī izsludināta ārkārtējā situācija. "
    "Sapulce sasaukta nekavējoties un notiek tiešsaistē.\n\n"
    "- No 16. marta visas sapulces notiek attālināti (Zoom).\n"
    "- PMC katru darba dienu dežurē viens sociālais darbinieks un viens mentors.\n"
    "- Dežūrmentors savieno klientu ar viņa mentoru.\n"
    "- Klientiem skaidro jaunos noteikumus viņu valodā."
)


def _docx(title: str, text: str) -> bytes:
    """A DOCX of the minutes with python-docx (loaded when the demo is, not by the app)."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.replace("**", "").lstrip("# "))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def load_meeting_demo() -> None:
    """Meetings with attendance, minutes (written or uploaded), decisions and action items,
    coverage reasons, December – April submitted; every meeting indexed for search. Needs the
    app context: uploaded minutes go through the upload service into DATA_DIR."""
    rng = random.Random(SEED)
    users = {u.username: u for u in User.select().where(User.username.in_(STAFF + ["admin"]))}
    coordinator = users["coordinator"]
    taker = users[MINUTES_TAKER]
    staff = [users[name] for name in STAFF]
    kind_names = {MeetingKind.WEEKLY: "Kopsapulce", MeetingKind.EXTRAORDINARY: "Ārkārtas sapulce"}
    with write_tx():
        for monday, (kind, text) in NO_MEETING.items():
            CoverageReason.create(
                week_start=monday,
                kind=kind,
                text=text,
                set_by=coordinator.id,
                set_at=_day_time(monday + timedelta(days=4), 14 * 60),
            )
        last_meeting = max(day for day, _kind in meeting_days())
        for number, (day, kind) in enumerate(meeting_days()):
            online = day >= EMERGENCY_DAY
            if kind == MeetingKind.EXTRAORDINARY:
                agenda, minutes, topics = EMERGENCY_AGENDA, EMERGENCY_MINUTES, REMOTE_TOPICS[1:2]
                start = 16 * 60
            else:
                pool = REMOTE_TOPICS if online else TOPICS
                topics = rng.sample(pool, 2)
                agenda = "\n".join(f"{n}. {t[0]}" for n, t in enumerate(topics, 1))
                minutes = _minutes_text(day, topics)
                start = 10 * 60
            final = day != last_meeting
            meeting = Meeting.create(
                kind=kind,
                day=day,
                start_minute=start,
                end_minute=start + 90,
                format=MeetingFormat.ONLINE if online else MeetingFormat.IN_PERSON,
                platform=PLATFORM if online else "",
                place="" if online else PLACE,
                chair=coordinator.id,
                agenda=agenda,
                status=MeetingStatus.FINAL if final else MeetingStatus.DRAFT,
                created_by=coordinator.id,
                created_at=_day_time(day - timedelta(days=3), 9 * 60),
                updated_at=_day_time(day, start + 120),
            )
            # the chair and the minutes-taker are there; the draw is made for everyone alike
            present = [u for u in staff if rng.random() > 0.1 or u.id in (coordinator.id, taker.id)]
            Attendance.insert_many(
                [{"meeting": meeting.id, "user": u.id, "attended": u in present} for u in staff]
            ).execute()
            # every fourth weekly meeting's minutes came as a file (PDF or DOCX), others written
            upload_as = ("pdf", "docx")[number // 4 % 2] if number % 4 == 1 else ""
            if upload_as:
                title = f"{kind_names[kind]} {day:%d.%m.%Y}"
                if upload_as == "pdf":
                    data = minutes_pdf(
                        sheet_of(
                            {
                                **meeting.__data__,
                                "minutes": minutes,
                                "chair_name": coordinator.display_name,
                            },
                            kind=kind_names[kind],
                            number=protocol_numbers([meeting.__data__])[meeting.id],
                            org_name=get_setting("org_name"),
                            taker=taker.display_name,
                            present=sorted(u.display_name for u in present),
                            absent=sorted((u.display_name, "") for u in staff if u not in present),
                            decisions=[t[2] for t in topics],
                        )
                    )
                else:
                    data = _docx(title, agenda + "\n" + minutes)
                upload = store(
                    coordinator, io.BytesIO(data), f"protokols_{day:%Y-%m-%d}.{upload_as}"
                )
                MeetingFile.create(
                    meeting=meeting.id, upload=upload.id, added_at=_day_time(day, 15 * 60)
                )
            else:
                meeting.minutes = minutes
                meeting.save()
            for position, (_title, _said, decision_text, action_text) in enumerate(topics, 1):
                decision = Decision.create(
                    meeting=meeting.id, position=position, text=decision_text
                )
                owner = rng.choice(staff)
                due = day + timedelta(days=rng.choice((4, 7, 14)))
                if due < date(2020, 5, 10):
                    status = ActionStatus.DONE if rng.random() > 0.15 else ActionStatus.DROPPED
                else:
                    status = ActionStatus.OPEN
                ActionItem.create(
                    meeting=meeting.id,
                    decision=decision.id,
                    text=action_text,
                    owner=owner.id,
                    due_on=due,
                    status=status,
                    closed_at=_day_time(due, 12 * 60) if status != ActionStatus.OPEN else None,
                )
            if final:
                MinutesEvent.create(
                    meeting=meeting.id,
                    action="finalize",
                    actor=taker.id,
                    at=_day_time(day + timedelta(days=1), 11 * 60),
                    agenda=meeting.agenda,
                    minutes=meeting.minutes,
                )
            index_meeting(meeting.id)
        for month in SUBMITTED:
            following = next_month(month)
            MonthSubmission.create(
                month=month,
                submitted_on=following + timedelta(days=6),
                note="Protokoli nosūtīti pasūtītājam e-pastā.",
                submitted_by=coordinator.id,
                at=_day_time(following + timedelta(days=6), 10 * 60),
            )
