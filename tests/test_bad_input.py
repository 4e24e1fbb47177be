"""No input a user or attacker can send produces a server error."""

import pytest
from flask import url_for
from werkzeug.routing import IntegerConverter

from app.permissions import Role
from tests.conftest import input_names

NASTY_VALUES = [
    "",
    " ",
    "x" * 10_000,
    "\x00",
    "'; DROP TABLE user; --",
    "<script>alert(1)</script>",
    "ā" * 300,
    "-1",
    "99999999999999999999999",
    "2026-13-45",
    "../../etc/passwd",
    "1²",  # str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits: int() reads them
]
FIELDS = input_names()


def test_the_field_list_holds_forms_subforms_prefixes_and_parameters():
    plain, subform, prefixed, parameter = "username", "marks-0-hours", "close-closed_on", "month"
    assert {plain, subform, prefixed, parameter} <= set(FIELDS)


def urls(app, target_id):
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            args = dict.fromkeys(rule.arguments, target_id)
            method = "GET" if "GET" in rule.methods else "POST"
            yield method, url_for(rule.endpoint, **args)


@pytest.mark.parametrize("role", [*Role.ALL, None])
def test_garbage_in_every_field_of_every_route_never_gives_500(app, users, client_as, role):
    if role is None:
        client = app.test_client()
        client.get("/login")
    else:
        client = client_as(role)
    for method, url in urls(app, users[Role.AUDITOR].id):
        if url == "/logout":
            continue
        for value in NASTY_VALUES:
            data = dict.fromkeys(FIELDS, value)
            if method == "GET":
                response = client.get(url, query_string=data)
            else:
                response = client.post(url, data=data)
            assert response.status_code < 500, (method, url, value[:20], response.status_code)


def test_ids_too_large_for_the_database_are_404(app, client_as):
    client = client_as(Role.LEAD)
    with app.test_request_context():
        huge = [
            (
                "GET" if "GET" in rule.methods else "POST",
                url_for(rule.endpoint, **dict.fromkeys(rule.arguments, 2**70)),
            )
            for rule in app.url_map.iter_rules()
            if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
        ]
    assert len(huge) > 20  # every feature has <int:id> routes
    for method, url in huge:
        assert client.open(url, method=method).status_code == 404, url
