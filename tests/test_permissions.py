"""Every endpoint declares who may use it; the role x endpoint matrix follows the one table."""

import tempfile
from pathlib import Path

import pytest
from flask import url_for

from app.db import db
from app.permissions import PERMISSIONS, Role
from tests.conftest import make_app

#: The only endpoints open to anonymous visitors, on purpose (the training feed is guarded by
#: the secret token in its URL, for calendar apps that cannot sign in).
PUBLIC_ENDPOINTS = {"auth.login", "core.language", "core.health", "training_records.feed"}
#: Served by WhiteNoise/Flask for static files; no view code of ours runs.
EXEMPT_ENDPOINTS = {"static"}


def endpoint_table(app):
    """(endpoint, method, permission) for every routed view of ours."""
    table = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT_ENDPOINTS:
            continue
        view = app.view_functions[rule.endpoint]
        method = "GET" if "GET" in rule.methods else "POST"
        table.append((rule.endpoint, method, getattr(view, "required_permission", "MISSING")))
    return sorted(table)


def collected_routes():
    """The route table of a freshly built app (used at collection time for the matrix)."""
    with tempfile.TemporaryDirectory() as tmp:
        table = endpoint_table(make_app(Path(tmp)))
        db.close_all()
    return table


@pytest.fixture(scope="module")
def routes():
    return collected_routes()


def test_every_endpoint_declares_a_permission(routes):
    missing = [endpoint for endpoint, _method, permission in routes if permission == "MISSING"]
    assert missing == [], f"endpoints without @requires or @public: {missing}"


def test_only_the_deliberately_public_endpoints_are_public(routes):
    public = {endpoint for endpoint, _method, permission in routes if permission is None}
    assert public == PUBLIC_ENDPOINTS


def test_every_declared_permission_is_in_the_table(routes):
    declared = {permission for _e, _m, permission in routes if permission}
    assert declared <= set(PERMISSIONS)


def _url(app, endpoint, target_user_id):
    rule = next(app.url_map.iter_rules(endpoint))
    args = dict.fromkeys(rule.arguments, target_user_id)
    with app.test_request_context():
        return url_for(endpoint, **args)


def _matrix():
    for endpoint, method, permission in collected_routes():
        if permission is None:
            continue
        for role in Role.ALL:
            allowed = role in PERMISSIONS[permission]
            yield pytest.param(endpoint, method, role, allowed, id=f"{role}-{endpoint}")


@pytest.mark.parametrize(("endpoint", "method", "role", "allowed"), list(_matrix()))
def test_role_endpoint_matrix(app, users, client_as, endpoint, method, role, allowed):
    client = client_as(role)
    target = users[Role.AUDITOR].id if role != Role.AUDITOR else users[Role.MENTOR].id
    response = client.open(_url(app, endpoint, target), method=method)
    if allowed:
        # 404 is fine here: the id in the URL (a user's) may name no object of that kind.
        assert response.status_code not in (401, 403), response.status_code
        assert response.status_code < 500
    else:
        assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_login(app, users):
    client = app.test_client()
    client.get("/login")
    for endpoint, method, permission in endpoint_table(app):
        if permission is None:
            continue
        response = client.open(_url(app, endpoint, users[Role.MENTOR].id), method=method)
        assert response.status_code in (302, 303), endpoint
        assert response.headers["Location"].startswith("/login"), endpoint
