"""Administration: user accounts and the audit log."""

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import queries, services
from app.admin.forms import AuditFilterForm, TwoFactorRequirementForm, UserForm
from app.audit import ACTION_GROUPS, action_label, detail_text, object_label
from app.auth.reauth import confirm_identity
from app.auth.services import reset_two_factor, two_factor_roles
from app.forms import select_choices
from app.htmx import redirect_to, render
from app.idempotency import idempotent, replay_instead
from app.paging import page_of
from app.permissions import Role, requires
from app.refusals import Refused, show_refusal

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _visible_user_or_404(user_id: int):
    user = queries.users_visible_to(current_user).where(queries.User.id == user_id).first()
    if user is None:
        abort(404)
    return user


def _user_form(**kwargs) -> UserForm:
    return UserForm(queries.supervisor_choices(), **kwargs)


@bp.get("/users")
@requires("users.manage")
def users():
    """All accounts, filterable by role and status."""
    role = request.args.get("role") if request.args.get("role") in Role.ALL else None
    status_filter = request.args.get("status", "active")
    active = {"active": True, "inactive": False}.get(status_filter)
    rows = queries.user_list(current_user, role=role, active=active)
    return render(
        "admin/users.html",
        "admin/_user_table.html",
        rows=rows,
        role=role,
        status_filter=status_filter,
        roles=Role.choices(),
        role_labels=Role.LABELS,
    )


