"""Legal steps and residence moves for chosen members of a case file, in the timeline's order;
taking back the latest step; each refusal beside its field with nothing written."""

import re
from datetime import timedelta

import pytest

from app.audit import AuditEvent
from app.calendar import local_today
from app.cases.models import CaseFile, ClosingReason
from app.cases.services import close_case, reopen_case
from app.clients.models import Client, LegalEvent, Membership, Place, Residence, Stage
from app.clients.services import record_residence
from app.permissions import Role
from app.refusals import Refused
from tests.factories import days_ago, make_case

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def case(users):
    """L-0042, a family of three who arrived 60 days ago and asked for asylum then."""
    case = make_case("L-0042", users[Role.SOCIAL_WORKER], mentor=users[Role.MENTOR], people=3)
    for membership in case.memberships:
        Client.update(arrived_on=days_ago(60)).where(Client.id == membership.client_id).execute()
        LegalEvent.create(client=membership.client_id, stage=Stage.ASYLUM_SEEKER, day=days_ago(60))
    return case


@pytest.fixture
def worker(client_as):
    return client_as(Role.SOCIAL_WORKER)


def ids(case, *numbers) -> list[str]:
    query = Membership.select().where(Membership.case == case.id).order_by(Membership.number)
    return [str(m.id) for m in query if not numbers or m.number in numbers]


def step(worker, case, stage, day, members=None, **headers):
    data = {"step-members": members or ids(case), "step-stage": stage, "step-day": day.isoformat()}
    return worker.post(f"/cases/{case.id}/steps", data=data, headers=headers)


def error_of(page: str, field_id: str) -> str:
    found = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', page)
    return found.group(1) if found else ""


def stages_of(case) -> list[list[str]]:
    return [
        [
            event.stage
            for event in LegalEvent.select()
            .where(LegalEvent.client == m.client_id)
            .order_by(LegalEvent.day, LegalEvent.id)
        ]
        for m in Membership.select().where(Membership.case == case.id).order_by(Membership.number)
    ]


def test_the_step_form_checks_every_current_member_and_offers_only_what_may_follow(worker, case):
    page = worker.get(f"/cases/{case.id}").get_data(as_text=True)
    form = re.search(r'<form id="step-form".*?</form>', page, re.S).group(0)
    assert 'method="post"' in form and f'action="/cases/{case.id}/steps"' in form
    assert form.count('checked id="step-members-') == 3
    offered = re.findall(r'<option value="(\w+)"', form)
    assert offered == ["refugee_status", "alternative_status", "negative_decision", *Stage.EXITS]


def test_a_decision_for_the_whole_family_then_an_appeal(worker, case, users):
    response = step(worker, case, Stage.NEGATIVE, days_ago(20))
    assert response.status_code == 303
    assert step(worker, case, Stage.APPEAL, days_ago(10)).status_code == 303
    assert stages_of(case) == [[Stage.ASYLUM_SEEKER, Stage.NEGATIVE, Stage.APPEAL]] * 3
    events = AuditEvent.select().where(AuditEvent.action == "legal_event.create")
    assert {event.changes for event in events} == {"day,stage"} and events.count() == 6
    page = worker.get(f"/cases/{case.id}").get_data(as_text=True)
    assert page.count("Appealed to the administrative court") >= 3
    offered = re.findall(r'<option value="(\w+)"', page.split('id="step-form"')[1])
    assert offered[:2] == ["court_positive", "court_negative"]


def test_a_step_for_chosen_members_only(worker, case):
    assert step(worker, case, Stage.REFUGEE, days_ago(5), members=ids(case, 2)).status_code == 303
    assert stages_of(case)[1] == [Stage.ASYLUM_SEEKER, Stage.REFUGEE]
    assert stages_of(case)[0] == [Stage.ASYLUM_SEEKER]


def test_a_decision_before_the_arrival_is_refused_beside_the_date(worker, case):
    response = step(worker, case, Stage.NEGATIVE, days_ago(61))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    # the first refusal is the order of the timeline: the asylum step is 60 days ago
    assert error_of(page, "step-day") == "This step is dated before the latest one of the timeline."
    client = Membership.get(Membership.case == case.id, Membership.number == 1).client
    LegalEvent.delete().where(LegalEvent.client == client.id).execute()
    alone = step(worker, case, Stage.NEGATIVE, days_ago(61), members=ids(case, 1))
    assert alone.status_code == 422
    assert error_of(alone.get_data(as_text=True), "step-day") == (
        "This step is dated before the arrival in Latvia."
    )
    assert LegalEvent.select().where(LegalEvent.stage == Stage.NEGATIVE).count() == 0


def test_a_court_decision_without_an_appeal_is_refused_beside_the_step(worker, case):
    assert step(worker, case, Stage.NEGATIVE, days_ago(20)).status_code == 303
    response = step(worker, case, Stage.COURT_POSITIVE, days_ago(5))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert error_of(page, "step-stage") == "A court decision needs an appeal before it."
    assert LegalEvent.select().where(LegalEvent.stage == Stage.COURT_POSITIVE).count() == 0
    assert AuditEvent.select().where(AuditEvent.action == "legal_event.create").count() == 3


