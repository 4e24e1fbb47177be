"""Social worker–mentor meetings: logged in seconds, refused beside the field with nothing lost,
scoped to the social worker's own mentors; the weekly rule with the setting at 1 and at 2, on
the compliance panel and the social worker's home page; mentors see their own meetings."""

from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from app.audit import AuditEvent
from app.calendar import local_today, week_start_of
from app.compliance import rules
from app.mentor_meetings import queries
from app.mentor_meetings.models import MentorMeeting, Mode, meetings_per_week
from app.permissions import Role
from tests.conftest import create_user

pytestmark = pytest.mark.usefixtures("english")

TODAY = local_today()
THIS_MONDAY = week_start_of(TODAY)
LAST_MONDAY = THIS_MONDAY - timedelta(days=7)


@pytest.fixture
def worker(client_as):
    return client_as(Role.SOCIAL_WORKER)


@pytest.fixture
def other_mentor(users):
    """A mentor supervised by the lead, not by the social worker."""
    return create_user("othermentor", Role.MENTOR, supervisor=users[Role.LEAD])


def log(client, with_mentor, **overrides):
    data = {
        "mentor": str(with_mentor.id),
        "day": TODAY.isoformat(),
        "mode": Mode.IN_PERSON,
        **overrides,
    }
    return client.post("/mentor-meetings/", data=data)


def meet(worker, mentor, day: date, count: int = 1):
    for _ in range(count):
        MentorMeeting.create(social_worker=worker, mentor=mentor, day=day, mode=Mode.REMOTE)


def test_a_social_worker_logs_a_meeting_with_their_mentor(worker, users):
    page = worker.get("/mentor-meetings/").get_data(as_text=True)
    assert 'id="mentor-meeting-form"' in page
    # their only mentor is chosen already, the day is today
    assert f'<option selected value="{users[Role.MENTOR].id}">' in page
    response = log(worker, users[Role.MENTOR], note="Case L-0042 next steps", mode=Mode.REMOTE)
    assert response.status_code == 303
    meeting = MentorMeeting.get()
    assert (meeting.social_worker_id, meeting.mentor_id, meeting.day, meeting.mode) == (
        users[Role.SOCIAL_WORKER].id,
        users[Role.MENTOR].id,
        TODAY,
        Mode.REMOTE,
    )
    assert AuditEvent.get(AuditEvent.action == "mentor_meeting.create").object_id == meeting.id
    assert "Case L-0042 next steps" in worker.get("/mentor-meetings/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"day": (TODAY + timedelta(days=1)).isoformat()}, "day", "once it has taken place"),
        ({"day": "yesterday"}, "day", "Not a valid date value."),
        ({"mode": "telepathy"}, "mode", "Choose in person or remote."),
        ({"mentor": "x"}, "mentor", "Choose one of your mentors."),
        ({"note": "n" * 301}, "note", "Use at most 300 characters."),
    ],
)
def test_bad_input_is_refused_beside_its_field(worker, users, overrides, field, message):
    response = log(worker, users[Role.MENTOR], **{"note": "kept note", **overrides})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page.split(f'id="{field}-error"')[1].split("</p>")[0]
    if field != "note":
        assert "kept note" in page
    assert MentorMeeting.select().count() == 0


def test_a_mentor_the_social_worker_does_not_supervise_is_refused(worker, other_mentor):
    response = log(worker, other_mentor)
    assert response.status_code == 422
    assert "Choose one of your mentors." in response.get_data(as_text=True)
    assert MentorMeeting.select().count() == 0


def test_mentors_see_their_own_meetings_only(client_as, users, other_mentor):
    meet(users[Role.SOCIAL_WORKER], users[Role.MENTOR], TODAY)
    MentorMeeting.create(
        social_worker=users[Role.LEAD], mentor=other_mentor, day=TODAY, mode="remote", note="other"
    )
    mentor = client_as(Role.MENTOR)
    page = mentor.get("/mentor-meetings/").get_data(as_text=True)
    assert "mentor-meeting-form" not in page
    assert "Mentor" in page and "other" not in page.split('id="meetings-heading"')[1]
    assert log(mentor, users[Role.MENTOR]).status_code == 403
    assert client_as(Role.AUDITOR).get("/mentor-meetings/").status_code == 403


