"""A case file's page and its members: who sees what, adding, editing, leaving and moving a
member, each change audited and each refusal shown beside its field with nothing written."""

import re
from datetime import timedelta

import pytest
from playhouse.test_utils import assert_query_count, count_queries

from app.audit import AuditEvent
from app.calendar import local_today
from app.clients.models import Client, LegalEvent, Membership, Stage
from app.permissions import Role
from tests.conftest import create_user
from tests.factories import days_ago, make_case

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def case(users):
    """L-0042, the social worker's case file with the mentor, two members taken over with no
    details (as migrated case files are)."""
    return make_case("L-0042", users[Role.SOCIAL_WORKER], mentor=users[Role.MENTOR], people=2)


@pytest.fixture
def worker(client_as):
    return client_as(Role.SOCIAL_WORKER)


def member(case, number: int) -> Membership:
    return Membership.get(Membership.case == case.id, Membership.number == number)


def details(**overrides) -> dict:
    return {
        "gender": "female",
        "birth_year": "1990",
        "country": "SY",
        "arrival_route": "own",
        "arrived_on": days_ago(60).isoformat(),
        "school_grade": "",
        **overrides,
    }


def fill(case, number: int, **values) -> Client:
    client = member(case, number).client
    Client.update(**values).where(Client.id == client.id).execute()
    return client


def error_of(page: str, field_id: str) -> str:
    found = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', page)
    return found.group(1) if found else ""


def test_the_case_list_links_each_code_to_its_page(worker, case):
    listed = worker.get("/cases/").get_data(as_text=True)
    assert f'<a href="/cases/{case.id}">L-0042</a>' in listed


def test_the_page_shows_the_header_and_asks_for_the_missing_details(worker, case, users):
    page = worker.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Case file L-0042" in page
    assert users[Role.SOCIAL_WORKER].display_name in page
    assert users[Role.MENTOR].display_name in page
    assert re.search(r'id="household">Family without children<', page)
    assert "Details missing" in page
    assert page.count("gender, year of birth, country, arrival route, arrival date") == 2
    assert f'href="/cases/{case.id}/members/{member(case, 1).id}/edit"' in page
    assert f'action="/cases/{case.id}/members"' in page and 'method="post"' in page


def test_the_members_table_shows_details_stage_residence_and_entitlement(worker, case):
    arrived = local_today() - timedelta(days=400)
    client = fill(
        case,
        1,
        gender="male",
        birth_year=1985,
        country="AF",
        arrival_route="relocation",
        arrived_on=arrived,
        school_grade=None,
    )
    fill(case, 2, gender="female", birth_year=2012, country="AF", school_grade=5)
    LegalEvent.create(client=client, stage=Stage.ASYLUM_SEEKER, day=arrived)
    decided = local_today() - timedelta(days=350)
    LegalEvent.create(client=client, stage=Stage.REFUGEE, day=decided)
    page = worker.get(f"/cases/{case.id}").get_data(as_text=True)
    row = re.search(r'<tr id="member-1".*?</tr>', page, re.S).group(0)
    assert "L-0042/1" in row and "Man" in row and "1985" in row
    assert f">{local_today().year - 1985}<" in row
    assert "Afghanistan" in row and "EU relocation programme" in row
    assert "Refugee status granted" in row
    assert "12 months after status was granted" in row
    assert "ends soon" in row  # a year after the status: within 30 days
    second = re.search(r'<tr id="member-2".*?</tr>', page, re.S).group(0)
    assert ">5<" in second and "No step recorded" in second
    assert re.search(r'id="household">Family with children<', page)


def test_country_names_follow_the_readers_language(app, client_as, users, case):
    fill(case, 1, country="SY")
    users[Role.SOCIAL_WORKER].language = "lv"
    users[Role.SOCIAL_WORKER].save()
    page = client_as(Role.SOCIAL_WORKER).get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Sīrija" in page
    assert '<option value="LV">Latvija</option>' in page


def test_a_mentor_sees_codes_household_and_stages_but_no_personal_details(client_as, case):
    client = fill(case, 1, gender="female", birth_year=1977, country="SY", school_grade=None)
    fill(case, 2, birth_year=2015)
    LegalEvent.create(client=client, stage=Stage.NEGATIVE, day=days_ago(5))
    page = client_as(Role.MENTOR).get(f"/cases/{case.id}").get_data(as_text=True)
    assert "L-0042/1" in page and "L-0042/2" in page
    assert "Negative decision of the migration office" in page
    assert "Family with children" in page
    for hidden in ("Syria", "1977", "2015", "Year of birth", "Country", "Woman", "Details missing"):
        assert hidden not in page, hidden
    assert "/members" not in page and "/steps" not in page and "/edit" not in page


