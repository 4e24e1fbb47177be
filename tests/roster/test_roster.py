"""The reception-centre roster: the cap checked on the plan and on the timesheets across the day
a new cap holds, the shift's rules (overlaps, times, the duty mentor, the week, the person),
copying last week, sending that locks the week, the funder's scope, the social workers' "I was
there" on their own shifts only, the DOCX, and garbage that never gives a 500."""

import io
from datetime import date, timedelta

import pytest
from docx import Document
from playhouse.test_utils import assert_query_count, count_queries

from app.audit import AuditEvent
from app.calendar import local_today, week_param, week_start_of
from app.core.models import Setting
from app.periods.models import Contract
from app.permissions import Role
from app.roster import queries
from app.roster.labels import Limit, Source
from app.roster.models import RosterCap, RosterShift, RosterStatus, RosterWeek
from app.timesheets.models import Place, Week
from tests.conftest import create_user
from tests.factories import add_entry, extra_mentors, make_week

pytestmark = pytest.mark.usefixtures("english")

#: the week in which the cap changes: 2 staff a day until Sunday 17.05.2020, then 2 social
#: workers and 2 mentors from Monday 18.05.2020
CHANGE_DAY = date(2020, 5, 18)
DAY_BEFORE = date(2020, 5, 17)
WEEK_20 = date(2020, 5, 11)  # holds 17.05
WEEK_21 = date(2020, 5, 18)
TODAY = local_today()


