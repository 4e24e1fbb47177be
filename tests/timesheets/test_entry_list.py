"""The list of all entries: newest first, 50 a page, one month or all, only the people the
reader sees (app/scope.py), in the same number of queries on any page."""

import re
from datetime import date, timedelta

from playhouse.test_utils import count_queries

from app.calendar import week_start_of
from app.permissions import Role
from tests.conftest import create_user
from tests.factories import add_entry, make_week

ROW = re.compile(r'<th scope="row">([^<]+)</th>')


def fill(mentor, first_monday: date, weeks: int) -> None:
    """Two entries a working day (09:00–11:00 and 13:00–14:00) for `weeks` weeks."""
    for number in range(weeks):
        monday = first_monday + timedelta(weeks=number)
        week = make_week(mentor, monday)
        for offset in range(5):
            add_entry(week, monday + timedelta(days=offset), 540, 660)
            add_entry(week, monday + timedelta(days=offset), 780, 840)


def days_listed(page: str) -> list[str]:
    return ROW.findall(page)


def test_newest_first_fifty_a_page_with_a_month_filter(english, client_as, users):
    mentor = users[Role.MENTOR]
    fill(mentor, week_start_of(date(2026, 1, 5)), 8)  # 80 entries, 5 Jan – 27 Feb 2026
    lead = client_as(Role.LEAD)

    first = lead.get("/timesheets/entries").get_data(as_text=True)
    assert days_listed(first)[:2] == ["27 Feb 2026", "27 Feb 2026"]
    assert len(days_listed(first)) == 50
    assert "13:00–14:00" in first.split("27 Feb 2026")[1]  # the later entry of the day first
    assert "page=2" in first and "page=0" not in first

    second = lead.get("/timesheets/entries?page=2").get_data(as_text=True)
    assert len(days_listed(second)) == 30 and days_listed(second)[-1].endswith(" Jan 2026")
    assert "page=3" not in second

    january = lead.get("/timesheets/entries?month=2026-01").get_data(as_text=True)
    assert all(day.endswith(" Jan 2026") for day in days_listed(january))
    assert len(days_listed(january)) == 40  # 4 weeks from 5 January

    empty = lead.get("/timesheets/entries?month=2025-06").get_data(as_text=True)
    assert days_listed(empty) == [] and "No entries in this month." in empty


def test_each_reader_sees_only_the_people_in_their_scope(english, client_as, users):
    worker = users[Role.SOCIAL_WORKER]
    own = users[Role.MENTOR]  # supervised by the social worker
    stranger = create_user("stranger", Role.MENTOR, display_name="Nesaistīta Mentore")
    fill(own, week_start_of(date(2026, 2, 2)), 1)
    fill(stranger, week_start_of(date(2026, 2, 2)), 1)

    for role, sees_stranger in ((Role.LEAD, True), (Role.COORDINATOR, True)):
        page = client_as(role).get("/timesheets/entries").get_data(as_text=True)
        assert ("Nesaistīta Mentore" in page) is sees_stranger
        assert len(days_listed(page)) == 20
    team = client_as(Role.SOCIAL_WORKER).get("/timesheets/entries").get_data(as_text=True)
    assert "Nesaistīta Mentore" not in team and own.display_name in team
    assert len(days_listed(team)) == 10
    mine = client_as(Role.MENTOR).get("/timesheets/entries").get_data(as_text=True)
    assert len(days_listed(mine)) == 10 and "Nesaistīta Mentore" not in mine
    assert worker.display_name not in mine  # no mentor column: the list is the mentor's own
    assert client_as(Role.AUDITOR).get("/timesheets/entries").status_code == 403


def test_a_page_deep_in_the_history_costs_the_same_queries(english, client_as, users):
    fill(users[Role.MENTOR], week_start_of(date(2025, 1, 6)), 20)
    lead = client_as(Role.LEAD)
    counts = []
    for address in ("/timesheets/entries", "/timesheets/entries?page=4"):
        with count_queries() as counted:
            assert lead.get(address).status_code == 200
        counts.append(counted.count)
    assert counts[0] == counts[1]


def test_bad_page_and_month_arguments_answer_a_page_not_an_error(english, client_as, users):
    fill(users[Role.MENTOR], week_start_of(date(2026, 2, 2)), 1)
    lead = client_as(Role.LEAD)
    first = days_listed(lead.get("/timesheets/entries").get_data(as_text=True))
    for query in ("page=-5", "page=abc", "month=2026-13", "month=x"):
        response = lead.get(f"/timesheets/entries?{query}")
        assert response.status_code == 200, query
        assert days_listed(response.get_data(as_text=True)) == first, query  # the first page
    deep = lead.get("/timesheets/entries?page=99999999999999999999")
    assert deep.status_code == 200 and days_listed(deep.get_data(as_text=True)) == []
