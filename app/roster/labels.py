"""The roster's words: week states and what a cap limits, lazy so they follow the reader's
language."""

from flask_babel import lazy_gettext as _l

from app.roster.models import RosterStatus

STATUS_LABELS = {
    None: _l("Not started"),
    RosterStatus.DRAFT: _l("Draft"),
    RosterStatus.SENT: _l("Sent to the funder"),
}


class Limit:
    STAFF = "staff"
    WORKERS = "workers"
    MENTORS = "mentors"
    ALL = (STAFF, WORKERS, MENTORS)


LIMIT_LABELS = {
    Limit.STAFF: _l("staff on site"),
    Limit.WORKERS: _l("social workers on site"),
    Limit.MENTORS: _l("mentors on site"),
}


class Source:
    PLAN = "plan"
    TIMESHEETS = "timesheets"


SOURCE_LABELS = {
    Source.PLAN: _l("planned on the roster"),
    Source.TIMESHEETS: _l("at the centre by the timesheets"),
}


def status_label(status: str | None) -> str:
    return str(STATUS_LABELS.get(status, status or ""))
