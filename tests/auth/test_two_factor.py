"""Two-factor sign-in: setting it up (QR and key), the code step, codes used once, recovery
codes, the requirement per role, the administrator's reset, and the audit of each."""

import json
import re
import time

import pyotp
import pytest

from app.accounts import User
from app.audit import AuditEvent
from app.auth.services import FREE_FAILURES, TWO_FACTOR_ROLES_KEY, two_factor_roles
from app.core.models import get_setting
from app.permissions import Role
from tests.conftest import PASSWORD, login, require_two_factor

SECRET = re.compile(r'<code id="totp-secret">([A-Z2-7 ]+)</code>')
CODES = re.compile(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>")


def actions(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action))


def enrol(client) -> tuple[pyotp.TOTP, list[str]]:
    """Set up the second factor as a person does: the key from the page, the app's code."""
    page = client.get("/account/two-factor").get_data(as_text=True)
    totp = pyotp.TOTP(SECRET.search(page).group(1).replace(" ", ""))
    response = client.post("/account/two-factor/enable", data={"code": totp.now()})
    assert response.status_code == 200, response.get_data(as_text=True)
    codes = CODES.findall(response.get_data(as_text=True))
    return totp, codes


def next_code(totp: pyotp.TOTP) -> str:
    """A code of the next time step (the current one was used)."""
    return totp.at(time.time() + 30)


