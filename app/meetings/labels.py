"""The words shown for the stored values of meetings: kinds, formats, statuses, reasons,
weekdays, history events and search sources (training shows the same formats)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.calendar import format_clock
from app.meetings.models import ActionStatus, CoverageReasonKind, MeetingFormat, MeetingKind

KIND_LABELS = {
    MeetingKind.WEEKLY: _l("Weekly all-staff meeting"),
    MeetingKind.EXTRAORDINARY: _l("Extraordinary meeting"),
    MeetingKind.WORKER_MENTOR: _l("Social worker–mentor meeting"),
    MeetingKind.OTHER: _l("Other meeting"),
}
FORMAT_LABELS = {
    MeetingFormat.IN_PERSON: _l("In person"),
    MeetingFormat.ONLINE: _l("Online"),
}
STATUS_LABELS = {
    ActionStatus.OPEN: _l("Open"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.DROPPED: _l("Dropped"),
}
REASON_LABELS = {
    CoverageReasonKind.SUPERVISION: _l("Supervision week"),
    CoverageReasonKind.TRAINING: _l("Training week"),
    CoverageReasonKind.HOLIDAY: _l("Public holiday"),
    CoverageReasonKind.OTHER: _l("Other"),
}
WEEKDAY_LABELS = {
    0: _l("Monday"),
    1: _l("Tuesday"),
    2: _l("Wednesday"),
    3: _l("Thursday"),
    4: _l("Friday"),
}
#: where a search hit was found
SOURCE_LABELS = {
    "agenda": _l("Agenda"),
    "minutes": _l("Minutes"),
    "decisions": _l("Decisions"),
}


def event_label(action: str) -> str:
    """A finalize or reopen in the meeting's history, as a phrase after the person's name."""
    return {"finalize": _("finalized the minutes"), "reopen": _("reopened the minutes")}.get(
        action, action
    )


def label_context() -> dict:
    """The labels (and the clock format) every meetings template may use."""
    return {
        "kind_labels": KIND_LABELS,
        "format_labels": FORMAT_LABELS,
        "status_labels": STATUS_LABELS,
        "reason_labels": REASON_LABELS,
        "format_clock": format_clock,
    }
