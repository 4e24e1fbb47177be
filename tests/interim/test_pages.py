"""The interim report's pages: writing a part with the period's records beside it, the problems
and solutions, the report on screen, reporting the period with the copy sent kept, and what the
auditor reads."""

import hashlib
from datetime import timedelta

import pytest

from app.calendar import months_between
from app.interim.models import NarrativeVersion, SentReport
from app.meetings.models import Decision, Meeting, MeetingKind
from app.periods.models import Period
from app.permissions import Role
from app.timesheets import services as timesheet_services


@pytest.fixture
def period(interims) -> Period:
    return interims[0]


def part_url(period: Period, part: str = "VII") -> str:
    return f"/interim/{period.id}/parts/{part}"


def lock_months(period: Period, coordinator) -> None:
    for month in months_between(period.starts_on, period.ends_on):
        timesheet_services.lock_month(coordinator, month)


def test_the_coordinator_writes_a_part_and_the_report_shows_it_sanitised(client_as, period):
    client = client_as(Role.COORDINATOR)
    assert f"/interim/{period.id}" in client.get("/interim/").get_data(as_text=True)
    text = "Atbalsts bija **svarīgs**.\n\n- pirmais\n- otrais\n\n<script>alert(1)</script>"
    response = client.post(part_url(period), data={"text": text, "base": ""})
    assert response.status_code == 303
    page = client.get(f"/interim/{period.id}").get_data(as_text=True)
    assert "<strong>svarīgs</strong>" in page and "<li>pirmais</li>" in page
    assert "<script>alert(1)</script>" not in page
    history = client.get(part_url(period)).get_data(as_text=True)
    assert "Coordinator" in history and "Atbalsts bija **svarīgs**." in history


