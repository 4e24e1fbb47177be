"""Re-authentication before sensitive changes: one's e-mail, and an administrator's change of
a role or of an account's active state; what was typed is kept across the confirm page."""

from app.accounts import User
from app.audit import AuditEvent
from app.auth.services import FREE_FAILURES
from app.permissions import Role
from tests.conftest import PASSWORD


def stale(client) -> None:
    """The sign-in is longer ago than the re-authentication's few minutes."""
    with client.session_transaction() as session:
        session["reauth_at"] = 0


def test_one_sets_ones_own_email_right_after_signing_in(app, english, client_as):
    client = client_as(Role.MENTOR)
    assert 'name="email"' in client.get("/account").get_data(as_text=True)
    response = client.post("/account", data={"email": "mentor@example.org"})
    assert response.status_code == 303
    assert User.get(User.username == "mentor").email == "mentor@example.org"
    assert AuditEvent.get(AuditEvent.action == "user.email").changes == "email"


def test_an_invalid_email_is_refused_before_any_confirmation(app, english, client_as):
    client = client_as(Role.MENTOR)
    stale(client)
    response = client.post("/account", data={"email": "not an address"})
    assert response.status_code == 422
    assert "Enter a valid e-mail address." in response.get_data(as_text=True)


def test_a_later_email_change_asks_for_the_password_and_keeps_what_was_typed(
    app, english, client_as
):
    client = client_as(Role.MENTOR)
    stale(client)
    confirm = client.post("/account", data={"email": "new@example.org"})
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Confirm it is you" in page
    assert '<input type="hidden" name="email" value="new@example.org">' in page
    assert 'action="/account"' in page
    assert User.get(User.username == "mentor").email == ""

    wrong = client.post("/account", data={"email": "new@example.org", "reauth-password": "not it"})
    assert wrong.status_code == 422
    assert "The password is not correct." in wrong.get_data(as_text=True)
    assert 'value="new@example.org"' in wrong.get_data(as_text=True)

    done = client.post("/account", data={"email": "new@example.org", "reauth-password": PASSWORD})
    assert done.status_code == 303
    assert User.get(User.username == "mentor").email == "new@example.org"
    assert [e.action for e in AuditEvent.select().where(AuditEvent.action ** "reauth.%")] == [
        "reauth.failure",
        "reauth.success",
    ]
    # confirmed: the next change within the few minutes asks nothing
    assert client.post("/account", data={"email": "other@example.org"}).status_code == 303


def test_the_confirmation_is_throttled_like_a_sign_in(app, english, client_as):
    client = client_as(Role.MENTOR)
    stale(client)
    for _ in range(FREE_FAILURES):
        client.post("/account", data={"email": "x@example.org", "reauth-password": "guess"})
    response = client.post("/account", data={"email": "x@example.org", "reauth-password": PASSWORD})
    assert response.status_code == 422
    assert "Too many failed attempts" in response.get_data(as_text=True)
    assert User.get(User.username == "mentor").email == ""


def edit_data(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "language": user.language,
        "grammatical_gender": user.grammatical_gender,
        "supervisor": str(user.supervisor_id or 0),
        "email": user.email,
        "start_date": "",
    }
    return {**data, **changes}


def test_an_administrator_confirms_before_changing_a_role(app, english, client_as):
    admin = client_as(Role.ADMIN)
    auditor = User.get(User.username == "auditor")
    stale(admin)
    # a change of name only asks nothing
    renamed = admin.post(
        f"/admin/users/{auditor.id}/edit", data=edit_data(auditor, display_name="Funder Two")
    )
    assert renamed.status_code == 303
    auditor = User.get_by_id(auditor.id)
    data = edit_data(auditor, role=Role.COORDINATOR, display_name="Funder Three")
    confirm = admin.post(f"/admin/users/{auditor.id}/edit", data=data)
    assert "Confirm it is you" in confirm.get_data(as_text=True)
    assert 'name="display_name" value="Funder Three"' in confirm.get_data(as_text=True)
    assert User.get_by_id(auditor.id).role == Role.AUDITOR
    done = admin.post(f"/admin/users/{auditor.id}/edit", data={**data, "reauth-password": PASSWORD})
    assert done.status_code == 303
    changed = User.get_by_id(auditor.id)
    assert (changed.role, changed.display_name) == (Role.COORDINATOR, "Funder Three")


def test_an_administrator_confirms_before_deactivating(app, english, client_as):
    admin = client_as(Role.ADMIN)
    mentor = User.get(User.username == "mentor")
    stale(admin)
    confirm = admin.post(f"/admin/users/{mentor.id}/deactivate")
    assert "Confirm it is you" in confirm.get_data(as_text=True)
    assert User.get_by_id(mentor.id).active
    done = admin.post(f"/admin/users/{mentor.id}/deactivate", data={"reauth-password": PASSWORD})
    assert done.status_code == 303
    assert not User.get_by_id(mentor.id).active
