"""Compliance fixtures: English UI, a fixed January 2020 seen from 1 March 2020, record helpers.

The rules take "today" from their window, so the fixtures live in a fixed past: every week of
January 2020 is over, and February has begun.
"""

from datetime import date, timedelta

import pytest
from flask_login import login_user

from app.accounts import User
from app.compliance.rules import Window
from app.db import db
from app.permissions import Role
from app.timesheets.models import ActivityType, Entry, Week, WeekStatus
from tests.conftest import create_user
from tests.risks.conftest import contract, interims  # noqa: F401 (fixtures)

#: Monday 6 January 2020 (ISO week 2) to Sunday 19 January (week 3): two whole weeks
FIRST, LAST = date(2020, 1, 6), date(2020, 1, 19)
TODAY = date(2020, 3, 1)
MONDAYS = (FIRST, FIRST + timedelta(days=7))


@pytest.fixture
def english(app, users):
    """Everyone reads the English UI, so assertions can quote the messages."""
    with db.connection_context():
        User.update(language="en").execute()
    return users


@pytest.fixture
def check(app, english):
    """check(rule, first=FIRST, last=LAST, today=TODAY) -> the rule's result, computed as the
    lead sees it, inside a request (the texts are translated then)."""

    def run(rule, first=FIRST, last=LAST, today=TODAY, period=None):
        with app.test_request_context(), db.connection_context():
            lead = User.get_by_id(english[Role.LEAD].id)
            login_user(lead)
            return rule(Window(first, last, today, lead, period))

    return run


def make_week(mentor: User, monday: date, status: str = WeekStatus.APPROVED, **fields) -> Week:
    with db.connection_context():
        return Week.create(mentor=mentor, week_start=monday, status=status, **fields)


def add_entry(week: Week, day: date, start: int, end: int, **fields) -> Entry:
    with db.connection_context():
        return Entry.create(
            week=week,
            mentor=week.mentor_id,
            day=day,
            start_minute=start,
            end_minute=end,
            activity=ActivityType.select().first(),
            place="pmc",
            **fields,
        )


def extra_mentors(count: int, supervisor: User, **fields) -> list[User]:
    with db.connection_context():
        taken = User.select().count()
        return [
            create_user(f"mentor{taken + n}", Role.MENTOR, supervisor=supervisor, **fields)
            for n in range(count)
        ]
