"""The lead adds a risk with two measures, reorders them, writes the period's assessment and
finds the period's risk table (DOCX) on the risk's page; then the register and heat map."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.calendar import local_today
from app.periods.services import create_contract
from app.permissions import Role
from tests.browser.conftest import PHONE


@pytest.fixture
def contract(app):
    """A contract running from a year ago: the current six-month period has begun."""
    today = local_today()
    return create_contract(
        None,
        {
            "number": "SAM-BROWSER",
            "funder": "The ministry",
            "starts_on": today.replace(day=1) - timedelta(days=365),
            "ends_on": today + timedelta(days=730),
            "amount_cents": 0,
        },
    )


def settled(page: Page) -> None:
    """htmx has finished swapping (a screenshot during its settle step upsets the CSP check)."""
    expect(
        page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    ).to_have_count(0)


def measure_texts(page: Page) -> list[str]:
    return page.locator("#measures .measure-text").all_inner_texts()


def test_lead_adds_a_risk_with_measures_reorders_and_assesses_it(
    page: Page, live_server, sign_in, users, contract, shot, browser_log, app
):
    browser_log.allow_console_error("status of 422")
    sign_in(Role.LEAD)
    page.goto("/risks/")
    page.get_by_role("link", name="New risk").click()

    form = page.locator("#risk-form")
    form.get_by_label("Risk type").select_option(label="Staff")
    form.get_by_label("Title").fill("Mentors leave mid-year")
    form.get_by_label("Description").fill("Two mentors may leave in spring.")
    form.get_by_label("Priority set by the contract").select_option("high")
    form.get_by_label("Likelihood (1–5)").fill("7")
    form.get_by_role("button", name="Save").click()
    # out of range: explained beside the field, the input kept
    expect(page.locator("#likelihood-error")).to_have_text("Choose a whole number from 1 to 5.")
    expect(page.locator("#risk-form").get_by_label("Title")).to_have_value("Mentors leave mid-year")
    page.locator("#risk-form").get_by_label("Likelihood (1–5)").fill("2")
    page.locator("#risk-form").get_by_label("Impact (1–5)").fill("4")
    page.locator("#risk-form").get_by_role("button", name="Save").click()

    expect(page.locator("#risk-title")).to_have_text("Mentors leave mid-year")
    expect(page.locator(".flash-success")).to_contain_text("The risk is added")
    # the contract said high; 2 x 4 = 8 scores medium: both are shown
    expect(page.locator(".risk-priority")).to_contain_text("contract: high · scored: medium")

    # two measures, added inline
    texts = ("Exit interviews with every leaving mentor", "A pool of substitute mentors")
    for count, text in enumerate(texts, start=1):
        page.locator("#measures summary", has_text="Add a measure").click()
        page.locator("#measure-form").get_by_label("Measure").fill(text)
        page.locator("#measure-form").get_by_role("button", name="Add the measure").click()
        expect(page.locator("#measures .measure")).to_have_count(count)
        expect(page.locator("#flashes")).to_contain_text("The measure is added.")
    assert measure_texts(page) == [
        "Exit interviews with every leaving mentor",
        "A pool of substitute mentors",
    ]

    # reorder: the second moves up
    page.get_by_role("button", name="Move up measure 2").click()
    expect(page.locator("#measures .measure-text").first).to_have_text(
        "A pool of substitute mentors"
    )
    expect(page.locator("#measures .measure-number").nth(1)).to_have_text("2.")

    # edit a measure in place
    page.get_by_role("link", name="Edit measure 2").click()
    editing = page.locator(".measure-editing")
    editing.get_by_label("Status").select_option("in_place")
    editing.get_by_role("button", name="Save the measure").click()
    expect(page.locator("#measures .measure").nth(1)).to_contain_text("in place")
    settled(page)
    shot("risk-page")

    # the current period's assessment
    page.get_by_role("link", name="Write the assessment").last.click()
    assessment = page.locator("#assessment-form")
    assessment.get_by_label("Assessment of the impact in the period").fill(
        "One mentor left in March; the substitute pool covered the cases."
    )
    assessment.get_by_label("Likelihood in the period (1–5)").fill("3")
    assessment.get_by_label("Impact in the period (1–5)").fill("4")
    assessment.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".flash-success")).to_contain_text("The assessment is saved.")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("the substitute pool covered the cases")
    expect(timeline).to_contain_text(users[Role.LEAD].display_name)
    expect(page.locator(".risk-facts")).to_contain_text("Last reviewed")

    if "risks_export.export_docx" in app.view_functions:
        link = timeline.get_by_role("link", name="Risk table (DOCX)").last
        expect(link).to_be_visible()
        assert "/risks/export.docx?period=" in (link.get_attribute("href") or "")

    # the register on a phone: the risk is there, filters work without a full reload
    page.set_viewport_size(PHONE)
    page.goto("/risks/")
    expect(page.locator("#risk-register")).to_contain_text("Mentors leave mid-year")
    page.get_by_label("Band").select_option("high")
    expect(page.locator("#risk-register")).to_contain_text("0 of 1 risk shown")
    expect(page).to_have_url(re.compile(r"/risks/\?.*band=high"))
    page.get_by_label("Band").select_option("medium")
    expect(page.locator("#risk-register")).to_contain_text("Mentors leave mid-year")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    settled(page)
    shot("phone-register")

    # the heat map: the risk sits in likelihood 2 x impact 4
    page.goto("/risks/heatmap")
    expect(page.locator("#cell-2-4-map .heat-count")).to_contain_text("1")
    page.locator("#cell-2-4-map .heat-count").click()
    expect(page.locator("#risk-register")).to_contain_text("likelihood 2 × impact 4")
    expect(page.locator("#risk-register")).to_contain_text("Mentors leave mid-year")
