"""The coordinator holds this week's all-staff meeting: minutes file, attendance, a decision,
finalized; the week turns covered."""

from datetime import timedelta

from playwright.sync_api import Page, expect

from app.calendar import local_today, week_start_of
from app.periods.models import Contract
from app.permissions import Role
from tests.browser.conftest import PHONE
from tests.factories import make_meeting, make_pdf

PROGRESS_PROBE = """() => {
  window.__uploadProgress = [];
  document.addEventListener("htmx:xhr:progress", (event) => {
    const form = event.target.closest("form");
    const bar = form && form.querySelector("progress.upload-progress");
    if (bar) window.__uploadProgress.push([bar.hidden, bar.value, bar.max]);
  });
}"""


def test_weekly_meeting_held_minuted_finalized_and_covered(page: Page, sign_in, users, shot):
    page.set_viewport_size(PHONE)
    sign_in(Role.COORDINATOR)
    page.goto("/meetings/")
    page.get_by_role("link", name="New meeting").click()

    form = page.locator("#meeting-form")
    expect(form.get_by_label("Kind")).to_have_value("weekly")
    expect(form.get_by_label("Date")).to_have_value(local_today().isoformat())
    # the weekly meeting invites all active staff; "Select none / all" undo and redo that
    boxes = form.locator("#attendees input[type=checkbox]")
    staff = boxes.count()
    assert staff == 4  # mentor, social worker, lead, coordinator
    expect(form.locator("#attendees input:checked")).to_have_count(staff)
    form.get_by_role("button", name="Select none").click()
    expect(form.locator("#attendees input:checked")).to_have_count(0)
    form.get_by_role("button", name="Select all").click()
    expect(form.locator("#attendees input:checked")).to_have_count(staff)
    form.get_by_role("button", name="Select none").click()
    form.get_by_label(users[Role.MENTOR].display_name, exact=True).check()
    form.get_by_label(users[Role.SOCIAL_WORKER].display_name, exact=True).check()
    form.get_by_label("Agenda").fill("1. Cases\n2. Schedule")
    form.get_by_role("button", name="Save").click()
    meeting = page.locator("#meeting")
    expect(meeting.locator("h1")).to_contain_text("Weekly all-staff meeting")

    # a PDF of the minutes, with the progress bar following the upload
    upload = meeting.locator("form.upload-form").last
    expect(upload.locator("progress.upload-progress")).to_have_count(1)
    page.evaluate(PROGRESS_PROBE)
    upload.get_by_label("File (PDF, DOCX or ODT)").set_input_files(
        {"name": "protokols.pdf", "mimeType": "application/pdf", "buffer": make_pdf()}
    )
    upload.get_by_role("button", name="Upload").click()
    expect(meeting.locator(".file-list a")).to_have_text("protokols.pdf")
    progress = page.evaluate("window.__uploadProgress")
    assert progress, "no htmx:xhr:progress event"
    hidden, value, maximum = progress[-1]
    assert not hidden and value == maximum == 100

    # attendance
    meeting.get_by_label(users[Role.MENTOR].display_name, exact=True).check()
    meeting.get_by_role("button", name="Save attendance").click()
    expect(page.locator("#flashes")).to_contain_text("Attendance is saved.")
    expect(meeting.locator(".badge-warn")).to_have_count(0)

    # a decision with an action item
    meeting.get_by_text("Add a decision").click()
    decision = page.locator("#decision-form")
    decision.get_by_label("Decision").fill("The schedule moves to Tuesdays")
    decision.get_by_label("Action item (optional)").fill("Tell the clients")
    decision.get_by_label("Owner").select_option(label=users[Role.MENTOR].display_name)
    decision.get_by_role("button", name="Save the decision").click()
    expect(meeting.locator(".decisions")).to_contain_text("Tell the clients")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # finalize: read-only from now on
    meeting.get_by_role("button", name="Finalize the minutes").click()
    expect(meeting.locator(".page-head .status")).to_have_text("Final")
    expect(meeting.get_by_role("button", name="Save attendance")).to_have_count(0)
    expect(meeting.locator(".history-list")).to_contain_text("finalized the minutes")
    # after the last swap: a screenshot leaves style="" on inputs, which htmx would settle
    shot("phone-meeting")

    # the week is covered
    page.goto("/meetings/coverage")
    year, number, _ = local_today().isocalendar()
    row = page.locator(f"#week-{year}-{number}")
    expect(row).to_have_class("coverage-held")
    expect(row.get_by_role("link")).to_contain_text("Held on")


def test_the_month_bundle_is_built_with_progress(page: Page, sign_in, users):
    make_meeting(users, local_today())
    sign_in(Role.COORDINATOR)
    page.goto("/meetings/months")
    key = f"{local_today():%Y-%m}"
    row = page.locator(f"#month-{key}")
    expect(row.get_by_role("link", name="Download now")).to_have_attribute(
        "href", f"/meetings/{key}/bundle.zip"
    )
    row.get_by_role("button", name="Build the bundle").click()
    link = row.get_by_role("link", name=f"Download protocols-{key}.zip")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"protocols-{key}.zip"


def test_coverage_names_a_weekly_meeting_outside_the_contract(page: Page, sign_in, users):
    this_monday = week_start_of(local_today())
    Contract.create(
        number="C-7",
        funder="Fund",
        starts_on=this_monday - timedelta(days=14),
        ends_on=this_monday + timedelta(days=300),
    )
    early = make_meeting(users, this_monday - timedelta(days=60))
    sign_in(Role.COORDINATOR)
    page.goto("/meetings/coverage")
    notice = page.locator("#outside-coverage")
    expect(notice).to_contain_text("1 weekly meeting was held outside these weeks")
    notice.get_by_role("link", name="See the contracts and their periods").click()
    expect(page.locator("h1")).to_have_text("Reporting periods")
    page.go_back()
    page.locator("#outside-coverage").get_by_role("link").first.click()
    expect(page).to_have_url(f"{page.url.split('/meetings')[0]}/meetings/{early.id}")


def test_the_mentors_meetings_list_fits_a_phone(page: Page, sign_in, users):
    meeting = make_meeting(users, local_today() - timedelta(days=2))
    meeting.place = "Patvēruma meklētāju centrs"
    meeting.save()
    page.set_viewport_size(PHONE)
    sign_in(Role.MENTOR)
    page.goto("/meetings/")
    row = page.locator("#meeting-list tbody tr").first
    for text in ("Patvēruma meklētāju centrs", users[Role.COORDINATOR].display_name, "Draft"):
        cell = row.get_by_text(text, exact=True)
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], text
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
