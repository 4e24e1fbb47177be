"""What may be done with a meeting and a month now: one answer (allowed_actions, month_actions)
that the pages show as controls and every transition enforces."""

import io
from dataclasses import fields
from datetime import timedelta

import pytest
from flask import url_for

from app.calendar import local_today
from app.meetings import services
from app.meetings.models import ActionItem, ActionStatus, Meeting, MeetingKind, MeetingStatus
from app.permissions import PERMISSIONS, Role
from app.refusals import Refused
from tests.factories import make_meeting
from tests.meetings.conftest import meeting_data, submit_month
from tests.uploads.test_uploads import make_pdf

#: the form (or link) of each action on the meeting page
ACTION_ENDPOINTS = {
    "edit": "meetings.edit",
    "mark_attendance": "meetings_minutes.attendance",
    "write_minutes": "meetings_minutes.update",
    "upload": "meetings_minutes.upload",
    "add_decision": "meetings_items.add_decision",
    "add_action": "meetings_items.add_action",
    "finalize": "meetings_minutes.finalize",
    "reopen": "meetings_minutes.reopen",
}
VIEWERS = sorted(PERMISSIONS["meetings.view"])


def allowed(actions) -> set[str]:
    """The names of the actions allowed (`locked` is the reason, not an action)."""
    return {f.name for f in fields(actions) if getattr(actions, f.name) is True}


def finalize(users, meeting: Meeting) -> Meeting:
    coordinator = users[Role.COORDINATOR]
    services.mark_attendance(coordinator, meeting, set())
    return services.finalize(coordinator, meeting)


def test_every_action_has_a_control_on_the_page():
    names = {f.name for f in fields(services.MeetingActions) if f.type is bool}
    assert names == set(ACTION_ENDPOINTS)


# --- a submitted month refuses every change to its meetings -------------------------------------


def _item_owner(users):
    return users[Role.MENTOR].id


TRANSITIONS = {
    "edit": lambda users, meeting: services.update_meeting(
        users[Role.COORDINATOR],
        meeting,
        services.MeetingInput(
            kind=meeting.kind,
            day=local_today() + timedelta(days=40),  # into an open month: the lock still holds
            start_minute=600,
            end_minute=660,
        ),
        meeting.version,
    ),
    "mark_attendance": lambda users, meeting: services.mark_attendance(
        users[Role.COORDINATOR], meeting, set()
    ),
    "write_minutes": lambda users, meeting: services.save_minutes(
        users[Role.COORDINATOR], meeting, "Late words", meeting.version
    ),
    "upload": lambda users, meeting: services.add_file(
        users[Role.COORDINATOR], meeting, io.BytesIO(make_pdf()), "late.pdf"
    ),
    "add_decision": lambda users, meeting: services.add_decision(
        users[Role.COORDINATOR], meeting, "Late decision"
    ),
    "add_action": lambda users, meeting: services.add_action(
        users[Role.COORDINATOR], meeting, "Late item", _item_owner(users), None
    ),
    "finalize": lambda users, meeting: services.finalize(users[Role.COORDINATOR], meeting),
}


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_a_submitted_month_refuses_each_change_of_draft_minutes(english, meeting, action):
    submit_month(english, meeting.day)
    assert not getattr(services.allowed_actions(meeting, english[Role.COORDINATOR]), action)
    with pytest.raises(Refused) as refused:
        TRANSITIONS[action](english, meeting)
    assert refused.value.message == services.SUBMITTED
    assert Meeting.get_by_id(meeting.id).version == meeting.version


def test_a_submitted_month_refuses_reopening_final_minutes(english, meeting):
    meeting = finalize(english, meeting)
    submit_month(english, meeting.day)
    assert not services.allowed_actions(meeting, english[Role.COORDINATOR]).reopen
    with pytest.raises(Refused) as refused:
        services.reopen(english[Role.COORDINATOR], meeting, "A late correction")
    assert refused.value.message == services.SUBMITTED
    assert Meeting.get_by_id(meeting.id).status == MeetingStatus.FINAL


def test_a_submitted_month_refuses_a_new_meeting_on_its_days(english, meeting):
    submit_month(english, meeting.day)
    with pytest.raises(Refused) as refused:
        make_meeting(english, meeting.day, MeetingKind.OTHER)
    assert refused.value.errors == {"day": [services.SUBMITTED]}


def test_a_submitted_month_refuses_a_second_submission(english, meeting):
    submit_month(english, meeting.day)
    first = meeting.day.replace(day=1)
    assert not services.month_actions(english[Role.COORDINATOR], submitted=True).submit
    with pytest.raises(Refused) as refused:
        services.submit_month(english[Role.COORDINATOR], first, local_today(), "")
    assert refused.value.errors == {"submitted_on": [services.ALREADY_SUBMITTED]}


def test_action_items_are_followed_up_in_a_submitted_month(english, meeting):
    """Following up an item is not a change to the minutes: the lock leaves it alone."""
    item = services.add_action(
        english[Role.COORDINATOR], meeting, "Call the office", _item_owner(english), None
    )
    submit_month(english, meeting.day)
    assert services.may_set_status(english[Role.MENTOR], item.owner_id)
    services.set_action_status(english[Role.MENTOR], item, ActionStatus.DONE)
    assert ActionItem.get_by_id(item.id).status == ActionStatus.DONE
    with pytest.raises(Refused) as refused:
        services.set_action_status(english[Role.SOCIAL_WORKER], item, ActionStatus.OPEN)
    assert refused.value.status == 403


