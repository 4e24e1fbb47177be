"""A locked (reported) month refuses every change to its weeks, in the services and the pages."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.calendar import local_today, months_touched
from app.permissions import Role
from app.refusals import Refused
from app.timesheets import services
from app.timesheets.models import Entry, Place, Week, WeekEvent
from app.timesheets.services import EntryInput
from tests.timesheets.conftest import entry_data, file_week, lock_week, week_path

HX = {"HX-Request": "true"}


def refused_because_locked(call) -> None:
    """The call is refused, and the reason given is the month lock."""
    with pytest.raises(Refused) as refused:
        call()
    assert str(refused.value.message) == str(services.MONTH_LOCKED)


@pytest.fixture
def conflicted(users, world, monday):
    """The mentor's submitted week with a double-funding conflict, its months then locked."""
    week = file_week(users, world, monday, "submitted", conflict=True)
    lock_week(monday, users[Role.COORDINATOR])
    return week


def justification(week: Week) -> str | None:
    return Week.get_by_id(week.id).conflict_justification


def test_the_lead_cannot_justify_a_conflict_in_a_locked_month(users, conflicted):
    refused_because_locked(
        lambda: services.justify_conflict(users[Role.LEAD], conflicted, "Tulkošana pusdienās.")
    )
    assert justification(conflicted) is None


def test_the_justify_page_refuses_in_a_locked_month(client_as, users, conflicted, monday):
    path = week_path(users[Role.MENTOR].id, monday, "/justify")
    response = client_as(Role.LEAD).post(path, data={"comment": "Tulkošana."}, headers=HX)
    assert response.status_code == 422
    assert "This month is locked" in response.get_data(as_text=True)
    assert justification(conflicted) is None


#: each week transition: the status it starts from, who takes it, and the call
TRANSITIONS = {
    "submit": (
        "draft",
        Role.MENTOR,
        lambda user, week: services.submit_week(user, week.week_start),
    ),
    "withdraw": ("submitted", Role.MENTOR, services.withdraw_week),
    "approve": ("submitted", Role.SOCIAL_WORKER, services.approve_week),
    "return": (
        "submitted",
        Role.SOCIAL_WORKER,
        lambda user, week: services.return_week(user, week, "Lūdzu, labojiet."),
    ),
    "reopen": (
        "approved",
        Role.LEAD,
        lambda user, week: services.reopen_week(user, week, "Kļūda stundās."),
    ),
}


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_a_locked_month_refuses_each_week_transition(users, world, monday, action):
    status, role, transition = TRANSITIONS[action]
    week = file_week(users, world, monday, status)
    events = WeekEvent.select().count()
    lock_week(monday, users[Role.COORDINATOR])
    refused_because_locked(lambda: transition(users[role], week))
    assert Week.get_by_id(week.id).status == status
    assert WeekEvent.select().count() == events


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_the_week_pages_refuse_each_transition_in_a_locked_month(
    client_as, users, world, monday, action
):
    status, role, _transition = TRANSITIONS[action]
    week = file_week(users, world, monday, status)
    lock_week(monday, users[Role.COORDINATOR])
    path = week_path(users[Role.MENTOR].id, monday, f"/{action}")
    response = client_as(role).post(path, data={"comment": "Kļūda."}, headers=HX)
    assert response.status_code == 422
    assert "This month is locked" in response.get_data(as_text=True)
    assert Week.get_by_id(week.id).status == status


@pytest.fixture
def locked_entry(users, world, monday) -> Entry:
    """An entry of the mentor's draft week, in a month locked since."""
    file_week(users, world, monday, "draft")
    lock_week(monday, users[Role.COORDINATOR])
    return Entry.get()


def test_a_locked_month_refuses_a_new_entry(users, world, monday, locked_entry):
    data = EntryInput(monday + timedelta(days=1), 540, 600, world["activity"].id, Place.PMC)
    refused_because_locked(lambda: services.save_entry(users[Role.MENTOR], data, local_today()))
    assert Entry.select().count() == 1


def test_a_locked_month_refuses_changing_an_entry(users, world, monday, locked_entry):
    data = EntryInput(monday, 600, 660, world["activity"].id, Place.REMOTE)
    with pytest.raises(Refused, match="no longer be changed"):
        services.save_entry(
            users[Role.MENTOR],
            data,
            local_today(),
            entry=locked_entry,
            expected_version=locked_entry.version,
        )
    assert Entry.get_by_id(locked_entry.id).place == Place.PMC


def test_a_locked_month_refuses_deleting_an_entry(users, locked_entry):
    with pytest.raises(Refused, match="no longer be changed"):
        services.delete_entry(users[Role.MENTOR], locked_entry, local_today())
    assert Entry.select().count() == 1


def test_the_entry_pages_refuse_in_a_locked_month(client_as, users, world, monday, locked_entry):
    mentor = client_as(Role.MENTOR)
    created = mentor.post(
        "/timesheets/entries", data=entry_data(monday + timedelta(1), activity=world["activity"])
    )
    assert created.status_code == 422 and "This month is locked" in created.get_data(as_text=True)
    updated = mentor.post(
        f"/timesheets/entries/{locked_entry.id}",
        data=entry_data(monday, "10:00", "11:00", world["activity"], version="1"),
    )
    assert updated.status_code == 422
    mentor.post(f"/timesheets/entries/{locked_entry.id}/delete")
    assert [(e.id, e.start_minute) for e in Entry.select()] == [(locked_entry.id, 540)]


def test_a_locked_month_refuses_copying_last_week(client_as, users, world, monday):
    mentor = users[Role.MENTOR]
    last_week = monday - timedelta(days=7)
    file_week(users, world, last_week, "approved")
    lock_week(monday, users[Role.COORDINATOR])
    refused_because_locked(lambda: services.copy_plan(mentor, monday, local_today()))
    refused_because_locked(lambda: services.copy_last_week(mentor, monday, local_today()))
    client = client_as(Role.MENTOR)
    response = client.post(week_path(mentor.id, monday, "/copy-last"), headers=HX)
    assert "This month is locked" in response.get_data(as_text=True)
    assert Entry.select().where(Entry.day >= monday).count() == 0


def test_a_week_across_a_locked_and_an_open_month_keeps_its_open_days(users):
    """The week's transitions stop once every day is locked; each entry follows its own day."""
    mentor = users[Role.MENTOR]
    monday = date(2024, 4, 29)  # to Sunday 5 May
    april_locked = services.WeekState(
        mentor_id=mentor.id,
        week_start=monday,
        status=None,
        locked_months=frozenset({date(2024, 4, 1)}),
        conflicted=False,
        justified=False,
    )
    allowed = services.allowed_actions(april_locked, mentor, date(2024, 5, 6))
    assert allowed.actions == {"submit", "edit", "copy"}
    assert allowed.open_days == {date(2024, 5, day) for day in range(1, 6)}
    both_locked = replace(april_locked, locked_months=frozenset(months_touched(monday)))
    assert services.allowed_actions(both_locked, mentor, date(2024, 5, 6)).actions == set()