@bp.route("/users/new", methods=["GET", "POST"])
@requires("users.manage")
@idempotent
def new():
    """Create an account; its temporary password is shown once."""
    form = _user_form()
    if form.validate_on_submit():
        try:
            user, temporary = services.create_user(current_user, form.data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            # a retry must not find the password stored: it gets the account's page instead
            replay_instead(
                redirect_to(url_for("admin.edit", user_id=user.id)),
                _(
                    "The account of %(name)s is created. Its temporary password is shown only "
                    "once: reset the password to get a new one.",
                    name=user.display_name,
                ),
            )
            return render("admin/temporary_password.html", user=user, temporary=temporary)
    status = 422 if request.method == "POST" else 200
    return render("admin/user_form.html", form=form, user=None, status=status)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@requires("users.manage")
def edit(user_id: int):
    """Change an account's name, role, language or supervisor."""
    user = _visible_user_or_404(user_id)
    form = _user_form(data=services.form_values(user))
    if form.validate_on_submit() and _move_confirmed(form, user):
        if form.role.data != user.role:
            confirm = confirm_identity(_("Change the role of %(name)s", name=user.display_name))
            if confirm is not None:
                return confirm
        try:
            changed = services.update_user(current_user, user, form.data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            if changed:
                flash(_("The account of %(name)s is saved.", name=user.display_name), "success")
            return redirect_to(url_for("admin.users"))
    status = 422 if request.method == "POST" else 200
    return render("admin/user_form.html", form=form, user=user, status=status)


def _move_confirmed(form: UserForm, user) -> bool:
    """A new supervisor moves the mentor's weeks to another social worker: the first save says
    so beside the field and asks to save again; the second (for the same choice) confirms."""
    move = services.supervisor_move(user, form.data)
    if move is None or form.confirm_move.data == str(move[1].id):
        return True
    old, new = move
    form.supervisor.errors.append(
        _(
            "From now on %(new)s reads and approves the weeks of %(mentor)s instead of %(old)s "
            "(the weeks already approved stay as they are). Save again to confirm.",
            new=new.display_name,
            mentor=user.display_name,
            old=old.display_name,
        )
    )
    form.confirm_move.data = str(new.id)
    return False


@bp.post("/users/<int:user_id>/deactivate")
@requires("users.manage")
def deactivate(user_id: int):
    """Deactivate an account: it cannot sign in and its open sessions end."""
    return _set_active(user_id, active=False)


@bp.post("/users/<int:user_id>/activate")
@requires("users.manage")
def activate(user_id: int):
    """Let a deactivated account sign in again."""
    return _set_active(user_id, active=True)


def _set_active(user_id: int, active: bool):
    user = _visible_user_or_404(user_id)
    if active:
        what = _("Reactivate the account of %(name)s", name=user.display_name)
    else:
        what = _("Deactivate the account of %(name)s", name=user.display_name)
    confirm = confirm_identity(what)
    if confirm is not None:
        return confirm
    try:
        services.set_active(current_user, user, active)
    except Refused as refused:
        flash(refused.message, "error")
    else:
        if active:
            flash(_("%(name)s can sign in again.", name=user.display_name), "success")
        else:
            flash(_("%(name)s is deactivated and signed out.", name=user.display_name), "success")
    return redirect_to(url_for("admin.edit", user_id=user.id))


@bp.post("/users/<int:user_id>/reset-password")
@requires("users.manage")
def reset_password(user_id: int):
    """Give the user a temporary password, shown once, to change at the next login."""
    user = _visible_user_or_404(user_id)
    temporary = services.reset_password(current_user, user)
    return render("admin/temporary_password.html", user=user, temporary=temporary)


@bp.post("/users/<int:user_id>/reset-two-factor")
@requires("users.manage")
def reset_second_factor(user_id: int):
    """Turn off someone's second factor (a lost phone), after a re-authentication; they sign
    in with the password and set it up again if their role requires it. Their sessions end."""
    user = _visible_user_or_404(user_id)
    confirm = confirm_identity(_("Reset the second factor of %(name)s", name=user.display_name))
    if confirm is not None:
        return confirm
    reset_two_factor(current_user, user)
    flash(
        _(
            "The second factor of %(name)s is reset; they are signed out everywhere.",
            name=user.display_name,
        ),
        "success",
    )
    return redirect_to(url_for("admin.edit", user_id=user.id))


@bp.route("/two-factor", methods=["GET", "POST"])
@requires("users.manage")
def two_factor_requirement():
    """Which roles must use a second factor (changing it asks for a re-authentication)."""
    form = TwoFactorRequirementForm(data={"roles": sorted(two_factor_roles())})
    if form.validate_on_submit():
        confirm = confirm_identity(_("Change which roles must use a second factor"))
        if confirm is not None:
            return confirm
        if services.set_two_factor_roles(current_user, form.roles.data or []):
            flash(_("The requirement is saved."), "success")
        return redirect_to(url_for("admin.two_factor_requirement"))
    without = (
        queries.users_visible_to(current_user)
        .where(queries.User.active, ~queries.User.totp_enabled)
        .where(queries.User.role.in_(sorted(two_factor_roles())))
        .order_by(queries.User.display_name)
    )
    status = 422 if request.method == "POST" else 200
    return render("admin/two_factor.html", form=form, without=list(without), status=status)


@bp.get("/audit")
@requires("audit.view")
def audit():
    """The audit log, filtered and paginated."""
    form = AuditFilterForm(request.args)
    actions = sorted(
        ((action, action_label(action)) for action in queries.audit_actions()),
        key=lambda pair: pair[1].casefold(),
    )
    form.group.choices = select_choices(
        [("", _("All kinds")), *((key, label) for key, (label, *_rest) in ACTION_GROUPS.items())]
    )
    form.action.choices = select_choices([("", _("All actions")), *actions])
    form.actor.choices = select_choices([(0, _("Everyone"))] + queries.audit_actors())
    rows, has_next, status = [], False, 422
    if form.validate():
        events = queries.audit_events(
            group=form.group.data or None,
            action=form.action.data or None,
            actor_id=form.actor.data or None,
            date_from=form.date_from.data,
            date_to=form.date_to.data,
        )
        rows, has_next = page_of(events, form.page.data, queries.AUDIT_PAGE_SIZE)
        status = 200
    return render(
        "admin/audit.html",
        "admin/_audit_table.html",
        form=form,
        rows=rows,
        has_next=has_next,
        status=status,
        action_label=action_label,
        object_label=object_label,
        detail_text=detail_text,
    )
