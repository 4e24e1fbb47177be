"""Creates safe to retry (app/idempotency.py): a form that creates posts a key; the same submit
again gets the first answer, never a second record or a refusal as an overlap with the first."""

import io
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

import pytest

from app import idempotency
from app.accounts import User
from app.calendar import week_start_of
from app.cases.models import CaseFile
from app.db import utcnow
from app.idempotency import REPLAY_HEADER, HandledRequest
from app.meetings.models import ActionItem, Decision, Meeting, MeetingFile
from app.periods.models import Contract
from app.permissions import Role
from app.risks.models import Assessment, Measure, Risk, RiskComment, RiskType
from app.timesheets import services as timesheet_services
from app.timesheets.models import ActivityType, Entry
from app.training.models import SessionFile, TrainingKind, TrainingSession
from tests.conftest import create_user, login
from tests.factories import kind_id, make_meeting, make_pdf, make_risk, make_session, risk_type

HX = {"HX-Request": "true"}
KEY = "idempotency_key"
#: the key a form draws: its hidden input, wherever the name sits among the attributes
DRAWN_KEY = re.compile(r'<input[^>]*\bname="idempotency_key"[^>]*\bvalue="([^"]+)"')


@pytest.fixture
def world(english, interims, last_week):
    """Everything a create needs: a meeting, a session and a risk of last week's staff, an
    open six-month period, a fileable Monday and an activity type."""
    return {
        "users": english,
        "meeting": make_meeting(english, last_week),
        "session": make_session(english, last_week),
        "risk": make_risk(added_on=interims[0].starts_on + timedelta(days=20)),
        "period": interims[1],
        "monday": week_start_of(last_week) - timedelta(days=7),
        "activity": ActivityType.select().order_by(ActivityType.id).first(),
    }


def entry_form(world, start="09:00", end="10:00") -> dict:
    return {
        "day": world["monday"].isoformat(),
        "start": start,
        "end": end,
        "activity": str(world["activity"].id),
        "place": "pmc",
        "note": "",
    }


def week_url(world, suffix="") -> str:
    year, week, _ = world["monday"].isocalendar()
    return f"/timesheets/{world['users'][Role.MENTOR].id}/{year}/{week}{suffix}"


def meeting_form(world, agenda="Plan", day_offset=2) -> dict:
    return {
        "kind": "weekly",
        "day": (world["monday"] + timedelta(days=day_offset)).isoformat(),
        "start": "10:00",
        "end": "11:00",
        "format": "in_person",
        "platform": "",
        "place": "Office",
        "chair": "0",
        "guests": "",
        "agenda": agenda,
    }


def series_form(world, weeks_ahead=10) -> dict:
    users = world["users"]
    return {
        "weekday": "0",
        "start": "10:00",
        "end": "11:00",
        "format": "in_person",
        "place": "Office",
        "chair": str(users[Role.COORDINATOR].id),
        "members": [str(users[Role.MENTOR].id), str(users[Role.LEAD].id)],
        "standing_agenda": "1. Cases",
        "first_day": (world["monday"] + timedelta(weeks=weeks_ahead)).isoformat(),
        "weeks": "2",
    }


def session_form(world, topic="Supervision") -> dict:
    return {
        "kind": str(kind_id("Group supervision")),
        "topic": topic,
        "day": world["monday"].isoformat(),
        "end_day": "",
        "start": "10:00",
        "end": "13:00",
        "hours": "",
        "facilitator": "External supervisor",
        "format": "in_person",
        "platform": "",
        "place": "Office",
        "audience": "mentors",
        "objectives": "",
        "results": "",
        "follow_up": "",
    }


def risk_form(world, title="Staff turnover") -> dict:
    return {
        "type": str(risk_type().id),
        "title": title,
        "description": "Two mentors may leave in spring.",
        "owner": "0",
        "contract_priority": "high",
        "likelihood": "4",
        "impact": "5",
        "added_on": world["monday"].isoformat(),
        "version": "",
    }


