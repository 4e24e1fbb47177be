"""The role-aware navigation: each feature adds its entries here with the permission they need."""

from typing import NamedTuple

from flask import Flask, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.models import get_setting, organisation_name
from app.permissions import Role, acting_user, has_permission

#: the menu's groups in order: (key, label, [(endpoint, label, permission), ...]). The first,
#: without a label, is the day's work, shown as plain links first (on a phone too); the others
#: open as one list each.
NAV_GROUPS = [
    (
        "work",
        None,
        [
            ("core.index", _l("Home"), "home.view"),
            ("timesheets.index", _l("Timesheets"), "timesheets.view"),
            ("timesheets_team.queue", _l("Approvals"), "timesheets.review"),
            ("roster.index", _l("Roster"), "roster.view"),
            ("compliance.index", _l("Compliance"), "compliance.view"),
        ],
    ),
    (
        "cases",
        _l("People and cases"),
        [
            ("cases.index", _l("Case files"), "cases.view"),
            ("cases.caseload", _l("Caseloads"), "cases.caseload"),
            ("complexity.index", _l("Case complexity"), "complexity.view"),
            ("evaluations.index", _l("Closing evaluations"), "evaluations.view"),
            ("mentor_meetings.index", _l("Meetings with mentors"), "mentor_meetings.view"),
        ],
    ),
    (
        "meetings",
        _l("Meetings and training"),
        [
            ("meetings.index", _l("Meetings"), "meetings.view"),
            ("training.index", _l("Training"), "training.view"),
        ],
    ),
    (
        "reports",
        _l("Register and reports"),
        [
            ("timesheets_list.index", _l("All entries"), "timesheets.team"),
            ("risks.index", _l("Risk register"), "risks.view"),
            ("reports.index", _l("Reports"), "reports.view"),
            ("interim.index", _l("Interim reports"), "interim.view"),
            ("periods.index", _l("Periods"), "periods.view"),
            ("notices.index", _l("Notices"), "notices.view"),
            ("finance.index", _l("Finance"), "finance.view"),
            ("addenda.index", _l("Addenda"), "addenda.view"),
        ],
    ),
    (
        "settings",
        _l("Settings"),
        [
            ("timesheets_settings.months", _l("Months"), "timesheets.months"),
            ("timesheets_activities.index", _l("Activity types"), "activities.manage"),
            ("evaluations_criteria.index", _l("Evaluation criteria"), "evaluations.criteria"),
            ("admin.users", _l("Users"), "users.manage"),
            ("admin.two_factor_requirement", _l("Second factor"), "users.manage"),
            ("admin.audit", _l("Audit log"), "audit.view"),
        ],
    ),
]


class NavLink(NamedTuple):
    endpoint: str
    label: str
    href: str
    current: bool


class NavGroup(NamedTuple):
    key: str
    label: str | None
    links: list[NavLink]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def is_current(endpoint: str, href: str) -> bool:
    """An entry is current on its page and (but Home) on the pages below its address."""
    return request.endpoint == endpoint or (
        endpoint != "core.index" and request.path.startswith(href)
    )


def menu_for(user) -> list[tuple[str, str | None, list[tuple[str, str, str]]]]:
    """The groups the user's role may open, as (key, label, [(endpoint, label, href), ...]) in the
    request's language (a group left empty is left out)."""
    menu = []
    for key, group_label, items in NAV_GROUPS:
        links = [
            (endpoint, str(label), url_for(endpoint))
            for endpoint, label, permission in items
            if has_permission(user, permission)
        ]
        if links:
            menu.append((key, group_label and str(group_label), links))
    return menu


def register_navigation(app: Flask) -> None:
    # a role's menu depends only on the role, the language and where the app is mounted: built
    # once each (two dozen address builds and translations a page otherwise)
    menus = {}

    @app.context_processor
    def _navigation():
        def nav_groups() -> list[NavGroup]:
            """The groups with the entries this person may open, each entry marked when it is
            the page shown or the page's section."""
            user = acting_user()
            if not user.is_authenticated:
                return []
            key = (user.role, str(get_locale()), request.script_root)
            if key not in menus:
                menus[key] = menu_for(user)
            return [
                NavGroup(
                    group_key,
                    label,
                    [NavLink(e, text, href, is_current(e, href)) for e, text, href in links],
                )
                for group_key, label, links in menus[key]
            ]

        def nav_items():
            return [(link.endpoint, link.label) for group in nav_groups() for link in group.links]

        return {
            "nav_groups": nav_groups,
            "nav_items": nav_items,
            "can": lambda permission: has_permission(current_user, permission),
            "role_label": lambda role: Role.LABELS.get(role, role),
            "org_name": organisation_name,
            "is_demo": lambda: get_setting("demo") == "1",
        }
