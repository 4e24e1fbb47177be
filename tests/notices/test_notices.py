"""Notices to the funder: the deadline from the event's day, what is overdue on the coordinator's
home page, refusals beside their fields with nothing written and nothing typed lost, the audit,
and who sees which notices."""

from datetime import date, timedelta

import pytest

from app.audit import AuditEvent
from app.calendar import local_today
from app.notices.labels import State
from app.notices.models import FunderNotice, NoticeKind, deadline_of
from app.notices.queries import state_of
from app.permissions import Role

pytestmark = pytest.mark.usefixtures("english")

TODAY = local_today()


def shown(day: date) -> str:
    """A day as the English pages print it."""
    return day.strftime("%d %b %Y")


@pytest.fixture
def coordinator(client_as):
    return client_as(Role.COORDINATOR)


def post_notice(client, url="/notices/new", **overrides):
    data = {
        "kind": NoticeKind.FORCE_MAJEURE,
        "event_on": (TODAY - timedelta(days=2)).isoformat(),
        "subject": "Emergency declared: the reception centre closes to visitors",
        "details": "Mentors work remotely from tomorrow.",
        "sent_on": (TODAY - timedelta(days=1)).isoformat(),
        "sent_how": "e-mail to the contract's contact person",
        **overrides,
    }
    return client.post(url, data=data)


def test_force_majeure_is_due_within_three_days_and_other_kinds_by_their_own_rule():
    event = date(2020, 3, 13)
    assert deadline_of(NoticeKind.FORCE_MAJEURE, event) == date(2020, 3, 16)
    assert deadline_of(NoticeKind.STAFF_CHANGE, event) == date(2020, 3, 18)
    assert deadline_of(NoticeKind.SURGE, event) == date(2020, 3, 16)
    assert deadline_of(NoticeKind.OTHER, event) is None


@pytest.mark.parametrize(
    ("sent_on", "today", "state"),
    [
        (date(2020, 3, 16), date(2020, 4, 1), State.SENT),  # on the last day: in time
        (date(2020, 3, 17), date(2020, 4, 1), State.SENT_LATE),
        (None, date(2020, 3, 16), State.DUE),
        (None, date(2020, 3, 17), State.OVERDUE),
    ],
)
def test_a_notice_is_sent_in_time_late_due_or_overdue(sent_on, today, state):
    assert state_of(date(2020, 3, 16), sent_on, today) == state


def test_no_deadline_is_never_overdue():
    assert state_of(None, None, date(2030, 1, 1)) == State.DUE
    assert state_of(None, date(2020, 1, 1), date(2030, 1, 1)) == State.SENT


