"""No page or export shows a person outside the reader's scope, by name or by id.

The walk takes every GET endpoint of `app.url_map` (a new page is walked without being listed
here), fills its route arguments from objects of the demo organisation (the ones the permission
matrix names, and the same kinds of objects in the social worker's team), and reads it as each
role on a day inside the demo's months. Every body is searched as text: pages, CSV and ICS as
they are, XLSX, DOCX and ZIP bundles unpacked (their XML as text), PDFs through pypdf.

The organisation has three teams: the lead's mentors (mentor1–mentor6), the social worker's
(mentor7–mentor9) and a second social worker's (mentor10, mentor11, moved to her for this test
with their case files and meetings). Every account gets a distinctive name, so that a search
for one cannot match another.

Who may see whom by name (app/scope.py): the lead, the coordinator and the administrator
everyone; a social worker themself and their own mentors; a mentor themself. The service's
management (lead, coordinator, administrator) and a mentor's own supervisor are named on
records they act on (who rated, who chaired, who approves), so they are outside this search;
other social workers, and the mentors of other teams, must not appear. The funder (auditor)
sees no social worker or mentor by name outside the documents sent to it.
"""

import html
import io
import re
import shutil
import sys
import zipfile
from datetime import date

import pytest
from flask import url_for
from flask_login import login_user
from pypdf import PdfReader

from app import calendar, scope
from app.accounts import User
from app.auth.passwords import DEMO_PASSWORD
from app.calendar import week_args, week_param
from app.cases.models import CaseClosure, CaseFile
from app.clients.models import Membership
from app.db import db
from app.evaluations.models import CaseEvaluation
from app.mentor_meetings.models import MentorMeeting
from app.permissions import Role, has_permission
from app.plans.models import OwnerKind, Plan, PlanGoal, PlanReview, PlanTask
from app.roster.models import RosterStatus, RosterWeek
from app.timesheets.models import Entry, Week, WeekStatus
from tests.conftest import create_user, login, make_app, wait_for
from tests.test_permissions import DEMO_LOGINS, MATRIX, demo_objects

MENTOR, WORKER, LEAD = Role.MENTOR, Role.SOCIAL_WORKER, Role.LEAD
COORDINATOR, ADMIN, AUDITOR = Role.COORDINATOR, Role.ADMIN, Role.AUDITOR

#: a day inside the demo's months (December 2019 – May 2020), so that every page's default
#: period holds the demo's records
TODAY = date(2020, 5, 28)
#: the demo's months, for the pages that take a range
DEMO_RANGE = {"from": "2019-12-01", "to": "2020-05-31"}
#: the second social worker's mentors (taken from the first one's team)
SECOND_TEAM = ("mentor10", "mentor11")
#: who signs in for the walk, by a name of the walk: the demo's staff (the mentor is one of the
#: lead's), and the second social worker
WALKERS = {**DEMO_LOGINS, "second_worker": "worker2"}

#: Endpoints whose pages name people outside the reader's scope on purpose, with the reason.
#: The key is (endpoint, role); "*" means every role that may open it.
EXEMPT = {
    # DOMAIN.md: all staff read the weekly reception-centre roster (who is on duty, the duty
    # mentor who connects clients to their own mentor); the funder receives the weeks sent.
    ("roster.index", "*"): "the roster is read by all staff (who is on duty)",
    ("roster.week", "*"): "the roster is read by all staff (who is on duty)",
    ("roster.download", "*"): "the roster is read by all staff; the funder receives it",
    # DOMAIN.md: the weekly all-staff meeting (kopsapulce); its minutes, with who was present
    # and who owns each action, go to the funder monthly.
    ("meetings.detail", "*"): "all-staff meetings: attendance and action owners, read by all",
    ("meetings_minutes.download", "*"): "the minutes of an all-staff meeting, read by all",
    ("meetings_archive.search_page", "*"): "a search quotes the minutes of all-staff meetings",
    ("meetings_archive.download_bundle", "*"): "the month's minutes, as sent to the funder",
}


