"""The append-only audit log: who changed what, when, from where (never the values typed)."""

from collections.abc import Iterable

from flask import has_request_context, request
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from app.accounts import User
from app.db import BaseModel, utcnow


class AuditEvent(BaseModel):
    at = DateTimeField(default=utcnow, index=True)  #: UTC
    actor = ForeignKeyField(User, null=True, backref="audit_events", on_delete="RESTRICT")
    action = CharField(max_length=64, index=True)  #: e.g. "user.create", "login.failure"
    object_type = CharField(max_length=64, default="")
    object_id = IntegerField(null=True)
    changes = TextField(default="")  #: comma-separated field names, never their values
    ip = CharField(max_length=64, default="")


def client_ip() -> str:
    return (request.remote_addr or "") if has_request_context() else ""


def record(actor, action: str, obj=None, changes: Iterable[str] = ()) -> AuditEvent:
    """Write one audit event; call it inside the write_tx() of the change it describes."""
    object_type, object_id = "", None
    if obj is not None:
        object_type, object_id = obj._meta.table_name, obj.id
    actor_id = actor.id if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.create(
        actor=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        changes=",".join(sorted(changes)),
        ip=client_ip(),
    )
