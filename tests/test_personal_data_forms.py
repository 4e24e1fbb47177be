"""Every form whose free text could carry a client's data checks it: on the demo data each form
is filled as its page draws it (as a browser would send it), with a client's name and phone in
the text. It is refused with the warning beside the field and the text kept; ticked, it saves
and the audit records the confirmation, never the text."""

import html
import re
import shutil
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from app.accounts import User
from app.audit import AuditEvent
from app.auth.passwords import DEMO_PASSWORD
from app.calendar import local_today, week_param
from app.cases.models import CaseFile
from app.db import db
from app.meetings.models import Meeting, MeetingStatus
from app.notices.models import NoticeKind
from app.plans.models import OwnerKind, Plan, PlanGoal
from app.risks.models import Risk
from app.timesheets.models import Week
from tests.conftest import login, make_app

TEXT = "Tikos ar Ahmed Hassan, tālr. +371 2612 3456."


class Forms(HTMLParser):
    """The forms of a page: each one's action and the values a browser would post."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self.textarea: str | None = None
        self.select: str | None = None
        self.chosen = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action") or "", []))
        if not self.forms:
            return
        values = self.forms[-1][1]
        # a select sends the option drawn selected, else its first
        first = not any(name == self.select for name, _value in values)
        if tag == "option" and self.select and not self.chosen and ("selected" in attrs or first):
            values.append((self.select, attrs.get("value", "")))
            self.chosen = True
        if not attrs.get("name"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                values.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "textarea":
            self.textarea = attrs["name"]
            values.append((self.textarea, ""))
        elif tag == "select":
            self.select, self.chosen = attrs["name"], False

    def handle_data(self, data):
        if self.textarea and self.forms:
            name, typed = self.forms[-1][1][-1]
            if not typed:  # a browser drops the newline that starts a textarea's text
                data = data.removeprefix("\r\n").removeprefix("\n")
            self.forms[-1][1][-1] = (name, typed + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_with(page: str, action: str, field: str) -> dict[str, list[str]]:
    parser = Forms()
    parser.feed(page)
    for form_action, values in parser.forms:
        if form_action == action and any(name == field for name, _value in values):
            posted: dict[str, list[str]] = {}
            for name, value in values:
                posted.setdefault(name, []).append(value)
            return posted
    raise AssertionError(f"no form posting to {action} with {field}")


def errors_in(page: str) -> list[str]:
    """The messages a refused form shows, for a failing test's report."""
    return re.findall(r'class="(?:error|flash flash-error)"[^>]*>([^<]+)<', page)


def open_meeting() -> str:
    meeting = Meeting.get(Meeting.status == MeetingStatus.DRAFT)
    return f"/meetings/{meeting.id}"


def the_open_plan() -> Plan:
    """An open plan of an open case file of the demo's social worker."""
    worker = User.get(User.username == "worker")
    return (
        Plan.select()
        .join(CaseFile)
        .where(
            Plan.closed_on.is_null(),
            CaseFile.closed_on.is_null(),
            CaseFile.social_worker == worker.id,
        )
        .order_by(Plan.id)
        .get()
    )


def open_plan() -> str:
    return f"/cases/{the_open_plan().case_id}/plan"


def closed_case() -> str:
    case = CaseFile.select().where(CaseFile.closed_on.is_null(False)).order_by(CaseFile.id).get()
    return f"/cases/{case.id}"


def submitted_week() -> str:
    week = Week.select().where(Week.status == "submitted").order_by(Week.id).get()
    year, number, _day = week.week_start.isocalendar()
    return f"/timesheets/{week.mentor_id}/{year}/{number}"


def nothing(_data: dict) -> dict:
    return {}


def grades(data: dict) -> dict:
    """A grade for every criterion row of the evaluation form."""
    rows = [name for name in data if name.startswith("rows-") and name.endswith("-criterion")]
    return {name.replace("-criterion", "-grade"): "3" for name in rows}


def graded(data: dict) -> dict:
    return {**grades(data), "summary": "Kopsavilkums par L-0001."}


def a_lead_owner(_data: dict) -> dict:
    return {"owner": str(User.get(User.username == "lead").id)}


def a_mentor_of_the_worker(_data: dict) -> dict:
    worker = User.get(User.username == "worker")
    return {"mentor": str(User.get(User.supervisor == worker.id, User.active).id)}


def a_task(_data: dict) -> dict:
    goal = PlanGoal.select().where(PlanGoal.plan == the_open_plan()).order_by(PlanGoal.id).get()
    due = (local_today() + timedelta(days=14)).isoformat()
    return {"task-goal": str(goal.id), "task-owner_kind": OwnerKind.MENTOR, "task-due_on": due}


def a_challenge(_data: dict) -> dict:
    return {"area": "Izglītība", "solution": "Kursi."}


def a_notice(_data: dict) -> dict:
    return {"subject": "Paziņojums", "kind": NoticeKind.OTHER}


def team_week() -> str:
    """The team page of the week submitted_week shows."""
    week = Week.select().where(Week.status == "submitted").order_by(Week.id).get()
    return f"/timesheets/team?week={week_param(week.week_start)}"


def a_risk() -> str:
    return f"/risks/{Risk.select().order_by(Risk.id).get().id}"


