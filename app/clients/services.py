"""Members of case files and their timelines: add, change, leave, move; legal steps and
residence, each checked against the timeline's order; every change audited."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from peewee import fn

from app import audit
from app.accounts import User
from app.calendar import local_today
from app.cases.models import CaseFile
from app.cases.queries import may_manage
from app.clients import rules
from app.clients.models import (
    ArrivalRoute,
    Client,
    Gender,
    LegalEvent,
    Membership,
    Place,
    Residence,
    Stage,
)
from app.countries import country_codes
from app.db import write_tx
from app.refusals import Refused, refuse

MAX_GRADE = 12

#: the fields of a client that a member form edits
CLIENT_FIELDS = ("gender", "birth_year", "country", "arrival_route", "arrived_on", "school_grade")


@dataclass
class MemberInput:
    gender: str | None = None
    birth_year: int | None = None
    country: str | None = None
    arrival_route: str | None = None
    arrived_on: date | None = None
    school_grade: int | None = None

    def values(self) -> dict:
        return {name: getattr(self, name) or None for name in CLIENT_FIELDS}


def _check_scope(actor: User, case: CaseFile) -> None:
    if not may_manage(actor, case.social_worker_id, case.mentor_id):
        raise refuse(_l("You cannot change this case file."))


def _check_member(data: MemberInput, today: date, first_event: date | None) -> None:
    errors: dict[str, list] = {}

    def add(field_name, message):
        errors.setdefault(field_name, []).append(message)

    if data.gender and data.gender not in Gender.ALL:
        add("gender", _l("Not a valid choice."))
    if data.birth_year is not None and not (
        rules.FIRST_BIRTH_YEAR <= data.birth_year <= today.year
    ):
        add(
            "birth_year",
            _l(
                "Enter a year of birth from %(first)d to %(last)d.",
                first=rules.FIRST_BIRTH_YEAR,
                last=today.year,
            ),
        )
    if data.country and data.country not in country_codes():
        add("country", _l("Choose a country from the list."))
    if data.arrival_route and data.arrival_route not in ArrivalRoute.ALL:
        add("arrival_route", _l("Not a valid choice."))
    if data.arrived_on is not None:
        if data.arrived_on > today:
            add("arrived_on", _l("The arrival cannot be in the future."))
        elif data.birth_year is not None and data.arrived_on.year < data.birth_year:
            add("arrived_on", _l("The arrival is before the year of birth."))
        elif first_event is not None and first_event < data.arrived_on:
            add(
                "arrived_on",
                _l("The legal timeline has a step before this arrival date."),
            )
    if data.school_grade is not None and not 1 <= data.school_grade <= MAX_GRADE:
        add("school_grade", _l("Enter a grade from 1 to %(max)d.", max=MAX_GRADE))
    if errors:
        raise Refused(errors)


def refresh_people(case: CaseFile) -> None:
    """Store the members on the case's last open day (today while open) as its head count."""
    day = case.closed_on or local_today()
    count = (
        Membership.select()
        .where(
            Membership.case == case.id,
            Membership.joined_on <= day,
            Membership.left_on.is_null() | (Membership.left_on >= day),
        )
        .count()
    )
    if count != case.people:
        case.people = count
        case.save(only=[CaseFile.people])


def _next_number(case: CaseFile) -> int:
    latest = Membership.select(fn.MAX(Membership.number)).where(Membership.case == case.id)
    return (latest.scalar() or 0) + 1


def _check_joining(case: CaseFile, day: date, today: date, field_name: str) -> None:
    if day > today:
        raise refuse(_l("Enter a day up to today."), field_name)
    if not case.is_open_on(day):
        raise refuse(_l("The case file is not open on that day."), field_name)


