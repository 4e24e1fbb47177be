"""Recording a notice to the funder and marking it sent."""

from dataclasses import asdict, dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.db import write_tx
from app.notices.models import FunderNotice, NoticeKind
from app.refusals import Refused


@dataclass(frozen=True)
class NoticeInput:
    kind: str
    event_on: date
    subject: str
    details: str
    sent_on: date | None
    sent_how: str


def check(values: NoticeInput, today: date) -> None:
    """Every rule a notice breaks, each beside its field."""
    errors: dict[str, list] = {}
    if values.kind not in NoticeKind.ALL:
        errors["kind"] = [_l("Choose what the notice is about.")]
    if values.event_on > today:
        errors["event_on"] = [_l("Record the notice once the event has happened.")]
    if values.sent_on is not None:
        if values.sent_on < values.event_on:
            errors["sent_on"] = [_l("A notice cannot be sent before its event.")]
        elif values.sent_on > today:
            errors["sent_on"] = [_l("The day it was sent cannot be in the future.")]
        if not values.sent_how.strip():
            errors["sent_how"] = [_l("Say how the funder was told (e.g. by e-mail to whom).")]
    elif values.sent_how.strip():
        errors["sent_on"] = [_l("Enter the day it was sent, or leave how it was sent empty.")]
    if errors:
        raise Refused(errors)


def _fields(values: NoticeInput) -> dict:
    fields = asdict(values)
    fields.update(subject=values.subject.strip(), details=values.details.strip())
    fields["sent_how"] = values.sent_how.strip()
    return fields


def create_notice(actor: User, values: NoticeInput, today: date) -> FunderNotice:
    """A notice in the log, sent or still to send."""
    check(values, today)
    with write_tx():
        notice = FunderNotice.create(created_by=actor.id, **_fields(values))
        audit.record(actor, "notice.create", notice, ["kind", "event_on", "sent_on"])
    return notice


def update_notice(actor: User, notice_id: int, values: NoticeInput, today: date) -> bool:
    """Change a notice (typically: mark it sent); audited with the changed fields' names.
    False when nothing changed."""
    check(values, today)
    fields = _fields(values)
    with write_tx():
        notice = FunderNotice.get_by_id(notice_id)
        changed = [name for name, value in fields.items() if getattr(notice, name) != value]
        if not changed:
            return False
        for name in changed:
            setattr(notice, name, fields[name])
        notice.save()
        audit.record(actor, "notice.update", notice, changed)
    return True