def test_only_the_social_worker_who_logged_it_or_the_lead_corrects_it(
    client_as, worker, users, other_mentor
):
    meet(users[Role.SOCIAL_WORKER], users[Role.MENTOR], TODAY)
    meeting = MentorMeeting.get()
    url = f"/mentor-meetings/{meeting.id}/edit"
    assert worker.get(url).status_code == 200
    data = {"mentor": str(users[Role.MENTOR].id), "day": TODAY.isoformat(), "mode": "in_person"}
    assert worker.post(url, data=data).status_code == 303
    assert MentorMeeting.get().mode == Mode.IN_PERSON
    assert AuditEvent.get(AuditEvent.action == "mentor_meeting.update").changes == "mode"
    another = create_user("worker2", Role.SOCIAL_WORKER)
    other_mentor.supervisor = another
    other_mentor.save()
    MentorMeeting.create(social_worker=another, mentor=other_mentor, day=TODAY, mode="remote")
    foreign = MentorMeeting.get(MentorMeeting.mentor == other_mentor)
    assert worker.get(f"/mentor-meetings/{foreign.id}/edit").status_code == 404
    assert client_as(Role.LEAD).get(f"/mentor-meetings/{foreign.id}/edit").status_code == 200
    assert worker.get("/mentor-meetings/999/edit").status_code == 404


def test_the_weekly_rule_with_the_setting_at_two_and_at_one(client_as, users):
    """Last week the mentor had one meeting: short of two, enough for one."""
    mentor = users[Role.MENTOR]
    meet(users[Role.SOCIAL_WORKER], mentor, LAST_MONDAY + timedelta(days=2))
    pairs = queries.mentor_weeks(
        queries.supervised_mentors(users[Role.SOCIAL_WORKER]), [LAST_MONDAY]
    )
    assert meetings_per_week() == 2
    assert [(s.monday, s.mentor_id, s.held) for s in queries.shortfalls(pairs, 2)] == [
        (LAST_MONDAY, mentor.id, 1)
    ]
    lead = client_as(Role.LEAD)
    assert lead.post("/mentor-meetings/per-week", data={"count": "1"}).status_code == 303
    assert meetings_per_week() == 1
    assert queries.shortfalls(pairs, meetings_per_week()) == []
    refused = lead.post("/mentor-meetings/per-week", data={"count": "9"})
    assert refused.status_code == 422
    assert "Enter a number from 1 to 7." in refused.get_data(as_text=True)
    assert meetings_per_week() == 1


def test_a_mentor_counts_from_the_week_they_started(users):
    mentor = users[Role.MENTOR]
    mentor.start_date = THIS_MONDAY
    mentor.save()
    pairs = queries.mentor_weeks(
        queries.supervised_mentors(users[Role.SOCIAL_WORKER]), [LAST_MONDAY]
    )
    assert pairs == []


def test_the_compliance_panel_names_the_weeks_and_mentors_short(app, users, client_as):
    mentor = users[Role.MENTOR]
    meet(users[Role.SOCIAL_WORKER], mentor, LAST_MONDAY, count=2)
    meet(users[Role.SOCIAL_WORKER], mentor, LAST_MONDAY - timedelta(days=7))
    first, last = LAST_MONDAY - timedelta(days=7), LAST_MONDAY + timedelta(days=6)
    with app.test_request_context(), force_locale("en"):
        result = rules.mentor_meetings(rules.Window(first, last, TODAY, users[Role.LEAD]))
    assert not result.ok
    assert result.figures == "1 of 2 mentor-weeks had enough meetings."
    week = (LAST_MONDAY - timedelta(days=7)).isocalendar()[1]
    assert [finding.text for finding in result.findings] == [
        f"Week {week} (from {(LAST_MONDAY - timedelta(days=7)).strftime('%d %b %Y')}): "
        f"{mentor.display_name} had 1 of 2 meetings"
    ]
    panel = (
        client_as(Role.LEAD)
        .get(f"/compliance/?from={first.isoformat()}&to={last.isoformat()}")
        .get_data(as_text=True)
    )
    assert "A social worker meets each mentor at least 2 times a week" in panel
    assert f"{mentor.display_name} had 1 of 2 meetings" in panel


def test_the_social_workers_home_page_lists_the_weeks_short(worker, users):
    mentor = users[Role.MENTOR]
    meet(users[Role.SOCIAL_WORKER], mentor, LAST_MONDAY)
    for back in (2, 3, 4):
        meet(users[Role.SOCIAL_WORKER], mentor, THIS_MONDAY - timedelta(weeks=back), count=2)
    block = worker.get("/").get_data(as_text=True).split('id="mentor-meetings-heading"')[1]
    block = block.split("</section>")[0]
    assert "1 mentor-week with fewer than 2 meetings" in block
    assert f"week {LAST_MONDAY.isocalendar()[1]} — 1 of 2" in block
