"""Meetings: create and edit with a version check, series, access per role, the auditor's scope."""

import re
from datetime import date, timedelta

from flask_login import AnonymousUserMixin

from app.calendar import local_today, week_start_of
from app.meetings import queries
from app.meetings.models import ActionItem, Attendance, Meeting, MeetingKind
from app.permissions import Role
from tests.conftest import create_user
from tests.factories import make_meeting
from tests.meetings.conftest import meeting_data, submit_month


def test_coordinator_creates_a_meeting_with_invited_attendees(client_as, english, last_week):
    client = client_as(Role.COORDINATOR)
    assert client.get("/meetings/new").status_code == 200
    data = meeting_data(last_week, attendees=[str(english[Role.MENTOR].id)])
    response = client.post("/meetings/new", data=data)
    assert response.status_code == 303
    meeting = Meeting.get()
    assert meeting.kind == MeetingKind.WEEKLY and meeting.start_minute == 600
    invited = list(Attendance.select().where(Attendance.meeting == meeting.id))
    assert [row.user_id for row in invited] == [english[Role.MENTOR].id]
    assert invited[0].attended is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Weekly all-staff meeting" in page and "Mentor" in page


def test_invalid_meeting_keeps_the_input_with_422(client_as, english, last_week):
    client = client_as(Role.COORDINATOR)
    response = client.post(
        "/meetings/new", data=meeting_data(last_week, end="09:00", agenda="Kept agenda")
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The end must be after the start." in page and "Kept agenda" in page
    online = client.post("/meetings/new", data=meeting_data(last_week, format="online"))
    assert online.status_code == 422
    assert "Name the platform" in online.get_data(as_text=True)


def test_edit_with_a_stale_version_is_refused(client_as, meeting, last_week):
    client = client_as(Role.COORDINATOR)
    url = f"/meetings/{meeting.id}/edit"
    assert client.get(url).status_code == 200
    ok = client.post(url, data=meeting_data(last_week, place="Room 2", version="1"))
    assert ok.status_code == 303
    stale = client.post(url, data=meeting_data(last_week, place="Room 3", version="1"))
    assert stale.status_code == 422
    assert "changed meanwhile" in stale.get_data(as_text=True)
    assert Meeting.get_by_id(meeting.id).place == "Room 2"


def test_htmx_list_is_a_fragment_filtered_by_kind_and_month(client_as, english, last_week):
    make_meeting(english, last_week)
    make_meeting(english, last_week, kind=MeetingKind.EXTRAORDINARY)
    client = client_as(Role.MENTOR)
    full = client.get("/meetings/")
    assert full.status_code == 200 and "<html" in full.get_data(as_text=True)
    fragment = client.get(
        "/meetings/", query_string={"kind": "extraordinary"}, headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert "<html" not in fragment
    assert "Extraordinary meeting" in fragment and "Weekly all-staff meeting" not in fragment
    other_month = (last_week.replace(day=1) - timedelta(days=40)).strftime("%Y-%m")
    empty = client.get("/meetings/", query_string={"month": other_month}).get_data(as_text=True)
    assert "No meetings match." in empty


def test_mentor_reads_but_cannot_edit(client_as, meeting):
    client = client_as(Role.MENTOR)
    assert client.get(f"/meetings/{meeting.id}").status_code == 200
    assert client.get(f"/meetings/{meeting.id}/edit").status_code == 403
    assert client.post(f"/meetings/{meeting.id}/minutes", data={"minutes": "x"}).status_code == 403
    assert client.get("/meetings/coverage").status_code == 403


def test_auditor_sees_only_meetings_of_submitted_months(client_as, english, meeting):
    older = make_meeting(english, meeting.day - timedelta(days=62))
    submit_month(english, older.day)
    client = client_as(Role.AUDITOR)
    assert client.get(f"/meetings/{meeting.id}").status_code == 404
    assert client.get(f"/meetings/{older.id}").status_code == 200
    listing = client.get("/meetings/").get_data(as_text=True)
    assert f"/meetings/{older.id}" in listing and f'/meetings/{meeting.id}"' not in listing
    assert client.get("/meetings/999999").status_code == 404


def test_a_submitted_month_refuses_every_change(client_as, english, meeting):
    submit_month(english, meeting.day)
    client = client_as(Role.COORDINATOR)
    response = client.post(
        f"/meetings/{meeting.id}/minutes", data={"minutes": "late", "version": "1"}
    )
    assert response.status_code == 422
    assert "submitted to the funder" in response.get_data(as_text=True)
    refused = client.post(f"/meetings/{meeting.id}/decisions", data={"text": "x", "owner": "0"})
    assert refused.status_code == 422
    new = client.post("/meetings/new", data=meeting_data(meeting.day))
    assert new.status_code == 422


def test_series_creates_the_next_weeks_and_skips_taken_dates(client_as, english):
    monday = week_start_of(local_today()) + timedelta(days=7)
    make_meeting(english, monday + timedelta(days=7))  # already there: skipped
    client = client_as(Role.COORDINATOR)
    assert client.get("/meetings/series/new").status_code == 200
    data = {
        "weekday": "0",
        "start": "10:00",
        "end": "11:00",
        "format": "in_person",
        "place": "Office",
        "chair": str(english[Role.COORDINATOR].id),
        "members": [str(english[Role.MENTOR].id), str(english[Role.LEAD].id)],
        "standing_agenda": "1. Cases\n2. Schedule",
        "first_day": monday.isoformat(),
        "weeks": "3",
    }
    response = client.post("/meetings/series/new", data=data)
    assert response.status_code == 303
    days = sorted(m.day for m in Meeting.select().where(Meeting.series.is_null(False)))
    assert days == [monday, monday + timedelta(days=14)]
    created = Meeting.get(Meeting.day == monday)
    assert created.agenda.startswith("1. Cases")
    assert Attendance.select().where(Attendance.meeting == created.id).count() == 2
    bad = client.post("/meetings/series/new", data={**data, "weeks": "99"})
    assert bad.status_code == 422


def test_garbage_ids_and_values_give_no_500(client_as, meeting):
    client = client_as(Role.COORDINATOR)
    for url, data in [
        (f"/meetings/{meeting.id}/attendance", {"attended": ["x", "-1", "9" * 30]}),
        (f"/meetings/{meeting.id}/decisions", {"text": "x", "owner": "abc", "due_on": "2026-13"}),
        (f"/meetings/{meeting.id}/actions", {"text": "x", "owner": "999999"}),
        (f"/meetings/{meeting.id}/files", {"replaces": "abc"}),
        (f"/meetings/{meeting.id}/edit", {"chair": "x", "attendees": ["y"], "day": "no"}),
        ("/meetings/coverage/2026/60/reason", {"kind": "nope"}),
        ("/meetings/actions/999/status", {"status": "x"}),
    ]:
        assert client.post(url, data=data).status_code < 500, url
    for query in [{"month": "2026-99"}, {"kind": "<script>"}]:
        assert client.get("/meetings/", query_string=query).status_code == 200
    for contract in ("x", "9" * 30):
        page = client.get("/meetings/coverage", query_string={"contract": contract})
        assert page.status_code == 200 and "the last 26 weeks" in page.get_data(as_text=True)
    assert client.get("/meetings/coverage", query_string={"contract": "999"}).status_code == 404


def test_far_dates_are_refused_not_overflowed(client_as, english, meeting):
    client = client_as(Role.COORDINATOR)
    series = {
        "weekday": "0",
        "start": "10:00",
        "end": "11:00",
        "format": "in_person",
        "chair": "0",
        "first_day": "9999-12-20",
        "weeks": "3",
    }
    for url, data in [
        ("/meetings/series/new", series),
        ("/meetings/new", meeting_data(date(9999, 12, 31))),
        (f"/meetings/{meeting.id}/actions", {"text": "x", "owner": "0", "due_on": "0001-01-01"}),
    ]:
        response = client.post(url, data=data)
        assert response.status_code == 422, url
        assert "Enter a date between 2000 and 2099." in response.get_data(as_text=True), url
    assert Meeting.select().count() == 1


def test_open_items_are_the_owners_alone(english, meeting):
    ActionItem.create(meeting=meeting.id, text="Lead's item", owner=english[Role.LEAD])
    assert queries.open_action_items_for(english[Role.MENTOR]) == []
    assert [row["text"] for row in queries.open_action_items_for(english[Role.LEAD])] == [
        "Lead's item"
    ]
    assert queries.open_action_items_for(AnonymousUserMixin()) == []


def invited_ids(page: str) -> set[int]:
    """The ids of the people ticked in a meeting form's attendee list."""
    tags = re.findall(r'<input [^>]*name="attendees"[^>]*>', page)
    return {int(re.search(r'value="(\d+)"', tag).group(1)) for tag in tags if " checked" in tag}


def test_a_new_weekly_meeting_invites_all_active_staff_and_another_kind_nobody(client_as, users):
    gone = create_user("gone", Role.MENTOR, active=False)
    client = client_as(Role.COORDINATOR)
    weekly = client.get("/meetings/new").get_data(as_text=True)
    staff = {
        users[role].id for role in (Role.MENTOR, Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR)
    }
    assert invited_ids(weekly) == staff and gone.id not in invited_ids(weekly)
    assert "Atzīmēt visus" in weekly and "Noņemt visas atzīmes" in weekly
    other = client.get("/meetings/new?kind=other").get_data(as_text=True)
    assert 'name="attendees"' in other and invited_ids(other) == set()
