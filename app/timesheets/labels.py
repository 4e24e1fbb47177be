"""The words for places, week statuses and week history actions, shared by pages, forms and
exports."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.timesheets.models import Place, WeekStatus

PLACE_LABELS = {
    Place.PMC: _l("At the reception centre"),
    Place.OUTSIDE: _l("Outside the centre"),
    Place.REMOTE: _l("Remote (phone, video)"),
}
#: a week's status agrees with "nedēļa" (feminine) in Latvian: "Iesniegta", "Apstiprināta"
STATUS_LABELS = {
    None: lazy_pgettext("week", "Nothing filed"),
    WeekStatus.DRAFT: lazy_pgettext("week", "Draft"),
    WeekStatus.SUBMITTED: lazy_pgettext("week", "Submitted"),
    WeekStatus.APPROVED: lazy_pgettext("week", "Approved"),
    WeekStatus.RETURNED: lazy_pgettext("week", "Returned"),
}


def status_label(status: str | None) -> str:
    return str(STATUS_LABELS.get(status, status or ""))


ACTION_LABELS = {
    "submit": _l("submitted"),
    "withdraw": _l("withdrew to change"),
    "approve": _l("approved"),
    "return": _l("returned"),
    "reopen": _l("reopened"),
    "justify": _l("justified the conflict"),
}


def action_label(action: str) -> str:
    """A week history event's action, as the history line reads it."""
    return str(ACTION_LABELS.get(action, action))