def add_member(
    actor: User, case: CaseFile, data: MemberInput, joined_on: date, today: date | None = None
) -> Membership:
    """A new client in the case file from `joined_on` (a baby the day it is born)."""
    today = today or local_today()
    with write_tx():
        _check_scope(actor, case)
        _check_member(data, today, None)
        _check_joining(case, joined_on, today, "joined_on")
        client = Client.create(**data.values())
        membership = Membership.create(
            client=client, case=case, number=_next_number(case), joined_on=joined_on
        )
        refresh_people(case)
        audit.record(actor, "client.create", client, [k for k, v in data.values().items() if v])
        audit.record(actor, "membership.create", membership, ["case", "joined_on"])
    return membership


def add_unknown_members(actor: User, case: CaseFile, count: int, day: date) -> None:
    """`count` members whose details are still to be asked for (a new case file's people)."""
    for number in range(1, count + 1):
        client = Client.create()
        Membership.create(client=client, case=case, number=number, joined_on=day)
    refresh_people(case)
    audit.record(actor, "membership.create", case, ["people"])


def _first_event_day(client: Client) -> date | None:
    return LegalEvent.select(fn.MIN(LegalEvent.day)).where(LegalEvent.client == client.id).scalar()


def update_member(
    actor: User, membership: Membership, data: MemberInput, today: date | None = None
) -> list[str]:
    """Change a member's details; returns the names of the fields that changed."""
    today = today or local_today()
    client = membership.client
    with write_tx():
        _check_scope(actor, membership.case)
        _check_member(data, today, _first_event_day(client))
        values = data.values()
        changed = [name for name, value in values.items() if getattr(client, name) != value]
        if changed:
            for name in changed:
                setattr(client, name, values[name])
            client.save(only=[getattr(Client, name) for name in changed])
            audit.record(actor, "client.update", client, changed)
    return changed


def member_leaves(
    actor: User, membership: Membership, left_on: date, today: date | None = None
) -> None:
    """The member leaves the case file on that day (their last day in it)."""
    today = today or local_today()
    with write_tx():
        _check_scope(actor, membership.case)
        if membership.left_on is not None:
            raise refuse(_l("This member has already left the case file."))
        if left_on < membership.joined_on:
            raise refuse(_l("The member cannot leave before joining."), "left_on")
        if left_on > today:
            raise refuse(_l("Enter a day up to today."), "left_on")
        membership.left_on = left_on
        membership.save(only=[Membership.left_on])
        refresh_people(membership.case)
        audit.record(actor, "membership.leave", membership, ["left_on"])


def move_member(
    actor: User, membership: Membership, target: CaseFile, day: date, today: date | None = None
) -> Membership:
    """The member belongs to `target` from `day` on: their time in this case ends the day
    before; the lead may move anyone, a social worker only between case files they manage."""
    today = today or local_today()
    with write_tx():
        _check_scope(actor, membership.case)
        if target.id == membership.case_id:
            raise refuse(_l("Choose another case file."), "target")
        if not may_manage(actor, target.social_worker_id, target.mentor_id):
            raise refuse(
                _l(
                    "Case file %(code)s is another social worker's; the lead social worker "
                    "can move a member there.",
                    code=target.code,
                ),
                "target",
            )
        if membership.left_on is not None:
            raise refuse(_l("This member has already left the case file."))
        if day <= membership.joined_on:
            raise refuse(_l("The move must be after the member joined."), "day")
        _check_joining(target, day, today, "day")
        membership.left_on = day - timedelta(days=1)
        membership.save(only=[Membership.left_on])
        moved = Membership.create(
            client=membership.client_id, case=target, number=_next_number(target), joined_on=day
        )
        refresh_people(membership.case)
        refresh_people(target)
        audit.record(actor, "membership.move", moved, ["case", "joined_on"])
    return moved


# --- the legal timeline ------------------------------------------------------------------


def timeline(client_id: int) -> list[LegalEvent]:
    return list(
        LegalEvent.select()
        .where(LegalEvent.client == client_id)
        .order_by(LegalEvent.day, LegalEvent.id)
    )


