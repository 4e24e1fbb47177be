"""The pages show exactly the buttons allowed_actions allows, for every role, and the services
allow exactly those."""

import re

import pytest

from app.calendar import local_today, month_start, next_month, previous_month, week_param
from app.permissions import Role
from app.refusals import Refused
from app.timesheets import services
from app.timesheets.models import MonthLock, Notice
from tests.timesheets.conftest import file_week, lock_week, week_path

#: who opens the week page (admins and the funder have no timesheet pages)
WEEK_ROLES = (Role.MENTOR, Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR)
NONE = dict.fromkeys(WEEK_ROLES, set())
MENTOR_FILES = {Role.MENTOR: {"submit", "edit", "copy"}}

#: (status or None for nothing filed, a conflict, month locked) -> the buttons each role sees
SITUATIONS = {
    "nothing filed": ((None, False, False), {**NONE, **MENTOR_FILES}),
    "draft with a conflict": (
        ("draft", True, False),
        {**NONE, **MENTOR_FILES, Role.LEAD: {"justify"}},
    ),
    "submitted with a conflict": (
        ("submitted", True, False),
        {
            **NONE,
            Role.MENTOR: {"withdraw"},
            Role.SOCIAL_WORKER: {"approve", "return"},
            Role.LEAD: {"approve", "return", "justify"},
        },
    ),
    "returned": (("returned", False, False), {**NONE, **MENTOR_FILES}),
    "approved": (("approved", False, False), {**NONE, Role.LEAD: {"reopen"}}),
    "submitted in a locked month": (("submitted", True, True), NONE),
}
#: the week page's own buttons (a reminder is sent from the team page)
WEEK_PAGE_ACTIONS = services.TRANSITIONS | {"edit", "copy"}
TEAM_PAGE_ACTIONS = {"approve", "return", "remind"}


@pytest.fixture(params=list(SITUATIONS))
def situation(request, users, world, monday):
    (status, conflict, locked), expected = SITUATIONS[request.param]
    if status is not None:
        file_week(users, world, monday, status, conflict)
    if locked:
        lock_week(monday, users[Role.COORDINATOR])
    return expected


def allowed(users, role, monday) -> set[str]:
    mentor = users[Role.MENTOR]
    state = services.week_state(mentor.id, monday)
    return set(services.allowed_actions(state, users[role], local_today()).actions)


def week_page_buttons(page: str, path: str) -> set[str]:
    shown = {action for action in services.TRANSITIONS if f'action="{path}/{action}"' in page}
    if "/timesheets/entries/new?day=" in page:
        shown.add("edit")
    if f"{path}/copy-last" in page:
        shown.add("copy")
    return shown


def team_row_buttons(page: str, mentor_id: int) -> set[str]:
    row = re.search(rf'<tr id="mentor-{mentor_id}">.*?</tr>', page, re.S).group(0)
    shown = {action for action in ("approve", "return") if f'/{action}" hx-post' in row}
    if f'name="mentor" value="{mentor_id}"' in row:
        shown.add("remind")
    return shown


def test_the_week_page_shows_what_allowed_actions_allows(client_as, users, monday, situation):
    path = week_path(users[Role.MENTOR].id, monday)
    for role in WEEK_ROLES:
        page = client_as(role).get(path).get_data(as_text=True)
        expected = allowed(users, role, monday) & WEEK_PAGE_ACTIONS
        assert week_page_buttons(page, path) == expected == situation[role], role


def test_the_team_page_shows_what_allowed_actions_allows(client_as, users, monday, situation):
    team = f"/timesheets/team?week={week_param(monday)}"
    for role in (Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR):
        page = client_as(role).get(team).get_data(as_text=True)
        expected = allowed(users, role, monday) & TEAM_PAGE_ACTIONS
        assert team_row_buttons(page, users[Role.MENTOR].id) == expected, role


def test_the_services_allow_exactly_what_allowed_actions_allows(users, monday, situation):
    mentor = users[Role.MENTOR]
    for role in WEEK_ROLES:
        permitted = allowed(users, role, monday)
        state = services.week_state(mentor.id, monday)
        for action in services.TRANSITIONS | {"edit", "copy"}:
            if action in permitted:
                services.require_week_action(action, state, users[role], local_today())
            else:
                with pytest.raises(Refused):
                    services.require_week_action(action, state, users[role], local_today())


def test_reminders_go_only_to_mentors_who_may_still_submit(users, world, monday):
    file_week(users, world, monday, "submitted")
    reminded = services.remind(users[Role.SOCIAL_WORKER], [users[Role.MENTOR].id], monday)
    assert reminded == [] and not Notice.select().exists()


def months_page_buttons(page: str, first) -> set[str]:
    """The unlock form and the lock link (to its confirmation page) of the month."""
    base = f"/timesheets/months/{first.year}/{first.month}/"
    found = {"unlock"} if f'action="{base}unlock"' in page else set()
    return found | ({"lock"} if f'href="{base}lock"' in page else set())


#: this month (locked) and last month (open): the buttons each role sees on the months page
MONTH_BUTTONS = {
    Role.COORDINATOR: (set(), {"lock"}),
    Role.ADMIN: ({"unlock"}, set()),
    Role.LEAD: (set(), set()),
}


@pytest.mark.parametrize("role", list(MONTH_BUTTONS))
def test_the_months_page_shows_what_month_allowed_actions_allows(client_as, users, role):
    today = local_today()
    this_month, last_month = month_start(today), previous_month(today)
    MonthLock.create(month=this_month, locked_by=users[Role.COORDINATOR].id)
    page = client_as(role).get("/timesheets/months").get_data(as_text=True)
    for first, expected in zip((this_month, last_month), MONTH_BUTTONS[role], strict=True):
        assert services.month_allowed_actions(first, users[role], today) == expected
        assert months_page_buttons(page, first) == expected, (role, first)


def test_lock_and_unlock_refuse_what_month_allowed_actions_does_not_allow(users):
    first = previous_month(local_today())
    with pytest.raises(Refused) as refused:
        services.lock_month(users[Role.ADMIN], first)
    assert refused.value.status == 403
    with pytest.raises(Refused, match="not locked"):
        services.unlock_month(users[Role.ADMIN], first, "Labojums.")
    services.lock_month(users[Role.COORDINATOR], first)
    with pytest.raises(Refused, match="already locked"):
        services.lock_month(users[Role.COORDINATOR], first)
    with pytest.raises(Refused) as refused:
        services.unlock_month(users[Role.COORDINATOR], first, "Labojums.")
    assert refused.value.status == 403
    services.unlock_month(users[Role.ADMIN], first, "Labojums.")
    assert not MonthLock.get(MonthLock.month == first).locked
    with pytest.raises(Refused, match="once it has started"):
        services.lock_month(users[Role.COORDINATOR], next_month(local_today()))
