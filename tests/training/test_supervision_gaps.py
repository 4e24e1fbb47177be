"""The months a group had no supervision, said per group (never as a count of month x group
cells), the same on the supervision page, the home page and in the report's sentence."""

import html as html_module
from datetime import date

import pytest
from flask_babel import force_locale

from app.permissions import Role
from app.training import reports
from app.training.models import Audience, Counts
from app.training.summary import (
    missing_text,
    months_text,
    period_summary,
    sentence,
    supervision_gaps_text,
)
from tests.training import report_fixtures
from tests.training.report_fixtures import FIRST, LAST, RANGE

quarter = report_fixtures.quarter

TODAY = date(2020, 4, 15)
JANUARY, FEBRUARY, MARCH = date(2020, 1, 1), date(2020, 2, 1), date(2020, 3, 1)
DECEMBER = date(2019, 12, 1)
WORKERS, MENTORS = Audience.SOCIAL_WORKERS, Audience.MENTORS
#: the quarter fixture: the social workers missed February and March, the mentors March
QUARTER_GAPS = (
    "Social workers had no supervision in 2 months (February and March 2020); "
    "mentors in 1 month (March 2020)."
)


@pytest.fixture
def say(app):
    def run(language: str, function, *args):
        with app.test_request_context(), force_locale(language):
            return function(*args)

    return run


def test_months_are_said_with_each_year_once(say):
    assert say("en", months_text, [MARCH, JANUARY]) == "January and March 2020"
    assert say("en", months_text, [DECEMBER, JANUARY, FEBRUARY]) == (
        "December 2019, January and February 2020"
    )
    assert say("en", months_text, [MARCH]) == "March 2020"


def test_one_clause_per_group_with_its_months(say):
    missing = [(JANUARY, MENTORS), (FEBRUARY, WORKERS), (MARCH, MENTORS)]
    assert say("en", missing_text, missing) == (
        "Social workers had no supervision in 1 month (February 2020); "
        "mentors in 2 months (January and March 2020)."
    )
    assert say("en", missing_text, [(JANUARY, MENTORS), (MARCH, MENTORS)]) == (
        "Mentors had no supervision in 2 months (January and March 2020)."
    )
    assert say("en", missing_text, []) == ""
    assert say("en", supervision_gaps_text, []) == (
        "Every month that has ended had supervision for social workers and for mentors."
    )


def test_the_latvian_sentence_declines_groups_and_months(say):
    """Needs the Latvian catalog with this feature's strings (figures-lv.json)."""
    missing = [(JANUARY, MENTORS), (MARCH, MENTORS), (FEBRUARY, WORKERS), (DECEMBER, WORKERS)]
    assert say("lv", missing_text, missing) == (
        "Sociālajiem darbiniekiem nebija supervīzijas 2 mēnešos (2019. gada decembrī, "
        "2020. gada februārī); mentoriem — 2 mēnešos (2020. gada janvārī un martā)."
    )
    assert say("lv", missing_text, [(MARCH, MENTORS), (JANUARY, MENTORS)]) == (
        "Mentoriem nebija supervīzijas 2 mēnešos (2020. gada janvārī un martā)."
    )
    assert say("lv", missing_text, [(MARCH, WORKERS)]) == (
        "Sociālajiem darbiniekiem nebija supervīzijas 1 mēnesī (2020. gada martā)."
    )


def test_the_reports_sentence_says_the_gaps_when_it_knows_them(say, quarter):
    marks = reports.marks_between(FIRST, LAST)
    sessions = reports.sessions_between(FIRST, LAST, marks)
    gaps = reports.compliance_of(FIRST, LAST, TODAY, marks).missing()
    assert say("en", missing_text, gaps) == QUARTER_GAPS
    told = say("en", sentence, period_summary(sessions, gaps))
    assert told == (
        "In the period there was 1 qualification training and 2 supervisions "
        "(5 h and 4 h; 9 h in all). " + QUARTER_GAPS
    )
    # a summary that does not know the months (a month's table) says the sessions only
    assert say("en", sentence, period_summary(sessions)).endswith("9 h in all).")
    # without any supervision the sentence has said so: no list of every month after it
    none = period_summary([row for row in sessions if row["counts_as"] != Counts.SUPERVISION], gaps)
    assert say("en", sentence, none) == (
        "In the period there was 1 qualification training; there was no supervision."
    )


def test_the_supervision_page_says_the_gaps_per_group(quarter, client_as):
    page = client_as(Role.LEAD).get("/training/compliance", query_string=RANGE)
    text = html_module.unescape(page.get_data(as_text=True))
    assert "months without supervision for a group" not in text
    assert QUARTER_GAPS in text  # above the grid, and in the report's sentence below it
    assert text.count(QUARTER_GAPS) == 2


def test_the_home_page_says_the_gaps_per_group(english, client_as):
    """Nobody had supervision in the last six months: each group's clause names its months."""
    text = html_module.unescape(client_as(Role.COORDINATOR).get("/").get_data(as_text=True))
    assert "Social workers had no supervision in " in text
    assert "; mentors in " in text
