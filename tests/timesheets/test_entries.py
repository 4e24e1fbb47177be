"""Filing entries: every validation rule, beside its field, with nothing typed lost."""

from datetime import timedelta

import pytest

from app.accounts import User
from app.calendar import local_today, week_start_of
from app.permissions import Role
from app.timesheets.models import Entry, EntryCase, MonthLock, Week
from tests.timesheets.conftest import entry_data, week_path

HX = {"HX-Request": "true"}


@pytest.fixture
def mentor(client_as, world):
    client = client_as(Role.MENTOR)
    client.get("/timesheets/entries/new")
    return client


def entries():
    return list(Entry.select().order_by(Entry.day, Entry.start_minute))


def test_mentor_adds_an_entry_and_the_week_shows_it_with_totals(mentor, users, world, monday):
    response = mentor.post(
        "/timesheets/entries",
        data=entry_data(
            monday, "09:00", "11:30", world["activity"], cases=["L-0001"], note="Pavadīšana uz PMLP"
        ),
        headers=HX,
    )
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#editor"  # only the changed parts come back
    body = response.get_data(as_text=True)
    assert "09:00–11:30" in body and "L-0001" in body
    assert "2.5" in body
    (entry,) = entries()
    assert entry.minutes == 150 and entry.note == "Pavadīšana uz PMLP"
    assert Week.get_by_id(entry.week_id).week_start == monday


def test_without_htmx_saving_redirects_to_the_week(mentor, users, world, monday):
    response = mentor.post(
        "/timesheets/entries", data=entry_data(monday, activity=world["activity"])
    )
    assert response.status_code == 303
    assert response.headers["Location"] == week_path(users[Role.MENTOR].id, monday)


def test_the_entry_form_as_its_own_page_has_the_pages_heading(mentor):
    page = mentor.get("/timesheets/entries/new").get_data(as_text=True)
    assert page.count("<h1>") == 1 and "<h1>New entry</h1>" in page
    fragment = mentor.get("/timesheets/entries/new", headers={"HX-Request": "true"})
    assert "<h2>New entry</h2>" in fragment.get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"end": "08:00"}, "end", "after the start"),
        ({"start": "09:10"}, "start", "15-minute"),
        ({"start": "9 o'clock"}, "start", "HH:MM"),
        ({"end": "25:00"}, "end", "HH:MM"),
        ({"activity": "99999"}, "activity", ""),
        ({"cases": ["L-9999"]}, "cases", "L-9999"),
        ({"cases": ["L-0003"]}, "cases", "not open"),
        ({"note": "x" * 501}, "note", "500"),
        ({"day": "someday"}, "day", ""),
    ],
)
def test_invalid_entry_is_explained_beside_the_field_and_kept(
    mentor, world, monday, change, field, message
):
    data = entry_data(monday, activity=world["activity"], note="kept note")
    data.update(change)
    response = mentor.post("/timesheets/entries", data=data, headers=HX)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert f'id="{field}-error"' in body
    assert message in body
    assert "kept note" in body or field == "note"
    assert entries() == []


def test_no_overlap_with_own_entries_but_other_mentors_do_not_matter(
    app, mentor, users, world, monday
):
    mentor.post("/timesheets/entries", data=entry_data(monday, "09:00", "11:00", world["activity"]))
    overlapping = mentor.post(
        "/timesheets/entries", data=entry_data(monday, "10:00", "12:00", world["activity"])
    )
    assert overlapping.status_code == 422
    assert "overlaps" in overlapping.get_data(as_text=True)
    adjacent = mentor.post(
        "/timesheets/entries", data=entry_data(monday, "11:00", "12:00", world["activity"])
    )
    assert adjacent.status_code == 303
    assert len(entries()) == 2


def test_long_day_warns_and_more_than_24_hours_is_refused(mentor, world, monday):
    long_day = mentor.post(
        "/timesheets/entries",
        data=entry_data(monday, "00:00", "11:00", world["activity"]),
        headers=HX,
    )
    assert "More than 10 hours" in long_day.get_data(as_text=True)
    mentor.post("/timesheets/entries", data=entry_data(monday, "11:00", "24:00", world["activity"]))
    too_much = mentor.post(
        "/timesheets/entries",
        data=entry_data(monday, "10:00", "11:00", world["activity"], paid_interpreting="y"),
    )
    assert too_much.status_code == 422
    assert "24 hours" in too_much.get_data(as_text=True)


def test_dates_after_this_week_and_before_the_start_date_are_refused(mentor, users, world):
    next_monday = week_start_of(local_today()) + timedelta(days=7)
    response = mentor.post(
        "/timesheets/entries", data=entry_data(next_monday, activity=world["activity"])
    )
    assert response.status_code == 422
    assert "after the current week" in response.get_data(as_text=True)
    User.update(start_date=local_today()).where(User.id == users[Role.MENTOR].id).execute()
    earlier = local_today() - timedelta(days=1)
    response = mentor.post(
        "/timesheets/entries", data=entry_data(earlier, activity=world["activity"])
    )
    assert "before your start date" in response.get_data(as_text=True)


def test_locked_month_refuses_new_entries(mentor, users, world, monday):
    MonthLock.create(month=monday.replace(day=1), locked_by=users[Role.COORDINATOR])
    response = mentor.post(
        "/timesheets/entries", data=entry_data(monday, activity=world["activity"])
    )
    assert response.status_code == 422
    assert "locked" in response.get_data(as_text=True)
    assert entries() == []


def test_covering_a_colleagues_case_is_allowed_and_flagged(mentor, world, monday):
    mentor.post(
        "/timesheets/entries",
        data=entry_data(monday, activity=world["activity"], cases=["L-0002", "L-0001"]),
    )
    links = {link.case_file.code: link.covering for link in EntryCase.select()}
    assert links == {"L-0001": False, "L-0002": True}


