"""Section VIII on a hand-made set of closings and evaluations: the sentence and the table of
grades per criterion, the same on the interim page, in the interim DOCX and in the monthly
report (on the page and in the DOCX), placed after VII and after VI."""

import html
from datetime import date

import pytest

from app.cases.models import CaseClosure
from app.evaluations.models import CaseEvaluation, EvaluationCriterion, EvaluationScore
from app.permissions import Role
from tests.factories import make_case
from tests.reports.conftest import docx_blocks, docx_tables, docx_text
from tests.reports.test_numbers import page_tables

PERIOD = "from=2024-01-01&to=2024-02-29"
HEADING = (
    "VIII. Action strategies and the evaluation methodology at the close of social case management"
)
TITLE = "Closing evaluations by criterion and grade"


@pytest.fixture
def evaluated(app, english):
    """Three case files closed in January 2024: K-1 evaluated (every criterion 4, the first 2),
    K-2 evaluated (every criterion 2, the first 1), K-3 not yet; K-4 closed in March (outside).
    The language criterion: grades 1 and 2, average 1.5; the others: 2 and 4, average 3."""
    worker = english[Role.SOCIAL_WORKER]
    criteria = EvaluationCriterion.ordered()
    for code, closed_on, grades in (
        ("K-1", date(2024, 1, 10), (2, 4)),
        ("K-2", date(2024, 1, 20), (1, 2)),
        ("K-3", date(2024, 1, 25), None),
        ("K-4", date(2024, 3, 5), (4, 4)),
    ):
        case = make_case(code, worker, opened_on=date(2023, 6, 1), closed_on=closed_on)
        if grades is None:
            continue
        closure = CaseClosure.get(CaseClosure.case == case.id)
        evaluation = CaseEvaluation.create(
            closure=closure, evaluated_on=closed_on, evaluated_by=worker, summary="Noslēgts"
        )
        for index, criterion in enumerate(criteria):
            grade = grades[0] if index == 0 else grades[1]
            EvaluationScore.create(evaluation=evaluation, criterion=criterion, grade=grade)
    return english


ROWS = [
    ["Latvian language skills", "1", "1", "0", "0", "1.5"],
    ["Housing", "0", "1", "0", "1", "3"],
]
SENTENCE = (
    "In the period 3 case files were closed: 2 evaluated at their closing, 1 not evaluated yet."
)


def test_section_eight_on_the_interim_page_and_in_its_document(evaluated, client_as):
    client = client_as(Role.COORDINATOR)
    page = html.unescape(client.get(f"/reports/interim?{PERIOD}").get_data(as_text=True))
    body = client.get(f"/reports/interim.docx?{PERIOD}&lang=en").get_data()
    text = docx_text(body)
    assert HEADING in page and HEADING in text
    assert SENTENCE in page and SENTENCE in text
    shown, written = page_tables(client, f"/reports/interim?{PERIOD}"), docx_tables(body)
    assert shown["evaluation_criteria"][0] == [
        "Criterion",
        "1 – No progress",
        "2 – Some progress",
        "3 – Significant progress",
        "4 – Fully achieved",
        "Average",
    ]
    assert shown["evaluation_criteria"][1:3] == ROWS
    assert written[TITLE][1:3] == ROWS
    assert len(written[TITLE]) == 1 + 6  # the six criteria
    headings = [b[1] for b in docx_blocks(body) if isinstance(b, tuple) and b[0] == "Heading 2"]
    ninth = next(i for i, h in enumerate(headings) if h.startswith("IX. Risk analysis"))
    assert headings.index(HEADING) == ninth - 1
    assert headings[headings.index(HEADING) - 1].startswith("VII. ")


def test_section_eight_in_the_monthly_report(evaluated, client_as):
    client = client_as(Role.COORDINATOR)
    url = "/reports/monthly?month=2024-01"
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert HEADING in page and SENTENCE in page
    assert page.index("VI. Assessment of the complexity of social case management") < page.index(
        HEADING
    )
    assert page_tables(client, url)["evaluation_criteria"][1:3] == ROWS
    body = client.get("/reports/monthly.docx?month=2024-01&lang=en").get_data()
    assert docx_tables(body)[TITLE][1:3] == ROWS
    assert HEADING in docx_text(body)


def test_a_period_without_evaluations_says_so(app, english, client_as):
    client = client_as(Role.AUDITOR)
    page = html.unescape(client.get("/reports/monthly?month=2024-01").get_data(as_text=True))
    assert HEADING in page
    assert "In the period 0 case files were closed: 0 evaluated at their closing" in page
    assert "No closing of the period is evaluated yet." in page
    assert "evaluation_criteria" not in page
