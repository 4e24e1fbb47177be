"""The append-only audit log: who changed what, when, from where (never the values typed)."""

import json
from collections.abc import Iterable, Mapping

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from app import personal_data
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
    #: what an event that changes no fields concerns, as JSON: the route refused, the file
    #: downloaded with its days and number of records (DETAIL_LABELS); never a value typed
    detail = TextField(null=True)


def client_ip() -> str:
    return (request.remote_addr or "") if has_request_context() else ""


def record(
    actor,
    action: str,
    obj=None,
    changes: Iterable[str] = (),
    detail: Mapping[str, str | int] | None = None,
) -> AuditEvent:
    """Write one audit event; call it inside the write_tx() of the change it describes.

    `obj` is a record, or (kind, id) for an address naming one that may not exist."""
    object_type, object_id = "", None
    if isinstance(obj, tuple):
        object_type, object_id = obj
    elif obj is not None:
        object_type, object_id = obj._meta.table_name, obj.id
    actor_id = actor.id if getattr(actor, "is_authenticated", False) else None
    fields = {}
    if detail:  # only then, so an older schema without the column can still take an event
        fields["detail"] = json.dumps(dict(detail), ensure_ascii=False)
    event = AuditEvent.create(
        actor=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        changes=",".join(sorted(changes)),
        ip=client_ip(),
        **fields,
    )
    confirmed = personal_data.take_confirmations()
    if confirmed:  # the save of a text its writer confirmed is not personal data
        kinds = sorted({kind for found in confirmed.values() for kind in found})
        record(actor, "personal_data.confirmed", obj, confirmed, {"kinds": ",".join(kinds)})
    return event


