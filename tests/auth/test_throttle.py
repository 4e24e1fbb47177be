"""Throttling that protects without locking people out: delays by account and source, known
devices, the account's ceiling, a per-IP count a success does not reset, and the password
change and the second factor in the same throttle (the attacks an attack battery found)."""

from datetime import timedelta

from app.auth import devices
from app.auth.models import LoginAttempt
from app.auth.services import ACCOUNT_CEILING, FREE_FAILURES
from app.permissions import Role
from tests.conftest import PASSWORD, login

LOCKED = "Too many failed attempts"


def from_ip(client, ip: str):
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def fail(client, username: str = "mentor", ip: str | None = None):
    if ip:
        from_ip(client, ip)
    return client.post("/login", data={"username": username, "password": "not the password"})


def attacker(app):
    client = app.test_client()
    client.get("/login")
    return client


def english_visitor(app, ip: str):
    client = from_ip(app.test_client(), ip)
    client.get("/login")
    client.post("/language", data={"language": "en", "next": "/login"})
    return client


def test_failures_from_throw_away_ips_do_not_lock_the_owner_out(app, english):
    """Eleven failures from eleven IPs in a few seconds: the owner, from another IP and a
    browser that never signed in here, gets in with the right password."""
    guesser = attacker(app)
    for n in range(11):
        fail(guesser, ip=f"203.0.113.{n + 1}")
    owner = english_visitor(app, "198.51.100.7")
    assert login(owner, "mentor").status_code == 303


def test_the_ceiling_stops_a_distributed_run_but_a_known_device_passes(app, english):
    owner_phone = from_ip(app.test_client(), "198.51.100.7")
    assert login(owner_phone, "mentor").status_code == 303
    owner_phone.post("/logout")
    owner_phone.get("/login")

    guesser = attacker(app)
    for n in range(ACCOUNT_CEILING):
        fail(guesser, ip=f"203.0.113.{n + 1}")

    new_device = english_visitor(app, "198.51.100.8")
    refused = new_device.post("/login", data={"username": "mentor", "password": PASSWORD})
    assert refused.status_code == 422
    assert LOCKED in refused.get_data(as_text=True)
    # the owner's own phone signed in here before: it passes, even from a new IP
    from_ip(owner_phone, "192.0.2.44")
    assert login(owner_phone, "mentor").status_code == 303

    # an hour later the ceiling lets new devices try again
    for attempt in LoginAttempt.select():
        attempt.at -= timedelta(minutes=61)
        attempt.save()
    assert login(new_device, "mentor").status_code == 303


def test_a_device_known_for_another_account_or_a_forged_one_counts_for_nothing(app, english):
    colleague = from_ip(app.test_client(), "198.51.100.9")
    assert login(colleague, "coordinator").status_code == 303
    colleague.post("/logout")
    colleague.get("/login")
    guesser = attacker(app)
    for n in range(ACCOUNT_CEILING):
        fail(guesser, ip=f"203.0.113.{n + 1}")
    response = colleague.post("/login", data={"username": "mentor", "password": PASSWORD})
    assert response.status_code == 422

    forged = from_ip(app.test_client(), "198.51.100.10")
    forged.get("/login")
    forged.set_cookie(devices.COOKIE, "eyJkIjoiYWJjIiwidSI6WzFdfQ.forged.sig")
    response = forged.post("/login", data={"username": "mentor", "password": PASSWORD})
    assert response.status_code == 422


def test_the_known_device_is_throttled_by_its_own_failures(app, english):
    phone = from_ip(app.test_client(), "198.51.100.7")
    assert login(phone, "mentor").status_code == 303
    phone.post("/logout")
    phone.get("/login")
    for _ in range(FREE_FAILURES):
        fail(phone)
    response = phone.post("/login", data={"username": "mentor", "password": PASSWORD})
    assert response.status_code == 422
    # ... and those failures do not lock the owner's other browser
    laptop = english_visitor(app, "198.51.100.200")
    assert login(laptop, "mentor").status_code == 303


def test_a_success_does_not_reset_the_per_ip_count(app, english):
    """Password spraying from one IP, with a sign-in of the attacker's own in the middle."""
    sprayer = english_visitor(app, "203.0.113.50")
    for username in ("coordinator", "lead", "admin"):
        fail(sprayer, username)
    assert login(sprayer, "auditor").status_code == 303  # the attacker's own account
    sprayer.post("/logout")
    sprayer.post("/language", data={"language": "en", "next": "/login"})
    for username in ("socialworker", "coordinator"):
        fail(sprayer, username)
    response = sprayer.post("/login", data={"username": "lead", "password": PASSWORD})
    assert response.status_code == 422
    assert LOCKED in response.get_data(as_text=True)


def test_the_device_cookie_is_signed_http_only_and_lax(app, users):
    client = app.test_client()
    response = login(client, "mentor")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "mentoru_device" in c)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=" in cookie
    assert "Secure" not in cookie and not cookie.startswith("__Host-")
    value = cookie.split("=", 1)[1].split(";")[0]
    with app.test_request_context():
        assert devices.read(value)[1] == (users[Role.MENTOR].id,)
        assert devices.read(value[:-2] + "xx") == ("", ())


def test_over_https_the_device_cookie_is_host_prefixed_and_secure(tmp_path):
    from tests.conftest import create_user, make_app

    application = make_app(tmp_path, HTTPS=True)
    create_user("mentor", Role.MENTOR)
    client = application.test_client()
    client.get("/login", base_url="https://localhost")
    response = client.post(
        "/login",
        data={"username": "mentor", "password": PASSWORD},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/login"},
    )
    assert response.status_code == 303
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "mentoru_device" in c)
    assert cookie.startswith("__Host-mentoru_device=")
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie


def test_guessing_the_current_password_on_the_password_page_is_throttled(app, english, client_as):
    client = client_as(Role.MENTOR)
    for _ in range(FREE_FAILURES):
        client.post(
            "/account/password",
            data={
                "current_password": "a wrong guess",
                "new_password": "a quiet river at dawn",
                "confirm_password": "a quiet river at dawn",
            },
        )
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a quiet river at dawn",
            "confirm_password": "a quiet river at dawn",
        },
    )
    assert response.status_code == 422
    assert LOCKED in response.get_data(as_text=True)
    # the same throttle as the sign-in: this browser's sign-in is delayed too
    client.post("/logout")
    client.get("/login")
    again = client.post("/login", data={"username": "mentor", "password": PASSWORD})
    assert again.status_code == 422
