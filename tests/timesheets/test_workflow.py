"""The weekly workflow: submit, approve, return, reopen, justify, lock; and who may do each."""

from datetime import timedelta

import pytest
from playhouse.test_utils import count_queries

from app.audit import AuditEvent
from app.permissions import Role
from app.timesheets.models import Entry, MonthLock, Notice, Week, WeekEvent
from tests.conftest import create_user
from tests.timesheets.conftest import entry_data, week_path

HX = {"HX-Request": "true"}


@pytest.fixture
def filed(client_as, users, world, monday):
    """The mentor filed one entry for the week and submitted it."""
    mentor = client_as(Role.MENTOR)
    mentor.get("/timesheets/")
    mentor.post("/timesheets/entries", data=entry_data(monday, activity=world["activity"]))
    mentor.post(week_path(users[Role.MENTOR].id, monday, "/submit"))
    return mentor


def status(users, monday):
    return Week.get(Week.mentor == users[Role.MENTOR].id, Week.week_start == monday).status


def test_return_fix_resubmit_approve(filed, client_as, users, world, monday):
    path = week_path(users[Role.MENTOR].id, monday)
    assert status(users, monday) == "submitted"
    worker = client_as(Role.SOCIAL_WORKER)
    worker.get(path)
    empty = worker.post(path + "/return", data={"comment": "  "})
    assert empty.status_code == 303 and status(users, monday) == "submitted"
    worker.post(path + "/return", data={"comment": "Lūdzu, norādiet lietu L-0001."})
    assert status(users, monday) == "returned"

    page = filed.get(path).get_data(as_text=True)
    assert "Lūdzu, norādiet lietu L-0001." in page
    entry = Entry.get()
    filed.post(
        f"/timesheets/entries/{entry.id}",
        data=entry_data(
            monday, activity=world["activity"], cases=["L-0001"], version=str(entry.version)
        ),
    )
    filed.post(path + "/submit")
    assert status(users, monday) == "submitted"
    worker.post(path + "/approve")
    assert status(users, monday) == "approved"

    actions = [e.action for e in WeekEvent.select().order_by(WeekEvent.id)]
    audited = {e.action for e in AuditEvent.select()}
    assert actions == ["submit", "return", "submit", "approve"]
    assert {"week.submit", "week.return", "week.approve", "entry.update"} <= audited
    history = filed.get(path).get_data(as_text=True)
    assert 'id="history-title"' in history


def test_approved_week_is_read_only_until_the_lead_reopens(filed, client_as, users, world, monday):
    path = week_path(users[Role.MENTOR].id, monday)
    client_as(Role.SOCIAL_WORKER).post(path + "/approve")
    entry = Entry.get()
    refused = filed.post(f"/timesheets/entries/{entry.id}/delete")
    assert refused.status_code == 303
    assert len(list(Entry.select())) == 1
    assert 'hx-target="#editor"' not in filed.get(path).get_data(as_text=True)

    worker = client_as(Role.SOCIAL_WORKER)
    assert worker.post(path + "/reopen", data={"comment": "x"}).status_code == 403
    lead = client_as(Role.LEAD)
    lead.post(path + "/reopen", data={"comment": ""})
    assert status(users, monday) == "approved"
    lead.post(path + "/reopen", data={"comment": "Kļūda stundās."})
    assert status(users, monday) == "returned"


def test_only_the_mentors_own_reviewer_or_the_lead_decides(filed, client_as, users, monday):
    create_user("otherworker", Role.SOCIAL_WORKER)
    path = week_path(users[Role.MENTOR].id, monday)
    other = users[Role.SOCIAL_WORKER].__class__.get(username="otherworker")
    client = client_as(Role.SOCIAL_WORKER).application.test_client()
    from tests.conftest import login

    login(client, other.username)
    client.get("/timesheets/team")
    assert client.get(path).status_code == 404
    assert client.post(path + "/approve").status_code == 404
    assert client_as(Role.COORDINATOR).post(path + "/approve").status_code == 403
    assert client_as(Role.MENTOR).post(path + "/approve").status_code == 403
    assert status(users, monday) == "submitted"
    client_as(Role.LEAD).post(path + "/approve")
    assert status(users, monday) == "approved"


