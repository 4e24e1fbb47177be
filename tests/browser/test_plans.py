"""On a phone, a social worker draws up a family's inclusion plan from the case page with one
goal and two tasks, one of them the mentor's; the mentor signs in and ticks that task, the only
one they can tick."""

from datetime import timedelta

from playwright.sync_api import Page, expect

from app.calendar import local_today
from app.clients.models import Client, Membership
from app.permissions import Role
from tests.browser.conftest import PHONE


def settled(page: Page) -> None:
    expect(
        page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    ).to_have_count(0)


def no_page_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def add_task(page: Page, text: str, owner: str, count: int) -> None:
    page.locator("#plan-goals summary", has_text="Add a task").click()
    form = page.locator("#task-form")
    form.get_by_label("Goal").select_option(label="Work")
    form.get_by_label("Task").fill(text)
    form.get_by_label("Who does it").select_option(owner)
    form.get_by_label("Due on").fill((local_today() + timedelta(days=14)).isoformat())
    form.get_by_role("button", name="Add the task").click()
    expect(page.locator(".plan-task")).to_have_count(count)
    settled(page)


def test_a_plan_drawn_up_on_a_phone_and_the_mentor_ticks_their_task(
    page: Page, live_server, sign_in, users, case_file
):
    for number in (1, 2):
        Membership.create(
            client=Client.create(), case=case_file, number=number, joined_on=case_file.opened_on
        )
    page.set_viewport_size(PHONE)
    sign_in(Role.SOCIAL_WORKER)
    page.goto(f"/cases/{case_file.id}")
    page.locator("#plan-card").get_by_role("link", name="Open the plan").click()
    form = page.locator("#plan-form")
    form.get_by_label("Drawn up on").fill((local_today() - timedelta(days=3)).isoformat())
    form.get_by_label("Needs").fill("Work; Latvian course")
    form.get_by_label("Specialists to consult").fill("NVA career counsellor")
    no_page_scroll(page)
    form.get_by_role("button", name="Draw up the plan").click()
    expect(page.locator("#flashes")).to_contain_text("The plan is drawn up.")
    expect(page.locator("#plan-members")).to_have_text("L-0042/1, L-0042/2")
    settled(page)

    page.locator("#plan-goals summary", has_text="Add a goal").click()
    page.locator("#goal-form").get_by_label("Goal").fill("Work")
    page.locator("#goal-form").get_by_role("button", name="Add the goal").click()
    expect(page.locator(".plan-goal h3")).to_contain_text("Work")
    settled(page)
    add_task(page, "Register at NVA", "social_worker", 1)
    add_task(page, "Go with the client to NVA", "mentor", 2)
    no_page_scroll(page)

    page.locator("#menu > summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#username")).to_be_visible()
    sign_in(Role.MENTOR)
    page.goto(f"/cases/{case_file.id}/plan")
    mentors = page.locator(".plan-task", has_text="Go with the client")
    workers = page.locator(".plan-task", has_text="Register at NVA")
    expect(workers.get_by_role("button")).to_have_count(0)
    no_page_scroll(page)
    mentors.get_by_role("button", name="Done").click()
    expect(page.locator("#flashes")).to_contain_text("The task is done.")
    expect(mentors.locator(".task-status")).to_contain_text("Done")
    expect(page.locator(".plan-task button")).to_have_count(0)
