"""Compliance fixtures: a fixed January 2020 seen from 1 March 2020, each rule's result.

The rules take "today" from their window, so the fixtures live in a fixed past: every week of
January 2020 is over, and February has begun.
"""

from datetime import date, timedelta

import pytest
from flask_login import login_user

from app.accounts import User
from app.compliance.rules import Window
from app.permissions import Role

#: Monday 6 January 2020 (ISO week 2) to Sunday 19 January (week 3): two whole weeks
FIRST, LAST = date(2020, 1, 6), date(2020, 1, 19)
TODAY = date(2020, 3, 1)
MONDAYS = (FIRST, FIRST + timedelta(days=7))


@pytest.fixture
def check(app, english):
    """check(rule, first=FIRST, last=LAST, today=TODAY) -> the rule's result, computed as the
    lead sees it, inside a request (the texts are translated then)."""

    def run(rule, first=FIRST, last=LAST, today=TODAY, period=None):
        with app.test_request_context():
            lead = User.get_by_id(english[Role.LEAD].id)
            login_user(lead)
            return rule(Window(first, last, today, lead, period))

    return run