def case_form(world, code="L-0042") -> dict:
    return {
        "code": code,
        "kind": "family",
        "people": "4",
        "social_worker": str(world["users"][Role.SOCIAL_WORKER].id),
        "mentor": "0",
        "opened_on": world["monday"].isoformat(),
        "closed_on": "",
    }


def contract_form(world, number="S-2021/01") -> dict:
    return {
        "number": number,
        "funder": "Valsts fonds",
        "starts_on": "2021-01-01",
        "ends_on": "2021-12-31",
        "amount": "1000",
    }


def user_form(world, username="new.mentor") -> dict:
    return {
        "username": username,
        "display_name": "Nora Jauna",
        "role": Role.MENTOR,
        "language": "lv",
        "supervisor": str(world["users"][Role.SOCIAL_WORKER].id),
    }


@cache
def pdf_bytes(text: str) -> bytes:
    """Made once: a PDF carries the second it was made, and other bytes are other input."""
    return make_pdf(text)


def pdf(text: str) -> tuple:
    return (io.BytesIO(pdf_bytes(text)), "protokols.pdf")


RECORD_REFUSED, NOTHING_NEW = "refused", "nothing"


@dataclass
class Create:
    """One create route: who posts what where, and how many of its records there are."""

    role: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict]
    #: other valid input for the same key: a new request
    other: Callable[[dict], dict] | None
    count: Callable[[], int]
    #: the page whose form posts to `url`
    page: Callable[[dict], str] | None = None
    #: the same input under a new key: a second record, refused (RECORD_REFUSED: a duplicate) or
    #: answered with nothing left to create (NOTHING_NEW: its dates or days are taken)
    again: str = "record"
    #: the other input is refused once the first exists (a duplicate assessment)
    other_refused: bool = False
    multipart: bool = False
    #: records one create makes (a series of two weeks: two meetings)
    makes: int = 1

    def form_page(self, world) -> str:
        return self.page(world) if self.page else self.url(world)


def meeting_page(world) -> str:
    return f"/meetings/{world['meeting'].id}"


def risk_page(world) -> str:
    return f"/risks/{world['risk'].id}"


