"""The activity-type list (the lead's): add, refuse a name it has, retire and offer again."""

import re

import pytest

from app.audit import AuditEvent
from app.permissions import Role
from app.timesheets.models import ActivityType, Entry
from tests.timesheets.conftest import entry_data

PAGE = "/timesheets/activities"
NAMES = {"name_lv": "Pavadīšana uz tiesu", "name_en": "Escort to court", "sort_order": "3"}


def test_the_lead_adds_a_type_and_mentors_are_offered_it(client_as, world, monday):
    lead = client_as(Role.LEAD)
    assert lead.get(PAGE).status_code == 200
    added = lead.post(PAGE, data=NAMES)
    assert added.status_code == 303 and added.headers["Location"] == PAGE
    page = lead.get(PAGE).get_data(as_text=True)
    assert "The activity type is added." in page and "Escort to court" in page
    escort = ActivityType.get(ActivityType.name_en == "Escort to court")
    assert escort.sort_order == 3 and escort.active
    assert AuditEvent.get(AuditEvent.object_id == escort.id).action == "activity.create"
    assert "Escort to court" in client_as(Role.MENTOR).get("/timesheets/entries/new").text


def test_a_blank_or_taken_name_is_refused_beside_its_field(client_as, world):
    lead = client_as(Role.LEAD)
    count = ActivityType.select().count()
    taken = ActivityType.select().first().name_en
    blank = lead.post(PAGE, data={**NAMES, "name_lv": " "})
    assert blank.status_code == 422
    again = lead.post(PAGE, data={**NAMES, "name_en": taken.upper()})
    assert again.status_code == 422
    text = again.get_data(as_text=True)
    assert 'id="name_en-error">The list already has an item with this name.' in text
    assert 'value="Pavadīšana uz tiesu"' in text  # the input is kept
    assert ActivityType.select().count() == count


def test_a_retired_type_stays_on_its_entries_and_can_be_offered_again(
    client_as, users, world, monday
):
    activity = world["activity"]
    option = re.compile(f'<option[^>]* value="{activity.id}"')
    mentor = client_as(Role.MENTOR)
    mentor.get("/timesheets/entries/new")
    filed = mentor.post("/timesheets/entries", data=entry_data(monday, activity=activity))
    assert filed.status_code == 303
    lead = client_as(Role.LEAD)
    retired = lead.post(f"{PAGE}/{activity.id}/retire")
    assert retired.status_code == 303 and retired.headers["Location"] == PAGE
    assert not ActivityType.get_by_id(activity.id).active
    entry = Entry.get(Entry.mentor == users[Role.MENTOR].id)
    assert not option.search(mentor.get("/timesheets/entries/new").text)
    # the entry keeps its type, and its form still offers it
    assert option.search(mentor.get(f"/timesheets/entries/{entry.id}/edit").text)
    assert "Offer again" in lead.get(PAGE).get_data(as_text=True)
    assert lead.post(f"{PAGE}/{activity.id}/restore").status_code == 303
    assert ActivityType.get_by_id(activity.id).active
    assert option.search(mentor.get("/timesheets/entries/new").text)
    assert lead.post(f"{PAGE}/99999/retire").status_code == 404


@pytest.mark.parametrize("role", [Role.MENTOR, Role.SOCIAL_WORKER, Role.COORDINATOR])
def test_only_the_lead_may_change_the_list(client_as, world, role):
    client = client_as(role)
    activity_id = ActivityType.select().first().id
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, data=NAMES).status_code == 403
    assert client.post(f"{PAGE}/{activity_id}/retire").status_code == 403
    assert client.post(f"{PAGE}/{activity_id}/restore").status_code == 403
    assert ActivityType.get_by_id(activity_id).active
