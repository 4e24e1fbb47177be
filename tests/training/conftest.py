"""Training fixtures: a session last week, the session and attendance forms as posted."""

from datetime import date

import pytest

from app.training.models import TrainingSession
from tests.factories import kind_id, make_session


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