#: Endpoints that name people of some roles outside the reader's scope on purpose:
#: (endpoint, reader's role) -> the roles of the people it may name, with the reason.
ALLOWED_ROLES = {
    # cases.services.may_manage: a social worker may hand a case file of their own mentor to
    # another social worker, so the case form lists every social worker (mentors: own only)
    ("cases.new", WORKER): ({WORKER}, "a case file can be handed to another social worker"),
    ("cases.edit", WORKER): ({WORKER}, "a case file can be handed to another social worker"),
    # the risk register is the service's, read by every social worker: its owners are the staff
    # answerable for a risk of the whole service (the owner filter lists who may own one)
    ("risks.index", WORKER): ({WORKER}, "the service's register names the owners of its risks"),
}


#: Endpoints a walker's role may use whose every walked URL answers other than 200: they only
#: redirect, or their one object is someone else's.
NOT_READ = {
    "timesheets.index": {MENTOR, WORKER, "second_worker"},  # a redirect to a week
    "complexity.index": {WORKER, "second_worker"},  # a redirect to the month
    "jobs.detail": {WORKER, "second_worker", AUDITOR},  # the walk's job is the mentor's
    "jobs.download": {WORKER, "second_worker", AUDITOR},
    "reports.monthly_people": {AUDITOR},  # per-person rows never reach the funder: 404
}


def exempt(endpoint: str, role: str) -> bool:
    return (endpoint, "*") in EXEMPT or (endpoint, role) in EXEMPT


def hidden_at(endpoint: str, role: str, hidden: list[dict]) -> list[dict]:
    allowed, _reason = ALLOWED_ROLES.get((endpoint, role), (set(), ""))
    return [person for person in hidden if person["role"] not in allowed]


# --- the organisation -----------------------------------------------------------------------


def distinctive_names() -> dict[str, dict]:
    """Give every account a name and username no other one contains; the people by their old
    username: id, role, supervisor and the strings that name them in a body."""
    people = {}
    for user in User.select().order_by(User.id):
        old_name = user.display_name
        first, last = f"Qz{user.id}f", f"Wy{user.id}l"
        people[user.username] = {
            "demo": user.username,
            "id": user.id,
            "role": user.role,
            "supervisor": user.supervisor_id,
            "username": f"zu{user.id}q",
            #: the new name, its parts, and the demo's name (copies kept in documents)
            "names": (f"{first} {last}", first, last, old_name),
        }
        User.update(display_name=f"{first} {last}", username=f"zu{user.id}q").where(
            User.id == user.id
        ).execute()
    return people


def second_team() -> None:
    """A second social worker with two of the first one's mentors, their case files and their
    individual meetings."""
    worker = User.get(User.username == "worker")
    second = User.create(
        username="worker2",
        display_name="Second Worker",
        role=Role.SOCIAL_WORKER,
        password_hash=worker.password_hash,
        session_token="second-worker",
        start_date=worker.start_date,
    )
    mentors = [User.get(User.username == name) for name in SECOND_TEAM]
    User.update(supervisor=second).where(User.id.in_(mentors)).execute()
    CaseFile.update(social_worker=second).where(
        CaseFile.mentor.in_(mentors), CaseFile.social_worker == worker
    ).execute()
    MentorMeeting.update(social_worker=second).where(MentorMeeting.mentor.in_(mentors)).execute()
    # the work the first one did on those case files is the second one's: the team was always
    # hers (a real change of team leaves the first one named as who did it, which is right)
    cases = CaseFile.select(CaseFile.id).where(CaseFile.social_worker == second)
    closures = CaseClosure.select(CaseClosure.id).where(CaseClosure.case.in_(cases))
    CaseEvaluation.update(evaluated_by=second).where(
        CaseEvaluation.closure.in_(closures), CaseEvaluation.evaluated_by == worker
    ).execute()
    plans = Plan.select(Plan.id).where(Plan.case.in_(cases))
    PlanReview.update(by=second).where(
        PlanReview.plan.in_(plans), PlanReview.by == worker
    ).execute()


@pytest.fixture
def frozen_today(monkeypatch) -> None:
    """Every module of the app that reads today reads TODAY (for the test that asks)."""
    original = calendar.local_today
    for name, module in list(sys.modules.items()):
        if name.startswith("app") and getattr(module, "local_today", None) is original:
            monkeypatch.setattr(module, "local_today", lambda: TODAY)


