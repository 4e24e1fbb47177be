"""The words for a plan's outcomes, reasons, task owners and statuses."""

from flask_babel import lazy_gettext as _l

from app.plans.models import Outcome, OutcomeReason, OwnerKind, TaskStatus

OUTCOME_LABELS = {
    Outcome.FULFILLED: _l("Fulfilled"),
    Outcome.PARTLY: _l("Partly fulfilled"),
    Outcome.NOT_FULFILLED: _l("Not fulfilled"),
}
REASON_LABELS = {
    OutcomeReason.LANGUAGE: _l("Low Latvian language skills"),
    OutcomeReason.LEFT: _l("Left the country"),
    OutcomeReason.ENDED: _l("The service ended"),
    OutcomeReason.REFUSED: _l("Refused to cooperate"),
    OutcomeReason.OTHER: _l("Other reason"),
}
OWNER_LABELS = {
    OwnerKind.SOCIAL_WORKER: _l("Social worker"),
    OwnerKind.MENTOR: _l("Social mentor"),
    OwnerKind.CLIENT: _l("Client"),
    OwnerKind.INSTITUTION: _l("Institution"),
}
TASK_STATUS_LABELS = {
    TaskStatus.OPEN: _l("Open"),
    TaskStatus.DONE: _l("Done"),
    TaskStatus.DROPPED: _l("Dropped"),
}


def label_context() -> dict:
    return {
        "outcome_labels": OUTCOME_LABELS,
        "reason_labels": REASON_LABELS,
        "owner_labels": OWNER_LABELS,
        "task_status_labels": TASK_STATUS_LABELS,
    }
