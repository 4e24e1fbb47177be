"""Meeting fixtures: a weekly meeting last week, a submitted month, the meeting form."""

from datetime import date

import pytest

from app.calendar import local_today, month_start
from app.meetings.models import Meeting, MonthSubmission
from app.permissions import Role
from tests.factories import make_meeting


@pytest.fixture
def meeting(english, last_week) -> Meeting:
    return make_meeting(english, last_week)


def submit_month(users, day: date) -> None:
    MonthSubmission.create(
        month=month_start(day), submitted_on=local_today(), submitted_by=users[Role.COORDINATOR]
    )


def meeting_data(day: date, **extra) -> dict:
    data = {
        "kind": "weekly",
        "day": day.isoformat(),
        "start": "10:00",
        "end": "11:00",
        "format": "in_person",
        "platform": "",
        "place": "Office",
        "chair": "0",
        "guests": "",
        "agenda": "Plan",
    }
    data.update(extra)
    return data