def team_objects(base: dict, mentor: User, worker: User) -> dict:
    """The matrix's objects, those of a person swapped for the same kinds in `mentor`'s team."""
    draft = Week.get(Week.mentor == mentor, Week.status == WeekStatus.DRAFT)
    approved = (
        Week.select()
        .where(Week.mentor == mentor, Week.status == WeekStatus.APPROVED)
        .order_by(Week.week_start.desc())
        .get()
    )
    case = CaseFile.select().where(CaseFile.mentor == mentor).order_by(CaseFile.id).get()
    membership = Membership.select().where(Membership.case == case).order_by(Membership.id).get()
    plan = Plan.get_or_none(Plan.case == case) or Plan.create(
        case=case, drawn_up_on=case.opened_on, needs="Housing"
    )
    goal = PlanGoal.create(plan=plan, text="A home")
    task = PlanTask.create(
        goal=goal, text="Visit", owner_kind=OwnerKind.MENTOR, due_on=case.opened_on
    )
    meeting = MentorMeeting.create(
        social_worker=worker, mentor=mentor, day=draft.week_start, mode="remote"
    )
    roster = (
        RosterWeek.select()
        .where(RosterWeek.status == RosterStatus.SENT, RosterWeek.week_start > date(2020, 1, 1))
        .order_by(RosterWeek.week_start.desc())
        .get()
    )
    return {
        **base,
        "sent_roster_week": {"week": week_param(roster.week_start)},
        "mentor": {"user_id": mentor.id},
        "draft_week": {"mentor_id": mentor.id, **week_args(draft.week_start)},
        "approved_week": {"mentor_id": mentor.id, **week_args(approved.week_start)},
        "mentor_month": {
            "mentor_id": mentor.id,
            "year": draft.week_start.year,
            "month": draft.week_start.month,
        },
        "entry": {"entry_id": draft.entries.order_by(Entry.id)[0].id},
        "mentor_meeting": {"meeting_id": meeting.id},
        "case": {"case_id": case.id},
        "membership": {"case_id": case.id, "membership_id": membership.id},
        "plan_task": {"case_id": case.id, "goal_id": goal.id, "task_id": task.id},
    }


class World:
    def __init__(self, folder):
        self.app = make_app(folder, migrated=False)
        self.database = db.obj
        with self.app.test_request_context():
            second_team()
            staff = {role: User.get(User.username == name) for role, name in DEMO_LOGINS.items()}
            worker_mentor = User.get(User.username == "mentor7")
            #: the objects of the lead's team (mentor1's) and of the social worker's (mentor7's)
            self.objects = [
                demo_objects(staff[MENTOR], staff[LEAD], folder),
            ]
            self.objects.append(team_objects(self.objects[0], worker_mentor, staff[WORKER]))
            second_mentor = User.get(User.username == SECOND_TEAM[0])
            second_worker = User.get(User.username == "worker2")
            self.objects.append(team_objects(self.objects[0], second_mentor, second_worker))
            self.people = distinctive_names()
        self.clients = {}
        for walker, username in WALKERS.items():
            client = self.app.test_client()
            response = login(client, self.people[username]["username"], DEMO_PASSWORD)
            assert response.status_code == 303
            self.clients[walker] = client
        self.patterns = self.id_patterns()

    def id_patterns(self) -> list[str]:
        """Regex templates (with {id}) of a person's id in a link: routes that take a person's
        id, and query strings naming one."""
        templates = []
        for rule in self.app.url_map.iter_rules():
            for argument in ("user_id", "mentor_id"):
                marker = f"<int:{argument}>"
                if marker in rule.rule:
                    parts = re.split(r"(<[^>]+>)", rule.rule.split(marker)[0])
                    head = "".join(
                        "[^/\"'?#]+" if part.startswith("<") else re.escape(part) for part in parts
                    )
                    templates.append(head + "{id}(?![0-9])")
        names = "mentor|user|person|worker|social_worker|owner|supervisor|people"
        templates.append(rf"[?&;](?:{names})(?:_id)?=" + "{id}(?![0-9])")
        return sorted(set(templates))

    def role_of(self, walker: str) -> str:
        return self.people[WALKERS[walker]]["role"]

    def hidden_from(self, walker: str) -> list[dict]:
        """The people the walker must not see by name or id."""
        viewer = self.people[WALKERS[walker]]
        role = viewer["role"]
        if role in (LEAD, COORDINATOR, ADMIN):
            return []
        staff = [p for p in self.people.values() if p["role"] in (MENTOR, WORKER)]
        if role == AUDITOR:
            return staff
        if role == WORKER:
            return [p for p in staff if p["id"] != viewer["id"] and p["supervisor"] != viewer["id"]]
        return [p for p in staff if p["id"] not in (viewer["id"], viewer["supervisor"])]


