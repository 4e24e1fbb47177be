"""The security baseline: CSRF, headers, cookies, error pages, health, production guards."""

import pytest
from flask import abort, request

from app import create_app
from app.accounts import User
from app.db import db
from app.permissions import Role, public
from app.security import CONTENT_SECURITY_POLICY
from tests.conftest import PASSWORD, create_user, login, make_app


def assert_security_headers(response):
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_csp_allows_nothing_unsafe():
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in CONTENT_SECURITY_POLICY


def test_headers_on_pages_fragments_errors_and_static_files(client_as, users):
    client = client_as(Role.ADMIN)
    for response in (
        client.get("/"),
        client.get("/admin/users", headers={"HX-Request": "true"}),
        client.get("/no-such-page"),
        client.get("/static/css/app.css"),
        client.get("/static/vendor/htmx/htmx.min.js"),
    ):
        assert_security_headers(response)
        response.close()  # static files are streamed from disk
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_htmx_is_served_from_the_installed_package(client_as, users):
    response = client_as(Role.MENTOR).get("/static/vendor/htmx/htmx.min.js")
    assert response.status_code == 200
    assert b"htmx" in response.data
    response.close()


def test_post_without_csrf_token_shows_form_expired_and_writes_nothing(app, users):
    client = app.test_client()
    login(client, "admin")
    response = client.post(f"/admin/users/{users[Role.MENTOR].id}/deactivate", csrf=False)
    assert response.status_code == 400
    assert 'href="' in response.get_data(as_text=True)
    assert User.get_by_id(users[Role.MENTOR].id).active


def test_stale_csrf_token_is_refused(app, users):
    client = app.test_client()
    login(client, "admin")
    stale = client.csrf_token
    client.post("/logout")
    login(client, "admin")
    response = client.post("/logout", headers={"X-CSRFToken": stale})
    assert response.status_code == 400


def test_login_form_without_csrf_token_is_refused(app, users):
    client = app.test_client()
    response = client.post("/login", data={"username": "mentor", "password": PASSWORD})
    assert response.status_code == 400


def test_session_cookie_flags(app, users):
    client = app.test_client()
    client.get("/login")
    response = client.post("/login", data={"username": "mentor", "password": PASSWORD})
    assert response.status_code == 303
    cookie = session_cookie(response, "mentoru_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def session_cookie(response, prefix: str) -> str:
    """The session's Set-Cookie among the answer's cookies (a sign-in also sets the device's)."""
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(prefix)]
    return cookie


def test_cookie_is_secure_behind_https(tmp_path):
    application = make_app(tmp_path, HTTPS=True)
    assert application.config["SESSION_COOKIE_SECURE"] is True
    db.close_all()


def test_over_https_the_cookie_is_host_only_and_browsers_keep_to_https(tmp_path):
    application = make_app(tmp_path, HTTPS=True)
    with application.app_context():
        create_user("mentor", Role.MENTOR)
    client = application.test_client()
    client.get("/login", base_url="https://localhost")
    response = client.post(
        "/login",
        data={"username": "mentor", "password": PASSWORD},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/login"},  # over HTTPS the CSRF check wants it
    )
    assert response.status_code == 303
    cookie = session_cookie(response, "__Host-mentoru_session=")
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    static = client.get("/static/css/app.css", base_url="https://localhost")
    static.close()  # WhiteNoise streams the file until then
    assert static.headers["Strict-Transport-Security"] == "max-age=31536000"
    db.close_all()


def test_without_https_there_is_no_hsts(client_as):
    response = client_as(Role.MENTOR).get("/")
    assert "Strict-Transport-Security" not in response.headers


def test_error_pages_are_styled_and_translated(client_as, users):
    client = client_as(Role.MENTOR)
    not_found = client.get("/no-such-page")
    assert not_found.status_code == 404
    assert 'class="error-page"' in not_found.get_data(as_text=True)
    assert client.get("/admin/users").status_code == 403


def test_too_large_request_gets_413_page(tmp_path):
    application = make_app(tmp_path, MAX_CONTENT_LENGTH=1024)
    client = application.test_client()
    client.get("/login")
    response = client.post("/login", data={"username": "x" * 4096, "password": "y"})
    assert response.status_code == 413
    assert 'class="error-page"' in response.get_data(as_text=True)
    db.close_all()


def test_unexpected_error_gets_the_500_page(tmp_path):
    application = make_app(tmp_path)

    @public
    def explode():
        abort(500)

    application.add_url_rule("/explode", "explode", explode)
    response = application.test_client().get("/explode")
    assert response.status_code == 500
    assert 'class="error-page"' in response.get_data(as_text=True)
    assert_security_headers(response)
    db.close_all()


def test_unreachable_database_gives_503_page_and_health(tmp_path):
    application = create_app(
        {
            "TESTING": True,
            "DATA_DIR": tmp_path,
            "SECRET_KEY": "x",
            "DATABASE_URL": f"sqlite:///{tmp_path}/missing-dir/app.db",
        }
    )
    client = application.test_client()
    page = client.get("/login")
    assert page.status_code == 503
    assert 'class="error-page"' in page.get_data(as_text=True)
    health = client.get("/health")
    assert health.status_code == 503
    assert health.json == {"status": "failing", "reasons": ["database unreachable"]}


def test_health_is_200_when_the_database_answers(app):
    response = app.test_client().get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"


def test_production_refuses_debug(tmp_path):
    with pytest.raises(RuntimeError, match="DEBUG"):
        create_app({"DATA_DIR": tmp_path, "DEBUG": True, "SECRET_KEY": "x"})


def test_production_refuses_a_missing_data_dir(tmp_path):
    with pytest.raises(RuntimeError, match="data directory"):
        create_app({"DATA_DIR": tmp_path / "absent", "SECRET_KEY": "x"})


def test_secret_key_is_generated_once_into_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"DATA_DIR": tmp_path}).config["SECRET_KEY"]
    second = create_app({"DATA_DIR": tmp_path}).config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0


def test_nul_characters_are_taken_out_of_every_request_value(app):
    """PostgreSQL cannot store NUL (a 500 for whoever sends one): the query string, the form
    and their names arrive without it, on both engines alike."""
    with app.test_request_context(
        "/?q=a%00b&k%00ey=1", method="POST", data={"text": "line\x00 one", "n\x00ame": "x"}
    ):
        assert request.args.to_dict() == {"q": "ab", "key": "1"}
        assert request.form.to_dict() == {"text": "line one", "name": "x"}
