"""Caseloads against the contract: mentors 5–20 case files; social workers ≤ 6 mentors and
30–120 clients."""

from playhouse.test_utils import assert_query_count, count_queries

from app.accounts import User
from app.calendar import local_today
from app.cases.queries import caseload
from app.permissions import Role
from tests.conftest import create_user
from tests.factories import days_ago, make_case


def build(users) -> dict[str, User]:
    """A small organisation:

    - mentor (of the social worker): 6 open cases, 1 closed, 1 not yet open -> 6, within
    - busy (of the lead): 21 open cases -> above 20
    - idle (of the lead): 2 open cases -> below 5
    - gone (of the social worker, deactivated): 3 open cases -> not listed
    - the social worker supervises mentor, gone (inactive) and 6 more -> 7 active, above 6
    - the social worker's clients: 6 cases x 5 people + 3 cases x 1 = 33 -> within 30–120
    - the lead supervises busy and idle -> 2; clients 21 + 2 x 4 = 29 -> below 30
    """
    worker, lead, mentor = users[Role.SOCIAL_WORKER], users[Role.LEAD], users[Role.MENTOR]
    busy = create_user("busy", Role.MENTOR, supervisor=lead, display_name="Busy")
    idle = create_user("idle", Role.MENTOR, supervisor=lead, display_name="Idle")
    gone = create_user("gone", Role.MENTOR, supervisor=worker, active=False)
    for number in range(6):
        create_user(f"extra{number}", Role.MENTOR, supervisor=worker)
    create_user("formerworker", Role.SOCIAL_WORKER, active=False)
    for number in range(6):
        make_case(f"M-{number:04d}", worker, mentor=mentor, people=5)
    make_case("M-0100", worker, mentor=mentor, people=9, closed_on=days_ago(1))
    make_case("M-0101", worker, mentor=mentor, people=9, opened_on=days_ago(-30))
    make_case("M-0102", worker, mentor=mentor, people=2, closed_on=local_today())  # still today
    for number in range(21):
        make_case(f"B-{number:04d}", lead, mentor=busy)
    for number in range(2):
        make_case(f"I-{number:04d}", lead, mentor=idle, people=4)
    for number in range(3):
        make_case(f"G-{number:04d}", worker, mentor=gone)
    return {"busy": busy, "idle": idle, "gone": gone}


def test_caseload_counts_and_breach_flags(app, users):
    extra = build(users)
    load = caseload(local_today())
    mentors = {line.user_id: line for line in load.mentors}
    mentor = mentors[users[Role.MENTOR].id]
    assert (mentor.cases.value, mentor.breach) == (7, None)  # 6 + the one closing today
    assert (mentors[extra["busy"].id].cases.value, mentors[extra["busy"].id].breach) == (
        21,
        "above",
    )
    assert (mentors[extra["idle"].id].cases.value, mentors[extra["idle"].id].breach) == (2, "below")
    assert extra["gone"].id not in mentors
    assert len(load.mentors) == 3 + 6  # the inactive mentor is left out

    workers = {line.user_id: line for line in load.workers}
    assert set(workers) == {users[Role.SOCIAL_WORKER].id, users[Role.LEAD].id}
    worker = workers[users[Role.SOCIAL_WORKER].id]
    assert (worker.mentors.value, worker.mentors.breach) == (7, "above")
    assert (worker.clients.value, worker.clients.breach) == (6 * 5 + 2 + 3, None)
    assert worker.breach
    lead = workers[users[Role.LEAD].id]
    assert (lead.mentors.value, lead.mentors.breach) == (2, None)
    assert (lead.clients.value, lead.clients.breach) == (29, "below")


def test_caseload_page_shows_ranges_and_breaches_in_words(client_as, users):
    build(users)
    page = client_as(Role.COORDINATOR).get("/cases/caseload").get_data(as_text=True)
    assert '<h2 id="mentor-loads">Mentors</h2>' in page
    assert "5–20" in page and "30–120" in page and "at most 6" in page
    assert page.count("Above the contract range") == 2  # busy; the social worker's mentors
    assert page.count("Below the contract range") == 8  # idle + 6 extra mentors; lead clients
    assert 'class="breach"' in page


def test_caseload_query_count_does_not_grow(client_as, users):
    client = client_as(Role.LEAD)
    with count_queries() as baseline:
        assert client.get("/cases/caseload").status_code == 200
    build(users)
    with assert_query_count(baseline.count):
        assert client.get("/cases/caseload").status_code == 200


def test_caseload_is_for_reviewers_and_the_coordinator(client_as, users):
    assert client_as(Role.MENTOR).get("/cases/caseload").status_code == 403
    assert client_as(Role.AUDITOR).get("/cases/caseload").status_code == 403
    assert client_as(Role.SOCIAL_WORKER).get("/cases/caseload").status_code == 200
