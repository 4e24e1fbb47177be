"""A timesheet note that looks like a client's personal data is warned about beside the field,
kept as typed and saved only once the mentor confirms; the confirmation is audited, never the
text."""

import pytest

from app.audit import AuditEvent
from app.permissions import Role
from app.timesheets.models import Entry
from tests.timesheets.conftest import entry_data


@pytest.fixture
def mentor(client_as, world):
    client = client_as(Role.MENTOR)
    client.get("/timesheets/entries/new")
    return client


def test_a_note_with_a_name_is_warned_about_kept_and_not_saved(english, mentor, world, monday):
    note = "Met Ahmed Hassan at the centre, phone +371 2612 3456."
    data = entry_data(monday, activity=world["activity"], note=note)
    response = mentor.post("/timesheets/entries", data=data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="note-warning"' in page and "a name (Ahmed Hassan)" in page
    assert "a phone number (+371 2612 3456)" in page
    assert note in page  # what was typed is kept
    assert 'aria-describedby="note-hint note-warning"' in page
    assert not Entry.select().exists()
    assert not AuditEvent.select().where(AuditEvent.action == "personal_data.confirmed").exists()


def test_a_confirmed_note_is_saved_and_the_confirmation_audited_without_the_text(
    english, mentor, users, world, monday
):
    note = "Meeting with Ahmed Hassan's lawyer (L-0042)."
    data = entry_data(monday, activity=world["activity"], note=note, **{"note-not-personal": "y"})
    assert mentor.post("/timesheets/entries", data=data).status_code == 303
    entry = Entry.get()
    assert entry.note == note
    event = AuditEvent.get(AuditEvent.action == "personal_data.confirmed")
    assert (event.actor_id, event.object_type, event.object_id) == (
        users[Role.MENTOR].id,
        "entry",
        entry.id,
    )
    assert event.changes == "note" and "Ahmed" not in (event.detail or "")
    assert '"kinds": "name"' in event.detail


def test_a_note_without_personal_data_saves_at_once(mentor, world, monday):
    data = entry_data(monday, activity=world["activity"], note="Pavadīju L-0042 uz NVA.")
    assert mentor.post("/timesheets/entries", data=data).status_code == 303
    assert not AuditEvent.select().where(AuditEvent.action == "personal_data.confirmed").exists()
