"""Who reads whose training record: self; a social worker their own mentors; lead,
coordinator and admin everyone; anyone else's record is a 404."""

import pytest

from app.permissions import Role
from tests.conftest import create_user
from tests.factories import make_session
from tests.training.conftest import marks_data


@pytest.fixture
def other_mentor(english):
    return create_user("othermentor", Role.MENTOR, display_name="Other Mentor")


def status(client, user_id: int) -> int:
    return client.get(f"/training/people/{user_id}").status_code


def test_a_mentor_reads_only_their_own_record(client_as, english, other_mentor):
    client = client_as(Role.MENTOR)
    assert status(client, english[Role.MENTOR].id) == 200
    assert status(client, other_mentor.id) == 404
    assert status(client, english[Role.SOCIAL_WORKER].id) == 404
    assert status(client, 99999) == 404


def test_a_social_worker_reads_their_own_mentors_records(client_as, english, other_mentor):
    client = client_as(Role.SOCIAL_WORKER)
    assert status(client, english[Role.SOCIAL_WORKER].id) == 200
    assert status(client, english[Role.MENTOR].id) == 200
    assert status(client, other_mentor.id) == 404
    assert status(client, english[Role.LEAD].id) == 404
    people = client.get("/training/people/").get_data(as_text=True)
    assert "Mentor" in people and "Other Mentor" not in people


@pytest.mark.parametrize("role", [Role.LEAD, Role.COORDINATOR, Role.ADMIN])
def test_lead_coordinator_and_admin_read_everyone(client_as, english, other_mentor, role):
    client = client_as(role)
    for person in (other_mentor, english[Role.MENTOR], english[Role.SOCIAL_WORKER]):
        assert status(client, person.id) == 200
    assert "Other Mentor" in client.get("/training/people/").get_data(as_text=True)


def test_the_auditor_reads_no_records(client_as, english):
    client = client_as(Role.AUDITOR)
    assert status(client, english[Role.MENTOR].id) == 403
    assert client.get("/training/").status_code == 403


def test_a_session_page_shows_marks_only_of_records_the_reader_may_read(
    client_as, english, session
):
    mentor, worker = english[Role.MENTOR], english[Role.SOCIAL_WORKER]
    rows = [(mentor.id, "full", ""), (worker.id, "absent", "")]
    url = f"/training/{session.id}/attendance"
    assert client_as(Role.COORDINATOR).post(url, data=marks_data(rows)).status_code == 303
    page = client_as(Role.MENTOR).get(f"/training/{session.id}").get_data(as_text=True)
    assert f"{mentor.display_name}: attended fully" in page
    # the others invited are counted, not named (app/scope.py: a mentor sees themself)
    assert worker.display_name not in page and "absent" not in page
    assert "1 more person is invited." in page
    page = client_as(Role.SOCIAL_WORKER).get(f"/training/{session.id}").get_data(as_text=True)
    assert f"{worker.display_name}: absent" in page


def test_the_record_lists_sessions_with_marks(client_as, english, last_week):
    make_session(english, last_week, topic="Trauma-informed care")
    page = client_as(Role.MENTOR).get(f"/training/people/{english[Role.MENTOR].id}")
    text = page.get_data(as_text=True)
    assert "Trauma-informed care" in text and "not marked" in text
    assert "No attended hours yet." in text
