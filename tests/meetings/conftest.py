"""Meeting fixtures: English UI for everyone, a weekly meeting last week, helpers."""

from datetime import date, timedelta

import pytest

from app.accounts import User
from app.calendar import local_today, month_start, week_start_of
from app.db import db
from app.meetings import services
from app.meetings.models import Meeting, MeetingKind, MonthSubmission
from app.permissions import Role


@pytest.fixture
def english(app, users):
    """Everyone reads the English UI, so assertions can quote the messages."""
    with db.connection_context():
        User.update(language="en").execute()
    return users


def make_meeting(users, day: date, kind: str = MeetingKind.WEEKLY, **extra) -> Meeting:
    data = services.MeetingInput(
        kind=kind,
        day=day,
        start_minute=600,
        end_minute=660,
        place="Office",
        chair_id=users[Role.COORDINATOR].id,
        attendee_ids=extra.pop("attendees", [users[Role.MENTOR].id, users[Role.SOCIAL_WORKER].id]),
        agenda=extra.pop("agenda", "1. Schedule"),
        **extra,
    )
    with db.connection_context():
        return services.create_meeting(users[Role.COORDINATOR], data)


@pytest.fixture
def last_week() -> date:
    """Tuesday of last week: past, and a whole week."""
    return week_start_of(local_today()) - timedelta(days=6)


@pytest.fixture
def meeting(english, last_week) -> Meeting:
    return make_meeting(english, last_week)


def submit_month(users, day: date) -> None:
    with db.connection_context():
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