def visitor_reading_english(app):
    """A browser whose login page was switched to English: the code step, before the sign-in
    is complete, reads the language chosen there."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["lang"] = "en"
    return client


def sign_in_with_code(app, username: str, code: str, client=None):
    client = client or visitor_reading_english(app)
    first = login(client, username)
    assert first.headers["Location"] == "/login/code"
    client.get("/login/code")
    return client, client.post("/login/code", data={"code": code})


def test_the_setup_page_shows_a_server_side_qr_and_the_key(app, english, client_as):
    client = client_as(Role.MENTOR)
    response = client.get("/account/two-factor")
    page = response.get_data(as_text=True)
    assert '<svg width="' in page and 'class="qr-code"' in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "style=" not in svg and "<script" not in svg and "href" not in svg
    assert SECRET.search(page)
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    # the page again shows the same key until it is confirmed
    assert SECRET.search(client.get("/account/two-factor").get_data(as_text=True)).group(
        1
    ) == SECRET.search(page).group(1)


def test_a_wrong_first_code_does_not_turn_it_on(app, english, client_as):
    client = client_as(Role.MENTOR)
    client.get("/account/two-factor")
    response = client.post("/account/two-factor/enable", data={"code": "000000"})
    assert response.status_code == 422
    assert "The code is not correct." in response.get_data(as_text=True)
    assert not User.get(User.username == "mentor").totp_enabled


def test_enrol_then_sign_in_with_password_and_code(app, english, client_as):
    client = client_as(Role.MENTOR)
    totp, codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    user = User.get(User.username == "mentor")
    assert user.totp_enabled and all(code not in user.recovery_codes for code in codes)
    assert client.get("/").status_code == 200  # this session goes on
    assert len(actions("twofactor.enable")) == 1

    other = app.test_client()
    response = login(other, "mentor")
    assert response.headers["Location"] == "/login/code"
    # the password alone is no sign-in
    assert other.get("/").status_code == 302
    other.get("/login/code")
    done = other.post("/login/code", data={"code": next_code(totp)})
    assert (done.status_code, done.headers["Location"]) == (303, "/")
    assert other.get("/").status_code == 200


def test_a_code_is_accepted_once(app, english, client_as):
    totp, _codes = enrol(client_as(Role.MENTOR))
    code = next_code(totp)
    _client, first = sign_in_with_code(app, "mentor", code)
    assert first.status_code == 303
    _client, again = sign_in_with_code(app, "mentor", code)
    assert again.status_code == 422
    assert "The code is not correct." in again.get_data(as_text=True)


def test_a_recovery_code_signs_in_once_and_is_audited(app, english, client_as):
    _totp, codes = enrol(client_as(Role.MENTOR))
    client, response = sign_in_with_code(app, "mentor", codes[3].upper().replace("-", " "))
    assert response.status_code == 303
    assert "9 are left" in client.get("/").get_data(as_text=True)
    assert len(actions("twofactor.recovery_code_used")) == 1
    _client, again = sign_in_with_code(app, "mentor", codes[3])
    assert again.status_code == 422


def test_wrong_codes_are_throttled_like_passwords(app, english, client_as):
    totp, _codes = enrol(client_as(Role.MENTOR))
    client = visitor_reading_english(app)
    login(client, "mentor")
    client.get("/login/code")
    for _ in range(FREE_FAILURES):
        client.post("/login/code", data={"code": "123456"})
    response = client.post("/login/code", data={"code": next_code(totp)})
    assert response.status_code == 422
    assert "Too many failed attempts" in response.get_data(as_text=True)
    assert len(actions("login.failure")) >= FREE_FAILURES


def test_the_half_signed_in_state_expires(app, english, client_as):
    enrol(client_as(Role.MENTOR))
    client = app.test_client()
    login(client, "mentor")
    with client.session_transaction() as session:
        session["pending_login"] = {**session["pending_login"], "at": int(time.time()) - 600}
        assert "_user_id" not in session
    response = client.get("/login/code")
    assert (response.status_code, response.headers["Location"]) == (303, "/login")


def test_a_required_role_must_enrol_before_anything_else(app, english):
    require_two_factor(Role.ADMIN)
    client = app.test_client()
    response = login(client, "admin")
    assert response.headers["Location"] == "/account/two-factor"
    for url in ("/", "/admin/users", "/account", "/account/password"):
        assert client.get(url).headers["Location"] == "/account/two-factor", url
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Your role requires a second factor" in page
    enrol(client)
    assert client.get("/admin/users").status_code == 200
    # other roles are not asked
    assert login(app.test_client(), "mentor").headers["Location"] == "/"


def test_the_administrator_sets_the_requirement_and_it_is_audited(app, english, client_as):
    admin = client_as(Role.ADMIN)
    page = admin.get("/admin/two-factor").get_data(as_text=True)
    assert 'name="roles"' in page
    response = admin.post("/admin/two-factor", data={"roles": [Role.ADMIN, Role.LEAD]})
    assert response.status_code == 303
    assert two_factor_roles() == {Role.ADMIN, Role.LEAD}
    assert get_setting(TWO_FACTOR_ROLES_KEY) == "lead_social_worker,admin"
    event = actions("twofactor.requirement")[0]
    assert event.changes == TWO_FACTOR_ROLES_KEY
    assert json.loads(event.detail) == {"roles": "lead_social_worker,admin"}
    assert client_as(Role.MENTOR).get("/admin/two-factor").status_code == 403


def test_a_new_installation_requires_it_of_admin_lead_and_coordinator(app):
    from app.auth.services import DEFAULT_TWO_FACTOR_ROLES
    from app.core.models import Setting

    Setting.delete().where(Setting.key == TWO_FACTOR_ROLES_KEY).execute()
    assert two_factor_roles() == set(DEFAULT_TWO_FACTOR_ROLES)
    assert set(DEFAULT_TWO_FACTOR_ROLES) == {Role.ADMIN, Role.LEAD, Role.COORDINATOR}


def test_the_administrator_resets_a_lost_second_factor(app, english, client_as):
    mentor = client_as(Role.MENTOR)
    enrol(mentor)
    admin = client_as(Role.ADMIN)
    user = User.get(User.username == "mentor")
    assert "Second factor: on." in admin.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    response = admin.post(f"/admin/users/{user.id}/reset-two-factor")
    assert response.status_code == 303
    user = User.get_by_id(user.id)
    assert not user.totp_enabled and user.totp_secret == "" and user.recovery_codes == ""
    assert mentor.get("/").status_code == 302  # signed out everywhere
    assert login(app.test_client(), "mentor").headers["Location"] == "/"
    event = actions("twofactor.reset")[0]
    assert event.object_id == user.id and event.actor_id != user.id


def test_disable_and_new_codes_ask_for_the_password_and_code_again(app, english, client_as):
    client = client_as(Role.MENTOR)
    totp, codes = enrol(client)
    with client.session_transaction() as session:
        session["reauth_at"] = 0
    confirm = client.post("/account/two-factor/recovery-codes")
    assert confirm.status_code == 200 and "Confirm it is you" in confirm.get_data(as_text=True)
    wrong = client.post(
        "/account/two-factor/recovery-codes",
        data={"reauth-password": PASSWORD, "reauth-code": "000000"},
    )
    assert wrong.status_code == 422 and "The code is not correct." in wrong.get_data(as_text=True)
    fresh = client.post(
        "/account/two-factor/recovery-codes",
        data={"reauth-password": PASSWORD, "reauth-code": next_code(totp)},
    )
    new_codes = CODES.findall(fresh.get_data(as_text=True))
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    assert len(actions("twofactor.recovery_codes")) == 1
    _client, old = sign_in_with_code(app, "mentor", codes[0])
    assert old.status_code == 422

    # confirmed a moment ago: turning it off asks nothing more
    assert client.post("/account/two-factor/disable").status_code == 303
    assert not User.get(User.username == "mentor").totp_enabled
    assert len(actions("twofactor.disable")) == 1
    assert login(app.test_client(), "mentor").headers["Location"] == "/"


@pytest.mark.parametrize("with_code", [False, True])
def test_the_password_change_asks_for_the_code_when_it_is_on(app, english, client_as, with_code):
    client = client_as(Role.MENTOR)
    totp, _codes = enrol(client)
    page = client.get("/account/password").get_data(as_text=True)
    assert 'name="code"' in page
    data = {
        "current_password": PASSWORD,
        "new_password": "a quiet river at dawn",
        "confirm_password": "a quiet river at dawn",
        "code": next_code(totp) if with_code else "",
    }
    response = client.post("/account/password", data=data)
    assert response.status_code == (303 if with_code else 422)


def test_the_demo_turns_the_requirement_off(app):
    from app.demo import load_demo

    require_two_factor(Role.ADMIN, Role.LEAD, Role.COORDINATOR)
    with app.app_context():
        load_demo()
    assert two_factor_roles() == set()


def test_a_recovery_code_is_checked_against_its_own_hash_only(app, users, monkeypatch):
    """Ten argon2 checks per code typed would hold a worker for a second or more."""
    from app.auth import passwords, twofactor

    with app.test_request_context():
        codes, stored = twofactor.new_recovery_codes()
    user = users[Role.MENTOR]
    User.update(totp_enabled=True, recovery_codes=stored).where(User.id == user.id).execute()
    user = User.get_by_id(user.id)
    checked = []
    original = passwords.verify_password
    monkeypatch.setattr(
        passwords, "verify_password", lambda h, p: checked.append(h) or original(h, p)
    )
    with app.test_request_context():
        assert twofactor.use_recovery_code(user, codes[7])
        assert not twofactor.use_recovery_code(user, "zzzzz-zzzzz")
    assert len(checked) <= 2
    assert twofactor.recovery_codes_left(User.get_by_id(user.id)) == 9
