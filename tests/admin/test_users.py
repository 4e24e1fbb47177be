"""Administering accounts: create, edit, deactivate, reset; rules that protect the organisation."""

from playhouse.test_utils import assert_query_count

from app.accounts import User
from app.audit import AuditEvent
from app.permissions import Role
from tests.conftest import create_user, login


def new_user(client, **overrides):
    data = {
        "username": "New.Mentor ",
        "display_name": "  Nora Jauna ",
        "role": Role.MENTOR,
        "language": "lv",
        "supervisor": "0",
        **overrides,
    }
    return client.post("/admin/users/new", data=data)


def test_admin_creates_a_mentor_who_signs_in_with_the_temporary_password(app, users, client_as):
    admin = client_as(Role.ADMIN)
    response = new_user(admin, supervisor=str(users[Role.SOCIAL_WORKER].id))
    assert response.status_code == 200
    temporary = response.get_data(as_text=True).split('id="temporary-password">')[1].split("<")[0]
    created = User.get(User.username == "new.mentor")
    assert created.display_name == "Nora Jauna"
    assert created.supervisor_id == users[Role.SOCIAL_WORKER].id
    assert created.must_change_password
    event = AuditEvent.get(AuditEvent.action == "user.create")
    assert event.object_id == created.id
    assert "Nora" not in event.changes
    assert login(app.test_client(), "new.mentor", temporary).status_code == 303


def test_mentor_needs_a_supervisor_and_input_is_kept(client_as, users):
    response = new_user(client_as(Role.ADMIN))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="supervisor-error"' in page
    assert 'value="Nora Jauna"' in page
    assert not User.select().where(User.username == "new.mentor").exists()


def test_taken_username_is_refused_next_to_the_field(client_as, users):
    response = new_user(client_as(Role.ADMIN), username="MENTOR", role=Role.COORDINATOR)
    assert response.status_code == 422
    assert 'id="username-error"' in response.get_data(as_text=True)


def test_invalid_values_are_refused_without_a_server_error(client_as, users):
    admin = client_as(Role.ADMIN)
    for overrides in (
        {"role": "emperor"},
        {"supervisor": "abc"},
        {"supervisor": "999999"},
        {"language": "xx"},
        {"username": "with space"},
        {"username": "x" * 65},
        {"display_name": ""},
    ):
        response = new_user(admin, **{"role": Role.COORDINATOR, **overrides})
        assert response.status_code == 422, overrides


def test_edit_records_only_the_changed_field_names(client_as, users):
    admin = client_as(Role.ADMIN)
    coordinator = users[Role.COORDINATOR]
    response = admin.post(
        f"/admin/users/{coordinator.id}/edit",
        data={
            "username": coordinator.username,
            "display_name": "Renamed Person",
            "role": Role.COORDINATOR,
            "language": "en",
            "supervisor": "0",
        },
    )
    assert response.status_code == 303
    assert User.get_by_id(coordinator.id).display_name == "Renamed Person"
    event = AuditEvent.get(AuditEvent.action == "user.update")
    assert event.changes == "display_name,language"


def test_supervisor_is_dropped_when_the_role_is_not_mentor(client_as, users):
    admin = client_as(Role.ADMIN)
    mentor = users[Role.MENTOR]
    admin.post(
        f"/admin/users/{mentor.id}/edit",
        data={
            "username": mentor.username,
            "display_name": mentor.display_name,
            "role": Role.COORDINATOR,
            "language": "lv",
            "supervisor": str(users[Role.SOCIAL_WORKER].id),
        },
    )
    assert User.get_by_id(mentor.id).supervisor is None


def test_admin_cannot_lock_themselves_out(client_as, users):
    admin = client_as(Role.ADMIN)
    me = users[Role.ADMIN]
    admin.post(f"/admin/users/{me.id}/deactivate")
    response = admin.post(
        f"/admin/users/{me.id}/edit",
        data={
            "username": "admin",
            "display_name": "A",
            "role": Role.MENTOR,
            "language": "lv",
            "supervisor": str(users[Role.LEAD].id),
        },
    )
    assert response.status_code == 422
    me = User.get_by_id(me.id)
    assert me.active and me.role == Role.ADMIN


def test_deactivate_and_reactivate(app, client_as, users):
    admin = client_as(Role.ADMIN)
    mentor = users[Role.MENTOR]
    admin.post(f"/admin/users/{mentor.id}/deactivate")
    assert not User.get_by_id(mentor.id).active
    listed = admin.get("/admin/users?status=inactive").get_data(as_text=True)
    assert mentor.display_name in listed
    admin.post(f"/admin/users/{mentor.id}/activate")
    assert login(app.test_client(), mentor.username).status_code == 303


