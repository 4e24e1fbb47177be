"""Roles, the one permission table, and the @requires decorator every view carries.

Denied is the default: a permission not in the table is granted to nobody, and a view without
@requires or @public fails tests/test_permissions.py.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from flask_login import current_user, login_required


class Role:
    MENTOR = "mentor"
    SOCIAL_WORKER = "social_worker"
    LEAD = "lead_social_worker"
    COORDINATOR = "coordinator"
    ADMIN = "admin"
    AUDITOR = "auditor"

    ALL = (MENTOR, SOCIAL_WORKER, LEAD, COORDINATOR, ADMIN, AUDITOR)
    #: Roles that may supervise mentors.
    SUPERVISORS = (SOCIAL_WORKER, LEAD)

    LABELS = {
        MENTOR: _l("Social mentor"),
        SOCIAL_WORKER: _l("Social worker"),
        LEAD: _l("Lead social worker"),
        COORDINATOR: _l("Service coordinator"),
        ADMIN: _l("Administrator"),
        AUDITOR: _l("Funder (auditor)"),
    }

    @classmethod
    def title(cls, role: str | None, gender: str) -> str:
        """The role as a person's title, in the form of their grammatical gender ("m" or "f"):
        "Sociālā darbiniece" / "Sociālais darbinieks"; English has one form. The calls stay
        literal so that the catalog extraction finds both contexts of every title."""
        if gender == "f":
            titles = {
                cls.MENTOR: pgettext("feminine", "Social mentor"),
                cls.SOCIAL_WORKER: pgettext("feminine", "Social worker"),
                cls.LEAD: pgettext("feminine", "Lead social worker"),
                cls.COORDINATOR: pgettext("feminine", "Service coordinator"),
                cls.ADMIN: pgettext("feminine", "Administrator"),
                cls.AUDITOR: pgettext("feminine", "Funder (auditor)"),
            }
        else:
            titles = {
                cls.MENTOR: pgettext("masculine", "Social mentor"),
                cls.SOCIAL_WORKER: pgettext("masculine", "Social worker"),
                cls.LEAD: pgettext("masculine", "Lead social worker"),
                cls.COORDINATOR: pgettext("masculine", "Service coordinator"),
                cls.ADMIN: pgettext("masculine", "Administrator"),
                cls.AUDITOR: pgettext("masculine", "Funder (auditor)"),
            }
        return titles.get(role, role or "")

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(role, cls.LABELS[role]) for role in cls.ALL]


PERMISSIONS: dict[str, frozenset[str]] = {
    # Every signed-in person: the home page, their own account and password.
    "home.view": frozenset(Role.ALL),
    "account.manage_own": frozenset(Role.ALL),
    # Timesheets: mentors file their own weeks; reviewers see and decide on their mentors' weeks.
    "timesheets.file": frozenset({Role.MENTOR}),
    "timesheets.view": frozenset({Role.MENTOR, Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR}),
    "timesheets.review": frozenset({Role.SOCIAL_WORKER, Role.LEAD}),
    "timesheets.team": frozenset({Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR}),
    "timesheets.reopen": frozenset({Role.LEAD}),
    "timesheets.justify": frozenset({Role.LEAD}),
    "timesheets.lock": frozenset({Role.COORDINATOR}),
    "timesheets.unlock": frozenset({Role.ADMIN}),
    "timesheets.months": frozenset({Role.COORDINATOR, Role.ADMIN, Role.LEAD}),
    "activities.manage": frozenset({Role.LEAD}),
    # Case files (codes only, never names).
    "cases.view": frozenset({Role.MENTOR, Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR}),
    "cases.manage": frozenset({Role.SOCIAL_WORKER, Role.LEAD}),
    "cases.caseload": frozenset({Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR}),
    # Reporting periods of the contract.
    "periods.view": frozenset(
        {Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN, Role.AUDITOR}
    ),
    "periods.manage": frozenset({Role.COORDINATOR, Role.ADMIN}),
    # The risk register: the lead (and admin) edit; coordinator and social workers read and
    # comment; the auditor only downloads the risk table of reported periods.
    "risks.view": frozenset({Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN}),
    "risks.edit": frozenset({Role.LEAD, Role.ADMIN}),
    "risks.comment": frozenset({Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN}),
    "risks.export": frozenset(
        {Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN, Role.AUDITOR}
    ),
    # Meetings and minutes: the coordinator and the lead write; all staff read; the auditor
    # reads the months submitted to the funder (scoped in app/meetings/queries.py).
    "meetings.view": frozenset(
        {Role.MENTOR, Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN, Role.AUDITOR}
    ),
    "meetings.edit": frozenset({Role.COORDINATOR, Role.LEAD}),
    "meetings.coverage": frozenset({Role.COORDINATOR, Role.LEAD}),
    "meetings.submit_month": frozenset({Role.COORDINATOR}),
    # Supervision and training: the coordinator and the lead plan sessions and mark attendance;
    # all staff see the calendar and their own record (others' records scoped in
    # app/training/queries.py); per-person figures never reach the auditor.
    "training.view": frozenset(
        {Role.MENTOR, Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN}
    ),
    "training.edit": frozenset({Role.COORDINATOR, Role.LEAD}),
    "training.kinds": frozenset({Role.COORDINATOR, Role.LEAD}),
    "training.compliance": frozenset({Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN}),
    "training.export": frozenset({Role.LEAD, Role.COORDINATOR, Role.ADMIN}),
    # Funder reports (aggregates; per-person rows are never shown to the auditor) and the
    # contract-compliance panel.
    "reports.view": frozenset(
        {Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN, Role.AUDITOR}
    ),
    "compliance.view": frozenset({Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN}),
    # Case complexity: the lead rates open case files monthly, edits the criteria and agrees
    # (or reopens) the month with the funder; the coordinator and social workers read.
    "complexity.view": frozenset({Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR}),
    "complexity.rate": frozenset({Role.LEAD}),
    # Notices to the funder (force majeure, staff changes, surges): the coordinator (and admin)
    # keep the log; the lead reads it; the funder reads the notices sent to it.
    "notices.view": frozenset({Role.LEAD, Role.COORDINATOR, Role.ADMIN, Role.AUDITOR}),
    "notices.edit": frozenset({Role.COORDINATOR, Role.ADMIN}),
    # Finance: the coordinator (and admin) record the funder's payments; the lead and the funder
    # read.
    "finance.view": frozenset({Role.LEAD, Role.COORDINATOR, Role.ADMIN, Role.AUDITOR}),
    "finance.edit": frozenset({Role.COORDINATOR, Role.ADMIN}),
    # Social worker–mentor meetings: social workers (and the lead) log their meetings with their
    # mentors; mentors see their own; the coordinator reads; the lead and coordinator set the
    # weekly number.
    "mentor_meetings.view": frozenset(
        {Role.MENTOR, Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR}
    ),
    "mentor_meetings.log": frozenset({Role.SOCIAL_WORKER, Role.LEAD}),
    "mentor_meetings.settings": frozenset({Role.LEAD, Role.COORDINATOR}),
    # The closing evaluation: the case's social worker and the lead evaluate a closed case file;
    # the coordinator reads; the lead (and admin) keep the criteria; the auditor sees only the
    # report's counts.
    "evaluations.view": frozenset({Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR}),
    "evaluations.edit": frozenset({Role.SOCIAL_WORKER, Role.LEAD}),
    "evaluations.criteria": frozenset({Role.LEAD, Role.ADMIN}),
    # The weekly reception-centre roster: all staff read it (mentors need to know who is on
    # duty); the coordinator and the lead plan it; the coordinator sends it to the funder, who
    # reads the weeks sent (scoped in app/roster/queries.py); social workers confirm their own
    # presence on it; the coordinator and admin set the cap on staff on site.
    "roster.view": frozenset(
        {Role.MENTOR, Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN, Role.AUDITOR}
    ),
    "roster.edit": frozenset({Role.COORDINATOR, Role.LEAD}),
    "roster.send": frozenset({Role.COORDINATOR}),
    "roster.confirm": frozenset({Role.SOCIAL_WORKER, Role.LEAD}),
    "roster.caps": frozenset({Role.COORDINATOR, Role.ADMIN}),
    "roster.breaches": frozenset({Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN}),
    # Extraordinary-situation addenda to the monthly reports: the coordinator and the lead switch
    # them on and write each month's measures; the admin reads (the funder reads the reports).
    "addenda.view": frozenset({Role.LEAD, Role.COORDINATOR, Role.ADMIN}),
    "addenda.edit": frozenset({Role.LEAD, Role.COORDINATOR}),
    # The interim report: the coordinator and the lead write its parts; the coordinator reports
    # the period (which keeps the document as sent); staff and the admin read it; the auditor
    # reads the reports sent (scoped in app/interim/views.py).
    "interim.view": frozenset(
        {Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN, Role.AUDITOR}
    ),
    "interim.write": frozenset({Role.LEAD, Role.COORDINATOR}),
    "interim.report": frozenset({Role.COORDINATOR}),
    # Administration.
    "users.manage": frozenset({Role.ADMIN}),
    "audit.view": frozenset({Role.ADMIN}),
}


def has_permission(user, permission: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role in PERMISSIONS.get(permission, frozenset())


def requires(permission: str) -> Callable:
    """Allow the view only to signed-in users whose role holds `permission` (else 403)."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}: add it to PERMISSIONS")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not has_permission(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        guarded = login_required(wrapper)
        guarded.required_permission = permission
        return guarded

    return decorator


def acting_user():
    """The signed-in user itself (not the proxy), to hand to services and store in records."""
    return current_user._get_current_object()


def public(view: Callable) -> Callable:
    """Mark a view as open to anonymous visitors (login, language, health): a deliberate choice."""
    view.required_permission = None
    return view
