"""No input sent to the case-file routes produces a server error, and a refused form is a 422
(tests/test_bad_input.py covers every route, but not a case file that exists)."""

import pytest

from app.permissions import Role
from tests.conftest import input_names
from tests.factories import make_case
from tests.test_bad_input import NASTY_VALUES

FIELDS = input_names()


@pytest.mark.parametrize("role", [Role.LEAD, Role.SOCIAL_WORKER, Role.MENTOR, Role.COORDINATOR])
def test_garbage_in_every_case_field_never_gives_500(client_as, users, role):
    case = make_case("L-0001", users[Role.SOCIAL_WORKER], mentor=users[Role.MENTOR])
    member = case.memberships.get()
    member_edit = f"/cases/{case.id}/members/{member.id}/edit"
    client = client_as(role)
    routes = [
        ("GET", "/cases/"),
        ("GET", "/cases/picker"),
        ("GET", "/cases/caseload"),
        ("GET", "/cases/new"),
        ("POST", "/cases/new"),
        ("GET", f"/cases/{case.id}/edit"),
        ("POST", f"/cases/{case.id}/edit"),
        ("POST", f"/cases/{case.id}/close"),
        ("GET", f"/cases/{case.id}"),
        ("POST", f"/cases/{case.id}/closure"),
        ("POST", f"/cases/{case.id}/members"),
        ("GET", f"/cases/{case.id}/members/{member.id}/edit"),
        ("POST", member_edit),
        ("POST", f"/cases/{case.id}/members/{member.id}/leave"),
        ("POST", f"/cases/{case.id}/members/{member.id}/move"),
        ("POST", f"/cases/{case.id}/steps"),
        ("POST", f"/cases/{case.id}/residence"),
        ("POST", "/cases/999999/edit"),
        ("POST", "/cases/999999/close"),
    ]
    for method, url in routes:
        for value in NASTY_VALUES:
            data = dict.fromkeys(FIELDS, value)
            if method == "GET":
                response = client.get(url, query_string=data)
            else:
                response = client.post(url, data=data)
            assert response.status_code < 500, (method, url, value[:20], response.status_code)
            # every detail of a member may be unknown: an all-empty edit is saved (NUL characters
            # are dropped from requests)
            saved = url == member_edit and value in ("", "\x00") and response.status_code == 303
            if method == "POST" and response.status_code not in (403, 404) and not saved:
                assert response.status_code == 422, (url, value[:20])


def test_garbage_in_the_url_is_a_404_not_a_500(client_as, users):
    client = client_as(Role.LEAD)
    for url in ("/cases/abc/edit", "/cases/-1/edit", "/cases/99999999999999999999999/edit"):
        assert client.get(url).status_code == 404, url