def test_mentor_cannot_submit_someone_elses_week(client_as, users, world, monday):
    mentor = client_as(Role.MENTOR)
    response = mentor.post(week_path(world["other"].id, monday, "/submit"))
    assert response.status_code == 404
    assert not Week.select().exists()


def test_conflict_blocks_approval_until_fixed_or_justified(client_as, users, world, monday):
    mentor = client_as(Role.MENTOR)
    mentor.get("/timesheets/")
    mentor.post("/timesheets/entries", data=entry_data(monday, "09:00", "12:00", world["activity"]))
    mentor.post(
        "/timesheets/entries",
        data=entry_data(monday, "10:00", "11:00", world["activity"], paid_interpreting="y"),
    )
    path = week_path(users[Role.MENTOR].id, monday)
    page = mentor.get(path).get_data(as_text=True)
    assert "Double-funding conflict" in page
    mentor.post(path + "/submit")

    worker = client_as(Role.SOCIAL_WORKER)
    refused = worker.post(path + "/approve", headers=HX)
    assert refused.status_code == 422
    assert "double-funding" in refused.get_data(as_text=True)
    assert status(users, monday) == "submitted"

    lead = client_as(Role.LEAD)
    assert worker.post(path + "/justify", data={"comment": "x"}).status_code == 403
    lead.post(path + "/justify", data={"comment": "Tulkošana notika pusdienu pārtraukumā."})
    worker.post(path + "/approve")
    assert status(users, monday) == "approved"


def test_paid_interpreting_for_an_own_case_is_a_conflict(client_as, users, world, monday):
    mentor = client_as(Role.MENTOR)
    mentor.get("/timesheets/")
    mentor.post(
        "/timesheets/entries",
        data=entry_data(
            monday, activity=world["activity"], paid_interpreting="y", cases=["L-0001"]
        ),
    )
    assert "entry-conflict" in mentor.get(week_path(users[Role.MENTOR].id, monday)).get_data(
        as_text=True
    )


def test_month_lock_and_unlock(filed, client_as, users, world, monday):
    first = monday.replace(day=1)
    lock_path = f"/timesheets/months/{first.year}/{first.month}/lock"
    unlock_path = f"/timesheets/months/{first.year}/{first.month}/unlock"
    assert client_as(Role.MENTOR).post(lock_path).status_code == 403
    coordinator = client_as(Role.COORDINATOR)
    # the filed week is not approved yet: locking it anyway needs the reason
    assert coordinator.post(lock_path).status_code == 422
    assert not MonthLock.select().where(MonthLock.month == first).exists()
    coordinator.post(lock_path, data={"reason": "Pārskats nosūtīts; nedēļu apstiprinās vēlāk."})
    assert MonthLock.get(MonthLock.month == first).locked
    refused = filed.post(
        "/timesheets/entries", data=entry_data(monday + timedelta(1), activity=world["activity"])
    )
    assert refused.status_code == 422
    assert client_as(Role.COORDINATOR).post(unlock_path, data={"reason": "x"}).status_code == 403
    admin = client_as(Role.ADMIN)
    admin.post(unlock_path, data={"reason": ""})
    assert MonthLock.get(MonthLock.month == first).locked
    admin.post(unlock_path, data={"reason": "Labojums pēc pasūtītāja lūguma."})
    lock = MonthLock.get(MonthLock.month == first)
    assert not lock.locked and lock.unlock_reason.startswith("Labojums")
    assert "Labojums" in admin.get("/timesheets/months").get_data(as_text=True)


