"""A social worker opens a case file on a phone, makes it a family of four, records a negative
decision for all and then an appeal, and sees the stages and the household kind change, and
the interim report's counts with them."""

from datetime import timedelta

from playwright.sync_api import Page, expect

from app.calendar import local_today
from app.permissions import Role
from tests.browser.conftest import PHONE


def settled(page: Page) -> None:
    expect(
        page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    ).to_have_count(0)


def no_page_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def add_member(page: Page, gender: str, year: int, count: int) -> None:
    page.locator("#members summary", has_text="Add a member").click()
    form = page.locator("#member-form")
    form.get_by_label("Gender").select_option(gender)
    form.get_by_label("Year of birth").fill(str(year))
    form.get_by_label("Country of origin").select_option("SY")
    form.get_by_role("button", name="Add the member").click()
    expect(page.locator("table.members tbody tr")).to_have_count(count)
    settled(page)


def record_step(page: Page, stage: str, day) -> None:
    page.locator("#timelines summary", has_text="Record a legal step").click()
    form = page.locator("#step-form")
    form.get_by_label("Legal step").select_option(stage)
    form.get_by_label("Date of the step").fill(day.isoformat())
    form.get_by_role("button", name="Record the step").click()
    expect(page.locator("#flashes")).to_contain_text("The step is recorded.")
    settled(page)


def report_text(page: Page) -> str:
    """The client sections of the interim report for the last 30 days."""
    first = (local_today() - timedelta(days=30)).isoformat()
    page.goto(f"/reports/interim?from={first}&to={local_today().isoformat()}")
    return page.locator("main").inner_text()


def test_a_family_of_four_gets_a_decision_and_appeals_on_a_phone(
    page: Page, live_server, sign_in, users, shot, browser_log
):
    browser_log.allow_console_error("status of 422")
    page.set_viewport_size(PHONE)
    sign_in(Role.SOCIAL_WORKER)
    assert "No client was served in this period." in report_text(page)
    page.goto("/cases/new")
    page.get_by_label("Case code").fill("L-0042")
    page.get_by_label("Kind").select_option("family")
    page.get_by_label("People in the case file").fill("1")
    page.get_by_label("Opened on").fill((local_today() - timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Create the case file").click()

    expect(page.locator("h1")).to_have_text("Case file L-0042")
    expect(page.locator("#household")).to_have_text("Individual")
    expect(page.locator(".details-missing")).to_contain_text("L-0042/1")

    # the first member's details, asked for by the page
    page.locator(".details-missing").get_by_role("link", name="L-0042/1").click()
    page.get_by_label("Gender").select_option("male")
    page.get_by_label("Year of birth").fill("1984")
    page.get_by_label("Country of origin").select_option("SY")
    page.get_by_label("Arrival route").select_option("own")
    page.get_by_label("Arrived in Latvia on").fill((local_today() - timedelta(days=30)).isoformat())
    no_page_scroll(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".details-missing")).to_have_count(0)

    add_member(page, "female", 1987, 2)
    expect(page.locator("#household")).to_have_text("Family without children")
    # a year of birth in the future: explained beside the field, the input kept
    page.locator("#members summary", has_text="Add a member").click()
    form = page.locator("#member-form")
    form.get_by_label("Year of birth").fill(str(local_today().year + 1))
    form.get_by_role("button", name="Add the member").click()
    expect(page.locator("#birth_year-error")).to_contain_text("Enter a year of birth from 1900")
    expect(page.locator("#member-form").get_by_label("Year of birth")).to_have_value(
        str(local_today().year + 1)
    )
    page.locator("#member-form").get_by_label("Year of birth").fill("2012")
    page.locator("#member-form").get_by_label("Gender").select_option("female")
    page.locator("#member-form").get_by_role("button", name="Add the member").click()
    expect(page.locator("table.members tbody tr")).to_have_count(3)
    expect(page.locator("#household")).to_have_text("Family with children")
    settled(page)
    add_member(page, "male", 2016, 4)
    expect(page.locator("#member-4")).to_contain_text("Syria")
    no_page_scroll(page)

    record_step(page, "negative_decision", local_today() - timedelta(days=10))
    expect(page.locator(".member-stage")).to_have_text(
        ["Negative decision of the migration office"] * 4
    )
    record_step(page, "appeal", local_today() - timedelta(days=2))
    expect(page.locator(".member-stage")).to_have_text(["Appealed to the administrative court"] * 4)
    expect(page.locator("#household")).to_have_text("Family with children")
    no_page_scroll(page)
    shot("phone-case-file")

    served = report_text(page)
    assert "No client was served in this period." not in served
    assert "In the period 2 women and 2 men were served" in served
    assert "In the period 4 clients received a negative decision of the migration office." in (
        served
    )
    assert "4 clients are waiting for the administrative court." in served
    assert "1 family with children" in served
    no_page_scroll(page)