def test_a_mentor_cannot_open_another_mentors_case(client_as, users):
    other = create_user("othermentor", Role.MENTOR, supervisor=users[Role.LEAD])
    foreign = make_case("K-0001", users[Role.LEAD], mentor=other)
    assert client_as(Role.MENTOR).get(f"/cases/{foreign.id}").status_code == 404


def test_the_coordinator_reads_everything_and_changes_nothing(client_as, case):
    fill(case, 1, country="SY")
    client = client_as(Role.COORDINATOR)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Syria" in page
    assert "<form" not in page.split('id="case"')[1]
    assert client.post(f"/cases/{case.id}/members", data=details()).status_code == 403


@pytest.mark.parametrize("role", [Role.ADMIN, Role.AUDITOR])
def test_admin_and_auditor_have_no_access(client_as, case, role):
    assert client_as(role).get(f"/cases/{case.id}").status_code == 403


def test_the_page_costs_the_same_queries_whatever_the_members(worker, case):
    with count_queries() as baseline:
        worker.get(f"/cases/{case.id}")
    for number in range(3, 13):
        client = Client.create(birth_year=2000 + number)
        Membership.create(client=client, case=case, number=number, joined_on=case.opened_on)
        LegalEvent.create(client=client, stage=Stage.ASYLUM_SEEKER, day=days_ago(50))
    with assert_query_count(baseline.count):
        assert worker.get(f"/cases/{case.id}").status_code == 200


# --- adding and editing ----------------------------------------------------------------


