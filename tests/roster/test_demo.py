"""The demo's duties towards the funder read like the spring of 2020: the roster from 16 March
under the cap (2 staff a day, from 18 May 2 social workers and 2 mentors), breached once — by a
mentor's unplanned visit on 3 April that the timesheets show; two social worker–mentor meetings
a week for every mentor but one week of mentor4's; the force majeure of 13 March told to the
funder the same day."""

import shutil
from datetime import date

import pytest
from flask_babel import force_locale

from app.accounts import User
from app.calendar import week_start_of
from app.compliance.rules import Window, mentor_meetings, roster_cap
from app.notices.labels import State
from app.notices.models import NoticeKind
from app.notices.queries import notice_rows
from app.permissions import Role
from app.roster.models import RosterCap, RosterShift, RosterStatus, RosterWeek
from app.roster.queries import breaches, presence
from tests.conftest import make_app

FIRST, LAST = date(2019, 12, 1), date(2020, 5, 31)
ROSTER_FROM, PER_ROLE_FROM = date(2020, 3, 16), date(2020, 5, 18)


@pytest.fixture(scope="module")
def demo(demo_folder, tmp_path_factory):
    folder = tmp_path_factory.mktemp("duties-demo") / "data"
    shutil.copytree(demo_folder, folder)
    application = make_app(folder, migrated=False, upgrade=False)
    with application.test_request_context(), force_locale("en"):
        yield {user.username: user for user in User.select()}


def test_the_cap_changes_on_18_may(demo):
    caps = [
        (cap.valid_from, cap.max_staff, cap.max_workers, cap.max_mentors)
        for cap in RosterCap.select().order_by(RosterCap.valid_from)
    ]
    assert caps == [(ROSTER_FROM, 2, None, None), (PER_ROLE_FROM, None, 2, 2)]


def test_each_working_day_has_its_social_workers_and_one_duty_mentor(demo):
    weeks = list(RosterWeek.select().order_by(RosterWeek.week_start))
    assert weeks[0].week_start == ROSTER_FROM
    assert [week.status for week in weeks].count(RosterStatus.DRAFT) == 1
    assert weeks[-1].status == RosterStatus.DRAFT
    assert all(week.sent_on < week.week_start for week in weeks[:-1])
    roles = {user.id: user.role for user in demo.values()}
    by_day: dict[date, list[RosterShift]] = {}
    for shift in RosterShift.select():
        by_day.setdefault(shift.day, []).append(shift)
    assert all(day.weekday() < 5 for day in by_day)
    for day, shifts in by_day.items():
        workers = [s for s in shifts if roles[s.person_id] != Role.MENTOR]
        mentors = [s for s in shifts if roles[s.person_id] == Role.MENTOR]
        assert len(workers) == len(mentors) == (2 if day >= PER_ROLE_FROM else 1), day
        assert [s.duty for s in mentors].count(True) == 1
        assert week_start_of(day) in {week.week_start for week in weeks}


def test_the_only_breach_is_the_unplanned_visit_of_3_april(demo):
    found = breaches(ROSTER_FROM, LAST)
    assert [(b.day, b.source, b.what, b.count, b.limit) for b in found] == [
        (date(2020, 4, 3), "timesheets", "staff", 3, 2)
    ]


def test_the_social_workers_confirmed_their_days_but_two(demo):
    days = presence(ROSTER_FROM, LAST)
    workers = {demo["lead"].id, demo["worker"].id}
    unconfirmed = [
        (day.day, person.person)
        for day in days
        for person in day.planned
        if person.person in workers and person not in day.confirmed and day.day < date(2020, 5, 25)
    ]
    assert [day for day, _person in unconfirmed] == [date(2020, 4, 21), date(2020, 5, 12)]


def test_one_mentor_week_falls_short_of_two_meetings(demo):
    result = mentor_meetings(Window(FIRST, LAST, date(2020, 6, 15), demo["lead"]))
    assert [finding.text for finding in result.findings] == [
        "Week 15 (from 06 Apr 2020): Pēteris Mentors-Paraugs had 1 of 2 meetings"
    ]


def test_the_force_majeure_was_told_to_the_funder_the_day_it_began(demo):
    rows = notice_rows(demo["coordinator"], date(2020, 6, 1))
    force = [row for row in rows if row.kind == NoticeKind.FORCE_MAJEURE]
    assert [(row.event_on, row.sent_on, row.state) for row in force] == [
        (date(2020, 3, 13), date(2020, 3, 13), State.SENT)
    ]
    assert all(row.state == State.SENT for row in rows)


def test_the_compliance_panel_names_the_day_over_the_cap(demo):
    result = roster_cap(Window(FIRST, LAST, date(2020, 6, 15), demo["lead"]))
    assert not result.ok
    assert result.figures == "1 day over the cap."
    assert [finding.text for finding in result.findings] == [
        "03 Apr 2020: 3 staff on site at the centre by the timesheets, the cap allows 2."
    ]
    assert result.findings[0].link.args == {"week": "2020-W14"}