@pytest.fixture(scope="module")
def world(demo_folder, tmp_path_factory):
    folder = tmp_path_factory.mktemp("scope")
    shutil.copytree(demo_folder, folder, dirs_exist_ok=True)
    built = World(folder)
    yield built
    db.initialize(built.database)
    db.close_all()


# --- reading a body as text -----------------------------------------------------------------


def text_of(body: bytes, name: str = "") -> str:
    """A response body (or a member of an archive) as searchable text."""
    if body.startswith(b"%PDF"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(
                f"[{member}]\n" + text_of(archive.read(member), member)
                for member in archive.namelist()
            )
    if name.endswith((".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf")):
        return ""
    text = body.decode("utf-8-sig", errors="replace")
    if name.endswith((".xml", ".rels")):
        # a run of Word text may split a name: join the text of every element
        text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text)


def leaks(text: str, hidden: list[dict], patterns: list[str]) -> list[str]:
    found = []
    for person in hidden:
        for name in (*person["names"], person["username"]):
            if name in text:
                found.append(f"{person['demo']} by name")
                break
        for template in patterns:
            if re.search(template.replace("{id}", str(person["id"])), text):
                found.append(f"{person['demo']} by id")
                break
    return found


# --- the walk -------------------------------------------------------------------------------


def get_endpoints(app) -> list[str]:
    return sorted(
        {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods
            and rule.endpoint != "static"
            and getattr(app.view_functions[rule.endpoint], "required_permission", None)
        }
    )


def urls_of(world: World, endpoint: str) -> list[tuple[str, dict]]:
    """The URLs (and query strings) to read: on the object the matrix names for the endpoint,
    in each team, or on any object whose values fill the route's arguments; once with the
    matrix's query and once with the demo's months as the range."""
    rule = next(world.app.url_map.iter_rules(endpoint))
    expected = MATRIX.get(endpoint)
    data = dict(expected.data) if expected else {}
    if expected and expected.on:
        choices = [objects[expected.on] for objects in world.objects]
    elif not rule.arguments:
        choices = [{}]
    else:
        choices = [
            next(
                values
                for values in objects.values()
                if isinstance(values, dict) and rule.arguments <= set(values)
            )
            for objects in world.objects
        ]
    found = []
    for values in choices:
        arguments = {name: value for name, value in values.items() if name in rule.arguments}
        assert set(arguments) == rule.arguments, f"{endpoint}: no object fills {rule}"
        with world.app.test_request_context():
            url = url_for(endpoint, **arguments)
        rest = {name: value for name, value in values.items() if name not in arguments}
        for query in ({**rest, **data}, {**rest, **DEMO_RANGE}):
            if (url, query) not in found:
                found.append((url, query))
    return found


def read(client, url: str, query: dict) -> tuple[int, bytes]:
    response = client.get(url, query_string=query)
    location = response.headers.get("Location", "")
    if response.status_code in (302, 303) and location.startswith("/jobs/"):
        wait_for(client, location)
        response = client.get(location.rstrip("/") + "/download")
    body = response.get_data()
    response.close()
    return response.status_code, body


@pytest.mark.parametrize("walker", [MENTOR, WORKER, "second_worker", AUDITOR])
def test_no_page_or_export_names_a_person_outside_the_readers_scope(world, frozen_today, walker):
    db.initialize(world.database)
    hidden, role = world.hidden_from(walker), world.role_of(walker)
    assert hidden, "the walk has people to look for"
    client = world.clients[walker]
    problems, unread = [], set()
    for endpoint in get_endpoints(world.app):
        view = world.app.view_functions[endpoint]
        if exempt(endpoint, role) or not has_permission(User(role=role), view.required_permission):
            continue
        statuses = set()
        for url, query in urls_of(world, endpoint):
            status, body = read(client, url, query)
            assert status < 500, f"{endpoint} {url} {query}: {status}"
            statuses.add(status)
            if status != 200:
                continue
            found = leaks(text_of(body), hidden_at(endpoint, role, hidden), world.patterns)
            if found:
                problems.append(f"{endpoint} {url} {query}: {', '.join(sorted(set(found)))}")
        if 200 not in statuses:
            unread.add(endpoint)
    assert problems == [], "\n".join(problems)
    # every page the role may open was read, but those that only redirect or refuse
    assert unread == {endpoint for endpoint, walkers in NOT_READ.items() if walker in walkers}


