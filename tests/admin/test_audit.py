"""The audit log page: every state change is there, filterable and paginated."""

import pytest

from app.audit import AuditEvent
from app.permissions import Role


def test_logins_and_changes_appear_with_actor_and_ip(client_as, users):
    admin = client_as(Role.ADMIN)
    admin.post(f"/admin/users/{users[Role.MENTOR].id}/deactivate")
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "login.success" in page
    assert "user.deactivate" in page
    assert "127.0.0.1" in page
    event = AuditEvent.get(AuditEvent.action == "user.deactivate")
    assert event.actor_id == users[Role.ADMIN].id
    assert event.object_type == "user" and event.object_id == users[Role.MENTOR].id


def test_failed_login_is_audited_without_the_typed_values(app, users):
    client = app.test_client()
    client.get("/login")
    client.post("/login", data={"username": "mentor", "password": "secret-typo-here"})
    client.post("/login", data={"username": "secret-typo-here", "password": "x"})
    failures = list(AuditEvent.select().where(AuditEvent.action == "login.failure"))
    assert len(failures) == 2
    assert failures[0].object_id == users[Role.MENTOR].id
    assert failures[1].object_id is None
    assert all("secret" not in (f.changes + f.object_type) for f in failures)


def test_filter_by_action_and_pages(client_as, users):
    admin = client_as(Role.ADMIN)
    for _ in range(60):
        AuditEvent.create(action="test.bulk")
    first = admin.get("/admin/audit?action=test.bulk", headers={"HX-Request": "true"})
    body = first.get_data(as_text=True)
    assert "<html" not in body
    assert body.count("test.bulk</code>") == 50
    assert "page=2" in body
    second = admin.get("/admin/audit?action=test.bulk&page=2").get_data(as_text=True)
    assert second.count("test.bulk</code>") == 10


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=abc",
        "page=99999999999999999999",
        "date_from=yesterday",
        "date_from=2026-05-01&date_to=2026-04-01",
        "actor=abc",
        "action=<script>",
        "date_to=9999-12-31",
    ],
)
def test_bad_filters_get_a_message_not_an_error(client_as, users, query):
    response = client_as(Role.ADMIN).get(f"/admin/audit?{query}")
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert 'class="flash flash-error"' in response.get_data(as_text=True)