def test_edit_checks_the_version_so_two_tabs_cannot_overwrite(mentor, world, monday):
    mentor.post("/timesheets/entries", data=entry_data(monday, activity=world["activity"]))
    (entry,) = entries()
    first_tab = entry_data(monday, "09:00", "10:30", world["activity"], version=str(entry.version))
    second_tab = entry_data(monday, "09:00", "12:00", world["activity"], version=str(entry.version))
    assert mentor.post(f"/timesheets/entries/{entry.id}", data=first_tab).status_code == 303
    stale = mentor.post(f"/timesheets/entries/{entry.id}", data=second_tab)
    assert stale.status_code == 422
    assert "changed meanwhile" in stale.get_data(as_text=True)
    (saved,) = entries()
    assert saved.end_minute == 10 * 60 + 30 and saved.version == entry.version + 1


def test_delete_and_duplicate(mentor, world, monday):
    mentor.post(
        "/timesheets/entries", data=entry_data(monday, activity=world["activity"], cases=["L-0001"])
    )
    (entry,) = entries()
    copy_form = mentor.get(f"/timesheets/entries/new?from={entry.id}", headers=HX)
    body = copy_form.get_data(as_text=True)
    assert 'value="09:00"' in body and "<html" not in body
    assert 'value="L-0001" checked' in body
    response = mentor.post(f"/timesheets/entries/{entry.id}/delete", headers=HX)
    assert response.status_code == 200
    assert entries() == []


def test_another_mentors_entry_is_404_and_untouched(client_as, users, world, monday):
    other = client_as(Role.MENTOR)
    other.post("/timesheets/entries", data=entry_data(monday, activity=world["activity"]))
    (entry,) = entries()
    Entry.update(mentor=world["other"].id).where(Entry.id == entry.id).execute()
    for method, path in (
        ("GET", f"/timesheets/entries/{entry.id}/edit"),
        ("GET", f"/timesheets/entries/new?from={entry.id}"),
        ("POST", f"/timesheets/entries/{entry.id}"),
        ("POST", f"/timesheets/entries/{entry.id}/delete"),
    ):
        for headers in ({}, HX):
            response = other.open(
                path,
                method=method,
                headers=headers,
                data=entry_data(monday, "13:00", "14:00", world["activity"]),
            )
            assert response.status_code == 404, (method, path)
    (unchanged,) = entries()
    assert unchanged.start_minute == 9 * 60
    assert other.get(week_path(world["other"].id, monday)).status_code == 404


def test_submitted_week_cannot_be_edited(mentor, users, world, monday):
    mentor.post("/timesheets/entries", data=entry_data(monday, activity=world["activity"]))
    mentor.post(week_path(users[Role.MENTOR].id, monday, "/submit"))
    (entry,) = entries()
    response = mentor.post(
        f"/timesheets/entries/{entry.id}",
        data=entry_data(monday, "09:00", "12:00", world["activity"], version=str(entry.version)),
    )
    assert response.status_code == 422
    assert "can no longer be changed" in response.get_data(as_text=True)
    assert entries()[0].end_minute == 600


def test_copy_last_week_fills_only_empty_days(mentor, users, world, monday):
    previous = monday - timedelta(days=7)
    for offset in (0, 1):
        mentor.post(
            "/timesheets/entries",
            data=entry_data(previous + timedelta(offset), activity=world["activity"]),
        )
    mentor.post("/timesheets/entries", data=entry_data(monday, "14:00", "15:00", world["activity"]))
    path = week_path(users[Role.MENTOR].id, monday, "/copy-last")
    preview = mentor.get(path, headers=HX).get_data(as_text=True)
    assert preview.count("<li>") == 1
    mentor.post(path)
    this_week = [e for e in entries() if e.day >= monday]
    assert sorted((e.day, e.start_minute) for e in this_week) == [
        (monday, 14 * 60),
        (monday + timedelta(1), 9 * 60),
    ]


def test_an_htmx_save_answers_with_the_days_it_changed_and_the_totals_only(mentor, world, monday):
    """Not the whole week again: the day or days the change touched, the week's total, status,
    conflicts and actions, each swapped into its place out of band."""
    tuesday, thursday = monday + timedelta(days=1), monday + timedelta(days=3)
    created = mentor.post(
        "/timesheets/entries", data=entry_data(tuesday, activity=world["activity"]), headers=HX
    )
    body = created.get_data(as_text=True)
    assert created.headers["HX-Reswap"] == "innerHTML"
    assert f'id="day-{tuesday.isoformat()}" hx-swap-oob="true"' in body
    assert f'id="day-{monday.isoformat()}"' not in body and 'id="week"' not in body
    for part in ("week-total", "week-status", "week-conflicts", "week-actions"):
        assert f'id="{part}" hx-swap-oob="true"' in body, part
    assert "Week total: 1 h" in body

    (entry,) = entries()
    moved = entry_data(thursday, "09:00", "11:00", world["activity"], version=str(entry.version))
    body = mentor.post(f"/timesheets/entries/{entry.id}", data=moved, headers=HX).get_data(
        as_text=True
    )
    assert f'id="day-{tuesday.isoformat()}"' in body and f'id="day-{thursday.isoformat()}"' in body
    assert "Week total: 2 h" in body

    deleted = mentor.post(f"/timesheets/entries/{entry.id}/delete", headers=HX)
    body = deleted.get_data(as_text=True)
    assert f'id="day-{thursday.isoformat()}"' in body and "Week total: 0 h" in body
