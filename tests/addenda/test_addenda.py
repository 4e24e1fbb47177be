"""Extraordinary-situation addenda: switched on for months without overlaps, each month's
measures written and audited, refused once the month is locked; the addendum as a section of
the monthly report (remote share, who was on site by the roster, extraordinary meetings, the
measures) — per person for the coordinator, per role for the funder — and a checklist line."""

import io
from datetime import date, datetime

import pytest
from docx import Document

from app.addenda.models import Addendum, AddendumMonth
from app.audit import AuditEvent
from app.meetings.models import MeetingKind
from app.permissions import Role
from app.roster.models import RosterShift, RosterWeek
from app.timesheets.models import MonthLock
from tests.factories import add_entry, make_meeting, make_week

pytestmark = pytest.mark.usefixtures("english")

APRIL = date(2020, 4, 1)


@pytest.fixture
def coordinator(client_as):
    return client_as(Role.COORDINATOR)


def switch_on(client, title="COVID-19 emergency", first="2020-03", last="2020-05"):
    return client.post("/addenda/", data={"title": title, "first_month": first, "last_month": last})


@pytest.fixture
def april(users, coordinator):
    """The addendum March–May 2020 and an April of records: the mentor's 10 h, 7.5 of them
    remote (75 %); the roster's two days for the social worker (one confirmed) and one for the
    mentor; one extraordinary meeting on 14 April and a weekly one."""
    assert switch_on(coordinator).status_code == 303
    week = make_week(users[Role.MENTOR], date(2020, 4, 6))
    add_entry(week, date(2020, 4, 6), 540, 990, place="remote")  # 7.5 h
    add_entry(week, date(2020, 4, 7), 540, 690)  # 2.5 h at the centre
    roster = RosterWeek.create(week_start=date(2020, 4, 6))
    for day, person, confirmed in (
        (date(2020, 4, 7), users[Role.SOCIAL_WORKER], datetime(2020, 4, 7, 17)),
        (date(2020, 4, 8), users[Role.SOCIAL_WORKER], None),
        (date(2020, 4, 7), users[Role.MENTOR], None),
    ):
        RosterShift.create(
            week=roster,
            day=day,
            person=person,
            start_minute=540,
            end_minute=1050,
            duty=person.role == Role.MENTOR,
            confirmed_at=confirmed,
        )
    make_meeting(users, date(2020, 4, 14), kind=MeetingKind.EXTRAORDINARY)
    make_meeting(users, date(2020, 4, 15))
    return Addendum.get()


def test_an_addendum_covers_its_months_and_none_overlap(coordinator, april):
    assert (april.first_month, april.last_month) == (date(2020, 3, 1), date(2020, 5, 1))
    assert AuditEvent.get(AuditEvent.action == "addendum.create").object_id == april.id
    page = coordinator.get("/addenda/").get_data(as_text=True)
    assert page.count("measures not written") == 3
    refused = switch_on(coordinator, "Flood", "2020-05", "2020-06")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Another addendum covers some of these months already." in page
    assert 'value="Flood"' in page
    assert Addendum.select().count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"first_month": "2020-06", "last_month": "2020-05"}, "last_month", "before the first"),
        ({"first_month": "2020-01", "last_month": "2022-02"}, "last_month", "at most 24 months"),
        ({"first_month": "2020-13"}, "first_month", "Not a valid date value."),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_bad_months_are_refused_beside_the_field(coordinator, data, field, message):
    fields = {"title": "Emergency", "first_month": "2020-03", "last_month": "2020-05", **data}
    response = coordinator.post("/addenda/", data=fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).split(f'id="{field}-error"')[1][:200]
    assert Addendum.select().count() == 0


