"""The risk-type list (the lead's): add, rename in place, refuse a name it has, retire and
offer again."""

import pytest

from app.permissions import Role
from app.risks.models import RiskType
from tests.factories import make_risk, risk_type

PAGE = "/risks/types"


def test_a_taken_name_is_refused_beside_its_field_on_add_and_rename(client_as, english):
    lead = client_as(Role.LEAD)
    staff, other = risk_type("Staff"), RiskType.select().where(RiskType.name_en != "Staff")[0]
    count = RiskType.select().count()
    added = lead.post(PAGE, data={"name_lv": "Jauns", "name_en": "staff"})
    assert added.status_code == 422
    assert 'id="name_en-error">The list already has an item with this name.' in added.text
    renamed = lead.post(
        f"{PAGE}/{other.id}",
        data={f"type{other.id}-name_lv": staff.name_lv, f"type{other.id}-name_en": "New"},
    )
    assert renamed.status_code == 422
    text = renamed.get_data(as_text=True)
    assert f'id="type{other.id}-name_lv-error">The list already has an item' in text
    assert '<details class="comment-form" open>' in text  # the row's form stays open
    assert RiskType.select().count() == count
    assert RiskType.get_by_id(other.id).name_en == other.name_en


def test_a_retired_type_stays_on_its_risk_and_can_be_offered_again(client_as, english):
    lead = client_as(Role.LEAD)
    staff = risk_type("Staff")
    risk = make_risk("Turnover", type=staff)
    retired = lead.post(f"{PAGE}/{staff.id}/retire")
    assert retired.status_code == 303 and retired.headers["Location"] == PAGE
    page = lead.get(PAGE).get_data(as_text=True)
    assert "The risk type is retired." in page and "Offer again" in page
    assert ">Staff<" not in lead.get("/risks/new").get_data(as_text=True)
    assert "<dd>Staff</dd>" in lead.get(f"/risks/{risk.id}").get_data(as_text=True)
    restored = lead.post(f"{PAGE}/{staff.id}/restore")
    assert restored.status_code == 303
    assert "The risk type is offered again." in lead.get(PAGE).get_data(as_text=True)
    assert ">Staff<" in lead.get("/risks/new").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.MENTOR, Role.SOCIAL_WORKER, Role.COORDINATOR])
def test_only_the_lead_and_the_administrator_may_change_the_list(client_as, english, role):
    client = client_as(role)
    staff = risk_type("Staff")
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, data={"name_lv": "Jauns", "name_en": "New"}).status_code == 403
    for action in ("", "/retire", "/restore"):
        assert client.post(f"{PAGE}/{staff.id}{action}").status_code == 403
    assert RiskType.get_by_id(staff.id).active
    assert client_as(Role.ADMIN).get(PAGE).status_code == 200
