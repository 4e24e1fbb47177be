"""The records of a period offered beside each part of the report, so that writing it is
assembling: the meetings' decisions, the risk assessments, the notices to the funder, the
training and supervision sessions and the extraordinary-situation measures. Read through the
features' queries."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from app.addenda import queries as addenda_queries
from app.calendar import months_between
from app.meetings import queries as meeting_queries
from app.meetings.labels import KIND_LABELS as MEETING_KINDS
from app.notices import queries as notice_queries
from app.periods.models import Period
from app.risks import queries as risk_queries
from app.training import queries as training_queries


@dataclass(frozen=True)
class Record:
    day: date | None
    title: str
    text: str  #: what "Insert" adds to the text


RECORD_KINDS = {
    "decisions": _l("Decisions of the meetings"),
    "assessments": _l("Risk assessments of the period"),
    "notices": _l("Notices to the funder"),
    "training": _l("Training and supervision"),
    "addenda": _l("Extraordinary-situation measures"),
}


def decisions(period: Period, user, language: str) -> list[Record]:
    return [
        Record(row["day"], str(MEETING_KINDS[row["kind"]]), row["text"])
        for row in meeting_queries.decisions_between(period.starts_on, period.ends_on)
    ]


def assessments(period: Period, user, language: str) -> list[Record]:
    return [
        Record(row["assessment"]["written_on"], row["type_name"], row["assessment"]["text"])
        for row in risk_queries.risk_table(period, language)
        if row["assessment"]
    ]


def notices(period: Period, user, language: str) -> list[Record]:
    return [
        Record(
            row.event_on,
            row.subject,
            f"{row.subject}: {row.details}" if row.details else row.subject,
        )
        for row in notice_queries.notice_rows(user, period.ends_on)
        if period.starts_on <= row.event_on <= period.ends_on
    ][::-1]


def training(period: Period, user, language: str) -> list[Record]:
    return [
        Record(row["day"], row["kind_name"], f"{row['kind_name']}: {row['topic']}")
        for row in training_queries.sessions_between(period.starts_on, period.ends_on, language)
        if not row["cancelled"]
    ]


def addenda(period: Period, user, language: str) -> list[Record]:
    found = []
    for month in months_between(period.starts_on, period.ends_on):
        addendum = addenda_queries.addendum_covering(month)
        measures = addenda_queries.measures_of(addendum.id, month) if addendum else ""
        if measures:
            found.append(Record(month, addendum.title, measures))
    return found


READERS = {
    "decisions": decisions,
    "assessments": assessments,
    "notices": notices,
    "training": training,
    "addenda": addenda,
}


def offered(kinds: tuple[str, ...], period: Period, user, language: str) -> list[tuple]:
    """[(the kind's title, its records)] for the kinds a part offers, empty kinds left out."""
    found = []
    for kind in kinds:
        records = READERS[kind](period, user, language)
        if records:
            found.append((RECORD_KINDS[kind], records))
    return found
