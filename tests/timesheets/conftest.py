"""Timesheet fixtures: a past week, case files, a second mentor, helpers to post entries, to
file a week in a given status and to lock its months."""

from datetime import date, timedelta

import pytest

from app.accounts import User
from app.calendar import local_today, months_touched, week_start_of
from app.cases.models import CaseFile
from app.permissions import Role
from app.timesheets import services
from app.timesheets.models import ActivityType, MonthLock, Place, Week
from app.timesheets.services import EntryInput
from tests.conftest import create_user


@pytest.fixture
def monday() -> date:
    """The Monday two weeks ago: fileable, and never in the future."""
    return week_start_of(local_today()) - timedelta(days=14)


@pytest.fixture
def world(app, users, monday):
    """Cases of the mentor (L-0001), of another mentor (L-0002), one closed (L-0003).

    Everyone reads the English UI, so assertions can quote the messages.
    """
    User.update(language="en").execute()
    other = create_user("othermentor", Role.MENTOR, supervisor=users[Role.LEAD])
    opened = monday - timedelta(days=60)
    own = CaseFile.create(
        code="L-0001",
        people=3,
        kind="family",
        opened_on=opened,
        social_worker=users[Role.SOCIAL_WORKER],
        mentor=users[Role.MENTOR],
    )
    colleague = CaseFile.create(
        code="L-0002", opened_on=opened, social_worker=users[Role.LEAD], mentor=other
    )
    closed = CaseFile.create(
        code="L-0003",
        opened_on=opened,
        closed_on=monday - timedelta(1),
        social_worker=users[Role.SOCIAL_WORKER],
        mentor=users[Role.MENTOR],
    )
    activity = ActivityType.select().order_by(ActivityType.id).first()
    return {
        "other": other,
        "own": own,
        "colleague": colleague,
        "closed": closed,
        "activity": activity,
    }


def entry_data(day: date, start="09:00", end="10:00", activity=None, **extra) -> dict:
    data = {
        "day": day.isoformat(),
        "start": start,
        "end": end,
        "activity": str(activity.id if activity else 1),
        "place": "pmc",
        "note": "",
    }
    data.update(extra)
    return data


def week_path(mentor_id: int, monday: date, suffix: str = "") -> str:
    year, week, _ = monday.isocalendar()
    return f"/timesheets/{mentor_id}/{year}/{week}{suffix}"


def lock_week(monday, coordinator: User) -> None:
    """Lock every month the week has days in, as a coordinator does once they are reported."""
    for first in months_touched(monday):
        MonthLock.create(month=first, locked_by=coordinator.id)


def file_week(users, world, monday, status: str, conflict: bool = False) -> Week:
    """The mentor's week with one entry (two that conflict), brought to `status`."""
    mentor, worker = users[Role.MENTOR], users[Role.SOCIAL_WORKER]
    activity, today = world["activity"].id, local_today()
    services.save_entry(mentor, EntryInput(monday, 540, 720, activity, Place.PMC), today)
    if conflict:
        interpreting = EntryInput(monday, 600, 660, activity, Place.PMC, paid_interpreting=True)
        services.save_entry(mentor, interpreting, today)
    if status != "draft":
        week = services.submit_week(mentor, monday)
    if status == "returned":
        services.return_week(worker, week, "Lūdzu, labojiet.")
    if status == "approved":
        services.approve_week(worker, week)
    return Week.get(Week.mentor == mentor.id, Week.week_start == monday)