CREATES = {
    "entry": Create(
        Role.MENTOR,
        lambda w: "/timesheets/entries",
        entry_form,
        lambda w: entry_form(w, "11:00", "12:00"),
        lambda: Entry.select().count(),
        page=lambda w: f"/timesheets/entries/new?day={w['monday'].isoformat()}",
        again=RECORD_REFUSED,  # an overlap with the first
    ),
    "copy-last-week": Create(
        Role.MENTOR,
        lambda w: week_url(w, "/copy-last"),
        lambda w: {},
        None,  # nothing to fill in
        lambda: Entry.select().count(),
        again=NOTHING_NEW,
        makes=2,
    ),
    "meeting": Create(
        Role.COORDINATOR,
        lambda w: "/meetings/new",
        meeting_form,
        lambda w: meeting_form(w, day_offset=3),
        lambda: Meeting.select().count(),
    ),
    "meeting-series": Create(
        Role.COORDINATOR,
        lambda w: "/meetings/series/new",
        series_form,
        lambda w: series_form(w, weeks_ahead=20),
        lambda: Meeting.select().count(),
        again=NOTHING_NEW,
        makes=2,
    ),
    "decision": Create(
        Role.COORDINATOR,
        lambda w: f"/meetings/{w['meeting'].id}/decisions",
        lambda w: {"text": "Cover the Friday shift.", "action_text": "", "owner": "0"},
        lambda w: {"text": "Order new phones.", "action_text": "", "owner": "0"},
        lambda: Decision.select().count(),
        page=meeting_page,
    ),
    "action-item": Create(
        Role.COORDINATOR,
        lambda w: f"/meetings/{w['meeting'].id}/actions",
        lambda w: {"text": "Call the office.", "owner": str(w["users"][Role.MENTOR].id)},
        lambda w: {"text": "Book the room.", "owner": str(w["users"][Role.MENTOR].id)},
        lambda: ActionItem.select().count(),
        page=meeting_page,
    ),
    "meeting-file": Create(
        Role.COORDINATOR,
        lambda w: f"/meetings/{w['meeting'].id}/files",
        lambda w: {"file": pdf("Protokols")},
        lambda w: {"file": pdf("Cits protokols")},
        lambda: MeetingFile.select().count(),
        page=meeting_page,
        multipart=True,
    ),
    "training-session": Create(
        Role.COORDINATOR,
        lambda w: "/training/new",
        session_form,
        lambda w: session_form(w, topic="Boundaries"),
        lambda: TrainingSession.select().count(),
    ),
    "session-file": Create(
        Role.COORDINATOR,
        lambda w: f"/training/{w['session'].id}/files",
        lambda w: {"role": "agenda", "file": pdf("Darba kārtība")},
        lambda w: {"role": "agenda", "file": pdf("Cita darba kārtība")},
        lambda: SessionFile.select().count(),
        page=lambda w: f"/training/{w['session'].id}",
        multipart=True,
    ),
    "risk": Create(
        Role.LEAD,
        lambda w: "/risks/new",
        risk_form,
        lambda w: risk_form(w, title="Office move"),
        lambda: Risk.select().count(),
    ),
    "risk-measure": Create(
        Role.LEAD,
        lambda w: f"/risks/{w['risk'].id}/measures",
        lambda w: {"new-text": "Weekly team meeting", "new-status": "in_place"},
        lambda w: {"new-text": "Exit interviews", "new-status": "in_place"},
        lambda: Measure.select().count(),
        page=risk_page,
    ),
    "risk-comment": Create(
        Role.COORDINATOR,
        lambda w: f"/risks/{w['risk'].id}/comments",
        lambda w: {"comment-text": "Check L-0042."},
        lambda w: {"comment-text": "Seen."},
        lambda: RiskComment.select().count(),
        page=risk_page,
    ),
    "risk-assessment": Create(
        Role.LEAD,
        lambda w: f"/risks/{w['risk'].id}/assessments/{w['period'].id}",
        lambda w: {"text": "Covered by the team.", "likelihood": "4", "impact": "2", "version": ""},
        lambda w: {"text": "Two left.", "likelihood": "3", "impact": "2", "version": ""},
        lambda: Assessment.select().count(),
        again=RECORD_REFUSED,  # one assessment a period
        other_refused=True,
    ),
    "risk-type": Create(
        Role.LEAD,
        lambda w: "/risks/types",
        lambda w: {"name_lv": "Telpas", "name_en": "Premises"},
        lambda w: {"name_lv": "Transports", "name_en": "Transport"},
        lambda: RiskType.select().count(),
        again=RECORD_REFUSED,  # the name is taken
    ),
    "activity-type": Create(
        Role.LEAD,
        lambda w: "/timesheets/activities",
        lambda w: {"name_lv": "Pavadīšana uz tiesu", "name_en": "Escort to court"},
        lambda w: {"name_lv": "Zvans", "name_en": "Phone call"},
        lambda: ActivityType.select().count(),
        again=RECORD_REFUSED,
    ),
    "training-kind": Create(
        Role.COORDINATOR,
        lambda w: "/training/kinds",
        lambda w: {"name_lv": "Intervīzija", "name_en": "Peer review", "counts_as": "supervision"},
        lambda w: {"name_lv": "Kurss", "name_en": "Course", "counts_as": "training"},
        lambda: TrainingKind.select().count(),
        again=RECORD_REFUSED,
    ),
    "case-file": Create(
        Role.SOCIAL_WORKER,
        lambda w: "/cases/new",
        case_form,
        lambda w: case_form(w, code="L-0043"),
        lambda: CaseFile.select().count(),
        again=RECORD_REFUSED,  # the code is taken
    ),
    "contract": Create(
        Role.COORDINATOR,
        lambda w: "/periods/contracts/new",
        contract_form,
        lambda w: contract_form(w, number="S-2021/02"),
        lambda: Contract.select().count(),
        again=RECORD_REFUSED,  # its dates overlap the first
    ),
    "user": Create(
        Role.ADMIN,
        lambda w: "/admin/users/new",
        user_form,
        lambda w: user_form(w, username="other.mentor"),
        lambda: User.select().count(),
        again=RECORD_REFUSED,  # the username is taken
    ),
}
#: every create but the account's, whose replay is not its first answer (tested on its own)
SAME_ANSWER = sorted(set(CREATES) - {"user"})


