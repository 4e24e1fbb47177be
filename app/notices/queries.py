"""Reads of the notices to the funder: the log as each role may see it, and what is overdue."""

from dataclasses import dataclass
from datetime import date

from app.accounts import User
from app.notices.labels import State
from app.notices.models import FunderNotice, deadline_of
from app.permissions import Role


@dataclass(frozen=True)
class NoticeRow:
    id: int
    kind: str
    event_on: date
    subject: str
    details: str
    sent_on: date | None
    sent_how: str
    deadline: date | None
    state: str


def notices_visible_to(user: User):
    """Every notice for the staff who keep the log; the funder sees the ones sent to it."""
    query = FunderNotice.select()
    if user.role == Role.AUDITOR:
        query = query.where(FunderNotice.sent_on.is_null(False))
    return query


def state_of(deadline: date | None, sent_on: date | None, today: date) -> str:
    """Sent (in time or late), or still to send (due, or overdue once its deadline passed)."""
    if sent_on is not None:
        return State.SENT_LATE if deadline is not None and sent_on > deadline else State.SENT
    return State.OVERDUE if deadline is not None and today > deadline else State.DUE


def notice_rows(user: User, today: date) -> list[NoticeRow]:
    """The log, newest event first, each notice with its deadline and state (one query)."""
    rows = (
        notices_visible_to(user)
        .select(
            FunderNotice.id,
            FunderNotice.kind,
            FunderNotice.event_on,
            FunderNotice.subject,
            FunderNotice.details,
            FunderNotice.sent_on,
            FunderNotice.sent_how,
        )
        .order_by(FunderNotice.event_on.desc(), FunderNotice.id.desc())
        .dicts()
    )
    found = []
    for row in rows:
        deadline = deadline_of(row["kind"], row["event_on"])
        found.append(
            NoticeRow(**row, deadline=deadline, state=state_of(deadline, row["sent_on"], today))
        )
    return found


def unsent(user: User, today: date) -> list[NoticeRow]:
    """The notices not yet sent, the soonest deadline first (one query)."""
    rows = [row for row in notice_rows(user, today) if row.sent_on is None]
    return sorted(rows, key=lambda row: (row.deadline or date.max, row.event_on, row.id))
