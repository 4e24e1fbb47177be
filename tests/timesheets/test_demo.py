"""The demo timesheets: six months for eleven mentors that obey the timesheet rules."""

import re
import time
from collections import defaultdict
from datetime import date, timedelta

import pytest

from app.accounts import User
from app.auth.passwords import DEMO_PASSWORD
from app.calendar import week_start_of
from app.cases.models import CaseFile, CaseKind
from app.db import db
from app.demo import DEMO_STAFF
from app.timesheets import queries
from app.timesheets.models import Entry, EntryCase, MonthLock, Place, Week, WeekEvent, WeekStatus
from tests.conftest import login, make_app

FIRST, LAST = date(2019, 12, 1), date(2020, 5, 31)
MONDAYS = [date(2019, 12, 2) + timedelta(weeks=n) for n in range(26)]
LOAD_SECONDS = {}


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    application = make_app(tmp_path_factory.mktemp("demo"))
    started = time.perf_counter()
    result = application.test_cli_runner().invoke(args=["demo", "load"])
    LOAD_SECONDS["demo"] = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    yield application
    db.close_all()


@pytest.fixture
def demo(demo_app):
    yield {user.username: user for user in User.select()}


def mentors(staff) -> list[User]:
    return [staff[f"mentor{number}"] for number in range(1, 12)]


def all_entries(staff) -> list[dict]:
    return queries.entries_between([m.id for m in mentors(staff)], FIRST, LAST)


def test_the_demo_loads_quickly(demo):
    assert LOAD_SECONDS["demo"] < 20


def test_46_open_pseudonymous_case_files_at_the_end(demo):
    """Like the interim report: 46 case files in service on 31 May 2020, 35 closed in the
    period (tests/clients/test_demo.py counts their people)."""
    cases = list(CaseFile.select())
    open_at_end = [case for case in cases if case.closed_on is None]
    assert len(open_at_end) == 46
    closed_in_period = [c for c in cases if c.closed_on and FIRST <= c.closed_on <= LAST]
    assert len(closed_in_period) == 35
    for case in cases:
        assert re.fullmatch(r"L-\d{4}", case.code)
        mentor = User.get_by_id(case.mentor_id)
        assert mentor.username.startswith("mentor")
        assert case.social_worker_id == mentor.supervisor_id
        if case.kind == CaseKind.INDIVIDUAL:
            assert case.people == 1
        else:
            assert 2 <= case.people <= 6
    per_mentor = defaultdict(int)
    for case in open_at_end:
        per_mentor[case.mentor_id] += case.people
    assert len(per_mentor) == 11
    assert all(5 <= count <= 20 for count in per_mentor.values())  # the contract's limits


def test_every_demo_user_starts_on_2_december_2019(demo):
    assert {user.start_date for user in demo.values()} == {date(2019, 12, 2)}


def test_every_mentor_has_every_week_from_december_to_may(demo):
    weeks = set(Week.select(Week.mentor, Week.week_start).tuples())
    for mentor in mentors(demo):
        for monday in MONDAYS:
            assert (mentor.id, monday) in weeks, (mentor.username, monday)
        entries = Entry.select().where(Entry.mentor == mentor.id)
        months = {(day.year, day.month) for (day,) in entries.select(Entry.day).tuples()}
        assert months == {(2019, 12), (2020, 1), (2020, 2), (2020, 3), (2020, 4), (2020, 5)}


def test_december_to_march_are_locked_by_the_coordinator(demo):
    locks = list(MonthLock.select().where(MonthLock.locked))
    assert {lock.month for lock in locks} == {
        date(2019, 12, 1),
        date(2020, 1, 1),
        date(2020, 2, 1),
        date(2020, 3, 1),
    }
    assert {lock.locked_by_id for lock in locks} == {demo["coordinator"].id}
    for week in Week.select().where(Week.week_start <= date(2020, 3, 30)):
        assert week.status == WeekStatus.APPROVED


