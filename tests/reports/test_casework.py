"""Sections IV–VI on a hand-made set of plans and ratings: the sentences and the tables, the
same on the page and in the DOCX."""

import html
from datetime import date

import pytest

from app.complexity.models import ComplexityRating, Level
from app.permissions import Role
from app.plans.models import Outcome, OutcomeReason, Plan
from tests.factories import make_case
from tests.reports.conftest import docx_tables, docx_text
from tests.reports.test_numbers import page_tables

PERIOD = "from=2024-01-01&to=2024-02-29"


@pytest.fixture
def casework(app, english):
    """Four case files open 1 January – 29 February 2024 (D closes on 31 January):
    plans — A new on 10 January, B new on 5 February, C taken over (drawn up in 2023),
    D new in December 2023 (before the period) and closed on 31 January not fulfilled for the
    language, B closed on 28 February fulfilled: new 2, taken over 1, closed 2.
    ratings — January: A high, B medium, C low, D unrated; February (D closed): A medium,
    B medium, C unrated. Monthly averages: high (1 + 0) / 2 = 0.5, medium (1 + 2) / 2 = 1.5,
    low (1 + 0) / 2 = 0.5, not rated (1 + 1) / 2 = 1. A is a family of two, the others one
    person each, so the clients in them: January high 2, medium 1, low 1, unrated 1; February
    medium 2 + 1 = 3, unrated 1; averages high 1, medium 2, low 0.5, not rated 1."""
    worker, lead = english[Role.SOCIAL_WORKER], english[Role.LEAD]
    opened = date(2023, 11, 1)
    cases = {
        code: make_case(code, worker, opened_on=opened, **extra)
        for code, extra in (
            ("A-0001", {"people": 2}),
            ("B-0001", {}),
            ("C-0001", {}),
            ("D-0001", {"closed_on": date(2024, 1, 31)}),
        )
    }
    Plan.create(case=cases["A-0001"], drawn_up_on=date(2024, 1, 10))
    Plan.create(
        case=cases["B-0001"],
        drawn_up_on=date(2024, 2, 5),
        outcome=Outcome.FULFILLED,
        closed_on=date(2024, 2, 28),
    )
    Plan.create(case=cases["C-0001"], drawn_up_on=date(2023, 6, 1), taken_over=True)
    Plan.create(
        case=cases["D-0001"],
        drawn_up_on=date(2023, 12, 4),
        outcome=Outcome.NOT_FULFILLED,
        outcome_reason=OutcomeReason.LANGUAGE,
        closed_on=date(2024, 1, 31),
    )
    january, february = date(2024, 1, 1), date(2024, 2, 1)
    for code, month, level in (
        ("A-0001", january, Level.HIGH),
        ("B-0001", january, Level.MEDIUM),
        ("C-0001", january, Level.LOW),
        ("A-0001", february, Level.MEDIUM),
        ("B-0001", february, Level.MEDIUM),
    ):
        ComplexityRating.create(case=cases[code], month=month, level=level, rated_by=lead)
    return english


def test_sections_four_to_six_on_the_page_and_in_the_document(casework, client_as):
    client = client_as(Role.COORDINATOR)
    page = html.unescape(client.get(f"/reports/interim?{PERIOD}").get_data(as_text=True))
    body = client.get(f"/reports/interim.docx?{PERIOD}&lang=en").get_data()
    text = docx_text(body)
    for words in (
        "In the period 2 new inclusion plans were drawn up and 1 plan was taken over with its "
        "case file.",
        "The monthly average of the case files' complexity: high 0.5, medium 1.5, low 0.5; "
        "of the clients in them: high 1, medium 2, low 0.5.",
    ):
        assert words in page and words in text
    shown, written = page_tables(client, f"/reports/interim?{PERIOD}"), docx_tables(body)
    outcomes = [
        ["Fulfilled", "—", "1"],
        ["Not fulfilled", "Low Latvian language skills", "1"],
        ["Total", "", "2"],
    ]
    assert shown["plans_closed"][1:] == outcomes
    assert written["Plans closed in the period, by outcome"][1:] == outcomes
    months = [
        ["January 2024", "1", "1", "1", "1"],
        ["February 2024", "0", "2", "0", "1"],
        ["Monthly average", "0.5", "1.5", "0.5", "1"],
    ]
    assert shown["complexity_months"][1:] == months
    assert written["Case files by complexity per month"][1:] == months
    people = [
        ["January 2024", "2", "1", "1", "1"],
        ["February 2024", "0", "3", "0", "1"],
        ["Monthly average", "1", "2", "0.5", "1"],
    ]
    assert shown["complexity_people"][1:] == people
    assert written["Clients in those case files per month"][1:] == people


def test_the_monthly_report_has_the_months_plans_and_complexity_as_tables(casework, client_as):
    client = client_as(Role.COORDINATOR)
    url = "/reports/monthly?month=2024-01"
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "In the period 1 new inclusion plan was drawn up" in page
    assert "high 1, medium 1, low 1; of the clients in them: high 2, medium 1, low 1." in page
    shown = page_tables(client, url)
    assert shown["plans_closed"][1:] == [
        ["Not fulfilled", "Low Latvian language skills", "1"],
        ["Total", "", "1"],
    ]
    assert shown["complexity_months"][1:] == [
        ["January 2024", "1", "1", "1", "1"],
        ["Monthly average", "1", "1", "1", "1"],
    ]
    body = client.get("/reports/monthly.docx?month=2024-01&lang=en").get_data()
    written = docx_tables(body)
    assert written["Case files by complexity per month"][1][0] == "January 2024"
    assert "VI. Assessment of the complexity of social case management" in docx_text(body)