def drawn_key(page: str, action: str) -> str:
    """The key drawn in the first form of the page that posts to `action`."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    assert form, f"no form posts to {action}"
    found = DRAWN_KEY.search(form[1])
    assert found, f"the form posting to {action} draws no key"
    return found[1]


def post(client, create: Create, world, data: dict, key: str | None, htmx=False):
    form = {**data, KEY: key} if key is not None else data
    return client.post(
        create.url(world),
        data=form,
        headers=HX if htmx else {},
        content_type="multipart/form-data" if create.multipart else None,
    )


def prepared(create: Create, world, client_as):
    """A client of the create's role, with the copy route's last week filled in."""
    client = client_as(create.role)
    if create.url(world).endswith("/copy-last"):
        for day in (0, 1):
            last = {**entry_form(world), "day": (world["monday"] - timedelta(7 - day)).isoformat()}
            assert client.post("/timesheets/entries", data=last).status_code == 303
    return client


def answer(response) -> tuple:
    return (
        response.status_code,
        response.headers.get("Location"),
        response.headers.get("HX-Redirect"),
        response.headers.get("HX-Retarget"),
        response.get_data(),
    )


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
@pytest.mark.parametrize("name", SAME_ANSWER)
def test_the_same_submit_twice_makes_one_record_and_gets_the_same_answer(
    world, client_as, name, htmx
):
    create = CREATES[name]
    client = prepared(create, world, client_as)
    page = client.get(create.form_page(world)).get_data(as_text=True)
    key = drawn_key(page, create.url(world))
    before = create.count()
    first = post(client, create, world, create.data(world), key, htmx)
    assert first.status_code in (200, 303), first.get_data(as_text=True)
    assert create.count() == before + create.makes
    second = post(client, create, world, create.data(world), key, htmx)
    assert create.count() == before + create.makes
    assert answer(second) == answer(first)
    assert second.headers[REPLAY_HEADER] == "true" and REPLAY_HEADER not in first.headers
    # an answer that draws the form again draws it with a new key: a second record on purpose
    # is not taken for a retry
    assert key not in first.get_data(as_text=True)


@pytest.mark.parametrize("name", sorted(CREATES))
def test_a_new_key_is_a_new_request(world, client_as, name):
    create = CREATES[name]
    client = prepared(create, world, client_as)
    before = create.count()
    assert post(client, create, world, create.data(world), "first").status_code in (200, 303)
    again = post(client, create, world, create.data(world), "second")
    assert REPLAY_HEADER not in again.headers
    assert again.status_code == (422 if create.again == RECORD_REFUSED else 303)
    made = 2 if create.again == "record" else 1
    assert create.count() == before + made * create.makes


@pytest.mark.parametrize("name", sorted(n for n, c in CREATES.items() if c.other))
def test_the_same_key_with_other_input_is_a_new_request(world, client_as, name):
    create = CREATES[name]
    client = prepared(create, world, client_as)
    before = create.count()
    assert post(client, create, world, create.data(world), "one key").status_code in (200, 303)
    other = post(client, create, world, create.other(world), "one key")
    assert REPLAY_HEADER not in other.headers
    if create.other_refused:
        assert other.status_code == 422
        assert create.count() == before + create.makes
    else:
        assert other.status_code in (200, 303)
        assert create.count() == before + 2 * create.makes


def test_a_form_draws_a_new_key_each_time_and_keeps_the_posted_one_when_refused(world, client_as):
    mentor = client_as(Role.MENTOR)
    form_url = f"/timesheets/entries/new?day={world['monday'].isoformat()}"
    one = drawn_key(mentor.get(form_url).get_data(as_text=True), "/timesheets/entries")
    two = drawn_key(mentor.get(form_url).get_data(as_text=True), "/timesheets/entries")
    assert one != two and len(one) >= 20
    refused = mentor.post(
        "/timesheets/entries", data={**entry_form(world, "10:00", "09:00"), KEY: one}, headers=HX
    )
    assert refused.status_code == 422
    assert drawn_key(refused.get_data(as_text=True), "/timesheets/entries") == one


def test_a_refused_submit_corrected_with_the_same_key_is_saved(world, client_as):
    mentor = client_as(Role.MENTOR)
    refused = mentor.post(
        "/timesheets/entries", data={**entry_form(world, "10:00", "09:00"), KEY: "k"}
    )
    assert refused.status_code == 422 and Entry.select().count() == 0
    assert HandledRequest.select().count() == 0  # a refusal is not kept
    # the same refused input again is refused again, not replayed
    again = mentor.post(
        "/timesheets/entries", data={**entry_form(world, "10:00", "09:00"), KEY: "k"}
    )
    assert again.status_code == 422 and REPLAY_HEADER not in again.headers
    corrected = mentor.post("/timesheets/entries", data={**entry_form(world), KEY: "k"})
    assert corrected.status_code == 303 and Entry.select().count() == 1
    replayed = mentor.post("/timesheets/entries", data={**entry_form(world), KEY: "k"})
    assert replayed.headers[REPLAY_HEADER] == "true" and Entry.select().count() == 1


def test_without_a_key_a_create_runs_as_before(world, client_as):
    mentor = client_as(Role.MENTOR)
    assert mentor.post("/timesheets/entries", data=entry_form(world)).status_code == 303
    overlap = mentor.post("/timesheets/entries", data=entry_form(world))
    assert overlap.status_code == 422 and "overlaps" in overlap.get_data(as_text=True)
    assert HandledRequest.select().count() == 0


def test_a_replay_is_only_ever_for_the_user_who_sent_the_key(world, client_as):
    mentor = client_as(Role.MENTOR)
    other_mentor = create_user("othermentor", Role.MENTOR, language="en")
    second_client = mentor.application.test_client()
    login(second_client, other_mentor.username)
    first = mentor.post("/timesheets/entries", data={**entry_form(world), KEY: "shared"})
    theirs = second_client.post("/timesheets/entries", data={**entry_form(world), KEY: "shared"})
    assert first.status_code == theirs.status_code == 303
    assert REPLAY_HEADER not in theirs.headers
    assert theirs.headers["Location"] != first.headers["Location"]  # their own week
    owners = sorted(entry.mentor_id for entry in Entry.select())
    assert owners == sorted([world["users"][Role.MENTOR].id, other_mentor.id])


def test_another_session_of_the_same_user_gets_the_replay(world, client_as):
    """A retry after signing in again carries another CSRF token: still the same request."""
    one, two = client_as(Role.MENTOR), client_as(Role.MENTOR)
    assert one.csrf_token != two.csrf_token
    first = one.post(
        "/timesheets/entries", data={**entry_form(world), KEY: "k", "csrf_token": one.csrf_token}
    )
    second = two.post(
        "/timesheets/entries", data={**entry_form(world), KEY: "k", "csrf_token": two.csrf_token}
    )
    assert answer(second) == answer(first) and second.headers[REPLAY_HEADER] == "true"
    assert Entry.select().count() == 1


def test_two_identical_submits_at_once_make_one_record(world, client_as, monkeypatch):
    clients = [client_as(Role.MENTOR), client_as(Role.MENTOR)]
    original = timesheet_services.save_entry

    def slow_save(*args, **kwargs):
        saved = original(*args, **kwargs)
        time.sleep(0.3)  # the other request arrives while this one holds the key
        return saved

    monkeypatch.setattr(timesheet_services, "save_entry", slow_save)
    start = threading.Barrier(2)
    answers = [None, None]

    def submit(index: int):
        start.wait()
        answers[index] = clients[index].post(
            "/timesheets/entries", data={**entry_form(world), KEY: "double click"}
        )

    threads = [threading.Thread(target=submit, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [response.status_code for response in answers] == [303, 303]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    assert sorted(REPLAY_HEADER in response.headers for response in answers) == [False, True]
    assert Entry.select().count() == 1 and HandledRequest.select().count() == 1


@pytest.mark.parametrize("failing", ["answer", "key"])
def test_a_record_is_committed_with_its_key_or_not_at_all(world, client_as, monkeypatch, failing):
    """A failure after the service saved the entry, before the commit (drawing the answer, or
    storing it with the key), leaves neither; the retry then saves the entry once."""

    def crash(*args, **kwargs):
        raise RuntimeError("the worker died")

    if failing == "answer":
        monkeypatch.setattr("app.timesheets.entry_views.after_entry_saved", crash)
    else:
        monkeypatch.setattr(idempotency, "_keep", crash)
    mentor = client_as(Role.MENTOR)
    with pytest.raises(RuntimeError):
        mentor.post("/timesheets/entries", data={**entry_form(world), KEY: "k"})
    assert Entry.select().count() == 0 and HandledRequest.select().count() == 0
    monkeypatch.undo()
    retried = mentor.post("/timesheets/entries", data={**entry_form(world), KEY: "k"})
    assert retried.status_code == 303 and REPLAY_HEADER not in retried.headers
    assert Entry.select().count() == 1 and HandledRequest.select().count() == 1


def test_a_replayed_redirect_carries_the_message_the_lost_answer_had(world, client_as):
    coordinator = client_as(Role.COORDINATOR)
    name = coordinator.application.config["SESSION_COOKIE_NAME"]
    cookie = coordinator.get_cookie(name).value
    first = coordinator.post("/meetings/new", data={**meeting_form(world), KEY: "k"})
    assert first.status_code == 303
    coordinator.set_cookie(name, cookie)  # the answer, and its session, never arrived
    second = coordinator.post("/meetings/new", data={**meeting_form(world), KEY: "k"})
    assert second.headers[REPLAY_HEADER] == "true"
    page = coordinator.get(second.headers["Location"]).get_data(as_text=True)
    assert "The meeting is saved." in page
    assert Meeting.select().count() == 2  # the fixture's and this one


def test_a_new_account_is_replayed_without_its_temporary_password(world, client_as):
    admin = client_as(Role.ADMIN)
    key = drawn_key(admin.get("/admin/users/new").get_data(as_text=True), "/admin/users/new")
    first = admin.post("/admin/users/new", data={**user_form(world), KEY: key})
    body = first.get_data(as_text=True)
    temporary = body.split('id="temporary-password">')[1].split("<")[0]
    created = User.get(User.username == "new.mentor")
    assert temporary.encode() not in HandledRequest.get().body
    second = admin.post("/admin/users/new", data={**user_form(world), KEY: key})
    assert second.status_code == 303 and second.headers[REPLAY_HEADER] == "true"
    assert second.headers["Location"] == f"/admin/users/{created.id}/edit"
    page = admin.get(second.headers["Location"]).get_data(as_text=True)
    assert "Its temporary password is shown only once" in page and temporary not in page
    assert User.select().where(User.username == "new.mentor").count() == 1


def test_keys_are_forgotten_after_a_week(world, client_as):
    mentor = client_as(Role.MENTOR)
    assert (
        mentor.post("/timesheets/entries", data={**entry_form(world), KEY: "old"}).status_code
        == 303
    )
    HandledRequest.update(created_at=utcnow() - timedelta(days=8)).execute()
    later = {**entry_form(world, "11:00", "12:00"), KEY: "new"}
    assert mentor.post("/timesheets/entries", data=later).status_code == 303
    assert HandledRequest.select().count() == 1  # the old one went when the new one came
    retried = mentor.post("/timesheets/entries", data={**entry_form(world), KEY: "old"})
    assert retried.status_code == 422 and REPLAY_HEADER not in retried.headers  # an overlap
