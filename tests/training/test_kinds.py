"""The list of kinds of sessions (the coordinator's and the lead's): add, edit, refuse a name it
has, retire and offer again."""

import pytest

from app.permissions import Role
from app.training.models import TrainingKind
from tests.factories import kind_id

PAGE = "/training/kinds"
KIND = {"name_lv": "Intervīzija", "name_en": "Peer review", "counts_as": "supervision"}


def test_a_taken_name_is_refused_beside_its_field_on_add_and_edit(client_as, english):
    coordinator = client_as(Role.COORDINATOR)
    count = TrainingKind.select().count()
    added = coordinator.post(PAGE, data={**KIND, "name_en": "group SUPERVISION"})
    assert added.status_code == 422
    assert 'id="name_en-error">The list already has an item with this name.' in added.text
    assert 'value="Intervīzija"' in added.text  # the input is kept
    group = kind_id("Group supervision")
    edited = coordinator.post(
        f"{PAGE}/{group}/edit", data={**KIND, "name_en": "Qualification training"}
    )
    assert edited.status_code == 422
    assert 'id="name_en-error">The list already has an item with this name.' in edited.text
    assert TrainingKind.select().count() == count
    assert TrainingKind.get_by_id(group).name_en == "Group supervision"


def test_a_retired_kind_stays_on_its_session_and_can_be_offered_again(client_as, english, session):
    coordinator = client_as(Role.COORDINATOR)
    group = kind_id("Group supervision")
    retired = coordinator.post(f"{PAGE}/{group}/retire")
    assert retired.status_code == 303 and retired.headers["Location"] == PAGE
    assert "Offer again" in coordinator.get(PAGE).get_data(as_text=True)
    assert "Group supervision" not in coordinator.get("/training/new").get_data(as_text=True)
    assert "Group supervision" in coordinator.get(f"/training/{session.id}").get_data(as_text=True)
    assert coordinator.post(f"{PAGE}/{group}/restore").status_code == 303
    assert TrainingKind.get_by_id(group).active
    assert "Group supervision" in coordinator.get("/training/new").get_data(as_text=True)
    assert coordinator.post(f"{PAGE}/99999/retire").status_code == 404


@pytest.mark.parametrize("role", [Role.MENTOR, Role.SOCIAL_WORKER, Role.ADMIN])
def test_only_the_coordinator_and_the_lead_may_change_the_list(client_as, english, role):
    client = client_as(role)
    group = kind_id("Group supervision")
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, data=KIND).status_code == 403
    assert client.get(f"{PAGE}/{group}/edit").status_code == 403
    for action in ("/edit", "/retire", "/restore"):
        assert client.post(f"{PAGE}/{group}{action}").status_code == 403
    assert TrainingKind.get_by_id(group).active
    assert client_as(Role.LEAD).get(PAGE).status_code == 200
