"""The coordinator opens a month's report: charts drawn without a console error (the strict
CSP lets the SVG through), each beside its data table; downloads the DOCX; and on a phone the
page does not scroll sideways."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from app.cases.models import CaseFile
from app.permissions import Role
from app.timesheets.models import ActivityType, Entry, EntryCase, Place, Week
from tests.browser.conftest import PHONE
from tests.reports.conftest import docx_tables

MONTH = "2020-03"
FIRST_MONDAY = date(2020, 3, 2)


@pytest.fixture
def march(app, users):
    """Two weeks of the mentor's entries in March 2020 on one case file, in three activities."""
    mentor, worker = users[Role.MENTOR], users[Role.SOCIAL_WORKER]
    activities = list(ActivityType.select().order_by(ActivityType.sort_order).limit(3))
    case = CaseFile.create(
        code="L-0001", people=3, social_worker=worker, mentor=mentor, opened_on=date(2020, 1, 1)
    )
    for week_number in range(2):
        monday = FIRST_MONDAY + timedelta(weeks=week_number)
        week = Week.create(mentor=mentor, week_start=monday, status="approved")
        for offset, (activity, place) in enumerate(
            zip(activities, (Place.PMC, Place.OUTSIDE, Place.REMOTE), strict=True)
        ):
            entry = Entry.create(
                week=week,
                mentor=mentor,
                day=monday + timedelta(days=offset),
                start_minute=9 * 60,
                end_minute=(12 + offset) * 60,
                activity=activity,
                place=place,
            )
            EntryCase.create(entry=entry, case_file=case)


def test_coordinator_reads_the_monthly_report_and_downloads_it(
    page: Page, live_server, sign_in, march, shot
):
    sign_in(Role.COORDINATOR)
    page.goto("/reports/")
    page.get_by_label("Month", exact=True).fill(MONTH)
    page.get_by_role("button", name="Show the month").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monthly report")

    charts = page.locator("figure.chart")
    expect(charts).to_have_count(2)
    activity_chart = page.get_by_role("img", name="Hours by activity")
    expect(activity_chart).to_be_visible()
    table = page.locator("table[data-table=activities]")
    expect(table.locator("caption")).to_have_text("Hours by activity")
    expect(table.locator("tfoot")).to_contain_text("24")  # 3 + 4 + 5 hours, two weeks
    expect(page.locator("table[data-table=summary]")).to_contain_text("Case files served")
    shot("reports-monthly")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download DOCX").click()
    download = download_info.value
    assert download.suggested_filename == f"monthly-report-{MONTH}.docx"
    tables = docx_tables(download.path().read_bytes())
    assert any(rows[-1][-1] == "24" for rows in tables.values())


def test_the_monthly_report_fits_a_phone(page: Page, live_server, sign_in, march, shot):
    sign_in(Role.COORDINATOR)
    page.set_viewport_size(PHONE)
    page.goto(f"/reports/monthly?month={MONTH}")
    expect(page.locator("figure.chart")).to_have_count(2)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    shot("reports-monthly-phone")
