"""Demo supervision and training, December 2019 – May 2020.

Four supervisions of 5, 6, 3 and 4 hours (joint in January, mentors only in March, social
workers only and joint in April, online from mid-March) and nine trainings, seminars, working
groups and experience exchanges, so the interim report's sentence reads "9 qualification
trainings and 4 supervisions (5 h, 6 h, 3 h and 4 h, 18 h in all)". The whole audience is
invited and marked: most attended fully, a few partly, two were absent. Months without a
supervision stay without one: the compliance grid shows them. Facilitators are invented
organisations and people; the weeks of January's and April's supervisions and of the
February and May trainings are the demo meetings' excused weeks. Runs inside load_demo's
transaction.
"""

from datetime import date, datetime, time, timedelta

from app.accounts import User
from app.calendar import parse_clock
from app.db import write_tx
from app.meetings.models import MeetingFormat
from app.timesheets.demo import REMOTE_FROM
from app.training.models import (
    Audience,
    Participant,
    TrainingKind,
    TrainingSession,
)
from app.training.queries import AUDIENCE_ROLES
from app.training.services import length_minutes

PLACE = "Birojs, 2. stāva sanāksmju telpa"
PLATFORM = "Zoom"
SUPERVISOR = "Supervizore Rūta Paraudziņa-Kalnāja (demo)"

#: (kind's English name, day, last day, start, end, hours when set by hand, audience, topic,
#: facilitator)
SESSIONS = [
    ("Qualification training", date(2019, 12, 10), None, "10:00", "14:00", None,
     Audience.ALL_STAFF, "Darbs ar klientiem, kuri pārdzīvojuši traumu",
     "Mācību centrs «Paraugs» (demo)"),
    ("Seminar or conference", date(2020, 1, 14), None, "10:00", "13:00", None,
     Audience.ALL_STAFF, "Patvēruma procedūra: jaunumi un prakse",
     "Fiktīvā juristu biedrība (demo)"),
    ("Group supervision", date(2020, 1, 21), None, "10:00", "15:00", None,
     Audience.ALL_STAFF, "Darba slodze un profesionālās robežas", SUPERVISOR),
    ("Experience exchange", date(2020, 1, 29), None, "13:00", "15:00", None,
     Audience.SOCIAL_WORKERS, "Pieredzes apmaiņa ar pašvaldības sociālo dienestu",
     "Demo novada sociālais dienests"),
    ("Qualification training", date(2020, 2, 18), date(2020, 2, 19), "09:00", "16:00", 12,
     Audience.ALL_STAFF, "Krīzes intervence: divu dienu apmācības",
     "Mācību centrs «Paraugs» (demo)"),
    ("Group supervision", date(2020, 3, 3), None, "09:30", "15:30", None,
     Audience.MENTORS, "Sarežģītas situācijas darbā ar klientiem", SUPERVISOR),
    ("Working group", date(2020, 3, 5), None, "10:00", "12:00", None,
     Audience.SOCIAL_WORKERS, "Sadarbības kārtība ar migrācijas iestādi",
     "Demo darba grupa (fiktīva)"),
    ("Qualification training", date(2020, 3, 25), None, "10:00", "13:00", None,
     Audience.ALL_STAFF, "Attālinātais atbalsts klientiem ārkārtējās situācijas laikā",
     "Mācību centrs «Paraugs» (demo)"),
    ("Group supervision", date(2020, 4, 2), None, "10:00", "13:00", None,
     Audience.SOCIAL_WORKERS, "Gadījumu vadība attālināti", SUPERVISOR),
    ("Seminar or conference", date(2020, 4, 8), None, "14:00", "16:00", None,
     Audience.ALL_STAFF, "COVID-19 ierobežojumi un klientu tiesības",
     "Fiktīvā juristu biedrība (demo)"),
    ("Group supervision", date(2020, 4, 21), None, "10:00", "14:00", None,
     Audience.ALL_STAFF, "Emocionālā noturība krīzes laikā", SUPERVISOR),
    ("Seminar or conference", date(2020, 5, 12), None, "10:00", "13:00", None,
     Audience.ALL_STAFF, "Attālinātais darbs ar klientiem: rīki un drošība",
     "Demo digitālo prasmju skola"),
    ("Experience exchange", date(2020, 5, 26), None, "13:00", "15:00", None,
     Audience.MENTORS, "Mentoru pieredzes apmaiņa ar kaimiņvalsts kolēģiem",
     "Kaimiņvalsts demo biedrība"),
]  # fmt: skip
#: (day, username) -> minutes attended, where not the whole session (0 = absent)
EXCEPTIONS = {
    (date(2020, 1, 21), "mentor9"): 0,
    (date(2020, 2, 18), "mentor6"): 6 * 60,  # the first day only
    (date(2020, 3, 3), "mentor2"): 4 * 60,
    (date(2020, 4, 21), "worker"): 3 * 60,
    (date(2020, 5, 12), "mentor4"): 0,
}


def _at(day: date, minute: int) -> datetime:
    return datetime.combine(day, time(minute // 60, minute % 60))


def load_training_demo() -> None:
    """The sessions, everyone of each audience invited, and the attendance marks."""
    with write_tx():
        coordinator = User.get(User.username == "coordinator")
        kinds = dict(TrainingKind.select(TrainingKind.name_en, TrainingKind.id).tuples())
        staff = list(User.select(User.id, User.username, User.role).order_by(User.id))
        marks = []
        for kind, day, end_day, start, end, hours, audience, topic, facilitator in SESSIONS:
            online = day >= REMOTE_FROM
            start_minute, end_minute = parse_clock(start), parse_clock(end)
            minutes = length_minutes(day, end_day, start_minute, end_minute)
            if hours:
                minutes = hours * 60
            session = TrainingSession.create(
                kind=kinds[kind],
                topic=topic,
                day=day,
                end_day=end_day,
                start_minute=start_minute,
                end_minute=end_minute,
                minutes=minutes,
                minutes_overridden=bool(hours),
                facilitator=facilitator,
                format=MeetingFormat.ONLINE if online else MeetingFormat.IN_PERSON,
                platform=PLATFORM if online else "",
                place="" if online else PLACE,
                audience=audience,
                created_by=coordinator.id,
                created_at=_at(day - timedelta(days=14), 9 * 60),
                updated_at=_at(end_day or day, end_minute + 60),
            )
            marks += [
                {
                    "session": session.id,
                    "user": person.id,
                    "attended_minutes": EXCEPTIONS.get((day, person.username), minutes),
                    "marked_by": coordinator.id,
                    "marked_at": _at(end_day or day, end_minute + 60),
                }
                for person in staff
                if person.role in AUDIENCE_ROLES[audience]
            ]
        Participant.insert_many(marks).execute()
