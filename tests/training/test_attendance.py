"""Attendance marks: fully, partly, absent; the refused marks; every hour traces to a mark."""

from datetime import date, timedelta

from app.accounts import User
from app.calendar import local_today
from app.periods.services import create_contract
from app.permissions import Role
from app.training import queries
from app.training.models import Counts, Participant
from tests.factories import make_session
from tests.training.conftest import marks_data


def marks_of(session_id: int) -> dict[int, int | None]:
    rows = Participant.select().where(Participant.session == session_id)
    return {row.user_id: row.attended_minutes for row in rows}


def post_marks(client, session, marks, **headers):
    return client.post(
        f"/training/{session.id}/attendance", data=marks_data(marks), headers=headers
    )


def test_marks_fully_partly_and_absent(client_as, english, session):
    mentor, worker = english[Role.MENTOR].id, english[Role.SOCIAL_WORKER].id
    client = client_as(Role.COORDINATOR)
    response = post_marks(client, session, [(mentor, "full", ""), (worker, "partly", "1,5")])
    assert response.status_code == 303
    assert marks_of(session.id) == {mentor: 180, worker: 90}
    page = client.get(f"/training/{session.id}").get_data(as_text=True)
    assert 'value="1.5"' in page  # the partial hours are shown again
    post_marks(client, session, [(mentor, "absent", ""), (worker, "", "")])
    assert marks_of(session.id) == {mentor: 0, worker: None}
    row = Participant.get(Participant.user == mentor)
    assert row.marked_by_id == english[Role.COORDINATOR].id and row.marked_at is not None


