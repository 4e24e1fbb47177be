"""The words shown for the stored values of meetings: kinds, formats, statuses, reasons,
weekdays, history events and search sources (training shows the same formats)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, pgettext

from app.accounts import gendered, role_title
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
#: an action item's status agrees with "uzdevums" (masculine) in Latvian
STATUS_LABELS = {
    ActionStatus.OPEN: lazy_pgettext("action item", "Open"),
    ActionStatus.DONE: lazy_pgettext("action item", "Done"),
    ActionStatus.DROPPED: lazy_pgettext("action item", "Dropped"),
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


def chair_label(person) -> str:
    """The chair's title, agreeing with the person who chairs: "Vadītāja" / "Vadītājs"
    (English "Chair"); `person` a User or a row with `grammatical_gender` (None: masculine)."""
    return gendered(person, pgettext("masculine", "Chair"), pgettext("feminine", "Chair"))


def attendance_label(person, attended: bool | None) -> str:
    """An attendee's mark as a phrase after their name, agreeing with them: "nav atzīmēta" /
    "nav atzīmēts" (not marked), "piedalījās" (attended), "nepiedalījās" (absent)."""
    if attended is None:
        return gendered(
            person, pgettext("masculine", "not marked"), pgettext("feminine", "not marked")
        )
    return _("attended") if attended else _("absent")


def invited_label(person) -> str:
    """ "uzaicināta" / "uzaicināts" (invited), after a person's name."""
    return gendered(person, pgettext("masculine", "invited"), pgettext("feminine", "invited"))


def label_context() -> dict:
    """The labels (and the clock format) every meetings template may use."""
    return {
        "kind_labels": KIND_LABELS,
        "format_labels": FORMAT_LABELS,
        "status_labels": STATUS_LABELS,
        "reason_labels": REASON_LABELS,
        "format_clock": format_clock,
        "chair_label": chair_label,
        "attendance_label": attendance_label,
        "invited_label": invited_label,
        "role_title": role_title,
    }
