"""Who sees which clients, members of a case on a day, timelines in bulk and entitlements."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from app.accounts import User
from app.cases.models import CaseFile
from app.cases.queries import cases_visible_to
from app.clients import rules
from app.clients.models import Client, LegalEvent, Membership


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
