"""User administration: create, change, deactivate and reactivate, reset a password."""

from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import Gender, User, guess_gender
from app.auth import passwords
from app.auth.services import TWO_FACTOR_ROLES_KEY, set_password, two_factor_roles
from app.core.models import set_setting
from app.db import write_tx
from app.permissions import Role
from app.refusals import refuse

EDITABLE_FIELDS = (
    "username",
    "display_name",
    "role",
    "language",
    "grammatical_gender",
    "supervisor",
    "email",
    "start_date",
)


def _check_username_free(username: str, user_id: int | None) -> None:
    taken = User.select().where(User.username == username)
    if user_id is not None:
        taken = taken.where(User.id != user_id)
    if taken.exists():
        raise refuse(_l("This username is taken."), "username")


def form_values(user: User) -> dict:
    """The account's fields as the user form shows them (the supervisor by id)."""
    values = {name: getattr(user, name) for name in EDITABLE_FIELDS if name != "supervisor"}
    return {**values, "supervisor": user.supervisor_id or 0}


def supervisor_move(user: User, values: dict) -> tuple[User, User] | None:
    """(the current supervisor, the new one) when saving `values` moves a mentor's weeks to
    another social worker, who will read and approve them from then on; else None."""
    values = _normalised(values)
    if user.role != Role.MENTOR or values["role"] != Role.MENTOR:
        return None
    if user.supervisor_id is None or values["supervisor"] in (None, user.supervisor_id):
        return None
    return User.get_by_id(user.supervisor_id), User.get_by_id(values["supervisor"])


def _normalised(values: dict) -> dict:
    values = {name: values.get(name) for name in EDITABLE_FIELDS}
    values["email"] = values["email"] or ""
    if values["grammatical_gender"] not in Gender.ALL:
        # an account made without the form (the CLI): a first guess from the first name
        values["grammatical_gender"] = guess_gender(values["display_name"] or "")
    if values["role"] != Role.MENTOR or not values["supervisor"]:
        values["supervisor"] = None
    return values


def create_user(actor: User, values: dict) -> tuple[User, str]:
    """A new active account with a temporary password, returned once to show to the admin."""
    values = _normalised(values)
    with write_tx():
        _check_username_free(values["username"], None)
        temporary = passwords.temporary_password()
        user = User.create(
            **values,
            password_hash=passwords.hash_password(temporary),
            must_change_password=True,
            session_token=passwords.new_session_token(),
        )
        audit.record(actor, "user.create", user, values)
    return user, temporary


def update_user(actor: User, user: User, values: dict) -> list[str]:
    """Apply the edited fields; returns the names of those that changed."""
    values = _normalised(values)
    with write_tx():
        _check_username_free(values["username"], user.id)
        changed = [
            name
            for name, value in values.items()
            if (user.supervisor_id if name == "supervisor" else getattr(user, name)) != value
        ]
        if user.role == Role.ADMIN and values["role"] != Role.ADMIN:
            _check_not_last_admin(user)
        if not changed:
            return []
        for name in changed:
            setattr(user, name, values[name])
        user.save(only=[getattr(User, name) for name in changed])
        audit.record(actor, "user.update", user, changed)
    return changed


def _check_not_last_admin(user: User) -> None:
    others = User.select().where(User.role == Role.ADMIN, User.active, User.id != user.id)
    if not others.exists():
        raise refuse(_l("This is the last active administrator."), "role")


def set_active(actor: User, user: User, active: bool) -> None:
    """Deactivate (never delete) or reactivate; deactivation ends the user's open sessions."""
    if not active and user.id == actor.id:
        raise refuse(_l("You cannot deactivate your own account."), "active")
    with write_tx():
        if not active and user.role == Role.ADMIN:
            _check_not_last_admin(user)
        user.active = active
        user.session_token = passwords.new_session_token()
        user.save(only=[User.active, User.session_token])
        audit.record(actor, "user.activate" if active else "user.deactivate", user, ["active"])


def reset_password(actor: User, user: User) -> str:
    """Give the user a temporary password, to be changed at next login; their sessions end."""
    temporary = passwords.temporary_password()
    set_password(actor, user, temporary, temporary=True, action="user.password_reset")
    return temporary


def set_two_factor_roles(actor: User, roles: list[str]) -> bool:
    """Which roles must use a second factor; True when it changed. Audited with the roles."""
    chosen = [role for role in Role.ALL if role in roles]
    if set(chosen) == two_factor_roles():
        return False
    with write_tx():
        set_setting(TWO_FACTOR_ROLES_KEY, ",".join(chosen))
        audit.record(
            actor,
            "twofactor.requirement",
            None,
            [TWO_FACTOR_ROLES_KEY],
            detail={"roles": ",".join(chosen) or "-"},
        )
    return True
