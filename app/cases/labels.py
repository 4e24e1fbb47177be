"""The words for case kinds, the case list's filters and caseload breaches."""

from flask_babel import lazy_gettext as _l

from app.cases.models import CaseKind, ClosingReason
from app.cases.queries import STATUS_ALL, STATUS_CLOSED, STATUS_OPEN

KIND_LABELS = {
    CaseKind.INDIVIDUAL: _l("Individual"),
    CaseKind.COUPLE: _l("Couple"),
    CaseKind.FAMILY: _l("Family"),
}
CLOSING_REASON_LABELS = {
    ClosingReason.LEFT: _l("Left the country on their own"),
    ClosingReason.RETURNED: _l("Returned voluntarily through the IOM"),
    ClosingReason.DEPORTED: _l("Deported"),
    ClosingReason.ENDED: _l("The service period ended"),
    ClosingReason.REFUSED: _l("Refused the service"),
}
STATUS_LABELS = {
    STATUS_OPEN: _l("Open"),
    STATUS_CLOSED: _l("Closed"),
    STATUS_ALL: _l("All"),
}
BREACH_LABELS = {
    "below": _l("Below the contract range"),
    "above": _l("Above the contract range"),
}