#: the words for every action code the features record, as the audit page shows them (a code
#: not listed here, from a feature added later, is shown as it is stored)
ACTION_LABELS = {
    # accounts and signing in
    "login.success": _l("Sign-in"),
    "login.failure": _l("Failed sign-in"),
    "logout": _l("Sign-out"),
    "password.change": _l("Password change"),
    "user.password_reset": _l("Password reset by the administrator"),
    "user.create": _l("Account created"),
    "user.update": _l("Account changed"),
    "user.activate": _l("Account reactivated"),
    "user.deactivate": _l("Account deactivated"),
    "user.language": _l("Language changed"),
    "user.email": _l("E-mail changed"),
    "twofactor.enable": _l("Second factor turned on"),
    "twofactor.enable_failure": _l("Second factor set-up failed"),
    "twofactor.disable": _l("Second factor turned off"),
    "twofactor.recovery_codes": _l("New recovery codes made"),
    "twofactor.recovery_code_used": _l("Recovery code used"),
    "twofactor.reset": _l("Second factor reset by the administrator"),
    "twofactor.requirement": _l("Second-factor requirement changed"),
    "reauth.success": _l("Identity confirmed"),
    "reauth.failure": _l("Identity confirmation failed"),
    "setting.update": _l("Setting changed"),
    "demo.load": _l("Demo data loaded"),
    "upload.create": _l("File uploaded"),
    "upload.malware": _l("Upload refused (malware)"),
    "personal_data.confirmed": _l("Text saved although it looked like personal data"),
    "report.export": _l("Report downloaded"),
    "download": _l("File downloaded"),
    "access.denied": _l("Access refused"),
    "csrf.failure": _l("Form refused as expired or forged"),
    "backup.restore": _l("Database restored from a backup"),
    # timesheets
    "entry.create": _l("Timesheet entry added"),
    "entry.update": _l("Timesheet entry changed"),
    "entry.delete": _l("Timesheet entry deleted"),
    "week.submit": _l("Week submitted"),
    "week.withdraw": _l("Week withdrawn to change"),
    "week.approve": _l("Week approved"),
    "week.return": _l("Week returned"),
    "week.reopen": _l("Week reopened"),
    "week.justify": _l("Overlap justified"),
    "month.lock": _l("Month locked"),
    "month.unlock": _l("Month unlocked"),
    "activity.create": _l("Activity added"),
    "activity.rename": _l("Activity renamed"),
    "activity.update": _l("Activity changed"),
    "activity.retire": _l("Activity retired"),
    "activity.restore": _l("Activity restored"),
    # clients and case files
    "client.create": _l("Client added"),
    "client.update": _l("Client changed"),
    "residence.create": _l("Residence recorded"),
    "legal_event.create": _l("Legal status event recorded"),
    "legal_event.delete": _l("Legal status event deleted"),
    "membership.create": _l("Client added to a case file"),
    "membership.move": _l("Client moved to another case file"),
    "membership.leave": _l("Client left a case file"),
    "case.create": _l("Case file opened"),
    "case.update": _l("Case file changed"),
    "case.close": _l("Case file closed"),
    "case.closure": _l("Case closing changed"),
    "case.reopen": _l("Case file reopened"),
    "plan.create": _l("Inclusion plan drawn up"),
    "plan.update": _l("Inclusion plan changed"),
    "plan.review": _l("Inclusion plan reviewed"),
    "plan.close": _l("Inclusion plan closed"),
    "plan.goal_add": _l("Plan goal added"),
    "plan.goal_update": _l("Plan goal changed"),
    "plan.task_add": _l("Plan task added"),
    "plan.task_update": _l("Plan task changed"),
    "plan.task_done": _l("Plan task completed"),
    "complexity.rate": _l("Case complexity rated"),
    "complexity.agree": _l("Complexity month agreed"),
    "complexity.reopen": _l("Complexity month reopened"),
    "complexity_criterion.create": _l("Complexity criterion added"),
    "complexity_criterion.rename": _l("Complexity criterion renamed"),
    "complexity_criterion.update": _l("Complexity criterion changed"),
    "complexity_criterion.retire": _l("Complexity criterion retired"),
    "complexity_criterion.restore": _l("Complexity criterion restored"),
    "evaluation.create": _l("Closing evaluation made"),
    "evaluation.update": _l("Closing evaluation changed"),
    "evaluation_criterion.create": _l("Evaluation criterion added"),
    "evaluation_criterion.rename": _l("Evaluation criterion renamed"),
    "evaluation_criterion.update": _l("Evaluation criterion changed"),
    "evaluation_criterion.retire": _l("Evaluation criterion retired"),
    "evaluation_criterion.restore": _l("Evaluation criterion restored"),
    # periods, risks, finance, notices
    "contract.create": _l("Contract recorded"),
    "contract.update": _l("Contract details changed"),
    "period.report": _l("Period marked reported"),
    "interim.write": _l("Interim report part written"),
    "interim.challenge.add": _l("Interim report problem added"),
    "interim.challenge.update": _l("Interim report problem changed"),
    "interim.challenge.delete": _l("Interim report problem deleted"),
    "interim.sent": _l("Interim report sent and kept"),
    "risk.create": _l("Risk added"),
    "risk.update": _l("Risk changed"),
    "risk.close": _l("Risk closed"),
    "risk.comment": _l("Risk comment"),
    "assessment.create": _l("Risk assessment made"),
    "assessment.update": _l("Risk assessment changed"),
    "measure.create": _l("Risk measure added"),
    "measure.update": _l("Risk measure changed"),
    "measure.move": _l("Risk measure moved"),
    "risk_type.create": _l("Risk type added"),
    "risk_type.rename": _l("Risk type renamed"),
    "risk_type.update": _l("Risk type changed"),
    "risk_type.retire": _l("Risk type retired"),
    "risk_type.restore": _l("Risk type restored"),
    "payment.create": _l("Payment recorded"),
    "payment.update": _l("Payment changed"),
    "notice.create": _l("Notice to the funder recorded"),
    "notice.update": _l("Notice to the funder changed"),
    "addendum.create": _l("Addendum created"),
    "addendum.measures": _l("Addendum measures written"),
    # meetings
    "meeting.create": _l("Meeting created"),
    "meeting.update": _l("Meeting changed"),
    "meeting.attendance": _l("Meeting attendance marked"),
    "meeting.minutes": _l("Minutes written"),
    "meeting.finalize": _l("Minutes finalized"),
    "meeting.reopen": _l("Minutes reopened"),
    "meeting.decision": _l("Decision recorded"),
    "meeting.action": _l("Action item added"),
    "meeting.action_status": _l("Action item status changed"),
    "meeting.file": _l("Meeting file added"),
    "meeting.coverage_reason": _l("Reason for a week without a meeting"),
    "meeting.submit_month": _l("Meeting month submitted"),
    "meeting_series.create": _l("Meeting series created"),
    "mentor_meeting.create": _l("Social worker–mentor meeting recorded"),
    "mentor_meeting.update": _l("Social worker–mentor meeting changed"),
    # supervision and training
    "training.create": _l("Session planned"),
    "training.update": _l("Session changed"),
    "training.cancel": _l("Session cancelled"),
    "training.restore": _l("Session restored"),
    "training.attendance": _l("Session attendance marked"),
    "training.file": _l("Session file added"),
    "training_feed.create": _l("Calendar feed created"),
    "training_feed.renew": _l("Calendar feed renewed"),
    "training_kind.create": _l("Session kind added"),
    "training_kind.rename": _l("Session kind renamed"),
    "training_kind.update": _l("Session kind changed"),
    "training_kind.retire": _l("Session kind retired"),
    "training_kind.restore": _l("Session kind restored"),
    # the reception-centre roster
    "roster.shift_create": _l("Roster shift added"),
    "roster.shift_update": _l("Roster shift changed"),
    "roster.shift_delete": _l("Roster shift deleted"),
    "roster.copy_last_week": _l("Roster copied from last week"),
    "roster.confirm": _l("Presence confirmed"),
    "roster.send": _l("Roster sent to the funder"),
    "roster.reopen": _l("Roster reopened"),
    "roster.cap_create": _l("Staff cap set"),
}