def test_a_save_after_someone_elses_is_refused_beside_the_text_and_keeps_it(client_as, period):
    lead, coordinator = client_as(Role.LEAD), client_as(Role.COORDINATOR)
    lead.post(part_url(period), data={"text": "Vadītājas teksts.", "base": ""})
    response = coordinator.post(part_url(period), data={"text": "Mans teksts.", "base": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = page.split('id="text-error"')[1].split("</p>")[0]
    assert "Leadsocialworker" in error
    assert "Mans teksts.</textarea>" in page
    assert NarrativeVersion.select().count() == 1


def test_a_text_too_long_is_refused_beside_it(client_as, period):
    response = client_as(Role.LEAD).post(part_url(period), data={"text": "x" * 60_001})
    assert response.status_code == 422
    assert 'id="text-error"' in response.get_data(as_text=True)
    assert NarrativeVersion.select().count() == 0


def test_an_unknown_part_or_period_is_not_found(client_as, period):
    client = client_as(Role.LEAD)
    assert client.get(part_url(period, "XV")).status_code == 404
    assert client.get("/interim/999999").status_code == 404
    month = Period.select().where(Period.kind == "month").first()
    assert client.get(f"/interim/{month.id}").status_code == 404


def decision_on(day, text: str, author) -> None:
    """A weekly meeting on `day` with one decision."""
    meeting = Meeting.create(
        kind=MeetingKind.WEEKLY, day=day, start_minute=600, end_minute=660, created_by=author.id
    )
    Decision.create(meeting=meeting.id, position=1, text=text)


def test_the_periods_decisions_are_offered_beside_the_text(client_as, period, users):
    lead = users[Role.LEAD]
    decision_on(period.starts_on + timedelta(days=3), "Rīkot valodas kafejnīcu reizi mēnesī.", lead)
    decision_on(period.ends_on + timedelta(days=3), "Lēmums pēc perioda.", lead)
    page = client_as(Role.LEAD).get(part_url(period)).get_data(as_text=True)
    assert 'data-insert="Rīkot valodas kafejnīcu reizi mēnesī."' in page
    assert "Lēmums pēc perioda." not in page


def test_problems_are_added_checked_beside_each_field_changed_and_deleted(client_as, period):
    client = client_as(Role.LEAD)
    url = f"/interim/{period.id}/challenges"
    empty = client.post(url, data={"area": "", "problem": "", "solution": ""})
    assert empty.status_code == 422
    page = empty.get_data(as_text=True)
    assert all(f'id="{name}-error"' in page for name in ("area", "problem", "solution"))
    values = {"area": "IZGLĪTĪBA", "problem": "Nav kursu.", "solution": "Kursi attālināti."}
    assert client.post(url, data=values).status_code == 303
    listed = client.get(url).get_data(as_text=True)
    assert "Nav kursu." in listed and "Kursi attālināti." in listed
    challenge_id = int(listed.split('id="challenge-')[1].split('"')[0])
    changed = {**values, "solution": "Valsts kursi."}
    assert client.post(f"{url}/{challenge_id}", data=changed).status_code == 303
    assert "Valsts kursi." in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/{challenge_id}/delete").status_code == 303
    assert "Nav kursu." not in client.get(url).get_data(as_text=True)


def test_reporting_is_refused_while_months_are_not_locked(client_as, period):
    response = client_as(Role.COORDINATOR).post(
        f"/interim/{period.id}/send", data={"reported_on": period.ends_on.isoformat()}
    )
    assert response.status_code == 422
    error = response.get_data(as_text=True).split('id="reported_on-error"')[1].split("</p>")[0]
    assert "not locked" in error or "nav slēgt" in error
    assert Period.get_by_id(period.id).reported_on is None


def test_the_copy_sent_stays_byte_identical_after_later_changes(client_as, period, users):
    coordinator = client_as(Role.COORDINATOR)
    coordinator.post(part_url(period, "XIV"), data={"text": "Secinājumi.", "base": ""})
    lock_months(period, users[Role.COORDINATOR])
    response = coordinator.post(
        f"/interim/{period.id}/send", data={"reported_on": period.ends_on.isoformat()}
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    sent = SentReport.get(SentReport.period == period.id)
    assert sent.filename.startswith("starpposma-zinojums-") and sent.filename.endswith(".docx")
    first = coordinator.get(f"/interim/{period.id}/report.docx?lang=lv")
    assert first.data == bytes(sent.document)
    assert (
        hashlib.sha256(first.data).hexdigest() == sent.sha256 == first.headers["X-Content-SHA256"]
    )
    # the text can no longer change, and other records changing later leave the copy as it was
    refused = coordinator.post(part_url(period, "XIV"), data={"text": "Vēlāk.", "base": ""})
    assert refused.status_code == 422
    coordinator.post(
        f"/periods/contracts/{period.contract_id}/edit",
        data={"funder": "Cits pasūtītājs", "purpose": "Cits mērķis."},
    )
    again = coordinator.get(f"/interim/{period.id}/report.docx?lang=lv")
    assert again.data == first.data
    page = coordinator.get(f"/interim/{period.id}").get_data(as_text=True)
    assert sent.sha256 in page


def test_the_auditor_reads_only_the_reports_sent(client_as, interims, users):
    sent, draft = interims[0], interims[1]
    lock_months(sent, users[Role.COORDINATOR])
    client_as(Role.COORDINATOR).post(
        f"/interim/{sent.id}/send", data={"reported_on": sent.ends_on.isoformat()}
    )
    auditor = client_as(Role.AUDITOR)
    listing = auditor.get("/interim/").get_data(as_text=True)
    assert f"/interim/{sent.id}" in listing and f"/interim/{draft.id}" not in listing
    assert auditor.get(f"/interim/{draft.id}").status_code == 404
    assert auditor.get(f"/interim/{draft.id}/report.docx").status_code == 404
    assert auditor.get(f"/interim/{sent.id}").status_code == 200
    copy = auditor.get(f"/interim/{sent.id}/report.docx?lang=lv")
    assert copy.status_code == 200
    assert copy.data == bytes(SentReport.get(SentReport.period == sent.id).document)
    assert auditor.get(part_url(sent)).status_code == 403


def test_an_interim_period_is_not_reported_from_the_periods_page(client_as, period):
    client = client_as(Role.COORDINATOR)
    response = client.post(f"/periods/{period.id}/report", data={"reported_on": "2030-01-01"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/interim/{period.id}")
    assert Period.get_by_id(period.id).reported_on is None


def test_a_mentor_cannot_open_the_interim_reports(client_as, period):
    client = client_as(Role.MENTOR)
    assert client.get("/interim/").status_code == 403
    assert client.get(f"/interim/{period.id}").status_code == 403
