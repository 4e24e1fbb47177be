"""The demo's notices to the funder: a change of staff in January 2020 and the force majeure of
13 March 2020, when the emergency was declared, both sent in time."""

from datetime import date, datetime, time

from app.accounts import User
from app.notices.models import FunderNotice, NoticeKind

NOTICES = [
    (
        NoticeKind.STAFF_CHANGE,
        date(2020, 1, 20),
        "Jauns sociālais mentors komandā",
        "Sociālā mentora vakanci aizpilda jauns darbinieks; CV pielikumā.",
        date(2020, 1, 22),
    ),
    (
        NoticeKind.FORCE_MAJEURE,
        date(2020, 3, 13),
        "Nepārvaramas varas iestāšanās: valstī izsludināta ārkārtējā situācija",
        "PMC slēgts apmeklētājiem; mentori strādā attālināti, klātienē tikai grafikā "
        "noteiktie darbinieki.",
        date(2020, 3, 13),
    ),
]


def load_notice_demo() -> None:
    coordinator = User.get(User.username == "coordinator")
    for kind, event_on, subject, details, sent_on in NOTICES:
        FunderNotice.create(
            kind=kind,
            event_on=event_on,
            subject=subject,
            details=details,
            sent_on=sent_on,
            sent_how="E-pasts līguma kontaktpersonai",
            created_by=coordinator,
            created_at=datetime.combine(sent_on, time(12, 0)),
        )