#: the audit page's groups of actions: what an auditor of the service asks for first
ACTION_GROUPS = {
    "security": (
        _l("Security events"),
        (
            "login.failure",
            "reauth.failure",
            "access.denied",
            "csrf.failure",
            "password.change",
            "user.password_reset",
            "backup.restore",
            "upload.malware",
            "personal_data.confirmed",
        ),
        ("twofactor.",),
    ),
    "downloads": (_l("Downloads and exports"), ("download", "report.export"), ()),
}


def group_condition(group: str):
    """The peewee condition selecting one group's events (None for an unknown group)."""
    if group not in ACTION_GROUPS:
        return None
    _label, actions, prefixes = ACTION_GROUPS[group]
    condition = AuditEvent.action.in_(actions)
    for prefix in prefixes:
        condition |= AuditEvent.action.startswith(prefix)
    return condition


#: the words for the keys of an event's detail
DETAIL_LABELS = {
    "route": _l("Address"),
    "status": _l("Answer"),
    "file": _l("File"),
    "period": _l("Days"),
    "rows": _l("Records"),
    "ids": _l("Ids in the address"),
    "archive": _l("Archive"),
    "roles": _l("Roles"),
    "malware": _l("Malware"),
    "sha256": "SHA-256",
    "kinds": _l("Found"),
}


def detail_text(detail: str | None) -> str:
    """An event's detail in words ("File: x.xlsx · Days: 2020-03-01 – 2020-03-31")."""
    if not detail:
        return ""
    try:
        values = json.loads(detail)
    except ValueError:
        return detail
    return " · ".join(f"{DETAIL_LABELS.get(key, key)}: {value}" for key, value in values.items())


def action_label(action: str) -> str:
    """An audit action code in words, in the reader's language ("Pierakstīšanās" for
    "login.success"); the code itself when no label is known."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


#: the words for the kinds of record an event names (its table), shown before the record's id
OBJECT_LABELS = {
    "user": _l("Account"),
    "week": _l("Timesheet week"),
    "entry": _l("Timesheet entry"),
    "month_lock": _l("Locked month"),
    "activity_type": _l("Activity"),
    "client": _l("Client"),
    "residence": _l("Residence"),
    "legal_event": _l("Legal status event"),
    "membership": _l("Client in a case file"),
    "case_file": _l("Case file"),
    "case_closure": _l("Case closing"),
    "plan": _l("Inclusion plan"),
    "plan_goal": _l("Plan goal"),
    "plan_task": _l("Plan task"),
    "plan_review": _l("Plan review"),
    "complexity_month": _l("Complexity month"),
    "complexity_rating": _l("Complexity rating"),
    "complexity_criterion": _l("Complexity criterion"),
    "case_evaluation": _l("Closing evaluation"),
    "evaluation_criterion": _l("Evaluation criterion"),
    "contract": _l("Contract"),
    "period": _l("Reporting period"),
    "challenge": _l("Interim report problem"),
    "risk": _l("Risk"),
    "risk_type": _l("Risk type"),
    "risk_comment": _l("Risk comment"),
    "assessment": _l("Risk assessment"),
    "measure": _l("Risk measure"),
    "funder_payment": _l("Payment"),
    "funder_notice": _l("Notice to the funder"),
    "addendum": _l("Addendum"),
    "addendum_month": _l("Addendum month"),
    "meeting": _l("Meeting"),
    "meeting_series": _l("Meeting series"),
    "meeting_file": _l("Meeting file"),
    "decision": _l("Decision"),
    "action_item": _l("Action item"),
    "coverage_reason": _l("Reason for a week without a meeting"),
    "month_submission": _l("Submitted meeting month"),
    "mentor_meeting": _l("Social worker–mentor meeting"),
    "training_session": _l("Supervision or training session"),
    "training_kind": _l("Session kind"),
    "calendar_feed": _l("Calendar feed"),
    "roster_week": _l("Roster week"),
    "roster_shift": _l("Roster shift"),
    "roster_cap": _l("Staff cap"),
    "upload": _l("File"),
    "setting": _l("Setting"),
}


def object_label(object_type: str) -> str:
    """The kind of record in words ("Konts" for "user"); the table name when none is known."""
    label = OBJECT_LABELS.get(object_type)
    return str(label) if label is not None else object_type
