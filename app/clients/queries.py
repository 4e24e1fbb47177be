"""Who sees which clients, members of a case on a day, timelines in bulk, entitlements and a
case file's page."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from peewee import JOIN

from app.accounts import User
from app.cases.models import CaseClosure, CaseFile
from app.cases.queries import cases_visible_to, latest_closure, normalise_search
from app.clients import rules
from app.clients.models import Client, LegalEvent, Membership, Residence
from app.permissions import Role


def member_on(day: date):
    """The condition "the membership includes the day"."""
    return (Membership.joined_on <= day) & (
        Membership.left_on.is_null() | (Membership.left_on >= day)
    )


def events_by_client(client_ids) -> dict[int, list[tuple[str, date]]]:
    """Each client's legal timeline as (stage, day) in order; one query."""
    timelines: dict[int, list[tuple[str, date]]] = defaultdict(list)
    if not client_ids:
        return timelines
    rows = (
        LegalEvent.select(LegalEvent.client, LegalEvent.stage, LegalEvent.day)
        .where(LegalEvent.client.in_(list(client_ids)))
        .order_by(LegalEvent.client, LegalEvent.day, LegalEvent.id)
        .tuples()
    )
    for client_id, stage, day in rows:
        timelines[client_id].append((stage, day))
    return timelines


@dataclass(frozen=True)
class DueEntitlement:
    case_id: int
    code: str
    number: int
    client_id: int
    entitlement: rules.Entitlement


def due_entitlements(viewer: User, today: date) -> list[DueEntitlement]:
    """Current members of the viewer's open case files whose entitlement has ended or ends
    within ENTITLEMENT_WARNING_DAYS, soonest first; two queries."""
    rows = list(
        cases_visible_to(viewer)
        .select(CaseFile.id, CaseFile.code, Membership.number, Client.id, Client.arrived_on)
        .join(Membership, on=(Membership.case == CaseFile.id))
        .join(Client, on=(Membership.client == Client.id))
        .where(CaseFile.closed_on.is_null(), member_on(today))
        .tuples()
    )
    timelines = events_by_client({row[3] for row in rows})
    due = []
    for case_id, code, number, client_id, arrived_on in rows:
        entitlement = rules.entitlement(arrived_on, timelines.get(client_id, []))
        if entitlement.due(today):
            due.append(DueEntitlement(case_id, code, number, client_id, entitlement))
    return sorted(due, key=lambda item: (item.entitlement.ends_on, item.code, item.number))


def residences_by_client(client_ids) -> dict[int, list[tuple[str, str, date]]]:
    """Each client's residences as (place, municipality, since) in order; one query."""
    found: dict[int, list[tuple[str, str, date]]] = defaultdict(list)
    if not client_ids:
        return found
    rows = (
        Residence.select(Residence.client, Residence.place, Residence.municipality, Residence.since)
        .where(Residence.client.in_(list(client_ids)))
        .order_by(Residence.client, Residence.since, Residence.id)
        .tuples()
    )
    for client_id, place, municipality, since in rows:
        found[client_id].append((place, municipality, since))
    return found


#: the details every member should have (a school grade only a pupil has)
ASKED_FIELDS = ("gender", "birth_year", "country", "arrival_route", "arrived_on")


@dataclass(frozen=True)
class TimelineItem:
    """A step of the legal timeline (`stage`) or a move (`place`, `municipality`) on a day."""

    day: date
    stage: str = ""
    place: str = ""
    municipality: str = ""


@dataclass(frozen=True)
class Member:
    """A membership of a case file with its client's details, timeline and what follows from
    them; a mentor's copy keeps only the number and the legal stage."""

    membership_id: int
    client_id: int
    number: int
    joined_on: date | None
    left_on: date | None
    stage: str | None
    current: bool
    gender: str | None = None
    birth_year: int | None = None
    age: int | None = None
    country: str | None = None
    arrival_route: str | None = None
    arrived_on: date | None = None
    school_grade: int | None = None
    residence: tuple[str, str, date] | None = None
    entitlement: rules.Entitlement | None = None
    due: bool = False
    missing: tuple[str, ...] = ()
    timeline: tuple[TimelineItem, ...] = ()


@dataclass(frozen=True)
class CasePage:
    """What a case file's page shows the viewer: `personal` is False for a mentor, whose
    members carry no personal details."""

    case: CaseFile
    social_worker_name: str
    mentor_name: str | None
    closure: CaseClosure | None
    members: list[Member]
    household: str
    personal: bool

    @property
    def current_members(self) -> list[Member]:
        return [member for member in self.members if member.current]

    @property
    def incomplete(self) -> list[Member]:
        return [member for member in self.current_members if member.missing]


