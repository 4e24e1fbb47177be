"""Locking a month: every month since the contract's (or the first entry's) start can be found,
a page at a time; the lock is confirmed on a page listing what of the month is still open, and
locking anyway needs a reason, kept with the lock and in the audit log."""

from datetime import date

import pytest

from app.audit import AuditEvent
from app.calendar import add_months, local_today, month_start
from app.meetings.models import MeetingStatus
from app.permissions import Role
from app.timesheets.models import MonthLock, WeekStatus
from tests.factories import add_entry, make_meeting, make_week

MARCH = date(2020, 3, 1)
LOCK_MARCH = "/timesheets/months/2020/3/lock"


def pages_back_to_march() -> int:
    """How many pages of 12 months list March 2020 to this month."""
    today = local_today()
    total = (today.year - 2020) * 12 + today.month - 3 + 1
    return -(-total // 12)


def test_the_months_go_back_to_the_first_entry_newest_first_a_page_at_a_time(
    english, client_as, users
):
    week = make_week(users[Role.MENTOR], date(2020, 3, 2))
    add_entry(week, date(2020, 3, 3), 540, 600)
    client = client_as(Role.COORDINATOR)
    today = local_today()
    pages = pages_back_to_march()
    first = client.get("/timesheets/months").get_data(as_text=True)
    this_month, last_month = month_start(today), add_months(today, -1)
    assert f"/timesheets/months/{last_month.year}/{last_month.month}/lock" in first
    assert first.index(f"{this_month.year}") < first.index(f"/{last_month.month}/lock")
    assert f"Page 1 of {pages}" in first and "?page=2" in first
    last = client.get(f"/timesheets/months?page={pages}").get_data(as_text=True)
    assert LOCK_MARCH in last and "2020/2/lock" not in last
    for page in (0, pages + 1, "abc", "1e3", "٣"):
        assert client.get(f"/timesheets/months?page={page}").status_code == 404


def test_the_contracts_months_are_listed_even_without_entries(contract, client_as):
    client = client_as(Role.COORDINATOR)
    start = contract.starts_on
    pages = [client.get(f"/timesheets/months?page={n}").get_data(as_text=True) for n in (1, 2)]
    assert any(f"/timesheets/months/{start.year}/{start.month}/lock" in page for page in pages)


@pytest.fixture
def open_march(users):
    """March 2020 with a submitted week, an unjustified conflict and a meeting in draft."""
    mentor = users[Role.MENTOR]
    approved = make_week(mentor, date(2020, 3, 9))
    add_entry(approved, date(2020, 3, 10), 540, 660, paid_interpreting=True)
    add_entry(approved, date(2020, 3, 10), 600, 720)
    submitted = make_week(mentor, date(2020, 3, 16), status=WeekStatus.SUBMITTED)
    add_entry(submitted, date(2020, 3, 17), 540, 600)
    meeting = make_meeting(users, date(2020, 3, 18))
    assert meeting.status == MeetingStatus.DRAFT
    return meeting


def test_the_confirmation_lists_what_is_still_open(english, client_as, users, open_march):
    page = client_as(Role.COORDINATOR).get(LOCK_MARCH).get_data(as_text=True)
    mentor = users[Role.MENTOR]
    assert "1 week not approved" in page
    assert f"/timesheets/{mentor.id}/2020/12" in page and "Submitted" in page
    assert "Double-funding conflicts not justified" in page
    assert f"/timesheets/{mentor.id}/2020/11" in page and "2 entries in conflict" in page
    assert "Minutes not final" in page and f"/meetings/{open_march.id}" in page
    assert "Lock anyway" in page and 'name="reason"' in page


def test_locking_an_open_month_needs_the_reason_kept_with_the_lock(
    english, client_as, users, open_march
):
    client = client_as(Role.COORDINATOR)
    refused = client.post(LOCK_MARCH, data={"reason": "   "})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "give the reason for locking it now" in page
    assert 'id="reason-error"' in page
    assert not MonthLock.select().where(MonthLock.month == MARCH).exists()

    reason = "The report went to the funder; the last week follows."
    assert client.post(LOCK_MARCH, data={"reason": reason}).status_code == 303
    lock = MonthLock.get(MonthLock.month == MARCH)
    assert lock.locked and lock.lock_reason == reason
    event = AuditEvent.get(AuditEvent.action == "month.lock")
    assert event.changes == "lock_reason,locked" and reason not in (event.detail or "")
    oldest = client.get(f"/timesheets/months?page={pages_back_to_march()}")
    assert reason in oldest.get_data(as_text=True)


def test_a_month_with_nothing_open_locks_without_a_reason(english, client_as, users):
    week = make_week(users[Role.MENTOR], date(2020, 3, 2))
    add_entry(week, date(2020, 3, 3), 540, 600)
    client = client_as(Role.COORDINATOR)
    page = client.get(LOCK_MARCH).get_data(as_text=True)
    assert "Every week of the month is approved" in page and 'name="reason"' not in page
    assert client.post(LOCK_MARCH).status_code == 303
    assert MonthLock.get(MonthLock.month == MARCH).lock_reason == ""


def test_the_confirmation_is_the_coordinators(client_as, users):
    for role in (Role.MENTOR, Role.SOCIAL_WORKER, Role.LEAD, Role.AUDITOR):
        assert client_as(role).get(LOCK_MARCH).status_code == 403
    assert client_as(Role.COORDINATOR).get("/timesheets/months/2020/13/lock").status_code == 404