def test_most_weeks_are_approved_by_the_supervisor(demo):
    statuses = defaultdict(int)
    for (status,) in Week.select(Week.status).tuples():
        statuses[status] += 1
    assert statuses[WeekStatus.APPROVED] > 0.9 * sum(statuses.values())
    late = Week.select().where(Week.week_start >= date(2020, 5, 18))
    assert WeekStatus.SUBMITTED in {week.status for week in late}
    approvals = (
        WeekEvent.select(WeekEvent, Week, User)
        .join(Week)
        .join(User, on=(Week.mentor == User.id))
        .where(WeekEvent.action == "approve")
    )
    assert approvals.count() == statuses[WeekStatus.APPROVED]
    for event in approvals:
        assert event.actor_id == event.week.mentor.supervisor_id
        assert event.at.date() > event.week.week_start


def test_exactly_two_weeks_are_returned_with_comments_without_names(demo):
    returned = list(Week.select().where(Week.status == WeekStatus.RETURNED))
    assert len(returned) == 2
    name_parts = {
        part for _u, name, _r, _s in DEMO_STAFF for part in re.split(r"[\s\-()]+", name) if part
    }
    for week in returned:
        event = WeekEvent.get(WeekEvent.week == week.id, WeekEvent.action == "return")
        assert len(event.comment) > 20
        assert event.actor_id == User.get_by_id(week.mentor_id).supervisor_id
        assert not name_parts & set(re.findall(r"\w+", event.comment))


def test_a_paid_interpreting_entry_conflicts_in_a_submitted_week(demo):
    entries = all_entries(demo)
    found = queries.conflicts(entries)
    assert found
    paid = [entry for entry in entries if entry["paid_interpreting"]]
    assert len(paid) == 1
    assert set(found[paid[0]["id"]]) == {"overlap", "own_case"}
    assert Week.get_by_id(paid[0]["week"]).status == WeekStatus.SUBMITTED


def test_entries_obey_the_timesheet_rules(demo):
    entries = all_entries(demo)
    assert len(entries) > 3000
    weeks = {
        week_id: (mentor, monday)
        for week_id, mentor, monday in Week.select(Week.id, Week.mentor, Week.week_start).tuples()
    }
    by_day = defaultdict(list)
    for entry in entries:
        assert weeks[entry["week"]] == (entry["mentor"], week_start_of(entry["day"]))
        assert entry["day"].weekday() < 5
        assert entry["start_minute"] % 15 == 0 and entry["end_minute"] % 15 == 0
        assert 60 <= entry["end_minute"] - entry["start_minute"] <= 180
        assert entry["place"] in Place.ALL
        assert len(entry["cases"]) <= 2
        by_day[(entry["mentor"], entry["day"])].append(entry)
    for same_day in by_day.values():
        ordinary = sorted(
            (e for e in same_day if not e["paid_interpreting"]), key=lambda e: e["start_minute"]
        )
        assert 2 <= len(ordinary) <= 4
        for before, after in zip(ordinary, ordinary[1:], strict=False):
            assert before["end_minute"] <= after["start_minute"]
        assert sum(e["end_minute"] - e["start_minute"] for e in same_day) <= 10 * 60


def test_named_cases_are_the_mentors_own_and_open_that_day(demo):
    cases = {case.id: case for case in CaseFile.select()}
    links = EntryCase.select(EntryCase.case_file, Entry.mentor, Entry.day).join(Entry).tuples()
    assert links.count() > 1000
    for case_id, mentor_id, day in links:
        assert cases[case_id].mentor_id == mentor_id
        assert cases[case_id].is_open_on(day)


def test_work_goes_remote_from_16_march_2020(demo):
    places = {True: defaultdict(int), False: defaultdict(int)}
    for place, day in Entry.select(Entry.place, Entry.day).tuples():
        places[day >= date(2020, 3, 16)][place] += 1
    before, after = places[False], places[True]
    assert before[Place.PMC] + before[Place.OUTSIDE] > 0.8 * sum(before.values())
    assert after[Place.REMOTE] > 0.6 * sum(after.values())


def test_the_lead_can_export_a_demo_month(demo_app):
    client = demo_app.test_client()
    assert login(client, "lead", DEMO_PASSWORD).status_code == 303
    response = client.get("/timesheets/export.xlsx?month=2020-04")
    assert response.status_code == 200
    csv_body = client.get("/timesheets/export.csv?month=2020-04").get_data(as_text=True)
    assert csv_body.count("\n") > 400