def test_the_coordinator_records_a_notice_sent_in_time(coordinator):
    response = post_notice(coordinator)
    assert response.status_code == 303
    notice = FunderNotice.get()
    assert (notice.kind, notice.sent_on) == (NoticeKind.FORCE_MAJEURE, TODAY - timedelta(days=1))
    assert AuditEvent.get(AuditEvent.action == "notice.create").object_id == notice.id
    page = coordinator.get("/notices/").get_data(as_text=True)
    assert "Emergency declared" in page and "Force majeure" in page
    assert shown(TODAY + timedelta(days=1)) in page  # the deadline
    assert "Sent late" not in page and "Sent" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"sent_on": (TODAY - timedelta(days=3)).isoformat()},
            "sent_on",
            "A notice cannot be sent before its event.",
        ),
        (
            {"event_on": (TODAY + timedelta(days=1)).isoformat(), "sent_on": "", "sent_how": ""},
            "event_on",
            "Record the notice once the event has happened.",
        ),
        ({"sent_how": ""}, "sent_how", "Say how the funder was told"),
        ({"sent_on": ""}, "sent_on", "Enter the day it was sent"),
        ({"kind": "gossip"}, "kind", "Not a valid choice."),
        ({"subject": ""}, "subject", "This field is required."),
        ({"event_on": "13.03.2020"}, "event_on", "Not a valid date value."),
        ({"event_on": "1066-10-14"}, "event_on", "Enter a date between"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_typed_is_lost(
    coordinator, overrides, field, message
):
    response = post_notice(coordinator, **overrides)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = page.split(f'id="{field}-error"')[1].split("</p>")[0]
    assert message in error
    if field != "subject":
        assert "Emergency declared: the reception centre closes to visitors" in page
    assert "Mentors work remotely from tomorrow." in page
    assert FunderNotice.select().count() == 0


def test_an_unsent_notice_past_its_deadline_is_overdue_on_the_coordinators_home_page(coordinator):
    post_notice(
        coordinator,
        event_on=(TODAY - timedelta(days=5)).isoformat(),
        sent_on="",
        sent_how="",
        subject="Crisis: visits stop",
    )
    post_notice(
        coordinator,
        kind=NoticeKind.STAFF_CHANGE,
        event_on=TODAY.isoformat(),
        sent_on="",
        sent_how="",
        subject="A mentor leaves",
    )
    post_notice(coordinator, subject="Already told")
    home = coordinator.get("/").get_data(as_text=True)
    block = home.split('id="notices-heading"')[1].split("</section>")[0]
    overdue_since = shown(TODAY - timedelta(days=2))
    assert f"overdue since {overdue_since}" in block
    assert "Crisis: visits stop" in block and "A mentor leaves" in block
    assert block.index("Crisis: visits stop") < block.index("A mentor leaves")
    assert "Already told" not in block
    assert f"by {shown(TODAY + timedelta(days=5))}" in block


def test_marking_a_notice_sent_is_audited_and_it_leaves_the_home_page(coordinator):
    post_notice(coordinator, sent_on="", sent_how="")
    notice = FunderNotice.get()
    assert "notices-heading" in coordinator.get("/").get_data(as_text=True)
    form = coordinator.get(f"/notices/{notice.id}/edit").get_data(as_text=True)
    assert "Emergency declared" in form
    response = post_notice(coordinator, url=f"/notices/{notice.id}/edit")
    assert response.status_code == 303
    assert FunderNotice.get().sent_on == TODAY - timedelta(days=1)
    event = AuditEvent.get(AuditEvent.action == "notice.update")
    assert event.changes == "sent_how,sent_on"
    assert "notices-heading" not in coordinator.get("/").get_data(as_text=True)
    # the same post again changes nothing and writes no event
    post_notice(coordinator, url=f"/notices/{notice.id}/edit")
    assert AuditEvent.select().where(AuditEvent.action == "notice.update").count() == 1


def test_editing_keeps_the_same_rules(coordinator):
    post_notice(coordinator, sent_on="", sent_how="")
    notice = FunderNotice.get()
    response = post_notice(
        coordinator,
        url=f"/notices/{notice.id}/edit",
        sent_on=(TODAY - timedelta(days=9)).isoformat(),
    )
    assert response.status_code == 422
    assert "A notice cannot be sent before its event." in response.get_data(as_text=True)
    assert FunderNotice.get().sent_on is None


def test_the_funder_reads_only_the_notices_sent_and_cannot_change_them(coordinator, client_as):
    post_notice(coordinator, subject="Told the funder")
    post_notice(coordinator, subject="Not yet told", sent_on="", sent_how="")
    auditor = client_as(Role.AUDITOR)
    page = auditor.get("/notices/").get_data(as_text=True)
    assert "Told the funder" in page and "Not yet told" not in page
    assert "/edit" not in page
    notice = FunderNotice.get(FunderNotice.subject == "Told the funder")
    assert auditor.get(f"/notices/{notice.id}/edit").status_code == 403


@pytest.mark.parametrize("role", [Role.MENTOR, Role.SOCIAL_WORKER])
def test_mentors_and_social_workers_do_not_see_the_log(client_as, role):
    assert client_as(role).get("/notices/").status_code == 403


def test_an_unknown_notice_is_a_404(coordinator):
    assert coordinator.get("/notices/999/edit").status_code == 404
    assert post_notice(coordinator, url="/notices/999/edit").status_code == 404
