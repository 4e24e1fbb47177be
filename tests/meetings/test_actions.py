"""Decisions and action items: carried forward to the next meeting, on the owner's list."""

from datetime import timedelta

from app.meetings import queries
from app.meetings.models import ActionItem, ActionStatus, Decision
from app.permissions import Role
from tests.factories import make_meeting


def test_decision_with_an_action_item_is_carried_forward(client_as, english, meeting):
    mentor = english[Role.MENTOR]
    client = client_as(Role.COORDINATOR)
    response = client.post(
        f"/meetings/{meeting.id}/decisions",
        data={
            "text": "Weekly schedule changes",
            "action_text": "Send the new schedule",
            "owner": str(mentor.id),
            "due_on": (meeting.day + timedelta(days=3)).isoformat(),
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Weekly schedule changes" in body and 'hx-swap-oob="innerHTML"' in body
    item = ActionItem.get()
    assert item.decision_id == Decision.get().id and item.owner_id == mentor.id
    following = make_meeting(english, meeting.day + timedelta(days=7))
    page = client.get(f"/meetings/{following.id}").get_data(as_text=True)
    assert "Open from earlier meetings" in page and "Send the new schedule" in page
    mine = queries.open_action_items_for(mentor)
    assert [row["text"] for row in mine] == ["Send the new schedule"]
    assert queries.open_action_items_for(english[Role.LEAD]) == []


def test_an_action_item_needs_an_owner(client_as, meeting):
    client = client_as(Role.COORDINATOR)
    response = client.post(
        f"/meetings/{meeting.id}/decisions",
        data={"text": "Decided", "action_text": "Do it", "owner": "0"},
    )
    assert response.status_code == 422
    assert "Choose a person from the list." in response.get_data(as_text=True)
    missing = client.post(f"/meetings/{meeting.id}/actions", data={"text": "", "owner": "0"})
    assert missing.status_code == 422


def test_owner_marks_done_others_cannot(client_as, english, meeting):
    mentor = english[Role.MENTOR]
    client_as(Role.COORDINATOR).post(
        f"/meetings/{meeting.id}/actions", data={"text": "Call back", "owner": str(mentor.id)}
    )
    item = ActionItem.get()
    other = ActionItem.create(meeting=meeting.id, text="Lead's", owner=english[Role.LEAD])
    owner = client_as(Role.MENTOR)
    response = owner.post(f"/meetings/actions/{item.id}/status", data={"status": "done"})
    assert response.status_code == 303
    item = ActionItem.get_by_id(item.id)
    assert item.status == ActionStatus.DONE and item.closed_at is not None
    assert queries.open_action_items_for(mentor) == []
    assert (
        owner.post(f"/meetings/actions/{other.id}/status", data={"status": "done"}).status_code
        == 403
    )
    home = owner.post(
        f"/meetings/actions/{item.id}/status", data={"status": "open", "back": "home"}
    )
    assert home.status_code == 303 and home.headers["Location"] == "/"
    bad = owner.post(f"/meetings/actions/{item.id}/status", data={"status": "maybe"})
    assert bad.status_code == 303
    assert ActionItem.get_by_id(item.id).status == ActionStatus.OPEN


def test_editor_updates_status_after_finalize(client_as, english, meeting):
    item = ActionItem.create(meeting=meeting.id, text="x", owner=english[Role.MENTOR])
    client = client_as(Role.COORDINATOR)
    client.post(
        f"/meetings/{meeting.id}/attendance",
        data={"attended": [str(english[Role.MENTOR].id), str(english[Role.SOCIAL_WORKER].id)]},
    )
    assert client.post(f"/meetings/{meeting.id}/finalize").status_code == 303
    response = client.post(
        f"/meetings/actions/{item.id}/status",
        data={"status": "dropped", "meeting": str(meeting.id)},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert ActionItem.get_by_id(item.id).status == ActionStatus.DROPPED


def test_auditor_cannot_reach_items_of_unsubmitted_months(client_as, english, meeting):
    item = ActionItem.create(meeting=meeting.id, text="x", owner=english[Role.MENTOR])
    auditor = client_as(Role.AUDITOR)
    assert (
        auditor.post(f"/meetings/actions/{item.id}/status", data={"status": "done"}).status_code
        == 404
    )
