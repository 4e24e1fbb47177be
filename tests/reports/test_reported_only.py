"""The funder (the auditor) reads the aggregates of reported months only. In the demo the months
December 2019 – April 2020 and the first six-month period (December 2019 – May 2020) are
reported; May 2020's own month and everything from June 2020 on are not."""

import html
from datetime import date

import pytest

from app.periods.models import Period, PeriodKind
from app.periods.services import create_contract
from app.reports.queries import unreported_month

REPORTED_MONTH, UNREPORTED_MONTH = "2020-04", "2020-05"
REPORTED_PERIOD = {"from": "2019-12-01", "to": "2020-05-31"}
UNREPORTED_PERIOD = {"from": "2020-06-01", "to": "2020-11-30"}
MONTH_REFUSED = "The monthly report for May 2020 is not submitted yet"
PERIOD_REFUSED = "The period includes June 2020, whose report is not submitted yet"


def monthly_urls(month: str) -> list[str]:
    return [f"/reports/monthly{kind}?month={month}" for kind in ("", ".docx", ".xlsx")]


@pytest.mark.parametrize("url", monthly_urls(UNREPORTED_MONTH))
def test_the_auditor_is_refused_a_month_not_reported(demo_as, url):
    response = demo_as("auditor").get(url)
    assert response.status_code == 403
    text = html.unescape(response.get_data(as_text=True))
    assert "Not reported yet" in text and MONTH_REFUSED in text


@pytest.mark.parametrize("url", monthly_urls(REPORTED_MONTH) + monthly_urls(UNREPORTED_MONTH))
def test_the_coordinator_reads_every_month(demo_as, url):
    assert demo_as("coordinator").get(url).status_code == 200


@pytest.mark.parametrize("url", monthly_urls(REPORTED_MONTH))
def test_the_auditor_reads_a_reported_month(demo_as, url):
    assert demo_as("auditor").get(url).status_code == 200


def test_the_auditor_is_refused_a_period_not_reported(demo_as):
    client = demo_as("auditor")
    for path in ("/reports/interim", "/reports/interim.docx"):
        response = client.get(path, query_string=UNREPORTED_PERIOD)
        assert response.status_code == 403, path
        assert PERIOD_REFUSED in html.unescape(response.get_data(as_text=True))
    # a range reaching one day into June is refused too, naming June
    into_june = {"from": "2020-05-01", "to": "2020-06-01"}
    reaching = client.get("/reports/interim", query_string=into_june)
    assert reaching.status_code == 403
    assert PERIOD_REFUSED in html.unescape(reaching.get_data(as_text=True))
    job = client.post("/reports/interim/jobs", data=UNREPORTED_PERIOD)
    assert job.status_code == 403


def test_the_auditor_reads_a_reported_period_and_the_coordinator_any(demo_as):
    auditor = demo_as("auditor")
    assert auditor.get("/reports/interim", query_string=REPORTED_PERIOD).status_code == 200
    # May's own month is not reported, but the six-month period holding it is
    may = {"from": "2020-05-01", "to": "2020-05-31"}
    assert auditor.get("/reports/interim", query_string=may).status_code == 200
    coordinator = demo_as("coordinator")
    for path in ("/reports/interim", "/reports/interim.docx"):
        response = coordinator.get(path, query_string=UNREPORTED_PERIOD)
        assert response.status_code == 200, path


def test_the_index_lists_the_auditor_only_reported_months_and_periods(demo_as):
    auditor = demo_as("auditor").get("/reports/").get_data(as_text=True)
    assert f'href="/reports/monthly?month={REPORTED_MONTH}"' in auditor
    assert f'href="/reports/monthly?month={UNREPORTED_MONTH}"' not in auditor
    assert "from=2019-12-01&amp;to=2020-05-31" in auditor
    assert "from=2020-06-01&amp;to=2020-11-30" not in auditor
    assert f'value="{REPORTED_MONTH}"' in auditor  # the form offers the latest reported month
    coordinator = demo_as("coordinator").get("/reports/").get_data(as_text=True)
    assert f'href="/reports/monthly?month={UNREPORTED_MONTH}"' in coordinator
    assert "from=2020-06-01&amp;to=2020-11-30" in coordinator


def test_the_month_named_is_the_first_not_reported(app, english):
    """Periods of a contract from 15.1.2020: a month's days that no period covers owe no
    report; a month's own period decides the monthly report, its six-month period the pack."""
    contract = create_contract(
        None,
        {
            "number": "REP-2020/1",
            "funder": "The ministry",
            "starts_on": date(2020, 1, 15),
            "ends_on": date(2021, 1, 14),
            "amount_cents": 0,
        },
    )
    months = Period.select().where(Period.contract == contract.id, Period.kind == PeriodKind.MONTH)
    first_month = months.order_by(Period.starts_on).first()
    assert unreported_month(date(2020, 1, 1), date(2020, 1, 31)) == date(2020, 1, 1)
    Period.update(reported_on=date(2020, 2, 20)).where(Period.id == first_month.id).execute()
    # January: its days before the contract owe nothing; the rest is the reported first month
    assert unreported_month(date(2020, 1, 1), date(2020, 1, 31)) is None
    assert unreported_month(date(2019, 1, 1), date(2019, 12, 31)) is None
    month_only = (PeriodKind.MONTH,)
    assert unreported_month(date(2020, 1, 1), date(2020, 3, 31), month_only) == date(2020, 2, 1)
    interim = Period.get(Period.contract == contract.id, Period.kind == PeriodKind.INTERIM)
    Period.update(reported_on=date(2020, 8, 1)).where(Period.id == interim.id).execute()
    assert unreported_month(interim.starts_on, interim.ends_on) is None
    assert unreported_month(date(2020, 2, 1), date(2020, 2, 28), month_only) == date(2020, 2, 1)
    assert unreported_month(interim.starts_on, date(2020, 8, 31)) == date(2020, 7, 1)
