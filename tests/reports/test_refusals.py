"""Bad input: a clear, translated message, never a server error; a period with no data says
so in the page and in the documents."""

import pytest

from app.accounts import User
from app.periods.models import Period, PeriodKind
from app.permissions import Role
from tests.reports.conftest import EMPTY_MONTH, docx_text, xlsx_sheets


@pytest.fixture
def coordinator(app, users, client_as):
    User.update(language="en").execute()
    return client_as(Role.COORDINATOR)


@pytest.mark.parametrize("month", ["2020-13", "2020-3", "March", "2020-03-01", "1999-01", ""])
def test_a_malformed_month_is_refused_with_the_form(coordinator, month):
    page = coordinator.get(f"/reports/monthly?month={month}")
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "Give the month as YYYY-MM, for example 2020-01." in text
    assert 'name="month"' in text
    for extension in ("docx", "xlsx"):
        response = coordinator.get(f"/reports/monthly.{extension}?month={month}")
        assert response.status_code == 400
        assert "Give the month as YYYY-MM" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2020-05-31", "2020-01-01", "The start date is after the end date."),
        ("2018-01-01", "2020-05-31", "Choose at most 24 months at a time."),
        ("2020-02-30", "2020-05-31", "Give both dates as YYYY-MM-DD"),
        ("01.01.2020", "2020-05-31", "Give both dates as YYYY-MM-DD"),
        ("2020-01-01", "", "Give both dates as YYYY-MM-DD"),
    ],
)
def test_a_bad_period_is_refused(coordinator, start, end, message):
    page = coordinator.get(f"/reports/interim?from={start}&to={end}")
    assert page.status_code == 422
    assert message in page.get_data(as_text=True)
    document = coordinator.get(f"/reports/interim.docx?from={start}&to={end}")
    assert document.status_code == 400
    assert message in document.get_data(as_text=True)
    job = coordinator.post("/reports/interim/jobs", data={"from": start, "to": end})
    assert job.status_code == 400
    assert message in job.get_data(as_text=True)


def test_twenty_four_months_are_allowed(coordinator):
    response = coordinator.get("/reports/interim?from=2030-01-01&to=2031-12-31")
    assert response.status_code == 200
    assert "<h1>Interim report</h1>" in response.get_data(as_text=True)


def test_a_month_without_data_says_so(coordinator):
    page = coordinator.get(f"/reports/monthly?month={EMPTY_MONTH}")
    assert page.status_code == 200
    assert "No data for this period." in page.get_data(as_text=True)
    body = coordinator.get(f"/reports/monthly.docx?month={EMPTY_MONTH}").get_data()
    assert "No data for this period." in docx_text(body)
    sheets = xlsx_sheets(coordinator.get(f"/reports/monthly.xlsx?month={EMPTY_MONTH}").get_data())
    first = next(iter(sheets.values()))
    assert ("No data for this period.",) in first


def test_a_period_without_data_says_so(coordinator):
    page = coordinator.get("/reports/interim?from=2031-01-01&to=2031-06-30")
    assert page.status_code == 200
    assert "No data for this period." in page.get_data(as_text=True)
    body = coordinator.get("/reports/interim.docx?from=2031-01-01&to=2031-06-30").get_data()
    text = docx_text(body)
    assert "No data for this period." in text
    assert "No reporting period of the contract covers these dates." in text
    assert "On average 0 social workers and 0 mentors a month." in text


def test_the_pages_without_a_choice_show_the_form(coordinator):
    monthly = coordinator.get("/reports/monthly")
    assert monthly.status_code == 200
    assert "Choose a month." in monthly.get_data(as_text=True)
    interim = coordinator.get("/reports/interim")
    assert interim.status_code == 200
    assert "Choose the first and the last day of the period." in interim.get_data(as_text=True)
    document = coordinator.get("/reports/monthly.docx")
    assert document.status_code == 400
    assert "Give the month as YYYY-MM" in document.get_data(as_text=True)


def test_the_interim_page_takes_a_period_by_its_id(demo_as, in_demo):
    with in_demo():
        period = (
            Period.select()
            .where(Period.kind == PeriodKind.INTERIM)
            .order_by(Period.starts_on)
            .first()
        )
    client = demo_as("coordinator")
    page = client.get(f"/reports/interim?period={period.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'value="{period.starts_on.isoformat()}"' in text
    assert f'value="{period.ends_on.isoformat()}"' in text
    missing = client.get("/reports/interim?period=999999")
    assert missing.status_code == 404
    text = missing.get_data(as_text=True)
    assert "There is no such reporting period" in text and 'name="from"' in text
