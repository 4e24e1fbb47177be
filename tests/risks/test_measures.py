"""Measures: an ordered, numbered list per risk; add, edit and move with or without htmx."""

import re

import pytest

from app.audit import AuditEvent
from app.permissions import Role
from app.risks.models import Measure
from tests.factories import make_risk
from tests.risks.conftest import add_measures

HTMX = {"HX-Request": "true"}


@pytest.fixture
def risk(english):
    return make_risk()


def order(risk) -> list[tuple[int, str]]:
    return [
        (m.position, m.text)
        for m in Measure.select().where(Measure.risk == risk.id).order_by(Measure.position)
    ]


def shown_measures(page: str) -> list[str]:
    return re.findall(r'<span class="measure-text pre-line">([^<]*)</span>', page)


def test_lead_adds_measures_at_the_end_of_the_numbered_list(client_as, risk, english):
    client = client_as(Role.LEAD)
    url = f"/risks/{risk.id}/measures"
    first = client.post(url, data={"new-text": "Weekly team meeting", "new-status": "in_place"})
    assert first.status_code == 303 and first.headers["Location"].endswith("#measures")
    second = client.post(
        url,
        data={
            "new-text": "Supervision",
            "new-status": "planned",
            "new-owner": str(english[Role.SOCIAL_WORKER].id),
        },
        headers=HTMX,
    )
    assert second.status_code == 200
    text = second.get_data(as_text=True)
    assert "<html" not in text and 'id="measures"' in text
    assert second.headers["HX-Retarget"] == "#measures"
    assert "The measure is added." in text and 'hx-swap-oob="innerHTML"' in text
    assert shown_measures(text) == ["Weekly team meeting", "Supervision"]
    assert order(risk) == [(1, "Weekly team meeting"), (2, "Supervision")]
    assert Measure.get(Measure.text == "Supervision").owner_id == english[Role.SOCIAL_WORKER].id


def test_an_empty_measure_is_refused_beside_the_field(client_as, risk):
    response = client_as(Role.LEAD).post(
        f"/risks/{risk.id}/measures", data={"new-text": "  ", "new-status": "planned"}, headers=HTMX
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'id="new-text-error">This field is required\.<', page)
    bad_status = client_as(Role.LEAD).post(
        f"/risks/{risk.id}/measures", data={"new-text": "Fine", "new-status": "maybe"}
    )
    assert bad_status.status_code == 422 and "Not a valid choice." in bad_status.get_data(
        as_text=True
    )
    assert order(risk) == []


def test_edit_a_measure_inline(client_as, risk):
    (measure,) = add_measures(risk, "Old wording")
    client = client_as(Role.LEAD)
    form = client.get(f"/risks/{risk.id}/measures/{measure.id}/edit", headers=HTMX)
    text = form.get_data(as_text=True)
    assert form.status_code == 200 and "<html" not in text and "Old wording" in text
    assert f'id="measure-{measure.id}"' in text
    full = client.get(f"/risks/{risk.id}/measures/{measure.id}/edit")
    assert "<html" in full.get_data(as_text=True)  # works without JavaScript too
    prefix = f"measure{measure.id}-"
    bad = client.post(
        f"/risks/{risk.id}/measures/{measure.id}",
        data={prefix + "text": "", prefix + "status": "planned"},
        headers=HTMX,
    )
    assert bad.status_code == 422 and "This field is required." in bad.get_data(as_text=True)
    saved = client.post(
        f"/risks/{risk.id}/measures/{measure.id}",
        data={prefix + "text": "New wording", prefix + "status": "dropped"},
        headers=HTMX,
    )
    assert saved.status_code == 200 and saved.headers["HX-Retarget"] == "#measures"
    assert "New wording" in saved.get_data(as_text=True)
    stored = Measure.get_by_id(measure.id)
    assert (stored.text, stored.status, stored.position) == ("New wording", "dropped", 1)
    assert AuditEvent.get(AuditEvent.action == "measure.update").changes == "status,text"


def test_move_up_and_down_renumbers_one_to_n(client_as, risk):
    one, two, three = add_measures(risk, "One", "Two", "Three")
    # a gap left by older data is closed by the next move
    Measure.update(position=7).where(Measure.id == three.id).execute()
    client = client_as(Role.LEAD)
    moved = client.post(
        f"/risks/{risk.id}/measures/{three.id}/move", data={"direction": "up"}, headers=HTMX
    )
    assert moved.status_code == 200
    assert shown_measures(moved.get_data(as_text=True)) == ["One", "Three", "Two"]
    assert order(risk) == [(1, "One"), (2, "Three"), (3, "Two")]
    # without JavaScript: a plain form post and a redirect back to the list
    plain = client.post(f"/risks/{risk.id}/measures/{one.id}/move", data={"direction": "down"})
    assert plain.status_code == 303 and plain.headers["Location"].endswith("#measures")
    assert order(risk) == [(1, "Three"), (2, "One"), (3, "Two")]


def test_moving_past_either_end_is_refused_and_nothing_is_written(client_as, risk):
    one, two = add_measures(risk, "One", "Two")
    client = client_as(Role.LEAD)
    page = client.get(f"/risks/{risk.id}").get_data(as_text=True)
    # the first has no "up" button and the last no "down" button
    assert page.count('value="up"') == 1 and page.count('value="down"') == 1
    events = AuditEvent.select().count()
    up = client.post(
        f"/risks/{risk.id}/measures/{one.id}/move", data={"direction": "up"}, headers=HTMX
    )
    assert up.status_code == 422
    assert "already the first" in up.get_data(as_text=True)
    down = client.post(f"/risks/{risk.id}/measures/{two.id}/move", data={"direction": "down"})
    assert down.status_code == 303
    assert "already the last" in client.get(down.headers["Location"]).get_data(as_text=True)
    sideways = client.post(
        f"/risks/{risk.id}/measures/{two.id}/move", data={"direction": "left"}, headers=HTMX
    )
    assert sideways.status_code == 422
    assert order(risk) == [(1, "One"), (2, "Two")]
    assert AuditEvent.select().count() == events


def test_a_measure_of_another_risk_is_404(client_as, risk):
    other = make_risk("Other")
    (foreign,) = add_measures(other, "Not yours")
    client = client_as(Role.LEAD)
    assert client.get(f"/risks/{risk.id}/measures/{foreign.id}/edit").status_code == 404
    move = client.post(f"/risks/{risk.id}/measures/{foreign.id}/move", data={"direction": "up"})
    assert move.status_code == 404


def test_only_editors_change_measures(client_as, risk):
    (measure,) = add_measures(risk, "One")
    for role in (Role.COORDINATOR, Role.SOCIAL_WORKER, Role.MENTOR):
        client = client_as(role)
        assert client.post(f"/risks/{risk.id}/measures", data={"new-text": "x"}).status_code == 403
        response = client.post(
            f"/risks/{risk.id}/measures/{measure.id}/move", data={"direction": "down"}
        )
        assert response.status_code == 403
    page = client_as(Role.COORDINATOR).get(f"/risks/{risk.id}").get_data(as_text=True)
    assert "One" in page and "Move down" not in page and "Add a measure" not in page
