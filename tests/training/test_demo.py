"""The demo's supervision and training: the interim report's four supervisions and nine
trainings, December 2019 – May 2020, with attendance marked."""

import re
from datetime import date

import pytest
from flask_babel import force_locale

from app.config import PROJECT_ROOT
from app.demo import load_demo
from app.timesheets.demo import REMOTE_FROM
from app.training import reports
from app.training.demo import SESSIONS, SUPERVISOR
from app.training.models import Audience, Participant, TrainingSession
from app.training.summary import period_summary, sentences

FIRST, LAST = date(2019, 12, 1), date(2020, 5, 31)
SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"


@pytest.fixture
def demo(app):
    with app.test_request_context():
        load_demo()
        yield


def held(counts_as: str) -> list[dict]:
    marks = reports.marks_between(FIRST, LAST)
    return [
        row
        for row in reports.sessions_between(FIRST, LAST, marks)
        if row["held"] and row["counts_as"] == counts_as
    ]


def test_four_supervisions_of_5_6_3_and_4_hours(demo):
    supervisions = held("supervision")
    assert [row["minutes"] / 60 for row in supervisions] == [5, 6, 3, 4]
    assert sorted(row["audience"] for row in supervisions) == sorted(
        [Audience.ALL_STAFF, Audience.ALL_STAFF, Audience.MENTORS, Audience.SOCIAL_WORKERS]
    )
    for row in supervisions:
        online = row["day"] >= REMOTE_FROM
        assert row["format"] == ("online" if online else "in_person")
    assert [row["format"] for row in supervisions] == [
        "in_person",
        "in_person",
        "online",
        "online",
    ]


def test_nine_trainings_and_the_reports_sentence(demo):
    assert len(held("training")) == 9
    with force_locale("en"):
        summary = period_summary(
            reports.sessions_between(FIRST, LAST, reports.marks_between(FIRST, LAST))
        )
        english = sentences(summary)["en"]
    assert english == (
        "In the period there were 9 qualification trainings and 4 supervisions "
        "(5 h, 6 h, 3 h and 4 h; 18 h in all)."
    )


def test_attendance_is_marked_some_partly_two_absent(demo):
    marks = list(
        Participant.select(Participant.attended_minutes, TrainingSession.minutes)
        .join(TrainingSession)
        .tuples()
    )
    assert all(attended is not None for attended, _minutes in marks)
    assert sum(1 for attended, _minutes in marks if attended == 0) == 2
    assert sum(1 for attended, minutes in marks if 0 < attended < minutes) == 3


def test_the_grid_shows_the_months_without_supervision(demo):
    with force_locale("en"):
        report = reports.compliance(FIRST, LAST, date(2020, 6, 15))
    missing = {(month.month, group) for month, group in report.missing()}
    sw, mentors = Audience.SOCIAL_WORKERS, Audience.MENTORS
    assert missing == {
        (12, sw),
        (12, mentors),
        (2, sw),
        (2, mentors),
        (3, sw),
        (5, sw),
        (5, mentors),
    }
    january = report.months[1]
    assert january.without[mentors] == ["Dina Mentore-Paraudziņa"]  # mentor9, absent


def test_facilitators_are_fictional():
    assert all("demo" in row[-1].lower() or row[-1] == SUPERVISOR for row in SESSIONS)
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    words = set(re.findall(r"\w+", " ".join(p.read_text().lower() for p in SEEDS.glob("*.txt"))))
    name = SUPERVISOR.removeprefix("Supervizore ").removesuffix(" (demo)")
    for part in re.split(r"[\s\-]+", name.lower()):
        assert part not in words, f"{part!r} appears in the source documents"
