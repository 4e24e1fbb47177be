"""The role-aware navigation: each feature adds its entries here with the permission they need."""

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.models import get_setting, organisation_name
from app.permissions import Role, has_permission

#: (endpoint, label, permission), in menu order
NAV_ITEMS = [
    ("core.index", _l("Home"), "home.view"),
    ("timesheets.index", _l("Timesheets"), "timesheets.view"),
    ("timesheets_team.queue", _l("Approvals"), "timesheets.review"),
    ("cases.index", _l("Case files"), "cases.view"),
    ("cases.caseload", _l("Caseloads"), "cases.caseload"),
    ("complexity.index", _l("Case complexity"), "complexity.view"),
    ("evaluations.index", _l("Closing evaluations"), "evaluations.view"),
    ("evaluations_criteria.index", _l("Evaluation criteria"), "evaluations.criteria"),
    ("timesheets_settings.months", _l("Months"), "timesheets.months"),
    ("timesheets_activities.index", _l("Activity types"), "activities.manage"),
    ("meetings.index", _l("Meetings"), "meetings.view"),
    ("mentor_meetings.index", _l("Meetings with mentors"), "mentor_meetings.view"),
    ("training.index", _l("Training"), "training.view"),
    ("risks.index", _l("Risk register"), "risks.view"),
    ("reports.index", _l("Reports"), "reports.view"),
    ("interim.index", _l("Interim reports"), "interim.view"),
    ("periods.index", _l("Periods"), "periods.view"),
    ("roster.index", _l("Roster"), "roster.view"),
    ("notices.index", _l("Notices"), "notices.view"),
    ("finance.index", _l("Finance"), "finance.view"),
    ("addenda.index", _l("Addenda"), "addenda.view"),
    ("compliance.index", _l("Compliance"), "compliance.view"),
    ("admin.users", _l("Users"), "users.manage"),
    ("admin.audit", _l("Audit log"), "audit.view"),
    ("auth.account", _l("Your account"), "account.manage_own"),
]


def register_navigation(app: Flask) -> None:
    @app.context_processor
    def _navigation():
        def nav_items():
            return [
                (endpoint, label)
                for endpoint, label, permission in NAV_ITEMS
                if has_permission(current_user, permission)
            ]

        return {
            "nav_items": nav_items,
            "can": lambda permission: has_permission(current_user, permission),
            "role_label": lambda role: Role.LABELS.get(role, role),
            "org_name": organisation_name,
            "is_demo": lambda: get_setting("demo") == "1",
        }
