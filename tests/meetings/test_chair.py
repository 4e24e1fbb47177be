"""The chair is never marked absent at the meeting they chair."""

import pytest

from app.demo import load_demo
from app.meetings.models import Attendance, Meeting
from app.permissions import Role
from tests.factories import make_meeting
from tests.meetings.conftest import meeting_data


@pytest.fixture
def chaired(english, last_week) -> Meeting:
    """A meeting whose chair (the coordinator) is invited with a mentor."""
    attendees = [english[Role.COORDINATOR].id, english[Role.MENTOR].id]
    return make_meeting(english, last_week, attendees=attendees)


def marks(meeting: Meeting) -> dict[int, bool | None]:
    return {
        row.user_id: row.attended
        for row in Attendance.select().where(Attendance.meeting == meeting.id)
    }


def test_marking_the_chair_absent_is_refused(client_as, english, chaired):
    client = client_as(Role.COORDINATOR)
    url = f"/meetings/{chaired.id}/attendance"
    refused = client.post(
        url, data={"attended": [str(english[Role.MENTOR].id)]}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 422
    assert "The chair attends the meeting they chair" in refused.get_data(as_text=True)
    assert set(marks(chaired).values()) == {None}  # nothing saved
    both = [str(english[Role.COORDINATOR].id), str(english[Role.MENTOR].id)]
    assert client.post(url, data={"attended": both}).status_code == 303
    assert set(marks(chaired).values()) == {True}


def test_choosing_an_absent_person_as_chair_is_refused_beside_the_field(
    client_as, english, chaired
):
    client = client_as(Role.COORDINATOR)
    coordinator, mentor = english[Role.COORDINATOR].id, english[Role.MENTOR].id
    client.post(f"/meetings/{chaired.id}/attendance", data={"attended": [str(coordinator)]})
    assert marks(chaired)[mentor] is False
    data = meeting_data(
        chaired.day,
        chair=str(mentor),
        attendees=[str(coordinator), str(mentor)],
        version=str(Meeting.get_by_id(chaired.id).version),
    )
    response = client.post(f"/meetings/{chaired.id}/edit", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The chair attends the meeting they chair" in page
    assert Meeting.get_by_id(chaired.id).chair_id == coordinator


def test_no_demo_meeting_has_its_chair_absent(app):
    with app.app_context():
        load_demo()
        absent_chairs = (
            Attendance.select()
            .join(Meeting, on=(Attendance.meeting == Meeting.id))
            .where(Attendance.user == Meeting.chair, Attendance.attended == False)  # noqa: E712
            .count()
        )
        chaired = (
            Attendance.select()
            .join(Meeting, on=(Attendance.meeting == Meeting.id))
            .where(Attendance.user == Meeting.chair)
            .count()
        )
    assert absent_chairs == 0
    assert chaired == Meeting.select().count()  # every demo chair is on the attendance list