def test_a_step_dated_before_the_latest_is_refused_for_everyone(worker, case):
    assert step(worker, case, Stage.NEGATIVE, days_ago(10), members=ids(case, 1)).status_code == 303
    before = LegalEvent.select().count()
    # an exit may follow both steps, but not before member 1's decision
    response = step(worker, case, Stage.LEFT, days_ago(20), **{"HX-Request": "true"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert error_of(body, "step-day") == "This step is dated before the latest one of the timeline."
    assert f'value="{days_ago(20).isoformat()}"' in body
    assert LegalEvent.select().count() == before


def test_no_member_and_another_cases_member_are_refused(worker, case, users):
    other = make_case("L-0043", users[Role.SOCIAL_WORKER], people=1)
    response = step(worker, case, Stage.NEGATIVE, days_ago(5), members=ids(other))
    assert response.status_code == 422
    assert error_of(response.get_data(as_text=True), "step-members") == (
        "Choose members of this case file."
    )
    data = {"step-stage": Stage.NEGATIVE, "step-day": days_ago(5).isoformat(), "step-x": "1"}
    none = worker.post(f"/cases/{case.id}/steps", data=data)
    assert none.status_code == 422
    assert error_of(none.get_data(as_text=True), "step-members") == "Choose at least one member."
    assert LegalEvent.select().where(LegalEvent.stage == Stage.NEGATIVE).count() == 0


def test_the_latest_step_is_taken_back_and_earlier_ones_stay(worker, case):
    assert step(worker, case, Stage.NEGATIVE, days_ago(5), members=ids(case, 1)).status_code == 303
    response = worker.post(f"/cases/{case.id}/steps/undo", data={"member": ids(case, 1)[0]})
    assert response.status_code == 303
    assert stages_of(case)[0] == [Stage.ASYLUM_SEEKER]
    event = AuditEvent.get(AuditEvent.action == "legal_event.delete")
    assert event.changes == "day,stage"
    page = worker.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "The latest step of L-0042/1 is taken back." in page
    other = make_case("L-0043", case.social_worker, people=1)
    foreign = worker.post(f"/cases/{case.id}/steps/undo", data={"member": ids(other)[0]})
    assert foreign.status_code == 303
    assert "Choose a member of this case file." in worker.get(f"/cases/{case.id}").get_data(
        as_text=True
    )


def test_residence_moves_for_chosen_members_and_the_timeline_in_order(worker, case):
    url = f"/cases/{case.id}/residence"
    data = {
        "residence-members": ids(case, 1, 2),
        "residence-place": "municipality",
        "residence-municipality": "",
        "residence-since": days_ago(30).isoformat(),
    }
    missing = worker.post(url, data=data)
    assert missing.status_code == 422
    assert error_of(missing.get_data(as_text=True), "residence-municipality") == (
        "Name the municipality."
    )
    assert Residence.select().count() == 0
    assert worker.post(url, data={**data, "residence-municipality": "Rīga"}).status_code == 303
    assert Residence.select().count() == 2
    assert AuditEvent.get(AuditEvent.action == "residence.create").changes == "place,since"
    assert step(worker, case, Stage.REFUGEE, days_ago(10)).status_code == 303
    page = worker.get(f"/cases/{case.id}").get_data(as_text=True)
    history = re.search(
        r'<details class="member-history" id="timeline-1">.*?</details>', page, re.S
    )
    items = re.findall(r"<li><time[^>]*>[^<]*</time>\s*(.*?)</li>", history.group(0), re.S)
    assert [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items] == [
        "Asylum seeker",
        "Lives: Outside the PMC, in a municipality, Rīga",
        "Refugee status granted",
    ]
    row = re.search(r'<tr id="member-1".*?</tr>', page, re.S).group(0)
    assert "Rīga" in row
    earlier = worker.post(url, data={**data, "residence-municipality": "Rīga"})
    assert error_of(earlier.get_data(as_text=True), "residence-since") == (
        "A later move is already recorded for a member."
    )


def test_a_closed_case_shows_no_forms_for_its_members(worker, users):
    closed = make_case("L-0099", users[Role.SOCIAL_WORKER], people=1, closed_on=days_ago(3))
    page = worker.get(f"/cases/{closed.id}").get_data(as_text=True)
    assert 'id="step-form"' not in page and 'id="member-form"' not in page
    assert "Edit or reopen" in page
    assert local_today() - timedelta(days=3) == closed.closed_on


def test_the_closing_step_stays_until_the_case_file_is_reopened(worker, case, users):
    """Closing writes the reason as each member's last step; taking it back, or a move dated
    after the closing, is refused while the case file is closed, and allowed again after a
    reopening."""
    close_case(users[Role.SOCIAL_WORKER], case, days_ago(2), ClosingReason.LEFT)
    assert stages_of(case)[0] == [Stage.ASYLUM_SEEKER, Stage.LEFT]
    undo = worker.post(f"/cases/{case.id}/steps/undo", data={"member": ids(case, 1)[0]})
    assert undo.status_code == 303
    page = worker.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "This step ends the timeline of a closed case file" in page
    assert stages_of(case)[0] == [Stage.ASYLUM_SEEKER, Stage.LEFT]
    worker_user = users[Role.SOCIAL_WORKER]
    with pytest.raises(Refused) as refused:
        record_residence(
            worker_user, case, [case.memberships[0].client], Place.PMC, "", days_ago(1)
        )
    assert refused.value.errors == {"since": ["The case file is closed on that day."]}
    assert not Residence.select().exists()
    reopen_case(worker_user, CaseFile.get_by_id(case.id), days_ago(1))
    undo = worker.post(f"/cases/{case.id}/steps/undo", data={"member": ids(case, 1)[0]})
    assert stages_of(case)[0] == [Stage.ASYLUM_SEEKER]