def _check_step(client: Client, events: list[LegalEvent], stage: str, day: date, today: date):
    latest = events[-1] if events else None
    if stage not in Stage.ALL:
        raise refuse(_l("Not a valid choice."), "stage")
    if stage not in rules.allowed_next(latest.stage if latest else None):
        if stage in Stage.COURT and not any(e.stage == Stage.APPEAL for e in events):
            raise refuse(_l("A court decision needs an appeal before it."), "stage")
        raise refuse(_l("This step cannot follow the latest one of the timeline."), "stage")
    if day > today:
        raise refuse(_l("Enter a day up to today."), "day")
    if latest is not None and day < latest.day:
        raise refuse(_l("This step is dated before the latest one of the timeline."), "day")
    if client.arrived_on is not None and day < client.arrived_on:
        raise refuse(_l("This step is dated before the arrival in Latvia."), "day")
    if client.birth_year is not None and day.year < client.birth_year:
        raise refuse(_l("This step is dated before the year of birth."), "day")


def record_step(
    actor: User, case: CaseFile, clients: list[Client], stage: str, day: date, today=None
) -> list[LegalEvent]:
    """The same legal step for the chosen members of a case file (a family's decision), all or
    none: a member for whom it would be out of order refuses it for everyone."""
    today = today or local_today()
    if not clients:
        raise refuse(_l("Choose at least one member."), "members")
    recorded = []
    with write_tx():
        _check_scope(actor, case)
        for client in clients:
            _check_step(client, timeline(client.id), stage, day, today)
        for client in clients:
            event = LegalEvent.create(client=client, stage=stage, day=day)
            audit.record(actor, "legal_event.create", event, ["stage", "day"])
            recorded.append(event)
    return recorded


def undo_latest_step(actor: User, case: CaseFile, client: Client) -> None:
    """Take back the latest step of a member's timeline (a mistake); earlier ones stay."""
    with write_tx():
        _check_scope(actor, case)
        events = timeline(client.id)
        if not events:
            raise refuse(_l("The timeline has no step to take back."))
        latest = events[-1]
        if case.closed_on is not None and latest.stage in Stage.EXITS:
            raise refuse(
                _l("This step ends the timeline of a closed case file: reopen the case file first.")
            )
        audit.record(actor, "legal_event.delete", latest, ["stage", "day"])
        latest.delete_instance()


def close_timelines(client_ids: list[int], reason: str, day: date) -> None:
    """The closing reason as the last step of each member's timeline that allows it (inside
    the closing's transaction; a member who already left keeps their own last step)."""
    for client_id in client_ids:
        events = timeline(client_id)
        latest = events[-1] if events else None
        if latest is not None and latest.day > day:
            continue
        if reason in rules.allowed_next(latest.stage if latest else None):
            LegalEvent.create(client=client_id, stage=reason, day=day)


# --- residence -----------------------------------------------------------------------------


def record_residence(
    actor: User,
    case: CaseFile,
    clients: list[Client],
    place: str,
    municipality: str,
    since: date,
    today: date | None = None,
) -> None:
    """Where the chosen members live from `since` on."""
    today = today or local_today()
    municipality = (municipality or "").strip()
    if not clients:
        raise refuse(_l("Choose at least one member."), "members")
    if place not in Place.ALL:
        raise refuse(_l("Not a valid choice."), "place")
    if place == Place.MUNICIPALITY and not municipality:
        raise refuse(_l("Name the municipality."), "municipality")
    if place == Place.PMC:
        municipality = ""
    if since > today:
        raise refuse(_l("Enter a day up to today."), "since")
    if case.closed_on is not None and since > case.closed_on:
        raise refuse(_l("The case file is closed on that day."), "since")
    with write_tx():
        _check_scope(actor, case)
        for client in clients:
            latest = (
                Residence.select(fn.MAX(Residence.since))
                .where(Residence.client == client.id)
                .scalar()
            )
            if latest is not None and since <= latest:
                raise refuse(_l("A later move is already recorded for a member."), "since")
        for client in clients:
            row = Residence.create(
                client=client, place=place, municipality=municipality, since=since
            )
            audit.record(actor, "residence.create", row, ["place", "since"])
