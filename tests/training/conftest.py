"""Training fixtures: English UI for everyone, the seeded kinds, a session helper."""

from datetime import date, timedelta

import pytest

from app.accounts import User
from app.calendar import local_today, week_start_of
from app.db import db
from app.permissions import Role
from app.training import services
from app.training.models import TrainingKind, TrainingSession


@pytest.fixture
def english(app, users):
    """Everyone reads the English UI, so assertions can quote the messages."""
    with db.connection_context():
        User.update(language="en").execute()
    return users


def kind_id(name_en: str) -> int:
    with db.connection_context():
        return TrainingKind.get(TrainingKind.name_en == name_en).id


@pytest.fixture
def last_week() -> date:
    """Tuesday of last week: past, so attendance can be marked."""
    return week_start_of(local_today()) - timedelta(days=6)


def make_session(users, day: date, kind: str = "Group supervision", **extra) -> TrainingSession:
    """A 10:00–13:00 session (3 h) by the coordinator, the mentor and social worker invited."""
    data = services.SessionInput(
        kind_id=kind_id(kind),
        topic=extra.pop("topic", "Burnout and boundaries"),
        day=day,
        start_minute=extra.pop("start_minute", 600),
        end_minute=extra.pop("end_minute", 780),
        place="Office",
        audience=extra.pop("audience", "all_staff"),
        participant_ids=extra.pop(
            "participants", [users[Role.MENTOR].id, users[Role.SOCIAL_WORKER].id]
        ),
        **extra,
    )
    with db.connection_context():
        return services.create_session(users[Role.COORDINATOR], data)


@pytest.fixture
def session(english, last_week) -> TrainingSession:
    return make_session(english, last_week)


def session_data(day: date, **extra) -> dict:
    """Form data for /training/new and /edit (kind 1 = group supervision)."""
    data = {
        "kind": str(kind_id("Group supervision")),
        "topic": "Supervision",
        "day": day.isoformat(),
        "end_day": "",
        "start": "10:00",
        "end": "13:00",
        "hours": "",
        "facilitator": "External supervisor",
        "format": "in_person",
        "platform": "",
        "place": "Office",
        "audience": "mentors",
        "objectives": "",
        "results": "",
        "follow_up": "",
    }
    data.update(extra)
    return data


def marks_data(marks: list[tuple[int, str, str]]) -> dict:
    """Attendance form data from (user id, mark, hours) triples."""
    data = {}
    for index, (user_id, mark, hours) in enumerate(marks):
        data[f"marks-{index}-user"] = str(user_id)
        data[f"marks-{index}-mark"] = mark
        data[f"marks-{index}-hours"] = hours
    return data