def test_team_page_and_one_click_approve(filed, client_as, users, world, monday):
    worker = client_as(Role.SOCIAL_WORKER)
    year, number, _ = monday.isocalendar()
    page = worker.get(f"/timesheets/team?week={year}-W{number:02d}").get_data(as_text=True)
    assert users[Role.MENTOR].display_name in page
    assert world["other"].display_name not in page  # supervised by the lead
    waiting = client_as(Role.LEAD).get("/timesheets/queue").get_data(as_text=True)
    assert week_path(users[Role.MENTOR].id, monday) in waiting
    response = worker.post(
        week_path(users[Role.MENTOR].id, monday, "/approve"), data={"back": "team"}, headers=HX
    )
    assert response.headers["HX-Redirect"].startswith("/timesheets/team")
    assert status(users, monday) == "approved"
    queue = client_as(Role.LEAD).get("/timesheets/queue").get_data(as_text=True)
    assert week_path(users[Role.MENTOR].id, monday) not in queue


def test_reminder_reaches_the_mentors_home_page_once(client_as, users, world, monday):
    lead = client_as(Role.LEAD)
    year, number, _ = monday.isocalendar()
    form = {
        "week": f"{year}-W{number:02d}",
        "mentor": [str(world["other"].id), str(users[Role.MENTOR].id)],
    }
    lead.post("/timesheets/team/remind", data=form)
    lead.post("/timesheets/team/remind", data=form)
    notices = list(Notice.select())
    assert sorted(n.user_id for n in notices) == sorted([world["other"].id, users[Role.MENTOR].id])
    mentor = client_as(Role.MENTOR)
    home = mentor.get("/").get_data(as_text=True)
    assert "reminds you to submit" in home
    mine = next(n for n in notices if n.user_id == users[Role.MENTOR].id)
    other = next(n for n in notices if n.user_id != users[Role.MENTOR].id)
    assert mentor.post(f"/timesheets/notices/{other.id}/dismiss").status_code == 404
    mentor.post(f"/timesheets/notices/{mine.id}/dismiss")
    assert "reminds you to submit" not in mentor.get("/").get_data(as_text=True)


def test_reminder_email_when_smtp_is_configured(app, client_as, users, world, monday, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            sent.append(("message", message["To"], message["Subject"]))

    monkeypatch.setattr("app.mail.smtplib.SMTP", FakeSMTP)
    app.config.update(SMTP_HOST="mail.invalid", SMTP_PORT=25)
    users[Role.MENTOR].__class__.update(email="m@example.invalid", language="en").where(
        users[Role.MENTOR].__class__.id == users[Role.MENTOR].id
    ).execute()
    year, number, _ = monday.isocalendar()
    client_as(Role.SOCIAL_WORKER).post(
        "/timesheets/team/remind",
        data={"week": f"{year}-W{number:02d}", "mentor": str(users[Role.MENTOR].id)},
    )
    assert ("connect", "mail.invalid", 25) in sent
    assert any(item[0] == "message" and item[1] == "m@example.invalid" for item in sent)


def queries_for(client, path) -> int:
    with count_queries() as counter:
        assert client.get(path, headers=HX).status_code == 200
    return counter.count


def test_week_view_team_and_queue_use_a_fixed_number_of_queries(client_as, users, world, monday):
    mentor, lead = client_as(Role.MENTOR), client_as(Role.LEAD)
    year, number, _ = monday.isocalendar()
    pages = [
        (mentor, week_path(users[Role.MENTOR].id, monday)),
        (lead, f"/timesheets/team?week={year}-W{number:02d}"),
        (lead, "/timesheets/queue"),
    ]
    mentor.post("/timesheets/entries", data=entry_data(monday, "07:00", "07:15", world["activity"]))
    before = [queries_for(client, path) for client, path in pages]
    for hour in range(8, 18):
        mentor.post(
            "/timesheets/entries",
            data=entry_data(
                monday, f"{hour:02d}:00", f"{hour:02d}:45", world["activity"], cases=["L-0001"]
            ),
        )
    mentor.post(week_path(users[Role.MENTOR].id, monday, "/submit"))
    for extra in range(10):
        create_user(f"extra{extra}", Role.MENTOR, supervisor=users[Role.LEAD])
    after = [queries_for(client, path) for client, path in pages]
    assert after == before