def test_htmx_marks_answer_the_session_fragment_with_a_flash(client_as, english, session):
    client = client_as(Role.LEAD)
    response = post_marks(
        client, session, [(english[Role.MENTOR].id, "full", "")], **{"HX-Request": "true"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert 'id="training-session"' in page and "Attendance is saved." in page


def assert_refused(client, session, marks, message, before):
    response = post_marks(client, session, marks, **{"HX-Request": "true"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page, page
    assert marks_of(session.id) == before, "nothing may be written"
    return page


def test_bad_marks_are_refused_next_to_the_person(client_as, english, session):
    mentor, worker = english[Role.MENTOR].id, english[Role.SOCIAL_WORKER].id
    client = client_as(Role.COORDINATOR)
    before = {mentor: None, worker: None}
    page = assert_refused(
        client,
        session,
        [(mentor, "partly", "4"), (worker, "full", "")],
        "More than the session lasted (3 h).",
        before,
    )
    assert 'value="4"' in page  # the input is kept, the message next to the person
    assert '<p class="error" id="marks-0-hours-error">More than' in page
    assert_refused(
        client, session, [(mentor, "partly", "")], "Enter the hours attended (more than 0).", before
    )
    assert_refused(
        client,
        session,
        [(mentor, "partly", "0")],
        "Enter the hours attended (more than 0).",
        before,
    )
    assert_refused(client, session, [(mentor, "partly", "x")], "Enter hours as a number", before)
    stranger = english[Role.ADMIN].id
    assert_refused(
        client, session, [(stranger, "full", "")], "Mark only the people invited", before
    )
    assert_refused(client, session, [("abc", "full", "")], "Mark only the people invited", before)


def test_no_attendance_for_someone_not_on_staff_that_day(client_as, english, session):
    mentor = english[Role.MENTOR].id
    client = client_as(Role.COORDINATOR)
    User.update(start_date=session.day + timedelta(days=1)).where(User.id == mentor).execute()
    before = {mentor: None, english[Role.SOCIAL_WORKER].id: None}
    message = "Not on staff on the session"
    assert_refused(client, session, [(mentor, "full", "")], message, before)
    User.update(start_date=None, active=False).where(User.id == mentor).execute()
    assert_refused(client, session, [(mentor, "full", "")], message, before)
    # marking a person who has left as absent is harmless
    assert post_marks(client, session, [(mentor, "absent", "")]).status_code == 303


def test_no_marks_before_the_session_or_on_a_cancelled_one(client_as, english, session):
    future = make_session(english, local_today() + timedelta(days=3))
    client = client_as(Role.COORDINATOR)
    mentor = english[Role.MENTOR].id
    page = client.get(f"/training/{future.id}").get_data(as_text=True)
    assert "Save attendance" not in page
    refused = post_marks(client, future, [(mentor, "full", "")], **{"HX-Request": "true"})
    assert refused.status_code == 422
    assert "first day on." in refused.get_data(as_text=True)
    client.post(f"/training/{session.id}/cancel")
    cancelled = post_marks(client, session, [(mentor, "full", "")], **{"HX-Request": "true"})
    assert cancelled.status_code == 422
    assert marks_of(session.id)[mentor] is None


def test_attended_minutes_query_returns_one_row_per_attended_mark(client_as, english, last_week):
    mentor, worker = english[Role.MENTOR].id, english[Role.SOCIAL_WORKER].id
    supervision = make_session(english, last_week)
    training = make_session(english, last_week, kind="Qualification training", topic="Law")
    cancelled = make_session(english, last_week, topic="Cancelled")
    client = client_as(Role.COORDINATOR)
    post_marks(client, supervision, [(mentor, "full", ""), (worker, "absent", "")])
    post_marks(client, training, [(mentor, "partly", "2"), (worker, "partly", "0,25")])
    post_marks(client, cancelled, [(mentor, "full", "")])
    client.post(f"/training/{cancelled.id}/cancel")
    rows = list(queries.attended_minutes_query(last_week, last_week).dicts())
    assert queries.attended_minutes_query(date(2000, 1, 1), date(2000, 1, 2)).count() == 0
    assert [
        (row["session_id"], row["counts_as"], row["user_id"], row["role"], row["minutes"])
        for row in rows
    ] == [
        (supervision.id, Counts.SUPERVISION, mentor, Role.MENTOR, 180),
        (training.id, Counts.TRAINING, mentor, Role.MENTOR, 120),
        (training.id, Counts.TRAINING, worker, Role.SOCIAL_WORKER, 15),
    ]
    assert {row["day"] for row in rows} == {last_week}


def test_a_person_page_sums_hours_by_month_and_reporting_period(client_as, english, last_week):
    mentor = english[Role.MENTOR].id
    create_contract(
        None,
        {
            "number": "T-1",
            "funder": "Funder",
            "starts_on": last_week.replace(day=1) - timedelta(days=200),
            "ends_on": last_week.replace(day=1) + timedelta(days=200),
        },
    )
    earlier = last_week.replace(day=1) - timedelta(days=20)
    first = make_session(english, earlier, participants=[mentor])
    second = make_session(english, last_week, kind="Working group", participants=[mentor])
    client = client_as(Role.COORDINATOR)
    post_marks(client, first, [(mentor, "full", "")])
    post_marks(client, second, [(mentor, "partly", "2,5")])
    hours = queries.hours_of_person(mentor)
    months = {
        row["month"]: (row.get("supervision", 0), row.get("training", 0)) for row in hours["months"]
    }
    assert months == {earlier.replace(day=1): (180, 0), last_week.replace(day=1): (0, 150)}
    totals = [(row.get("supervision", 0), row.get("training", 0)) for row in hours["periods"]]
    assert sum(s for s, _t in totals) == 180 and sum(t for _s, t in totals) == 150
    page = client_as(Role.MENTOR).get(f"/training/people/{mentor}").get_data(as_text=True)
    assert "By reporting period" in page and "By month" in page
    assert "2.5" in page and "attended 2.5 h" in page and "attended fully" in page


def test_marking_checks_everyone_in_a_fixed_number_of_queries(app, english, last_week):
    from playhouse.test_utils import count_queries

    from app.training import services
    from tests.conftest import create_user

    extra = [create_user(f"mentor{n}", Role.MENTOR).id for n in range(4)]
    mentor, worker = english[Role.MENTOR].id, english[Role.SOCIAL_WORKER].id
    small = make_session(english, last_week)
    large = make_session(english, last_week, participants=[mentor, worker, *extra])
    coordinator = english[Role.COORDINATOR]
    counts = []
    for session, people in ((small, [mentor, worker]), (large, [mentor, worker, *extra])):
        marks = dict.fromkeys(people, 180)
        with app.test_request_context():
            services.mark_attendance(coordinator, session, marks, local_today())
            with count_queries() as counted:  # the same marks again: only the checks run
                services.mark_attendance(coordinator, session, marks, local_today())
        counts.append(counted.count)
    assert counts[0] == counts[1]
