"""Queries of the administration pages, scoped to the person asking."""

from datetime import date, datetime, time, timedelta

from peewee import JOIN, SQL

from app.accounts import User
from app.audit import AuditEvent, group_condition
from app.permissions import Role, has_permission

AUDIT_PAGE_SIZE = 50


def users_visible_to(viewer: User):
    """Accounts the viewer may manage: all for an administrator, none otherwise."""
    query = User.select()
    if not has_permission(viewer, "users.manage"):
        return query.where(SQL("1 = 0"))
    return query


def user_list(viewer: User, role: str | None = None, active: bool | None = None):
    supervisor = User.alias("supervisor")
    query = (
        users_visible_to(viewer)
        .select(
            User.id,
            User.username,
            User.display_name,
            User.role,
            User.grammatical_gender,
            User.active,
            User.last_login_at,
            supervisor.display_name.alias("supervisor_name"),
        )
        .join(supervisor, JOIN.LEFT_OUTER, on=(User.supervisor == supervisor.id))
        .order_by(User.active.desc(), User.role, User.display_name)
    )
    if role:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.active == active)
    return query.dicts()


def supervisor_choices() -> list[tuple[int, str]]:
    rows = (
        User.select(User.id, User.display_name)
        .where(User.role.in_(Role.SUPERVISORS), User.active)
        .order_by(User.display_name)
        .tuples()
    )
    return list(rows)


def audit_actions() -> list[str]:
    rows = AuditEvent.select(AuditEvent.action).distinct().order_by(AuditEvent.action).tuples()
    return [action for (action,) in rows]


def audit_actors() -> list[tuple[int, str]]:
    return list(User.select(User.id, User.display_name).order_by(User.display_name).tuples())


def audit_events(
    group: str | None = None,
    action: str | None = None,
    actor_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
):
    """Audit events, newest first, filtered; dates are whole days (UTC boundaries)."""
    query = (
        AuditEvent.select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.action,
            AuditEvent.object_type,
            AuditEvent.object_id,
            AuditEvent.changes,
            AuditEvent.ip,
            AuditEvent.detail,
            User.display_name.alias("actor_name"),
        )
        .join(User, JOIN.LEFT_OUTER, on=(AuditEvent.actor == User.id))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if group:
        query = query.where(group_condition(group))
    if action:
        query = query.where(AuditEvent.action == action)
    if actor_id:
        query = query.where(AuditEvent.actor == actor_id)
    if date_from:
        query = query.where(AuditEvent.at >= datetime.combine(date_from, time.min))
    if date_to and date_to < date.max:
        query = query.where(AuditEvent.at < datetime.combine(date_to + timedelta(days=1), time.min))
    return query.dicts()
