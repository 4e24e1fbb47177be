"""Caseloads against the contract, in people (the current members of open case files):
mentors 5–20 clients; social workers ≤ 6 mentors and 30–120 clients."""

from datetime import date

from playhouse.test_utils import assert_query_count, count_queries

from app.accounts import User
from app.calendar import local_today
from app.cases.models import CaseClosure
from app.cases.queries import caseload
from app.clients.models import Client, Membership
from app.permissions import Role
from tests.conftest import create_user
from tests.factories import days_ago, make_case


def build(users) -> dict[str, User]:
    """A small organisation:

    - mentor (of the social worker): 6 open cases of 5 people, 1 closed, 1 not yet open, 1
      closing today with 2 -> 32 people in 7 case files, above 20
    - busy (of the lead): 21 open cases of 1 -> above 20
    - idle (of the lead): 2 open cases of 4 -> 8 people, within
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
    # 6 x 5 + the 2 of the one closing today
    assert (mentor.people.value, mentor.cases, mentor.breach) == (32, 7, "above")
    busy, idle = mentors[extra["busy"].id], mentors[extra["idle"].id]
    assert (busy.people.value, busy.cases, busy.breach) == (21, 21, "above")
    assert (idle.people.value, idle.cases, idle.breach) == (8, 2, None)
    assert extra["gone"].id not in mentors
    assert len(load.mentors) == 3 + 6  # the inactive mentor is left out

    workers = {line.user_id: line for line in load.workers}
    assert set(workers) == {users[Role.SOCIAL_WORKER].id, users[Role.LEAD].id}
    worker = workers[users[Role.SOCIAL_WORKER].id]
    assert (worker.mentors.value, worker.mentors.breach) == (7, "above")
    assert (worker.clients.value, worker.clients.breach) == (6 * 5 + 2 + 3, None)
    assert worker.cases == 6 + 1 + 3
    assert worker.breach
    lead = workers[users[Role.LEAD].id]
    assert (lead.mentors.value, lead.mentors.breach) == (2, None)
    assert (lead.clients.value, lead.clients.breach, lead.cases) == (29, "below", 23)


def test_a_mentor_with_four_families_of_six_is_above_twenty(users):
    mentor = users[Role.MENTOR]
    for number in range(4):
        make_case(f"F-{number:04d}", users[Role.SOCIAL_WORKER], mentor=mentor, people=6)
    line = next(m for m in caseload(local_today()).mentors if m.user_id == mentor.id)
    assert (line.people.value, line.cases, line.breach) == (24, 4, "above")


def member(case, number: int, joined_on: date, left_on: date | None = None) -> None:
    Membership.create(
        client=Client.create(), case=case, number=number, joined_on=joined_on, left_on=left_on
    )


def test_people_are_the_members_on_the_chosen_day(users):
    """A baby born on 1 March joins; a member who left on 10 February is counted to that day;
    a case reopened on 1 April after closing on 15 January counts neither case nor people in
    the gap."""
    worker, mentor = users[Role.SOCIAL_WORKER], users[Role.MENTOR]
    family = make_case("F-0001", worker, mentor=mentor, people=3, opened_on=date(2019, 12, 1))
    member(family, 4, date(2020, 3, 1))
    member(family, 5, date(2019, 12, 1), left_on=date(2020, 2, 10))
    reopened = make_case("R-0001", worker, mentor=mentor, people=0, opened_on=date(2019, 12, 1))
    member(reopened, 1, date(2019, 12, 1), left_on=date(2020, 1, 15))
    member(reopened, 2, date(2019, 12, 1), left_on=date(2020, 1, 15))
    member(reopened, 3, date(2020, 4, 1))
    CaseClosure.create(
        case=reopened,
        closed_on=date(2020, 1, 15),
        reason="left_country",
        reopened_on=date(2020, 4, 1),
    )
    expected = {
        date(2020, 1, 15): (3 + 1 + 2, 2),  # the closing day still counts
        date(2020, 2, 10): (3 + 1, 1),  # in the gap; the leaver's last day
        date(2020, 2, 11): (3, 1),
        date(2020, 3, 1): (3 + 1, 1),  # the baby
        date(2020, 4, 1): (4 + 1, 2),  # reopened with one member
    }
    for day, (people, cases) in expected.items():
        line = next(m for m in caseload(day).mentors if m.user_id == mentor.id)
        assert (line.people.value, line.cases) == (people, cases), day
        own = next(w for w in caseload(day).workers if w.user_id == worker.id)
        assert (own.clients.value, own.cases) == (people, cases), day


def test_the_page_counts_on_a_chosen_day(client_as, users):
    worker, mentor = users[Role.SOCIAL_WORKER], users[Role.MENTOR]
    make_case("P-0001", worker, mentor=mentor, people=6, opened_on=date(2020, 1, 10))
    client = client_as(Role.LEAD)
    page = client.get("/cases/caseload?day=2020-01-09").get_data(as_text=True)
    assert 'name="day" value="2020-01-09"' in page
    assert "<strong>0</strong>" in page and "<strong>6</strong>" not in page
    page = client.get("/cases/caseload?day=2020-01-10").get_data(as_text=True)
    assert "<strong>6</strong>" in page
    assert "10 Jan 2020" in page


def test_a_bad_day_is_refused_not_an_error(client_as, users):
    client = client_as(Role.LEAD)
    for text in ("2020-13-01", "yesterday", "1999-12-31", "2100-01-01", "2020-02-30"):
        response = client.get("/cases/caseload", query_string={"day": text})
        assert response.status_code == 400, text
        assert "Give the date as YYYY-MM-DD" in response.get_data(as_text=True)
    assert client.get("/cases/caseload?day=").status_code == 200  # empty: today


def test_caseload_page_shows_ranges_and_breaches_in_words(client_as, users):
    build(users)
    page = client_as(Role.COORDINATOR).get("/cases/caseload").get_data(as_text=True)
    assert '<h2 id="mentor-loads">Mentors</h2>' in page
    assert "5–20" in page and "30–120" in page and "at most 6" in page
    # busy, mentor; the social worker's mentors
    assert page.count("Above the contract range") == 3
    assert page.count("Below the contract range") == 7  # 6 extra mentors; lead clients
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