#: each change's endpoint, and form data it accepts in an open month
CLIENT_POSTS = {
    "edit": ("meetings.edit", lambda meeting, owner: meeting_data(meeting.day, version="1")),
    "mark_attendance": ("meetings_minutes.attendance", lambda meeting, owner: {}),
    "write_minutes": (
        "meetings_minutes.update",
        lambda meeting, owner: {"minutes": "Late", "version": str(meeting.version)},
    ),
    "upload": (
        "meetings_minutes.upload",
        lambda meeting, owner: {"file": (io.BytesIO(make_pdf()), "late.pdf")},
    ),
    "add_decision": (
        "meetings_items.add_decision",
        lambda meeting, owner: {"text": "Late decision"},
    ),
    "add_action": (
        "meetings_items.add_action",
        lambda meeting, owner: {"text": "Late item", "owner": str(owner)},
    ),
    "finalize": ("meetings_minutes.finalize", lambda meeting, owner: {}),
}


@pytest.mark.parametrize("action", sorted(CLIENT_POSTS))
def test_a_submitted_month_refuses_each_change_through_the_page(
    app, client_as, english, meeting, action
):
    submit_month(english, meeting.day)
    endpoint, data = CLIENT_POSTS[action]
    with app.test_request_context():
        url = url_for(endpoint, meeting_id=meeting.id)
    client = client_as(Role.COORDINATOR)
    response = client.post(
        url,
        data=data(meeting, _item_owner(english)),
        content_type="multipart/form-data",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert str(services.SUBMITTED) in response.get_data(as_text=True)
    assert Meeting.get_by_id(meeting.id).version == meeting.version


def test_final_minutes_refuse_changes_until_reopened(english, meeting):
    meeting = finalize(english, meeting)
    coordinator = english[Role.COORDINATOR]
    assert allowed(services.allowed_actions(meeting, coordinator)) == {"reopen"}
    with pytest.raises(Refused) as refused:
        services.save_minutes(coordinator, meeting, "Later", meeting.version)
    assert refused.value.message == services.FINAL
    meeting = services.reopen(coordinator, meeting, "A name was misspelt")
    assert "reopen" not in allowed(services.allowed_actions(meeting, coordinator))
    with pytest.raises(Refused) as refused:
        services.reopen(coordinator, meeting, "Again")
    assert refused.value.message == services.NOT_FINAL


def test_a_role_that_may_not_edit_is_refused_by_the_service(english, meeting):
    with pytest.raises(Refused) as refused:
        services.save_minutes(english[Role.MENTOR], meeting, "Mine", meeting.version)
    assert refused.value.status == 403


# --- the page shows exactly the allowed controls ----------------------------------------------


STATES = ("draft", "final", "submitted draft", "submitted final")


def _meeting_in(users, state: str, day) -> Meeting:
    meeting = make_meeting(users, day)
    services.add_action(users[Role.COORDINATOR], meeting, "Follow up", _item_owner(users), None)
    if "final" in state:
        meeting = finalize(users, meeting)
    if "submitted" in state:
        submit_month(users, day)
    return meeting


@pytest.mark.parametrize("state", STATES)
def test_the_meeting_page_shows_the_allowed_controls_for_each_role(
    app, client_as, english, last_week, state
):
    meeting = _meeting_in(english, state, last_week)
    meeting = Meeting.get_by_id(meeting.id)
    item = ActionItem.get(ActionItem.meeting == meeting.id)
    with app.test_request_context():
        markers = {
            action: f'"{url_for(endpoint, meeting_id=meeting.id)}"'
            for action, endpoint in ACTION_ENDPOINTS.items()
        }
        status_marker = f'"{url_for("meetings_items.set_status", item_id=item.id)}"'
    for role in VIEWERS:
        response = client_as(role).get(f"/meetings/{meeting.id}")
        if role == Role.AUDITOR and "submitted" not in state:
            assert response.status_code == 404
            continue
        page = response.get_data(as_text=True)
        actions = services.allowed_actions(meeting, english[role])
        may_follow_up = services.may_set_status(english[role], item.owner_id)
        shown = {action for action, marker in markers.items() if marker in page}
        assert shown == allowed(actions), role
        assert (status_marker in page) == may_follow_up, role
        if actions.locked:
            assert str(actions.locked) in page


@pytest.mark.parametrize("submitted", [False, True])
def test_the_months_page_shows_the_allowed_controls_for_each_role(
    app, client_as, english, meeting, submitted
):
    if submitted:
        submit_month(english, meeting.day)
    key = f"{meeting.day:%Y-%m}"
    with app.test_request_context():
        submit_marker = f'"{url_for("meetings_archive.submit", month=key)}"'
        bundle_marker = f'"{url_for("meetings_archive.start_bundle", month=key)}"'
    for role in VIEWERS:
        page = client_as(role).get("/meetings/months").get_data(as_text=True)
        actions = services.month_actions(english[role], submitted)
        assert (submit_marker in page) == actions.submit, role
        assert (bundle_marker in page) == actions.bundle, role
        bundle = client_as(role).get(f"/meetings/{key}/bundle.zip")
        assert bundle.status_code == (200 if actions.bundle else 404), role
        bundle.close()
