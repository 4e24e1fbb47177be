"""A locked (reported) month refuses every change to its weeks, in the services and the pages."""

import pytest

from app.accounts import User
from app.calendar import months_touched
from app.db import db
from app.permissions import Role
from app.refusals import Refused
from app.timesheets import services
from app.timesheets.models import MonthLock, Place, Week
from app.timesheets.services import EntryInput
from tests.timesheets.conftest import week_path

HX = {"HX-Request": "true"}


def lock_week(monday, coordinator: User) -> None:
    """Lock every month the week has days in, as a coordinator does once they are reported."""
    for first in months_touched(monday):
        MonthLock.create(month=first, locked_by=coordinator.id)


@pytest.fixture
def conflicted(users, world, monday):
    """The mentor's submitted week with a double-funding conflict, its months then locked."""
    mentor = users[Role.MENTOR]
    activity = world["activity"].id
    with db.connection_context():
        services.save_entry(mentor, EntryInput(monday, 540, 720, activity, Place.PMC), monday)
        services.save_entry(
            mentor,
            EntryInput(monday, 600, 660, activity, Place.PMC, paid_interpreting=True),
            monday,
        )
        week = services.submit_week(mentor, monday)
        lock_week(monday, users[Role.COORDINATOR])
    return week


def justification(week: Week) -> str | None:
    with db.connection_context():
        return Week.get_by_id(week.id).conflict_justification


def test_the_lead_cannot_justify_a_conflict_in_a_locked_month(users, conflicted):
    with db.connection_context(), pytest.raises(Refused, match="locked"):
        services.justify_conflict(users[Role.LEAD], conflicted, "Tulkošana pusdienu laikā.")
    assert justification(conflicted) is None


def test_the_justify_page_refuses_in_a_locked_month(client_as, users, conflicted, monday):
    path = week_path(users[Role.MENTOR].id, monday, "/justify")
    response = client_as(Role.LEAD).post(path, data={"comment": "Tulkošana."}, headers=HX)
    assert response.status_code == 422
    assert "locked" in response.get_data(as_text=True)
    assert justification(conflicted) is None
