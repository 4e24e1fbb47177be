"""Signing in and out: generic failures, throttling, fresh sessions, sessions that end."""

from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from app.accounts import User
from app.audit import AuditEvent
from app.auth import passwords
from app.auth.models import LoginAttempt
from app.auth.services import FREE_FAILURES, delay_after
from app.permissions import Role
from tests.conftest import PASSWORD, login

GENERIC = "Wrong username or password."


def english_client(app):
    """A visitor who chose English on the login page, so assertions read naturally."""
    client = app.test_client()
    client.get("/login")
    client.post("/language", data={"language": "en", "next": "/login"})
    return client


def test_login_with_correct_password_reaches_home(app, users):
    client = app.test_client()
    response = login(client, "mentor")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert users[Role.MENTOR].display_name in client.get("/").get_data(as_text=True)


def test_unknown_user_and_wrong_password_get_the_same_message(app, users):
    client = english_client(app)
    wrong = client.post("/login", data={"username": "mentor", "password": "not the password"})
    unknown = client.post("/login", data={"username": "nobody", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 422
    assert GENERIC in wrong.get_data(as_text=True)
    assert GENERIC in unknown.get_data(as_text=True)
    assert 'value="nobody"' in unknown.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(app, users):
    User.update(active=False).where(User.id == users[Role.MENTOR].id).execute()
    client = english_client(app)
    response = client.post("/login", data={"username": "mentor", "password": PASSWORD})
    assert response.status_code == 422
    assert GENERIC in response.get_data(as_text=True)


def test_delay_grows_after_five_failures_and_is_capped():
    assert [delay_after(n) for n in range(FREE_FAILURES)] == [0] * FREE_FAILURES
    assert delay_after(5) == 30
    assert delay_after(6) == 60
    assert delay_after(7) == 120
    assert delay_after(50) == 15 * 60


def test_five_failures_lock_the_account_even_for_the_right_password(app, users):
    client = english_client(app)
    for _ in range(FREE_FAILURES):
        client.post("/login", data={"username": "mentor", "password": "wrong password!"})
    locked = client.post("/login", data={"username": "mentor", "password": PASSWORD})
    assert locked.status_code == 422
    assert "Too many failed attempts" in locked.get_data(as_text=True)

    # Once the delay has passed (the failures moved back in time), the right password works.
    for attempt in LoginAttempt.select():
        attempt.at -= timedelta(minutes=16)
        attempt.save()
    assert login(client, "mentor").status_code == 303


def test_failures_are_counted_per_ip_across_accounts(app, users):
    client = english_client(app)
    for role in (Role.MENTOR, Role.COORDINATOR, Role.ADMIN, Role.AUDITOR, Role.LEAD):
        client.post("/login", data={"username": users[role].username, "password": "wrong!!"})
    response = client.post(
        "/login", data={"username": users[Role.SOCIAL_WORKER].username, "password": PASSWORD}
    )
    assert "Too many failed attempts" in response.get_data(as_text=True)
    other_ip = app.test_client()
    other_ip.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert login(other_ip, users[Role.SOCIAL_WORKER].username).status_code == 303


def test_login_starts_a_fresh_session(app, users):
    client = app.test_client()
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "mentor")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{users[Role.MENTOR].id}:")


def test_logout_ends_every_session_of_the_user(app, users):
    phone, laptop = app.test_client(), app.test_client()
    login(phone, "mentor")
    login(laptop, "mentor")
    assert laptop.get("/").status_code == 200
    phone.post("/logout")
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 302


def test_logout_needs_post(app, users, client_as):
    client = client_as(Role.MENTOR)
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


def test_deactivated_users_open_session_ends(app, users, client_as):
    mentor = client_as(Role.MENTOR)
    admin = client_as(Role.ADMIN)
    admin.post(f"/admin/users/{users[Role.MENTOR].id}/deactivate")
    response = mentor.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_unknown_users_old_cookie_is_treated_as_signed_out(app, users, client_as):
    client = client_as(Role.MENTOR)
    with client.session_transaction() as session:
        session["_user_id"] = "99999:deadbeef"
    assert client.get("/").status_code == 302
    with client.session_transaction() as session:
        session["_user_id"] = "not-a-number"
    assert client.get("/").status_code == 302


def test_a_busy_session_ends_when_its_lifetime_is_over(app, users, client_as):
    client = client_as(Role.MENTOR)
    lifetime = int(app.config["SESSION_MAX_HOURS"] * 3600)
    with client.session_transaction() as session:
        session["started"] -= lifetime - 60
    assert client.get("/").status_code == 200  # still within it, and in use
    with client.session_transaction() as session:
        session["started"] -= 120
    response = client.get("/")
    assert (response.status_code, response.headers["Location"]) == (303, "/login")
    assert client.get("/").status_code == 302


def test_idle_session_is_signed_out(app, users, client_as):
    client = client_as(Role.MENTOR)
    with client.session_transaction() as session:
        session["seen"] -= int(app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()) + 60
    response = client.get("/")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    assert client.get("/").status_code == 302


def test_htmx_request_without_session_gets_hx_redirect(app, users):
    response = app.test_client().get("/admin/users", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith("/login")
    assert b"<form" not in response.data


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "/\r\nSet-Cookie: x=1",
        "/admin\nLocation: //evil.example",
        "/\t/evil.example",
        "/%0d%0a",
    ],
)
def test_next_never_leaves_the_site(app, users, target):
    client = app.test_client()
    client.get("/login")
    response = client.post(
        "/login", data={"username": "mentor", "password": PASSWORD, "next": target}
    )
    assert response.headers["Location"] == ("/%0d%0a" if target == "/%0d%0a" else "/")


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: x=1", "/a\nb", "/\x00"])
def test_a_next_with_a_line_break_is_no_server_error(app, users, target):
    client = app.test_client()
    assert client.get("/login", query_string={"next": target}).status_code == 200
    changed = client.post("/language", data={"language": "en", "next": target})
    assert (changed.status_code, changed.headers["Location"]) == (303, "/")
    response = client.post(
        "/login", data={"username": "mentor", "password": PASSWORD, "next": target}
    )
    assert (response.status_code, response.headers["Location"]) == (303, "/")