def sees_personal_details(viewer: User) -> bool:
    """Staff who manage case files and the coordinator; never a mentor (case codes, household
    kind and legal stages only)."""
    return viewer.role in (*Role.SUPERVISORS, Role.COORDINATOR)


def _timeline(events, moves) -> tuple[TimelineItem, ...]:
    items = [TimelineItem(day, stage=stage) for stage, day in events]
    items += [TimelineItem(since, place=place, municipality=town) for place, town, since in moves]
    return tuple(sorted(items, key=lambda item: item.day))


def case_members(case: CaseFile, today: date) -> list[Member]:
    """Every membership of the case file, by number, with its client's details, timeline,
    residence and entitlement; members are current on the case's last open day (today while
    it is open); three queries."""
    day = case.closed_on or today
    rows = list(
        Membership.select(
            Membership.id,
            Membership.number,
            Membership.joined_on,
            Membership.left_on,
            Client.id,
            Client.gender,
            Client.birth_year,
            Client.country,
            Client.arrival_route,
            Client.arrived_on,
            Client.school_grade,
        )
        .join(Client)
        .where(Membership.case == case.id)
        .order_by(Membership.number)
        .tuples()
    )
    client_ids = {row[4] for row in rows}
    timelines = events_by_client(client_ids)
    residences = residences_by_client(client_ids)
    members = []
    for membership_id, number, joined_on, left_on, client_id, *details in rows:
        gender, birth_year, country, route, arrived_on, grade = details
        events = timelines.get(client_id, [])
        moves = residences.get(client_id, [])
        entitled = rules.entitlement(arrived_on, events)
        values = dict(
            zip(ASKED_FIELDS, (gender, birth_year, country, route, arrived_on), strict=True)
        )
        members.append(
            Member(
                membership_id=membership_id,
                client_id=client_id,
                number=number,
                joined_on=joined_on,
                left_on=left_on,
                stage=events[-1][0] if events else None,
                current=joined_on <= day and (left_on is None or left_on >= day),
                age=rules.age_in(birth_year, today),
                school_grade=grade,
                residence=moves[-1] if moves else None,
                entitlement=entitled,
                due=entitled.due(today),
                missing=tuple(name for name, value in values.items() if value is None),
                timeline=_timeline(events, moves),
                **values,
            )
        )
    return members


def _stripped(member: Member) -> Member:
    return Member(
        membership_id=member.membership_id,
        client_id=member.client_id,
        number=member.number,
        joined_on=None,
        left_on=None,
        stage=member.stage,
        current=member.current,
    )


def case_page(case: CaseFile, viewer: User, today: date) -> CasePage:
    """The case file's page for the viewer; six queries whatever the number of members."""
    worker = User.alias("worker")
    mentor = User.alias("mentor_user")
    names = (
        CaseFile.select(worker.display_name, mentor.display_name)
        .join(worker, on=(CaseFile.social_worker == worker.id))
        .switch(CaseFile)
        .join(mentor, JOIN.LEFT_OUTER, on=(CaseFile.mentor == mentor.id))
        .where(CaseFile.id == case.id)
        .tuples()
        .get()
    )
    members = case_members(case, today)
    day = case.closed_on or today
    kind = rules.household([m.birth_year for m in members if m.current], day)
    personal = sees_personal_details(viewer)
    return CasePage(
        case=case,
        social_worker_name=names[0],
        mentor_name=names[1],
        closure=latest_closure(case) if case.closed_on is not None else None,
        members=members if personal else [_stripped(member) for member in members],
        household=kind,
        personal=personal,
    )


def case_by_code(code: str) -> CaseFile | None:
    """Any case file by its code (a move names its target by code; the service decides whether
    the actor may move a member there)."""
    return CaseFile.get_or_none(CaseFile.code == normalise_search(code))


def membership_in(case: CaseFile, membership_id: int) -> Membership | None:
    """A membership of this case file only (another case's id finds nothing), with its client
    and the case itself."""
    membership = (
        Membership.select(Membership, Client)
        .join(Client)
        .where(Membership.id == membership_id, Membership.case == case.id)
        .first()
    )
    if membership is not None:
        membership.case = case
    return membership


def clients_of(case: CaseFile, membership_ids: list[int]) -> list[Client]:
    """The clients of these memberships of the case file, in the members' order."""
    return list(
        Client.select()
        .join(Membership)
        .where(Membership.case == case.id, Membership.id.in_(membership_ids))
        .order_by(Membership.number)
    )
