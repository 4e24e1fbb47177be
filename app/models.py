"""Every model of the app, in dependency order: what the migrated schema must equal."""

from app.audit import AuditEvent
from app.auth.models import LoginAttempt, User
from app.core.models import Setting

ALL_MODELS = [User, LoginAttempt, Setting, AuditEvent]