def test_unknown_user_id_is_404(client_as, users):
    admin = client_as(Role.ADMIN)
    assert admin.get("/admin/users/424242/edit").status_code == 404
    assert admin.post("/admin/users/424242/deactivate").status_code == 404


def test_user_list_filters_and_answers_htmx_with_the_table_only(client_as, users):
    admin = client_as(Role.ADMIN)
    full = admin.get("/admin/users?role=mentor")
    assert "<html" in full.get_data(as_text=True)
    fragment = admin.get("/admin/users?role=mentor", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body
    assert users[Role.MENTOR].display_name in body
    assert users[Role.COORDINATOR].display_name not in body
    assert "HX-Request" in fragment.headers["Vary"]


def test_user_list_query_count_does_not_grow_with_users(app, client_as, users):
    admin = client_as(Role.ADMIN)
    admin.get("/admin/users")
    for number in range(30):
        create_user(f"extra{number}", Role.MENTOR, supervisor=users[Role.LEAD])
    # the signed-in user, then the list with supervisors joined: never one query per row
    with assert_query_count(2):
        assert admin.get("/admin/users", headers={"HX-Request": "true"}).status_code == 200


def test_the_grammatical_gender_is_chosen_on_the_account_and_audited(client_as, users):
    admin = client_as(Role.ADMIN)
    response = new_user(admin, supervisor=str(users[Role.SOCIAL_WORKER].id), grammatical_gender="f")
    assert response.status_code == 200
    created = User.get(User.username == "new.mentor")
    assert created.grammatical_gender == "f"

    data = {
        "username": created.username,
        "display_name": created.display_name,
        "role": created.role,
        "language": "lv",
        "grammatical_gender": "m",
        "supervisor": str(users[Role.SOCIAL_WORKER].id),
    }
    assert admin.post(f"/admin/users/{created.id}/edit", data=data).status_code == 303
    assert User.get_by_id(created.id).grammatical_gender == "m"
    event = AuditEvent.get(AuditEvent.action == "user.update")
    assert event.changes == "grammatical_gender"

    refused = admin.post(
        f"/admin/users/{created.id}/edit", data={**data, "grammatical_gender": "x"}
    )
    assert refused.status_code == 422
    assert 'id="grammatical_gender-error"' in refused.get_data(as_text=True)
    assert User.get_by_id(created.id).grammatical_gender == "m"


def mentor_form(mentor: User, **changes) -> dict:
    values = {
        "username": mentor.username,
        "display_name": mentor.display_name,
        "role": Role.MENTOR,
        "language": mentor.language,
        "grammatical_gender": mentor.grammatical_gender,
        "supervisor": str(mentor.supervisor_id),
    }
    return {**values, **changes}


def test_the_edit_form_shows_the_mentors_supervisor_and_saves_unchanged(client_as, users):
    admin = client_as(Role.ADMIN)
    mentor, worker = users[Role.MENTOR], users[Role.SOCIAL_WORKER]
    page = admin.get(f"/admin/users/{mentor.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{worker.id}">' in page
    response = admin.post(f"/admin/users/{mentor.id}/edit", data=mentor_form(mentor))
    assert response.status_code == 303
    assert User.get_by_id(mentor.id).supervisor_id == worker.id
    assert not AuditEvent.select().where(AuditEvent.action == "user.update").exists()


def test_moving_a_mentor_to_another_social_worker_is_confirmed_first(client_as, users):
    admin = client_as(Role.ADMIN)
    mentor, worker, lead = users[Role.MENTOR], users[Role.SOCIAL_WORKER], users[Role.LEAD]
    url = f"/admin/users/{mentor.id}/edit"
    first = admin.post(url, data=mentor_form(mentor, supervisor=str(lead.id)))
    assert first.status_code == 422
    page = first.get_data(as_text=True)
    error = page.split('id="supervisor-error"')[1].split("</p>")[0]
    assert lead.display_name in error and worker.display_name in error
    assert mentor.display_name in error
    assert User.get_by_id(mentor.id).supervisor_id == worker.id
    assert f'name="confirm_move" type="hidden" value="{lead.id}"' in page
    confirmed = admin.post(
        url, data=mentor_form(mentor, supervisor=str(lead.id), confirm_move=str(lead.id))
    )
    assert confirmed.status_code == 303
    assert User.get_by_id(mentor.id).supervisor_id == lead.id
