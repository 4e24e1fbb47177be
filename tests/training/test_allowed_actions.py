"""What may be done with a session now: one answer (allowed_actions) that its page shows as
controls and every transition enforces."""

import io
from dataclasses import fields
from datetime import timedelta

import pytest
from flask import url_for

from app.calendar import local_today
from app.permissions import PERMISSIONS, Role
from app.refusals import Refused
from app.training import services
from app.training.models import SessionFile, TrainingSession
from tests.factories import make_session
from tests.uploads.test_uploads import make_pdf

#: the form (or link) of each action on the session page
ACTION_ENDPOINTS = {
    "edit": "training.edit",
    "mark_attendance": "training_attendance.update",
    "upload": "training_files.upload",
    "cancel": "training.cancel",
    "restore": "training.restore",
}
STATES = ("held", "planned", "cancelled")


def allowed(actions) -> set[str]:
    return {f.name for f in fields(actions) if getattr(actions, f.name)}


def _session_in(users, state: str, last_week) -> TrainingSession:
    day = local_today() + timedelta(days=3) if state == "planned" else last_week
    session = make_session(users, day)
    if state == "cancelled":
        session = services.set_cancelled(users[Role.COORDINATOR], session, True)
    return session


def test_every_action_has_a_control_on_the_page():
    assert {f.name for f in fields(services.SessionActions)} == set(ACTION_ENDPOINTS)


@pytest.mark.parametrize("state", STATES)
def test_the_session_page_shows_the_allowed_controls_for_each_role(
    app, client_as, english, last_week, state
):
    session = _session_in(english, state, last_week)
    with app.test_request_context():
        markers = {
            action: f'"{url_for(endpoint, session_id=session.id)}"'
            for action, endpoint in ACTION_ENDPOINTS.items()
        }
    for role in sorted(PERMISSIONS["training.view"]):
        page = client_as(role).get(f"/training/{session.id}").get_data(as_text=True)
        actions = services.allowed_actions(session, english[role])
        shown = {action for action, marker in markers.items() if marker in page}
        assert shown == allowed(actions), role


def test_a_cancelled_session_refuses_every_change_but_restore(english, session):
    coordinator = english[Role.COORDINATOR]
    session = services.set_cancelled(coordinator, session, True)
    assert allowed(services.allowed_actions(session, coordinator)) == {"restore"}
    for change in (
        lambda: services.set_cancelled(coordinator, session, True),
        lambda: services.mark_attendance(coordinator, session, {}, local_today()),
        lambda: services.add_file(
            coordinator, session, io.BytesIO(make_pdf()), "agenda.pdf", "agenda"
        ),
    ):
        with pytest.raises(Refused) as refused:
            change()
        assert refused.value.message == services.CANCELLED
    assert not SessionFile.select().exists()
    session = services.set_cancelled(coordinator, session, False)
    with pytest.raises(Refused) as refused:
        services.set_cancelled(coordinator, session, False)
    assert refused.value.message == services.NOT_CANCELLED


def test_a_file_for_a_cancelled_session_is_refused_through_the_page(client_as, session):
    client = client_as(Role.COORDINATOR)
    client.post(f"/training/{session.id}/cancel")
    response = client.post(
        f"/training/{session.id}/files",
        data={"role": "agenda", "file": (io.BytesIO(make_pdf()), "agenda.pdf")},
        content_type="multipart/form-data",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "The session is cancelled" in response.get_data(as_text=True)
    assert not SessionFile.select().exists()


def test_a_role_that_may_not_edit_is_refused_by_the_service(english, session):
    with pytest.raises(Refused) as refused:
        services.set_cancelled(english[Role.MENTOR], session, True)
    assert refused.value.status == 403
