"""What an auditor of the service asks the log for: refused requests (route, record, who), forms
refused as forged or expired, and every download with its days and number of records; the audit
page's kinds filter finds them."""

import json
from datetime import date

from app.audit import AuditEvent
from app.permissions import Role
from tests.conftest import create_user
from tests.factories import add_entry, make_week


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id))


def test_a_page_the_role_may_not_open_is_audited_with_route_and_user(client_as, users):
    mentor = users[Role.MENTOR]
    response = client_as(Role.MENTOR).get(f"/admin/users/{users[Role.LEAD].id}/edit")
    assert response.status_code == 403
    [event] = events("access.denied")
    assert event.actor_id == mentor.id
    assert (event.object_type, event.object_id) == ("user", users[Role.LEAD].id)
    assert json.loads(event.detail) == {"route": "admin.edit", "status": 403}
    assert event.ip == "127.0.0.1"


def test_a_record_outside_the_viewers_scope_is_audited_by_its_id(client_as, users):
    other = create_user("othermentor", Role.MENTOR, supervisor=users[Role.LEAD])
    client = client_as(Role.MENTOR)
    response = client.get(f"/timesheets/export.csv?month=2020-03&user={other.id}")
    assert response.status_code == 404
    [event] = events("access.denied")
    assert (event.object_type, event.object_id) == ("user", other.id)
    assert json.loads(event.detail) == {"route": "timesheets_export.export_csv", "status": 404}
    assert not events("download")


def test_only_ids_of_the_address_are_kept_never_typed_text(client_as, users):
    client = client_as(Role.MENTOR)
    client.get("/admin/users?role=Ahmed+Secret&page=12")
    [event] = events("access.denied")
    assert "Ahmed" not in (event.detail + event.object_type)
    assert (event.object_type, event.object_id) == ("page", 12)


def test_addresses_that_name_nothing_and_visitors_are_not_logged(app, client_as, users):
    assert client_as(Role.MENTOR).get("/no-such-page/12").status_code == 404
    # a job's page polled after the job is gone names no record
    assert client_as(Role.MENTOR).get(f"/jobs/{'a' * 32}").status_code == 404
    assert app.test_client().get("/admin/users").status_code == 302  # to the sign-in page
    assert not events("access.denied")


def test_a_forged_or_expired_form_is_audited(app, client_as, users):
    client = client_as(Role.ADMIN)
    target = users[Role.MENTOR]
    response = client.post(f"/admin/users/{target.id}/deactivate", csrf=False)
    assert response.status_code == 400
    [event] = events("csrf.failure")
    assert event.actor_id == users[Role.ADMIN].id
    assert json.loads(event.detail)["route"] == "admin.deactivate"
    visitor = app.test_client()
    visitor.post("/login", data={"username": "mentor", "password": "x"}, csrf=False)
    assert [e.actor_id for e in events("csrf.failure")] == [users[Role.ADMIN].id, None]


def test_a_download_is_audited_with_its_days_and_records(client_as, users):
    mentor = users[Role.MENTOR]
    week = make_week(mentor, date(2020, 3, 2))
    for day in (2, 3, 4):
        add_entry(week, date(2020, 3, day), 9 * 60, 11 * 60)
    client = client_as(Role.SOCIAL_WORKER)
    for extension in ("csv", "xlsx"):
        url = f"/timesheets/export.{extension}?month=2020-03"
        assert client.get(url).status_code == 200
    details = [json.loads(event.detail) for event in events("download")]
    assert details == [
        {
            "route": f"timesheets_export.export_{extension}",
            "file": f"timesheets-2020-03.{extension}",
            "period": "2020-03-01 – 2020-03-31",
            "rows": 3,
        }
        for extension in ("csv", "xlsx")
    ]
    assert {e.actor_id for e in events("download")} == {users[Role.SOCIAL_WORKER].id}


def test_the_audit_page_filters_security_events_and_downloads(english, client_as, users):
    client_as(Role.MENTOR).get("/admin/audit")
    client_as(Role.SOCIAL_WORKER).get("/timesheets/export.csv?month=2020-03")
    admin = client_as(Role.ADMIN)
    table = {"HX-Request": "true"}  # the table alone, without the filters' option lists
    security = admin.get("/admin/audit?group=security", headers=table).get_data(as_text=True)
    assert "Access refused" in security and "Address: admin.audit · Answer: 403" in security
    assert "File downloaded" not in security and "Sign-in" not in security
    downloads = admin.get("/admin/audit?group=downloads", headers=table).get_data(as_text=True)
    assert "File downloaded" in downloads and "File: timesheets-2020-03.csv" in downloads
    assert "Access refused" not in downloads
    assert admin.get("/admin/audit?group=nonsense").status_code == 422
