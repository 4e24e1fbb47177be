"""Demo case complexity, so December 2019 – May 2020 reads like section VI of the interim report
of that period: the demo lead rates every case file open in each month (the rule of
app/cases/queries.open_between, as the grid and the report count) a few days after the month
ends, and December – April are agreed with the funder; May is rated but not agreed yet, so the
coordinator's checklist shows it.

The seed's monthly averages are high 1, medium 28, low 56 (of 85 clients); the demo has about 63
open case files a month, so each month one case file is high, a third medium and the rest low.
Who is which follows each household's story (app/clients/demo.py, read-only): a family with
children, a new arrival, a refusal or a status with a move raise the score, last month's level
holds it, so ratings stay mostly stable with a few changes, the changes noted. Deterministic.
"""

import random
from datetime import date, datetime, time, timedelta

from peewee import chunked

from app.accounts import User
from app.calendar import add_months, month_end, months_between
from app.cases.models import CaseFile
from app.cases.queries import open_between
from app.clients.demo import FIRST_DAY, LAST_DAY, Household, case_plan
from app.clients.models import Place, Stage
from app.complexity.models import (
    ComplexityMonth,
    ComplexityMonthEvent,
    ComplexityRating,
    Level,
    MonthEventKind,
)
from app.db import write_tx

SEED = 2021
BATCH = 200
LEAD = "lead"  #: the demo's lead social worker (app/demo.py DEMO_STAFF)
RATED_AFTER = 2  #: days after the month's end the lead rates it
AGREED_AFTER = 5  #: days after the month's end the funder agrees it
#: the months agreed with the funder and how (May is left open)
AGREED = {
    date(2019, 12, 1): "e-pasts fondam",
    date(2020, 1, 1): "e-pasts fondam",
    date(2020, 2, 1): "Ikmēneša atskaites pielikumā, apstiprināts e-pastā",
    date(2020, 3, 1): "e-pasts fondam",
    date(2020, 4, 1): "e-pasts fondam",
}
HIGH_NOTE = (
    "Negatīvs lēmums, tiesas gaidīšana un nopietnas veselības problēmas: nepieciešama "
    "intensīva, regulāra intervence."
)
RISE_NOTES = {
    "refused": "Saņemts negatīvs lēmums, pieaug riski un vajadzība pēc atbalsta.",
    "status": "Statusa saņemšana un pārcelšanās ārpus PMC prasa intensīvāku atbalstu.",
    "born": "Ģimenē piedzimis bērns.",
}
FALL_NOTE = "Situācija stabilizējusies."


def high_case() -> str:
    """The one case file rated high every month: the oldest individual open all period whose
    asylum was refused (waiting for the court), so about one client a month is high, as in the
    seed."""
    refused = [
        h
        for h in case_plan()
        if not h.family
        and h.open_on(FIRST_DAY)
        and h.open_on(LAST_DAY)
        and any(stage == Stage.NEGATIVE for stage, _day in h.events)
    ]
    return max(refused, key=lambda h: (h.people[0].age, h.code)).code


def _in(day: date, month: date) -> bool:
    return month <= day <= month_end(month)


def _events(household: Household, month: date) -> list[str]:
    """What happened to the household in the month (or, for a refusal, the month before)."""
    found = []
    before = add_months(month, -1)
    for stage, day in household.events:
        if stage in (Stage.NEGATIVE, Stage.COURT_NEGATIVE) and (
            _in(day, month) or _in(day, before)
        ):
            found.append("refused")
        if stage in Stage.STATUSES and _in(day, month):
            found.append("status")
    if any(
        place == Place.MUNICIPALITY and _in(since, month) for place, _t, since in household.homes
    ):
        found.append("status")
    if any(person.born_on and _in(person.born_on, month) for person in household.people):
        found.append("born")
    return found


def _score(household: Household, month: date, base: float, last: str | None) -> float:
    score = base
    if any(person.age < 18 for person in household.people):
        score += 0.1
    if _in(household.opened_on, month):
        score += 0.35
    score += 0.3 * len(set(_events(household, month)))
    if last == Level.MEDIUM:
        score += 0.3
    return score


def plan_ratings(open_codes: dict[date, list[str]]) -> dict[date, dict[str, tuple[str, str]]]:
    """month -> code -> (level, note) for the case files open in each month: high for
    high_case(), medium for the third that score highest, low for the rest."""
    rng = random.Random(SEED)
    households = {h.code: h for h in case_plan()}
    base = {code: rng.random() * 0.6 for code in sorted(households)}
    high = high_case()
    last: dict[str, str] = {}
    ratings = {}
    for month in sorted(open_codes):
        codes = [code for code in open_codes[month] if code != high]
        scores = {
            code: _score(households[code], month, base[code], last.get(code)) for code in codes
        }
        ranked = sorted(codes, key=lambda code: (-scores[code], code))
        medium = set(ranked[: round(len(open_codes[month]) / 3)])
        rated = {}
        for code in open_codes[month]:
            level = Level.HIGH if code == high else Level.MEDIUM if code in medium else Level.LOW
            rated[code] = (
                level,
                _note(households[code], month, level, last.get(code), code == high),
            )
        ratings[month] = rated
        last = {code: level for code, (level, _note) in rated.items()}
    return ratings


def _note(household, month, level, last, high) -> str:
    if high:
        return HIGH_NOTE if month == FIRST_DAY else ""
    if last == Level.LOW and level == Level.MEDIUM:
        events = _events(household, month)
        return RISE_NOTES[events[0]] if events else ""
    if last == Level.MEDIUM and level == Level.LOW and household.opened_on.day % 2:
        return FALL_NOTE
    return ""


def _open_codes() -> dict[date, list[str]]:
    """month -> codes of the case files open in it, by the grid's own rule."""
    return {
        month: [
            code
            for (code,) in CaseFile.select(CaseFile.code)
            .where(open_between(month, month_end(month)))
            .order_by(CaseFile.code)
            .tuples()
        ]
        for month in months_between(FIRST_DAY, LAST_DAY)
    }


def _at(day: date, hour: int) -> datetime:
    """`hour` o'clock UTC of `day`, as instants are stored (naive UTC)."""
    return datetime.combine(day, time(hour))


def load_complexity_demo() -> dict[str, int]:
    """The lead's ratings of every case file open in each month of the period, and the months
    agreed with the funder; returns counts."""
    with write_tx():
        lead = User.get(User.username == LEAD)
        open_codes = _open_codes()
        ids = dict(CaseFile.select(CaseFile.code, CaseFile.id).tuples())
        rows = []
        for month, rated in plan_ratings(open_codes).items():
            at = _at(month_end(month) + timedelta(days=RATED_AFTER), 8)
            rows.extend(
                (ids[code], month, level, note, lead.id, at)
                for code, (level, note) in sorted(rated.items())
            )
        fields = [
            ComplexityRating.case,
            ComplexityRating.month,
            ComplexityRating.level,
            ComplexityRating.note,
            ComplexityRating.rated_by,
            ComplexityRating.rated_at,
        ]
        for batch in chunked(rows, BATCH):
            ComplexityRating.insert_many(batch, fields=fields).execute()
        for month, how in AGREED.items():
            agreed_on = month_end(month) + timedelta(days=AGREED_AFTER)
            row = ComplexityMonth.create(
                month=month, agreed_on=agreed_on, agreed_how=how, agreed_by=lead.id
            )
            ComplexityMonthEvent.create(
                month=row, kind=MonthEventKind.AGREE, text=how, actor=lead.id, at=_at(agreed_on, 9)
            )
    return {"ratings": len(rows), "agreed_months": len(AGREED)}
