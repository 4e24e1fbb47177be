"""A social worker on a phone opens a case file closed last week, fills in its closing
evaluation (refused once for a criterion left ungraded, nothing typed lost) and sees it on
the case page; no page scrolls sideways."""

from playwright.sync_api import Page, expect

from app.evaluations.models import CaseEvaluation, EvaluationCriterion, EvaluationScore
from app.permissions import Role
from tests.browser.conftest import PHONE
from tests.factories import days_ago, make_case


def no_page_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_social_worker_evaluates_a_closed_case_on_a_phone(
    page: Page, sign_in, users, shot, browser_log
):
    browser_log.allow_console_error("status of 422")
    case = make_case("L-0077", users[Role.SOCIAL_WORKER], closed_on=days_ago(5))
    criteria = EvaluationCriterion.ordered()
    page.set_viewport_size(PHONE)
    sign_in(Role.SOCIAL_WORKER)
    page.goto(f"/cases/{case.id}")
    card = page.locator("#evaluation-card")
    expect(card).to_contain_text("The case file is closed and not evaluated yet.")
    no_page_scroll(page)
    card.get_by_role("link", name="Fill in the closing evaluation").click()
    expect(page.get_by_role("heading", name="Closing evaluation: L-0077")).to_be_visible()
    no_page_scroll(page)

    rows = [page.locator(f"#criterion-{criterion.id}") for criterion in criteria]
    for row in rows[:-1]:
        row.get_by_label("3 – Significant progress").check()
    rows[1].get_by_label("1 – No progress").check()
    rows[1].get_by_label("Comment").fill("Īres līgums vēl nav noslēgts")
    page.get_by_label("Summary").fill("L-0077 kārto savas lietas patstāvīgi")
    shot("evaluation-phone-form")
    page.get_by_role("button", name="Save the evaluation").click()

    # the last criterion was left ungraded: the message is beside it, the rest is kept
    expect(rows[-1].locator(".error")).to_have_text("Choose a grade.")
    expect(rows[1].get_by_label("1 – No progress")).to_be_checked()
    expect(rows[1].get_by_label("Comment")).to_have_value("Īres līgums vēl nav noslēgts")
    expect(page.get_by_label("Summary")).to_have_value("L-0077 kārto savas lietas patstāvīgi")
    assert not CaseEvaluation.select().exists()
    no_page_scroll(page)
    rows[-1].get_by_label("4 – Fully achieved").check()
    page.get_by_role("button", name="Save the evaluation").click()

    expect(page.locator(".flash-success")).to_contain_text(
        "The closing evaluation of L-0077 is saved."
    )
    card = page.locator("#evaluation-card")
    expect(card).to_contain_text("1 – No progress")
    expect(card).to_contain_text("Īres līgums vēl nav noslēgts")
    expect(card).to_contain_text("L-0077 kārto savas lietas patstāvīgi")
    expect(card.get_by_role("link", name="Edit the evaluation")).to_be_visible()
    shot("evaluation-phone-case")
    no_page_scroll(page)
    grades = [score.grade for score in EvaluationScore.select().order_by(EvaluationScore.id)]
    assert grades == [3, 1, 3, 3, 3, 4]

    page.goto("/evaluations/")
    expect(page.locator("main")).to_contain_text("Every closed case file is evaluated.")
    no_page_scroll(page)