def test_the_walk_reads_every_get_endpoint(world):
    """Every GET endpoint gets a URL (a new page without an object to fill it fails here)."""
    db.initialize(world.database)
    endpoints = get_endpoints(world.app)
    for endpoint in endpoints:
        assert urls_of(world, endpoint), endpoint
    named = {endpoint for endpoint, _role in (*EXEMPT, *ALLOWED_ROLES)}
    assert named <= set(endpoints), "exemptions name endpoints that are gone"


def test_the_search_finds_a_name_in_every_kind_of_body(world):
    """The search itself: a name in a page, a workbook, a document and a PDF is found."""
    person = world.hidden_from(WORKER)[0]
    name = person["names"][0]
    from docx import Document
    from fpdf import FPDF
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = name
    sheet = io.BytesIO()
    book.save(sheet)
    document = Document()
    document.add_paragraph(name)
    word = io.BytesIO()
    document.save(word)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=name)
    for body in (
        f"<p>{html.escape(name)}</p>".encode(),
        sheet.getvalue(),
        word.getvalue(),
        bytes(pdf.output()),
        f'<a href="/training/people/{person["id"]}">x</a>'.encode(),
    ):
        assert leaks(text_of(body), [person], world.patterns), body[:40]


# --- the rule on the pages the battery found ----------------------------------------------------


@pytest.fixture
def two_teams(app, english):
    """The social worker's mentor ("Mentor") and one of the lead's ("Leadsmentor Outsideteam")."""
    other = create_user(
        "leadsmentor",
        Role.MENTOR,
        display_name="Leadsmentor Outsideteam",
        supervisor=english[Role.LEAD],
        language="en",
    )
    return english | {"other": other}


def test_a_social_workers_compliance_panel_names_only_their_teams_conflicts(app, two_teams):
    from app.compliance import rules
    from tests.compliance.conftest import FIRST, LAST, TODAY
    from tests.compliance.test_rules import conflicting_week

    conflicting_week(two_teams[Role.MENTOR])
    conflicting_week(two_teams["other"])

    def findings(role):
        with app.test_request_context():
            viewer = User.get_by_id(two_teams[role].id)
            login_user(viewer)
            result = rules.no_double_funding(rules.Window(FIRST, LAST, TODAY, viewer))
            return [finding.text for finding in result.findings]

    assert findings(WORKER) == ["Mentor, week 2: 2 entries in conflict"]
    assert sorted(findings(LEAD)) == [
        "Leadsmentor Outsideteam, week 2: 2 entries in conflict",
        "Mentor, week 2: 2 entries in conflict",
    ]


def test_training_compliance_lists_the_hours_of_the_social_workers_team_only(two_teams, client_as):
    from tests.factories import add_session

    add_session(
        "Group supervision",
        date(2020, 3, 10),
        120,
        {two_teams[Role.MENTOR]: 120, two_teams["other"]: 120},
    )
    query = {"from": "2020-03-01", "to": "2020-03-31"}
    page = client_as(WORKER).get("/training/compliance", query_string=query)
    assert page.status_code == 200
    assert "Mentor" in page.text and "Leadsmentor" not in page.text
    # the lead's own hours are the lead's record: not a social worker's to read
    assert two_teams[LEAD].display_name not in page.text
    assert (
        "Leadsmentor Outsideteam"
        in client_as(LEAD).get("/training/compliance", query_string=query).text
    )


def test_a_person_outside_the_scope_is_named_by_role_only(app, two_teams):
    with app.test_request_context():
        shown = scope.scope_of(two_teams[WORKER])
        other, own = two_teams["other"], two_teams[Role.MENTOR]
        assert own.id in shown and other.id not in shown
        assert scope.label_for(shown, own.id, own.display_name, MENTOR) == own.display_name
        assert scope.label_for(shown, other.id, other.display_name, MENTOR) == (
            "citas komandas mentors"  # Latvian, the default language
        )
        assert scope.scope_of(two_teams[LEAD]).everyone
        assert not scope.scope_of(two_teams[AUDITOR]).ids