def test_the_month_page_shows_the_records_and_saves_the_measures(coordinator, april):
    url = f"/addenda/{april.id}/2020-04"
    page = coordinator.get(url).get_data(as_text=True)
    assert "Mentors worked 75 % of their hours remotely (7.5 h of 10 h)." in page
    assert "14 Apr 2020" in page and "15 Apr 2020" not in page
    measures = "Work went remote.\n\nThe centre let two staff in a day."
    assert coordinator.post(url + "/save", data={"measures": measures}).status_code == 303
    assert AddendumMonth.get().measures == measures
    assert AuditEvent.get(AuditEvent.action == "addendum.measures")
    page = coordinator.get(url).get_data(as_text=True)
    assert (
        "<p>Work went remote.</p>" in page and "<p>The centre let two staff in a day.</p>" in page
    )
    coordinator.post(url + "/save", data={"measures": measures})
    assert AuditEvent.select().where(AuditEvent.action == "addendum.measures").count() == 1


def test_a_locked_month_keeps_its_measures(coordinator, april, users):
    MonthLock.create(month=APRIL, locked_by=users[Role.COORDINATOR])
    response = coordinator.post(f"/addenda/{april.id}/2020-04/save", data={"measures": "Late"})
    assert response.status_code == 422
    assert "The month is locked" in response.get_data(as_text=True)
    assert AddendumMonth.select().count() == 0


def test_months_outside_the_addendum_and_unknown_addenda_are_404(coordinator, april):
    assert coordinator.get(f"/addenda/{april.id}/2020-06").status_code == 404
    assert coordinator.get("/addenda/999/2020-04").status_code == 404
    assert coordinator.get(f"/addenda/{april.id}/2020-99").status_code == 400
    assert (
        coordinator.post(f"/addenda/{april.id}/2020-06/save", data={"measures": "x"}).status_code
        == 404
    )


def test_the_monthly_report_carries_the_addendum_per_person_for_staff(coordinator, april, users):
    coordinator.post(f"/addenda/{april.id}/2020-04/save", data={"measures": "Work went remote."})
    body = coordinator.get("/reports/monthly.docx?month=2020-04&lang=en").data
    document = Document(io.BytesIO(body))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Addendum: COVID-19 emergency, April 2020" in text
    assert "Work went remote." in text
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    worker = users[Role.SOCIAL_WORKER].display_name
    assert [worker, "Social worker", "2", "1"] in rows
    assert [users[Role.MENTOR].display_name, "Social mentor", "1", "—"] in rows
    june = coordinator.get("/reports/monthly?month=2020-06").get_data(as_text=True)
    assert "Addendum:" not in june


def test_the_funder_reads_the_addendum_per_role(client_as, april, users):
    auditor = client_as(Role.AUDITOR)
    body = auditor.get("/reports/monthly.docx?month=2020-04&lang=en").data
    document = Document(io.BytesIO(body))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["Social worker", "2", "1"] in rows and ["Social mentor", "1", "—"] in rows
    names = {users[Role.SOCIAL_WORKER].display_name, users[Role.MENTOR].display_name}
    assert not names & {cell for row in rows for cell in row}
    assert auditor.get("/addenda/").status_code == 403


def test_the_checklist_asks_for_the_measures_of_a_covered_month(coordinator, april):
    page = coordinator.get("/compliance/checklist?month=2020-04").get_data(as_text=True)
    line = page.split('id="rule-addendum_written"')[1].split("</li>")[0]
    assert "COVID-19 emergency, April 2020: the measures are not written" in line
    coordinator.post(f"/addenda/{april.id}/2020-04/save", data={"measures": "Work went remote."})
    page = coordinator.get("/compliance/checklist?month=2020-04").get_data(as_text=True)
    line = page.split('id="rule-addendum_written"')[1].split("</li>")[0]
    assert "1 of 1 months of the addendum written." in line
    june = coordinator.get("/compliance/checklist?month=2020-06").get_data(as_text=True)
    assert "No addendum is switched on for these months." in june


@pytest.mark.parametrize("role", [Role.MENTOR, Role.SOCIAL_WORKER, Role.AUDITOR])
def test_only_the_coordinator_and_the_lead_switch_addenda_on(client_as, role):
    assert switch_on(client_as(role)).status_code == 403
    assert Addendum.select().count() == 0