def at(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


@pytest.fixture
def caps(users):
    RosterCap.create(valid_from=date(2020, 3, 16), max_staff=2, created_by=users[Role.COORDINATOR])
    RosterCap.create(
        valid_from=CHANGE_DAY, max_workers=2, max_mentors=2, created_by=users[Role.COORDINATOR]
    )


@pytest.fixture
def staff(users):
    """The social worker, a second one, and three mentors."""
    mentors = [users[Role.MENTOR], *extra_mentors(2, users[Role.SOCIAL_WORKER])]
    worker2 = create_user("worker2", Role.SOCIAL_WORKER, language="en")
    return {"workers": [users[Role.SOCIAL_WORKER], worker2], "mentors": mentors}


def plan(person, day: date, start="09:00", end="17:30", duty=False) -> RosterShift:
    week, _ = RosterWeek.get_or_create(week_start=week_start_of(day))
    return RosterShift.create(
        week=week, day=day, person=person, start_minute=at(start), end_minute=at(end), duty=duty
    )


def at_centre(mentor, day: date, place=Place.PMC, start="10:00", end="12:00"):
    """A timesheet entry of the mentor's that day (at the reception centre unless told)."""
    week = Week.get_or_none(Week.mentor == mentor, Week.week_start == week_start_of(day))
    entry = add_entry(week or make_week(mentor, week_start_of(day)), day, at(start), at(end))
    entry.place = place
    entry.save()
    return entry


def shift_data(person, day: date, start="09:00", end="17:30", duty=False, **extra) -> dict:
    data = {"day": day.isoformat(), "person": str(person.id), "start": start, "end": end}
    if duty:
        data["duty"] = "y"
    return data | extra


def shifts_url(week_start: date) -> str:
    return f"/roster/{week_param(week_start)}/shifts"


@pytest.fixture
def coordinator(client_as):
    return client_as(Role.COORDINATOR)


# --- the cap ----------------------------------------------------------------------------------


def test_the_plan_is_checked_against_the_cap_holding_each_day(caps, staff):
    worker, (m1, m2, m3) = staff["workers"][0], staff["mentors"]
    for day in (DAY_BEFORE, CHANGE_DAY):  # one social worker and two mentors on both days
        plan(worker, day)
        plan(m1, day)
        plan(m2, day, duty=True)
    found = queries.breaches(DAY_BEFORE, CHANGE_DAY)
    # three staff on the day before: over the total of 2; on the new cap's day: within it
    assert found == [queries.Breach(DAY_BEFORE, Source.PLAN, Limit.STAFF, 3, 2)]

    plan(m3, CHANGE_DAY, "13:00", "17:00")
    plan(staff["workers"][1], CHANGE_DAY)
    plan(worker, CHANGE_DAY, "18:00", "19:00")  # a second shift of one person: still one person
    found = queries.breaches(CHANGE_DAY, CHANGE_DAY)
    assert found == [queries.Breach(CHANGE_DAY, Source.PLAN, Limit.MENTORS, 3, 2)]


def test_the_timesheets_count_every_mentor_at_the_centre_planned_or_not(caps, staff):
    m1, m2, m3 = staff["mentors"]
    worker = staff["workers"][0]
    plan(worker, DAY_BEFORE)
    plan(m1, DAY_BEFORE)  # within the cap of 2 on the plan
    at_centre(m1, DAY_BEFORE)
    at_centre(m2, DAY_BEFORE)  # was there though not planned
    at_centre(m3, DAY_BEFORE, place=Place.REMOTE)  # not at the centre: not counted
    assert queries.breaches(DAY_BEFORE, DAY_BEFORE) == [
        queries.Breach(DAY_BEFORE, Source.TIMESHEETS, Limit.STAFF, 3, 2)
    ]

    for mentor in (m1, m2):
        at_centre(mentor, CHANGE_DAY)
    assert queries.breaches(CHANGE_DAY, CHANGE_DAY) == []  # two mentors: the new cap allows them
    at_centre(m3, CHANGE_DAY)
    assert queries.breaches(CHANGE_DAY, CHANGE_DAY) == [
        queries.Breach(CHANGE_DAY, Source.TIMESHEETS, Limit.MENTORS, 3, 2)
    ]


def test_without_a_cap_nothing_is_a_breach_and_the_check_costs_three_queries(users, staff):
    for mentor in staff["mentors"]:
        plan(mentor, CHANGE_DAY)
    assert queries.breaches(WEEK_20, CHANGE_DAY) == []
    RosterCap.create(valid_from=date(2020, 1, 1), max_mentors=1, created_by=users[Role.ADMIN])
    with assert_query_count(3):
        assert [b.count for b in queries.breaches(WEEK_20, CHANGE_DAY)] == [3]


def test_the_week_page_names_each_day_over_the_cap(caps, staff, coordinator):
    for mentor in staff["mentors"]:
        plan(mentor, CHANGE_DAY)
    page = coordinator.get(f"/roster/{week_param(WEEK_21)}").get_data(as_text=True)
    assert "Over the cap on staff on site" in page
    assert "18 May 2020: 3 mentors on site planned on the roster, the cap allows 2." in page
    listed = coordinator.get("/roster/breaches?from=2020-05-01&to=2020-05-31")
    assert listed.status_code == 200 and "18 May 2020" in listed.get_data(as_text=True)


def test_the_coordinator_sets_caps_and_a_bad_cap_is_refused_beside_its_field(coordinator):
    response = coordinator.post("/roster/caps", data={"valid_from": "2020-03-16", "max_staff": "2"})
    assert response.status_code == 303
    again = coordinator.post("/roster/caps", data={"valid_from": "2020-03-16", "max_staff": "3"})
    assert again.status_code == 422
    assert "A cap holds from this day already." in again.get_data(as_text=True)
    empty = coordinator.post("/roster/caps", data={"valid_from": "2020-05-18"})
    assert empty.status_code == 422 and "Enter at least one limit." in empty.get_data(as_text=True)
    garbage = coordinator.post("/roster/caps", data={"valid_from": "2020-05-18", "max_staff": "x"})
    assert garbage.status_code == 422
    assert [c.max_staff for c in RosterCap.select()] == [2]
    assert AuditEvent.select().where(AuditEvent.action == "roster.cap_create").count() == 1
    assert "16 Mar 2020" in coordinator.get("/roster/caps").get_data(as_text=True)


# --- a shift's rules --------------------------------------------------------------------------


def test_the_coordinator_adds_edits_and_removes_a_shift(coordinator, staff):
    mentor = staff["mentors"][0]
    response = coordinator.post(shifts_url(WEEK_21), data=shift_data(mentor, CHANGE_DAY, duty=True))
    assert response.status_code == 303
    shift = RosterShift.get()
    assert (shift.person_id, shift.start_minute, shift.end_minute, shift.duty) == (
        mentor.id,
        at("09:00"),
        at("17:30"),
        True,
    )
    page = coordinator.get(f"/roster/{week_param(WEEK_21)}").get_data(as_text=True)
    assert "Duty mentor: " + mentor.display_name in page and "09:00–17:30" in page
    edited = coordinator.post(
        f"/roster/shifts/{shift.id}",
        data=shift_data(mentor, CHANGE_DAY, "10:00", "14:00"),
        headers={"HX-Request": "true"},
    )
    assert edited.status_code == 200 and edited.headers["HX-Retarget"] == "#roster"
    assert "<html" not in edited.get_data(as_text=True)
    assert RosterShift.get().start_minute == at("10:00") and not RosterShift.get().duty
    assert coordinator.post(f"/roster/shifts/{shift.id}/delete").status_code == 303
    assert RosterShift.select().count() == 0
    actions = [e.action for e in AuditEvent.select().where(AuditEvent.action.startswith("roster."))]
    assert actions == ["roster.shift_create", "roster.shift_update", "roster.shift_delete"]


def refused(client, url, data) -> str:
    before = RosterShift.select().count()
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert RosterShift.select().count() == before
    return response.get_data(as_text=True)


def test_a_persons_overlapping_shifts_are_refused(coordinator, staff):
    worker = staff["workers"][0]
    plan(worker, CHANGE_DAY, "09:00", "13:00")
    page = refused(
        coordinator, shifts_url(WEEK_21), shift_data(worker, CHANGE_DAY, "12:00", "15:00")
    )
    assert f"{worker.display_name} is already on the roster 09:00–13:00 that day." in page
    assert 'value="12:00"' in page  # what was typed is shown again
    # touching is not overlapping; another person at the same time is fine
    ok = coordinator.post(
        shifts_url(WEEK_21), data=shift_data(worker, CHANGE_DAY, "13:00", "15:00")
    )
    assert ok.status_code == 303
    other = staff["workers"][1]
    assert (
        coordinator.post(shifts_url(WEEK_21), data=shift_data(other, CHANGE_DAY)).status_code == 303
    )


def test_an_edit_may_overlap_the_shift_it_replaces_but_not_another(coordinator, staff):
    worker = staff["workers"][0]
    first = plan(worker, CHANGE_DAY, "09:00", "12:00")
    plan(worker, CHANGE_DAY, "14:00", "16:00")
    url = f"/roster/shifts/{first.id}"
    assert (
        coordinator.post(url, data=shift_data(worker, CHANGE_DAY, "10:00", "13:00")).status_code
        == 303
    )
    page = refused(coordinator, url, shift_data(worker, CHANGE_DAY, "10:00", "15:00"))
    assert "already on the roster 14:00–16:00" in page
    assert RosterShift.get_by_id(first.id).end_minute == at("13:00")


@pytest.mark.parametrize(
    ("start", "end", "field_error"),
    [
        ("12:00", "09:00", "The end must be after the start."),
        ("09:00", "09:00", "The end must be after the start."),
        ("09:10", "12:00", "Use 15-minute steps"),
        ("25:00", "26:00", "Enter a time as HH:MM, e.g. 09:30."),
        ("nine", "12:00", "Enter a time as HH:MM, e.g. 09:30."),
        ("", "12:00", "This field is required."),
    ],
)
def test_bad_times_are_refused(coordinator, staff, start, end, field_error):
    page = refused(
        coordinator, shifts_url(WEEK_21), shift_data(staff["workers"][0], CHANGE_DAY, start, end)
    )
    assert field_error in page


def test_the_duty_flag_goes_on_one_mentors_own_shift_a_day(coordinator, staff):
    worker, (m1, m2, _m3) = staff["workers"][0], staff["mentors"]
    page = refused(coordinator, shifts_url(WEEK_21), shift_data(worker, CHANGE_DAY, duty=True))
    assert "Only a mentor can be the duty mentor, on their own shift." in page
    assert (
        coordinator.post(
            shifts_url(WEEK_21), data=shift_data(m1, CHANGE_DAY, "09:00", "12:00", duty=True)
        ).status_code
        == 303
    )
    # the same mentor may be on duty on a second shift that day; a second mentor may not
    assert (
        coordinator.post(
            shifts_url(WEEK_21), data=shift_data(m1, CHANGE_DAY, "13:00", "17:00", duty=True)
        ).status_code
        == 303
    )
    page = refused(coordinator, shifts_url(WEEK_21), shift_data(m2, CHANGE_DAY, duty=True))
    assert f"{m1.display_name} is the duty mentor of that day already: one a day." in page
    # on another day the second mentor may be on duty
    nxt = CHANGE_DAY + timedelta(days=1)
    assert (
        coordinator.post(shifts_url(WEEK_21), data=shift_data(m2, nxt, duty=True)).status_code
        == 303
    )


def test_a_day_outside_the_week_and_people_who_are_not_active_staff_are_refused(
    coordinator, users, staff
):
    worker = staff["workers"][0]
    page = refused(coordinator, shifts_url(WEEK_21), shift_data(worker, WEEK_20))
    assert "Choose a day of this week (18 May 2020 – 24 May 2020)." in page
    gone = create_user("gone", Role.MENTOR, active=False)
    for person in (gone, users[Role.COORDINATOR], users[Role.AUDITOR]):
        page = refused(coordinator, shifts_url(WEEK_21), shift_data(person, CHANGE_DAY))
        assert "Choose a social worker or a mentor who works for the service." in page
    for garbage in ("", "x", "99999", "-1"):
        data = shift_data(worker, CHANGE_DAY) | {"person": garbage}
        assert "Choose a social worker or a mentor" in refused(
            coordinator, shifts_url(WEEK_21), data
        )


# --- copying last week ------------------------------------------------------------------------


def test_copy_last_week_shows_what_it_adds_and_skips_days_that_have_shifts(coordinator, staff):
    worker, (m1, m2, _m3) = staff["workers"][0], staff["mentors"]
    plan(worker, WEEK_20)  # Monday
    plan(m1, WEEK_20, duty=True)
    plan(m2, WEEK_20 + timedelta(days=1), "10:00", "14:00")  # Tuesday
    plan(m1, WEEK_20 + timedelta(days=2))  # Wednesday
    plan(m2, WEEK_21 + timedelta(days=2), "12:00", "13:00")  # this Wednesday has a shift already
    url = f"/roster/{week_param(WEEK_21)}/copy-last"
    preview = coordinator.get(url).get_data(as_text=True)
    assert "These shifts of last week will be added" in preview
    assert "18 May 2020: " + worker.display_name + ", 09:00–17:30" in preview
    assert "19 May 2020: " + m2.display_name + ", 10:00–14:00" in preview
    assert "20 May 2020" not in preview
    assert RosterShift.select().where(RosterShift.day >= WEEK_21).count() == 1  # nothing yet

    assert coordinator.post(url).status_code == 303
    copied = sorted(
        (s.day, s.person_id, s.start_minute, s.duty)
        for s in RosterShift.select().where(RosterShift.day >= WEEK_21)
    )
    assert copied == sorted(
        [
            (WEEK_21, worker.id, at("09:00"), False),
            (WEEK_21, m1.id, at("09:00"), True),
            (WEEK_21 + timedelta(days=1), m2.id, at("10:00"), False),
            (WEEK_21 + timedelta(days=2), m2.id, at("12:00"), False),  # kept, not copied over
        ]
    )
    assert AuditEvent.get(AuditEvent.action == "roster.copy_last_week")
    again = coordinator.get(url).get_data(as_text=True)
    assert "Nothing to copy" in again


def test_copy_leaves_out_people_who_left(coordinator, staff):
    mentor = staff["mentors"][0]
    plan(mentor, WEEK_20)
    mentor.active = False
    mentor.save()
    assert "Nothing to copy" in coordinator.get(
        f"/roster/{week_param(WEEK_21)}/copy-last"
    ).get_data(as_text=True)


# --- sending ----------------------------------------------------------------------------------


def send(client, week_start: date):
    return client.post(f"/roster/{week_param(week_start)}/send")


def test_sending_marks_the_week_sent_and_locks_it(coordinator, client_as, staff):
    worker = staff["workers"][0]
    empty = send(coordinator, WEEK_21)
    assert empty.status_code == 303 and RosterWeek.select().count() == 0  # nothing to send
    shift = plan(worker, CHANGE_DAY)
    assert send(client_as(Role.LEAD), WEEK_21).status_code == 403
    assert send(coordinator, WEEK_21).status_code == 303
    week = RosterWeek.get()
    assert (week.status, week.sent_on) == (RosterStatus.SENT, TODAY)
    assert AuditEvent.get(AuditEvent.action == "roster.send").object_id == week.id

    page = refused(coordinator, shifts_url(WEEK_21), shift_data(staff["mentors"][0], CHANGE_DAY))
    assert "sent to the funder: it can no longer change" in page
    refused(
        coordinator, f"/roster/shifts/{shift.id}", shift_data(worker, CHANGE_DAY, "10:00", "12:00")
    )
    deleted = coordinator.post(f"/roster/shifts/{shift.id}/delete", headers={"HX-Request": "true"})
    assert deleted.status_code == 422 and RosterShift.select().count() == 1
    copy = coordinator.post(
        f"/roster/{week_param(WEEK_21)}/copy-last", headers={"HX-Request": "true"}
    )
    assert copy.status_code == 422
    assert send(coordinator, WEEK_21).status_code == 303  # a second send changes nothing
    assert RosterWeek.get().sent_on == TODAY
    page = coordinator.get(f"/roster/{week_param(WEEK_21)}").get_data(as_text=True)
    assert "Add a shift" not in page and "Mark sent to the funder" not in page
    assert "Sent to the funder on" in page


def test_the_coordinator_reopens_a_sent_week_with_a_reason(coordinator, client_as, staff):
    worker = staff["workers"][0]
    shift = plan(worker, CHANGE_DAY)
    send(coordinator, WEEK_21)
    url = f"/roster/{week_param(WEEK_21)}/reopen"
    assert client_as(Role.LEAD).post(url, data={"reason": "A mistake"}).status_code == 403
    blank = coordinator.post(url, data={"reason": "  "}, headers={"HX-Request": "true"})
    assert blank.status_code == 422 and "This field is required." in blank.get_data(as_text=True)
    assert RosterWeek.get().status == RosterStatus.SENT
    assert coordinator.post(url, data={"reason": "The lead is ill on Monday"}).status_code == 303
    week = RosterWeek.get()
    assert (week.status, week.reopen_reason) == (RosterStatus.DRAFT, "The lead is ill on Monday")
    event = AuditEvent.get(AuditEvent.action == "roster.reopen")
    assert event.object_id == week.id and "ill" not in event.changes
    page = coordinator.get(f"/roster/{week_param(WEEK_21)}").get_data(as_text=True)
    assert "The lead is ill on Monday" in page and "Add a shift" in page
    assert client_as(Role.AUDITOR).get(f"/roster/{week_param(WEEK_21)}").status_code == 404
    assert coordinator.post(f"/roster/shifts/{shift.id}/delete").status_code == 303
    assert RosterShift.select().count() == 0
    again = coordinator.post(url, data={"reason": "Twice"})  # a draft cannot be reopened
    assert (
        again.status_code == 303 and RosterWeek.get().reopen_reason == "The lead is ill on Monday"
    )


def test_the_auditor_reads_sent_weeks_only(client_as, coordinator, staff):
    plan(staff["workers"][0], CHANGE_DAY)
    plan(staff["mentors"][0], WEEK_20)
    auditor = client_as(Role.AUDITOR)
    assert auditor.get(f"/roster/{week_param(WEEK_21)}").status_code == 404
    assert auditor.get(f"/roster/{week_param(WEEK_21)}/roster.docx").status_code == 404
    assert auditor.get(f"/roster/{week_param(date(2020, 6, 1))}").status_code == 404  # no row
    assert "No roster has been sent" in auditor.get("/roster/").get_data(as_text=True)
    send(coordinator, WEEK_21)
    assert auditor.get(f"/roster/{week_param(WEEK_21)}").status_code == 200
    assert auditor.get(f"/roster/{week_param(WEEK_21)}/roster.docx").status_code == 200
    assert auditor.get(f"/roster/{week_param(WEEK_20)}").status_code == 404
    listed = auditor.get("/roster/").get_data(as_text=True)
    assert "18 May 2020" in listed and "11 May 2020" not in listed
    assert auditor.get("/roster/breaches").status_code == 403
    # the mentors read the drafts too (who is on duty), but do not download them
    mentor = client_as(Role.MENTOR)
    assert mentor.get(f"/roster/{week_param(WEEK_20)}").status_code == 200
    assert mentor.get(f"/roster/{week_param(WEEK_20)}/roster.docx").status_code == 404


# --- presence ---------------------------------------------------------------------------------


def test_a_social_worker_confirms_their_own_shift_of_today_or_before_only(client_as, staff):
    worker, other = staff["workers"]
    past = plan(worker, CHANGE_DAY)
    today = plan(worker, TODAY)
    future = plan(worker, TODAY + timedelta(days=8))
    others = plan(other, CHANGE_DAY)
    client = client_as(Role.SOCIAL_WORKER)
    page = client.get(f"/roster/{week_param(WEEK_21)}").get_data(as_text=True)
    assert page.count("I was there") == 1  # on their own shift, not on the colleague's
    assert client.post(f"/roster/shifts/{past.id}/confirm").status_code == 303
    assert client.post(f"/roster/shifts/{today.id}/confirm").status_code == 303
    assert RosterShift.get_by_id(past.id).confirmed_at is not None
    assert RosterShift.get_by_id(today.id).confirmed_at is not None
    assert client.post(f"/roster/shifts/{future.id}/confirm").status_code == 303  # refused, flashed
    assert RosterShift.get_by_id(future.id).confirmed_at is None
    assert client.post(f"/roster/shifts/{others.id}/confirm").status_code == 404
    assert RosterShift.get_by_id(others.id).confirmed_at is None
    assert client.post("/roster/shifts/999999/confirm").status_code == 404
    assert client_as(Role.MENTOR).post(f"/roster/shifts/{past.id}/confirm").status_code == 403
    assert AuditEvent.select().where(AuditEvent.action == "roster.confirm").count() == 2
    assert "was there" in client.get(f"/roster/{week_param(WEEK_21)}").get_data(as_text=True)


def test_a_sent_week_can_still_be_confirmed(client_as, coordinator, staff):
    shift = plan(staff["workers"][0], CHANGE_DAY)
    send(coordinator, WEEK_21)
    response = client_as(Role.SOCIAL_WORKER).post(
        f"/roster/shifts/{shift.id}/confirm", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "Your presence is confirmed." in response.get_data(
        as_text=True
    )


def test_presence_lists_who_was_planned_and_who_confirmed(client_as, staff):
    worker, other = staff["workers"]
    plan(worker, CHANGE_DAY)
    plan(other, CHANGE_DAY, "13:00", "17:00")
    mine = plan(worker, CHANGE_DAY + timedelta(days=1))
    client_as(Role.SOCIAL_WORKER).post(f"/roster/shifts/{mine.id}/confirm")
    with assert_query_count(1):
        days = queries.presence(WEEK_21, WEEK_21 + timedelta(days=6))
    assert [(d.day, [p.name for p in d.planned], [p.name for p in d.confirmed]) for d in days] == [
        (CHANGE_DAY, [worker.display_name, other.display_name], []),
        (CHANGE_DAY + timedelta(days=1), [worker.display_name], [worker.display_name]),
    ]


# --- the document -----------------------------------------------------------------------------


def test_the_docx_holds_the_organisation_contract_week_and_table(coordinator, staff):
    Setting.create(key="org_name", value="Biedrība Paraugs")
    Contract.create(
        number="SAM-2020/7",
        funder="Ministry",
        starts_on=date(2019, 12, 1),
        ends_on=date(2022, 11, 30),
    )
    worker, (m1, _m2, _m3) = staff["workers"][0], staff["mentors"]
    plan(worker, CHANGE_DAY)
    plan(m1, CHANGE_DAY + timedelta(days=1), "10:00", "14:00", duty=True)
    response = coordinator.get(f"/roster/{week_param(WEEK_21)}/roster.docx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Biedrība Paraugs" in text
    assert "SAM-2020/7" in text
    assert "18.05.2020" in text and "24.05.2020" in text  # Latvian by default
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert len(rows) == 3 and len(rows[0]) == 8
    assert "18.05.2020" in rows[0][1] and "24.05.2020" in rows[0][7]
    assert rows[1][0] == f"{worker.display_name}\nSociālais darbinieks"  # Latvian by default
    assert rows[1][1] == "09:00–17:30"
    assert rows[2][0].startswith(m1.display_name) and rows[2][2] == "10:00–14:00 *"
    assert rows[1][2] == "" and rows[2][1] == ""
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    english = coordinator.get(f"/roster/{week_param(WEEK_21)}/roster.docx?lang=en")
    english_text = "\n".join(p.text for p in Document(io.BytesIO(english.data)).paragraphs)
    assert "Contract No. SAM-2020/7" in english_text and "18 May 2020" in english_text


# --- garbage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/roster/2020-W99",
        "/roster/garbage",
        "/roster/1999-W01",
        "/roster/2020-W99/roster.docx",
        "/roster/x/shifts/new",
    ],
)
def test_weeks_that_are_no_weeks_are_404(coordinator, url):
    assert coordinator.get(url).status_code == 404


def test_garbage_ids_and_ranges_never_give_500(coordinator, staff):
    assert coordinator.get("/roster/shifts/abc/edit").status_code == 404
    assert coordinator.post("/roster/shifts/abc").status_code == 404
    assert coordinator.post("/roster/shifts/123456/delete").status_code == 404
    assert coordinator.get("/roster/breaches?from=2020-13-01&to=x").status_code == 400
    assert coordinator.get("/roster/breaches?from=2020-06-01&to=2020-05-01").status_code == 400
    new = coordinator.get(f"/roster/{week_param(WEEK_21)}/shifts/new?day=garbage")
    assert new.status_code == 200
    data = {"day": "2020-02-30", "person": "x", "start": "ab:cd", "end": "", "duty": "maybe"}
    assert coordinator.post(shifts_url(WEEK_21), data=data).status_code == 422


def test_the_week_page_fragment_and_its_cost(coordinator, staff):
    for mentor in staff["mentors"]:
        plan(mentor, CHANGE_DAY)
    url = f"/roster/{week_param(WEEK_21)}"
    fragment = coordinator.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.startswith('<section id="roster"') and "<html" not in fragment
    full = coordinator.get(url).get_data(as_text=True)
    assert "<html" in full and 'id="roster"' in full


def test_the_week_page_costs_the_same_with_more_people(coordinator, caps, staff):
    url = f"/roster/{week_param(WEEK_21)}"
    plan(staff["workers"][0], CHANGE_DAY)
    with count_queries() as one:
        assert coordinator.get(url).status_code == 200
    for mentor in staff["mentors"]:
        plan(mentor, CHANGE_DAY + timedelta(days=1))
        plan(mentor, CHANGE_DAY + timedelta(days=2), duty=mentor == staff["mentors"][0])
    with count_queries() as many:
        assert coordinator.get(url).status_code == 200
    assert many.count == one.count