def test_a_baby_born_today_joins_today_with_an_audit_of_field_names(worker, case, users):
    data = details(gender="male", birth_year=str(local_today().year), country="", arrived_on="")
    response = worker.post(
        f"/cases/{case.id}/members", data={**data, "joined_on": local_today().isoformat()}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/cases/{case.id}#members"
    baby = member(case, 3)
    assert (baby.joined_on, baby.client.birth_year, baby.client.country) == (
        local_today(),
        local_today().year,
        None,
    )
    assert case.__class__.get_by_id(case.id).people == 3
    created = AuditEvent.get(AuditEvent.action == "client.create")
    assert set(created.changes.split(",")) == {"gender", "birth_year", "arrival_route"}
    assert created.actor_id == users[Role.SOCIAL_WORKER].id
    page = worker.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Member L-0042/3 is added." in page


def test_adding_over_htmx_answers_with_the_case_part_and_the_flash(worker, case):
    response = worker.post(
        f"/cases/{case.id}/members",
        data={**details(), "joined_on": local_today().isoformat()},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="case">')
    assert 'id="flashes" hx-swap-oob="innerHTML"' in body and "Member L-0042/3 is added." in body
    assert 'id="member-3"' in body


@pytest.mark.parametrize("year", [str(local_today().year + 1), "1899", "0"])
def test_a_year_of_birth_in_the_future_or_before_1900_is_refused(worker, case, year):
    before = Client.select().count()
    response = worker.post(
        f"/cases/{case.id}/members",
        data={**details(birth_year=year), "joined_on": local_today().isoformat()},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert error_of(page, "birth_year") == (
        f"Enter a year of birth from 1900 to {local_today().year}."
    )
    assert f'value="{year}"' in page and '<option selected value="SY">' in page
    assert Client.select().count() == before
    assert not AuditEvent.select().where(AuditEvent.action == "client.create").exists()


def test_a_refusal_over_htmx_keeps_the_form_open_with_its_input(worker, case):
    response = worker.post(
        f"/cases/{case.id}/members",
        data={**details(birth_year="1899"), "joined_on": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert error_of(body, "joined_on") == "Enter the day the member joined."
    assert '<details class="add-form" open>' in body


def test_editing_fills_in_the_missing_details_and_audits_the_changed_names(worker, case):
    edit_url = f"/cases/{case.id}/members/{member(case, 1).id}/edit"
    form = worker.get(edit_url).get_data(as_text=True)
    assert f'action="{edit_url}"' in form and 'method="post"' in form
    response = worker.post(edit_url, data=details())
    assert response.status_code == 303
    client = member(case, 1).client
    assert (client.gender, client.birth_year, client.country) == ("female", 1990, "SY")
    event = AuditEvent.get(AuditEvent.action == "client.update")
    assert set(event.changes.split(",")) == {
        "gender",
        "birth_year",
        "country",
        "arrival_route",
        "arrived_on",
    }
    assert "Syria" not in event.changes
    page = worker.get(f"/cases/{case.id}").get_data(as_text=True)
    assert page.count("gender, year of birth, country, arrival route, arrival date") == 1


def test_an_edit_with_a_bad_year_keeps_the_input_and_changes_nothing(worker, case):
    edit_url = f"/cases/{case.id}/members/{member(case, 1).id}/edit"
    response = worker.post(edit_url, data=details(birth_year="2999", country="AF"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter a year of birth from 1900" in error_of(page, "birth_year")
    assert '<option selected value="AF">' in page
    assert member(case, 1).client.country is None
    assert not AuditEvent.select().where(AuditEvent.action == "client.update").exists()


def test_an_unknown_country_code_is_refused_beside_the_field(worker, case):
    response = worker.post(
        f"/cases/{case.id}/members/{member(case, 1).id}/edit", data=details(country="XX")
    )
    assert response.status_code == 422
    assert error_of(response.get_data(as_text=True), "country") == "Not a valid choice."


def test_another_cases_member_and_another_workers_case_are_404(worker, case, users):
    other_worker = create_user("otherworker", Role.SOCIAL_WORKER)
    foreign = make_case("F-0001", other_worker, people=1)
    mine = make_case("L-0043", users[Role.SOCIAL_WORKER], people=1)
    theirs = member(foreign, 1)
    assert worker.get(f"/cases/{case.id}/members/{member(mine, 1).id}/edit").status_code == 404
    assert worker.get(f"/cases/{foreign.id}").status_code == 404
    assert worker.post(f"/cases/{foreign.id}/members", data=details()).status_code == 404
    url = f"/cases/{foreign.id}/members/{theirs.id}/leave"
    assert worker.post(url, data={"left_on": local_today().isoformat()}).status_code == 404
    assert Membership.get_by_id(theirs.id).left_on is None


# --- leaving and moving -----------------------------------------------------------------


def test_a_member_leaves_and_stays_in_the_history(worker, case):
    leaving = member(case, 2)
    url = f"/cases/{case.id}/members/{leaving.id}/leave"
    early = worker.post(url, data={"left_on": (case.opened_on - timedelta(days=1)).isoformat()})
    assert early.status_code == 422
    assert error_of(early.get_data(as_text=True), "left_on") == (
        "The member cannot leave before joining."
    )
    response = worker.post(url, data={"left_on": days_ago(1).isoformat()})
    assert response.status_code == 303
    assert Membership.get_by_id(leaving.id).left_on == days_ago(1)
    assert case.__class__.get_by_id(case.id).people == 1
    assert AuditEvent.get(AuditEvent.action == "membership.leave").changes == "left_on"
    page = worker.get(f"/cases/{case.id}").get_data(as_text=True)
    assert '<tr id="member-2" class="member-left">' in page
    assert re.search(r'id="household">Individual<', page)


def test_a_member_moves_to_another_case_file_of_the_same_social_worker(worker, case, users):
    target = make_case("L-0050", users[Role.SOCIAL_WORKER], people=1)
    moving = member(case, 2)
    response = worker.post(
        f"/cases/{case.id}/members/{moving.id}/move",
        data={"target": " l-0050 ", "day": local_today().isoformat()},
    )
    assert response.status_code == 303
    assert Membership.get_by_id(moving.id).left_on == local_today() - timedelta(days=1)
    moved = Membership.get(Membership.case == target.id, Membership.number == 2)
    assert moved.client_id == moving.client_id
    assert AuditEvent.get(AuditEvent.action == "membership.move").object_id == moved.id
    page = worker.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Member L-0042/2 is now L-0050/2." in page


def test_a_move_to_another_social_workers_case_is_refused_beside_the_field(
    worker, case, client_as, users
):
    other_worker = create_user("otherworker", Role.SOCIAL_WORKER)
    make_case("F-0001", other_worker, people=1)
    moving = member(case, 1)
    url = f"/cases/{case.id}/members/{moving.id}/move"
    data = {"target": "F-0001", "day": local_today().isoformat()}
    response = worker.post(url, data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert error_of(page, "target") == (
        "Case file F-0001 is another social worker's; the lead social worker can move a "
        "member there."
    )
    assert 'value="F-0001"' in page
    assert Membership.get_by_id(moving.id).left_on is None
    assert Membership.select().count() == 3
    assert not AuditEvent.select().where(AuditEvent.action == "membership.move").exists()
    unknown = worker.post(url, data={**data, "target": "Z-9999"})
    assert error_of(unknown.get_data(as_text=True), "target") == "No case file has this code."
    # the lead may move anyone anywhere
    assert client_as(Role.LEAD).post(url, data=data).status_code == 303
