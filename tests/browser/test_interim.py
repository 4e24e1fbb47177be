"""The lead writes a part of the interim report by taking a decision of the period with
"Insert", saves it and reads it in the report; on a phone the page does not scroll sideways."""

from datetime import timedelta

from playwright.sync_api import Page, expect

from app.periods.models import Period, PeriodKind
from app.permissions import Role
from tests.browser.conftest import DESKTOP, PHONE
from tests.interim.test_pages import decision_on

DECISION = "Rīkot valodas kafejnīcu reizi mēnesī."


def test_the_lead_assembles_a_part_from_the_periods_records(
    page: Page, live_server, sign_in, users, contract
):
    period = (
        Period.select()
        .where(Period.contract == contract.id, Period.kind == PeriodKind.INTERIM)
        .order_by(Period.starts_on)
        .first()
    )
    decision_on(period.starts_on + timedelta(days=3), DECISION, users[Role.LEAD])
    page.set_viewport_size(DESKTOP)
    sign_in(Role.LEAD)
    page.goto(f"/interim/{period.id}")
    page.get_by_role("link", name="Write VII. The support given").click()
    text = page.get_by_label("Text (Markdown)")
    text.fill("Atbalsts **klientiem**.")
    page.get_by_role("button", name="Insert").first.click()
    expect(text).to_have_value(f"Atbalsts **klientiem**.\n\n{DECISION}")
    page.get_by_role("button", name="Save the text").click()
    expect(page.locator("#flashes")).to_contain_text("The text is saved.")
    report = page.locator(".report")
    expect(report.locator("strong", has_text="klientiem")).to_be_visible()
    expect(report).to_contain_text(DECISION)

    page.set_viewport_size(PHONE)
    page.goto(f"/interim/{period.id}/parts/VII")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_role("heading", name="Who wrote what")).to_be_visible()
