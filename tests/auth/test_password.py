"""Changing one's password: the rules, other sessions ending, temporary passwords."""

import pytest
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from app.accounts import User
from app.audit import AuditEvent
from app.auth.passwords import DEMO_PASSWORD, password_problem
from app.permissions import Role
from tests.conftest import PASSWORD, login

NEW_PASSWORD = "a quiet river at dawn"
LONG_COMMON = next(p for p in FREQUENCY_LISTS["passwords"] if len(p) >= 12)


@pytest.mark.parametrize(
    ("candidate", "accepted"),
    [
        ("short pass", False),
        ("x" * 129, False),
        ("x" * 128, True),
        (LONG_COMMON, False),
        (LONG_COMMON.upper(), False),
        (DEMO_PASSWORD, False),
        ("socialworker", False),  # the username itself
        ("twelve chars", True),
        ("ļoti garā latviešu frāze", True),
    ],
)
def test_password_rules(app, candidate, accepted):
    with app.test_request_context():
        assert (password_problem(candidate, "socialworker") is None) is accepted


def change(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm_password": confirm or new},
    )


def test_change_password_keeps_this_session_and_ends_the_others(app, users):
    here, elsewhere = app.test_client(), app.test_client()
    login(here, "mentor")
    login(elsewhere, "mentor")
    here.get("/account/password")
    response = change(here)
    assert response.status_code == 303
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    assert login(app.test_client(), "mentor", NEW_PASSWORD).status_code == 303
    event = AuditEvent.get(AuditEvent.action == "password.change")
    assert event.changes == "password_hash"
    assert NEW_PASSWORD not in event.changes


@pytest.mark.parametrize(
    ("current", "new", "confirm", "field"),
    [
        ("wrong current password", NEW_PASSWORD, None, "current_password"),
        (PASSWORD, "too short", None, "new_password"),
        (PASSWORD, LONG_COMMON, None, "new_password"),
        (PASSWORD, NEW_PASSWORD, "something else entirely", "confirm_password"),
    ],
)
def test_rejected_change_explains_next_to_the_field(client_as, current, new, confirm, field):
    client = client_as(Role.MENTOR)
    response = change(client, current, new, confirm)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert 'aria-invalid="true"' in page
    assert login(client.application.test_client(), "mentor").status_code == 303


def test_temporary_password_must_be_changed_before_anything_else(app, users, client_as):
    admin = client_as(Role.ADMIN)
    page = admin.post(f"/admin/users/{users[Role.MENTOR].id}/reset-password")
    temporary = page.get_data(as_text=True).split('id="temporary-password">')[1].split("<")[0]

    client = app.test_client()
    response = login(client, "mentor", temporary)
    assert response.headers["Location"] == "/account/password"
    assert client.get("/").headers["Location"] == "/account/password"
    client.get("/account/password")
    assert change(client, temporary).status_code == 303
    assert client.get("/").status_code == 200
    assert not User.get_by_id(users[Role.MENTOR].id).must_change_password
