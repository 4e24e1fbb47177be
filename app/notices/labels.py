"""The notices' words: kinds and states, lazy so they follow the reader's language."""

from flask_babel import lazy_gettext as _l

from app.notices.models import NoticeKind

KIND_LABELS = {
    NoticeKind.FORCE_MAJEURE: _l("Force majeure"),
    NoticeKind.STAFF_CHANGE: _l("Change of staff"),
    NoticeKind.SURGE: _l("Surge: caseloads over the limits"),
    NoticeKind.OTHER: _l("Other"),
}


class State:
    SENT = "sent"
    SENT_LATE = "sent_late"
    DUE = "due"
    OVERDUE = "overdue"


STATE_LABELS = {
    State.SENT: _l("Sent"),
    State.SENT_LATE: _l("Sent late"),
    State.DUE: _l("To send"),
    State.OVERDUE: _l("Overdue"),
}