#: (who, the page drawing the form, the address it posts to, the field, the other fields a
#: person would fill, from what the page drew)
FORMS = [
    ("lead", open_meeting, "{page}/minutes", "minutes", nothing),
    ("lead", open_meeting, "{page}/decisions", "text", nothing),
    ("lead", open_meeting, "{page}/actions", "text", a_lead_owner),
    ("lead", lambda: "/meetings/new", "/meetings/new", "agenda", nothing),
    ("lead", a_risk, "{page}/comments", "comment-text", nothing),
    ("lead", a_risk, "{page}/measures", "new-text", nothing),
    ("lead", lambda: a_risk() + "/edit", "{page}", "description", nothing),
    ("worker", open_plan, "{page}/goals", "goal-text", nothing),
    ("worker", open_plan, "{page}/reviews", "review-changes", nothing),
    ("worker", open_plan, "{page}/tasks", "task-text", a_task),
    ("lead", lambda: closed_case() + "/evaluation", "{page}/save", "summary", grades),
    ("lead", lambda: "/interim/38/parts/I", "{page}", "text", nothing),
    (
        "lead",
        lambda: "/interim/38/challenges",
        "{page}",
        "problem",
        lambda _d: {"area": "Izglītība", "solution": "Kursi."},
    ),
    ("coordinator", lambda: "/notices/new", "/notices/new", "details", a_notice),
    ("worker", lambda: "/mentor-meetings/", "/mentor-meetings/", "note", a_mentor_of_the_worker),
    ("lead", submitted_week, "{page}/return", "comment", nothing),
    ("lead", lambda: a_risk() + "/assessments/38", "{page}", "text", nothing),
    ("coordinator", lambda: "/addenda/1/2020-05", "{page}/save", "measures", nothing),
    ("lead", lambda: "/complexity/2020-05", "{page}", "rows-0-note", nothing),
    ("lead", lambda: closed_case() + "/evaluation", "{page}/save", "rows-0-comment", graded),
    ("lead", team_week, "{week}/return", "comment", nothing),
]


@pytest.fixture(scope="module")
def demo(demo_folder, tmp_path_factory):
    folder = tmp_path_factory.mktemp("personal")
    shutil.copytree(demo_folder, folder, dirs_exist_ok=True)
    application = make_app(folder, migrated=False)
    yield application
    db.close_all()


def confirmations() -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == "personal_data.confirmed"))


@pytest.mark.parametrize(
    ("username", "page", "action", "field", "extra"),
    FORMS,
    ids=[
        f"{action.split('}')[-1] or page.__name__}:{field}" for _u, page, action, field, _e in FORMS
    ],
)
def test_a_text_with_a_client_s_data_is_warned_about_then_saved_once_confirmed(
    demo, username, page, action, field, extra
):
    client = demo.test_client()
    with demo.test_request_context():
        page_url, week_url = page(), submitted_week()
    assert login(client, username, DEMO_PASSWORD).status_code == 303
    drawn = client.get(page_url)
    assert drawn.status_code == 200
    address = action.format(page=page_url, week=week_url)
    data = form_with(drawn.get_data(as_text=True), address, field)
    with demo.test_request_context():
        data.update({name: [value] for name, value in extra(data).items()})
    data[field] = [TEXT]
    before = len(confirmations())

    warned = client.post(address, data=data)
    assert warned.status_code == 422
    body = warned.get_data(as_text=True)
    assert "(Ahmed Hassan)" in body and "(+371 2612 3456)" in body  # what was found
    assert 'class="field-warning"' in body
    assert html.escape(TEXT, quote=False) in body or TEXT in body  # what was typed is kept
    tick = form_with(body, address, field)
    confirm_name = f"{field}-not-personal"
    assert confirm_name not in tick  # drawn unticked beside the warning
    assert f'name="{confirm_name}"' in body
    assert len(confirmations()) == before

    data[confirm_name] = ["y"]
    saved = client.post(address, data=data)
    assert saved.status_code in (200, 303), errors_in(saved.get_data(as_text=True))
    events = confirmations()
    assert len(events) == before + 1
    assert field.split("-")[-1] in events[-1].changes.split(",")  # its name without a prefix
    assert "Ahmed" not in (events[-1].detail or "") and "name" in events[-1].detail


@pytest.mark.parametrize(
    ("username", "page", "action", "field", "extra"),
    [form for form in FORMS if form[3] in ("minutes", "description", "summary")],
)
def test_a_confirmed_text_saved_again_unchanged_asks_nothing(
    demo, username, page, action, field, extra
):
    """Saving a form again (another field changed) does not ask about a text already
    confirmed: the saved text is the field's object data."""
    client = demo.test_client()
    with demo.test_request_context():
        page_url, week_url = page(), submitted_week()
    assert login(client, username, DEMO_PASSWORD).status_code == 303
    address = action.format(page=page_url, week=week_url)
    data = form_with(client.get(page_url).get_data(as_text=True), address, field)
    with demo.test_request_context():
        data.update({name: [value] for name, value in extra(data).items()})
    data.update({field: [TEXT], f"{field}-not-personal": ["y"]})
    assert client.post(address, data=data).status_code in (200, 303)
    before = len(confirmations())

    again = form_with(client.get(page_url).get_data(as_text=True), address, field)
    assert again[field] == [TEXT]
    with demo.test_request_context():
        again.update({name: [value] for name, value in extra(again).items()})
    assert client.post(address, data=again).status_code in (200, 303)
    assert len(confirmations()) == before
