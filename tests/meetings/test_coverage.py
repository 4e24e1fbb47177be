"""Weekly coverage: every ISO week of the contract held, excused or missing."""

from datetime import timedelta

from app.calendar import local_today, week_start_of
from app.meetings import queries
from app.meetings.models import CoverageReason, MeetingKind
from app.periods.models import Contract
from app.permissions import Role
from tests.factories import make_meeting


def uncovered(today):
    """The missing weeks of the default contract, as the coverage page counts them."""
    first, last = queries.coverage_range(today, queries.default_contract())
    return [week for week in queries.coverage(first, last, today) if week["state"] == "missing"]


def week_id(monday):
    year, number, _ = monday.isocalendar()
    return f"week-{year}-{number}", year, number


def test_missing_week_with_and_without_a_reason(client_as, english):
    this_monday = week_start_of(local_today())
    held_monday = this_monday - timedelta(days=7)
    missing_monday = this_monday - timedelta(days=14)
    Contract.create(
        number="C-1",
        funder="Fund",
        starts_on=missing_monday,
        ends_on=this_monday + timedelta(days=300),
    )
    meeting = make_meeting(english, held_monday + timedelta(days=1))
    make_meeting(english, missing_monday, kind=MeetingKind.EXTRAORDINARY)  # not weekly
    missing = uncovered(local_today())
    assert [week["monday"] for week in missing] == [missing_monday]

    client = client_as(Role.COORDINATOR)
    page = client.get("/meetings/coverage").get_data(as_text=True)
    row_id, year, number = week_id(missing_monday)
    assert f"/meetings/{meeting.id}" in page
    assert f'id="{row_id}" class="coverage-missing"' in page
    assert "without a reason: 1" in page

    bad = client.post(
        f"/meetings/coverage/{year}/{number}/reason",
        data={"kind": "nonsense"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 422 and "Not a valid choice" in bad.get_data(as_text=True)
    response = client.post(
        f"/meetings/coverage/{year}/{number}/reason",
        data={"kind": "training", "text": "Two-day training"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    row = response.get_data(as_text=True)
    assert "coverage-excused" in row and "Training week" in row and "<html" not in row
    assert CoverageReason.get().week_start == missing_monday
    assert uncovered(local_today()) == []
    assert "without a reason: 0" in client.get("/meetings/coverage").get_data(as_text=True)


def test_without_a_contract_the_last_26_weeks(client_as, english):
    client = client_as(Role.LEAD)
    page = client.get("/meetings/coverage").get_data(as_text=True)
    assert "the last 26 weeks" in page
    assert page.count('<tr id="week-') == 26
    assert "without a reason: 25" in page  # the current week is still pending
    plain = client.post("/meetings/coverage/2020/10/reason", data={"kind": "holiday"})
    assert plain.status_code == 303
    assert "The reason is saved." in client.get(plain.headers["Location"]).get_data(as_text=True)
    assert client.post("/meetings/coverage/2020/60/reason", data={"kind": "x"}).status_code == 404


def test_future_weekly_meeting_is_not_held(english):
    next_week = week_start_of(local_today()) + timedelta(days=7)
    make_meeting(english, next_week)
    weeks = queries.coverage(next_week, next_week, local_today())
    assert weeks[0]["state"] == "missing"


def test_a_weekly_meeting_before_the_contract_is_named_not_silently_dropped(client_as, english):
    this_monday = week_start_of(local_today())
    Contract.create(
        number="C-2",
        funder="Fund",
        starts_on=this_monday - timedelta(days=14),
        ends_on=this_monday + timedelta(days=300),
    )
    early = make_meeting(english, this_monday - timedelta(days=40))
    inside = make_meeting(english, this_monday - timedelta(days=13))
    page = client_as(Role.COORDINATOR).get("/meetings/coverage").get_data(as_text=True)
    notice = page.split('id="outside-coverage"')[1].split("</div>")[0]
    assert "1 weekly meeting was held outside these weeks" in notice
    assert f"/meetings/{early.id}" in notice and f"/meetings/{inside.id}" not in notice
    assert "Only the contract's weeks are checked." in notice and "/periods/" in notice


def test_no_notice_when_every_weekly_meeting_is_within_the_weeks(client_as, english):
    make_meeting(english, week_start_of(local_today()) - timedelta(days=6))
    page = client_as(Role.LEAD).get("/meetings/coverage").get_data(as_text=True)
    assert 'id="outside-coverage"' not in page
