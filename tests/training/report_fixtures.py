"""Report fixtures: sessions with attendance marks written straight to the database, and a
first quarter of 2020 with a month and people missing supervision."""

from datetime import date

import pytest

from app.permissions import Role
from tests.conftest import create_user
from tests.factories import add_session

FIRST, LAST = date(2020, 1, 1), date(2020, 3, 31)
RANGE = {"from": FIRST.isoformat(), "to": LAST.isoformat()}


@pytest.fixture
def quarter(english):
    """January: a joint supervision (5 h; the mentor stayed 2 h). February: a mentors'
    supervision (4 h; the social worker invited, absent). March: no supervision held (one
    cancelled, one nobody attended), a training (3 h; the social worker 1.5 h, the lead not
    marked). A second mentor starts on 1 March; an inactive mentor never counts."""
    users = english
    worker, lead, mentor = users[Role.SOCIAL_WORKER], users[Role.LEAD], users[Role.MENTOR]
    newcomer = create_user("newmentor", Role.MENTOR, start_date=date(2020, 3, 1))
    create_user("gonementor", Role.MENTOR, active=False)
    add_session("Group supervision", date(2020, 1, 21), 300, {worker: 300, lead: 300, mentor: 120})
    add_session("Group supervision", date(2020, 2, 18), 240, {mentor: 240, worker: 0})
    add_session("Group supervision", date(2020, 3, 10), 180, {mentor: 180}, cancelled=True)
    add_session("Individual supervision", date(2020, 3, 12), 60, {newcomer: 0})
    add_session(
        "Qualification training",
        date(2020, 3, 24),
        180,
        {mentor: 180, worker: 90, lead: None},
        topic="Crisis intervention",
    )
    return {**users, "newcomer": newcomer}
