"""The words shown for the stored values of supervision and training: audiences, what a kind
counts as, file roles and attendance marks (formats are the meetings' ones)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.calendar import format_clock
from app.i18n import format_hours
from app.meetings.labels import FORMAT_LABELS
from app.training.models import Audience, Counts, Mark

AUDIENCE_LABELS = {
    Audience.SOCIAL_WORKERS: _l("Social workers"),
    Audience.MENTORS: _l("Mentors"),
    Audience.ALL_STAFF: _l("All staff"),
}
COUNTS_LABELS = {
    Counts.SUPERVISION: _l("Supervision"),
    Counts.TRAINING: _l("Training"),
}
FILE_ROLE_LABELS = {
    "agenda": _l("Agenda"),
    "material": _l("Material"),
    "attendance_sheet": _l("Signed attendance sheet"),
}
#: the choices of the attendance form
MARK_LABELS = {
    Mark.NOT_MARKED: _l("Not marked"),
    Mark.FULL: _l("Attended fully"),
    Mark.PARTLY: _l("Attended partly"),
    Mark.ABSENT: _l("Absent"),
}


def mark_label(attended_minutes: int | None, session_minutes: int) -> str:
    """A person's mark as a phrase after their name: "attended 2.5 h", "absent" …"""
    mark = Mark.of(attended_minutes, session_minutes)
    if mark == Mark.PARTLY:
        return _("attended %(hours)s h", hours=format_hours(attended_minutes))
    return {
        Mark.NOT_MARKED: _("not marked"),
        Mark.FULL: _("attended fully"),
        Mark.ABSENT: _("absent"),
    }[mark]


def label_context() -> dict:
    """The labels (and the clock format) every training template may use."""
    return {
        "format_labels": FORMAT_LABELS,
        "audience_labels": AUDIENCE_LABELS,
        "counts_labels": COUNTS_LABELS,
        "file_role_labels": FILE_ROLE_LABELS,
        "format_clock": format_clock,
    }