def test_next_returns_to_the_page_asked_for(app, users):
    client = app.test_client()
    first = client.get("/admin/users")
    assert first.headers["Location"] == "/login?next=/admin/users"
    client.get(first.headers["Location"])
    response = client.post(
        "/login", data={"username": "admin", "password": PASSWORD, "next": "/admin/users"}
    )
    assert response.headers["Location"] == "/admin/users"


def test_password_hashed_with_old_parameters_is_rehashed_at_login(app, users):
    old = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1)
    User.update(password_hash=old.hash(PASSWORD)).where(User.username == "mentor").execute()
    assert login(app.test_client(), "mentor").status_code == 303
    new_hash = User.get(User.username == "mentor").password_hash
    assert not passwords.needs_rehash(new_hash)
    assert passwords.verify_password(new_hash, PASSWORD)
    assert new_hash.startswith("$argon2id$")


def test_language_is_remembered_on_the_account(app, users, client_as):
    client = client_as(Role.MENTOR)
    client.post("/language", data={"language": "en", "next": "/"})
    assert User.get_by_id(users[Role.MENTOR].id).language == "en"
    other = app.test_client()
    login(other, "mentor")
    assert '<html lang="en">' in other.get("/").get_data(as_text=True)


def test_language_picked_on_the_login_page_becomes_the_accounts(app, users):
    client = english_client(app)
    login(client, "mentor")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    assert User.get_by_id(users[Role.MENTOR].id).language == "en"
    # after signing out, the next person's own preference is not overridden
    client.post("/logout")
    login(client, "coordinator")
    assert User.get_by_id(users[Role.COORDINATOR].id).language == "lv"


def test_a_failed_sign_in_under_an_unknown_name_is_audited_by_its_fingerprint(app, users):
    client = app.test_client()
    client.get("/login")
    for name in ("no-such-person", "no-such-person", "another-name"):
        client.post("/login", data={"username": name, "password": "x"})
    client.post("/login", data={"username": "mentor", "password": "wrong"})
    events = list(
        AuditEvent.select().where(AuditEvent.action == "login.failure").order_by(AuditEvent.id)
    )
    first, again, other, known = (event.changes for event in events)
    assert first.startswith("unknown:") and len(first) == len("unknown:") + 12
    assert first == again != other  # the same name tried twice reads the same
    assert "no-such-person" not in first + other and known == ""
    assert events[3].object_id == users[Role.MENTOR].id
