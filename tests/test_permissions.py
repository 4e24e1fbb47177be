"""Every endpoint declares who may use it; the role x endpoint matrix follows the one table, on
the demo organisation: each role holding the permission gets the page (or its answer to the
action), every other role a 403, and a 404 only where the object is out of that role's scope."""

import io
import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask import url_for

from app.accounts import User
from app.addenda.models import Addendum
from app.auth.passwords import DEMO_PASSWORD
from app.calendar import week_args, week_param
from app.cases.models import CaseFile
from app.clients.models import Client, Membership
from app.complexity.models import ComplexityCriterion
from app.db import db
from app.evaluations.models import EvaluationCriterion
from app.finance.models import FunderPayment
from app.interim.models import Challenge
from app.jobs import services as jobs
from app.meetings.models import ActionItem, Meeting, MeetingFile, MeetingStatus, MonthSubmission
from app.mentor_meetings.models import MentorMeeting
from app.notices.models import FunderNotice, NoticeKind
from app.periods.models import Contract, Period, PeriodKind
from app.permissions import PERMISSIONS, Role
from app.plans.models import OwnerKind, Plan, PlanGoal, PlanTask
from app.risks.models import Measure, Risk, RiskType
from app.roster.models import RosterShift, RosterStatus, RosterWeek
from app.timesheets.models import ActivityType, Entry, MonthLock, Notice, Week, WeekStatus
from app.training.models import SessionFile, TrainingKind, TrainingSession
from app.uploads.services import store
from tests.conftest import CLUSTER, login, make_app, wait_for
from tests.databases import Snapshot
from tests.factories import make_pdf

#: The only endpoints open to anonymous visitors, on purpose (the training feed is guarded by
#: the secret token in its URL, for calendar apps that cannot sign in).
PUBLIC_ENDPOINTS = {
    "auth.login",
    "auth.login_code",
    "core.language",
    "core.health",
    "training_records.feed",
}
#: Served by WhiteNoise/Flask for static files; no view code of ours runs.
EXEMPT_ENDPOINTS = {"static"}


def endpoint_table(app):
    """(endpoint, method, permission) for every routed view of ours."""
    table = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT_ENDPOINTS:
            continue
        view = app.view_functions[rule.endpoint]
        method = "GET" if "GET" in rule.methods else "POST"
        table.append((rule.endpoint, method, getattr(view, "required_permission", "MISSING")))
    return sorted(table)


@pytest.fixture(scope="module")
def routes():
    with tempfile.TemporaryDirectory() as tmp:
        table = endpoint_table(make_app(Path(tmp)))
        db.close_all()
    return table


def test_every_endpoint_declares_a_permission(routes):
    missing = [endpoint for endpoint, _method, permission in routes if permission == "MISSING"]
    assert missing == [], f"endpoints without @requires or @public: {missing}"


def test_only_the_deliberately_public_endpoints_are_public(routes):
    public = {endpoint for endpoint, _method, permission in routes if permission is None}
    assert public == PUBLIC_ENDPOINTS


def test_every_declared_permission_is_in_the_table(routes):
    declared = {permission for _e, _m, permission in routes if permission}
    assert declared <= set(PERMISSIONS)


def test_anonymous_visitors_are_sent_to_login(app, users):
    client = app.test_client()
    client.get("/login")
    for endpoint, method, permission in endpoint_table(app):
        if permission is None:
            continue
        rule = next(app.url_map.iter_rules(endpoint))
        with app.test_request_context():
            url = url_for(endpoint, **dict.fromkeys(rule.arguments, users[Role.MENTOR].id))
        response = client.open(url, method=method)
        assert response.status_code in (302, 303), endpoint
        assert response.headers["Location"].startswith("/login"), endpoint


# --- the matrix on the demo organisation -----------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """What the demo's staff get at one endpoint (GET if it has one, else POST)."""

    #: the answer to a role holding the permission: the page, or the action's redirect (303) or
    #: refusal (400, 409, 422) when posted without a form
    ok: int = 200
    #: the demo object (demo_objects) whose ids fill the route's arguments; the rest of its
    #: values go into the query string (GET) or the form (POST)
    on: str | None = None
    #: roles holding the permission for whom that object is out of scope: 404
    hidden: frozenset[str] = frozenset()
    #: roles holding the permission whom the view refuses this object they can see: 403
    refused: frozenset[str] = frozenset()
    #: more of the query string or form
    data: tuple[tuple[str, str], ...] = ()

    def status(self, role: str, permission: str) -> int:
        if role not in PERMISSIONS[permission] or role in self.refused:
            return 403
        return 404 if role in self.hidden else self.ok


def expect(ok: int = 200, on: str | None = None, hidden=(), refused=(), **data: str) -> Expect:
    return Expect(ok, on, frozenset(hidden), frozenset(refused), tuple(data.items()))


MENTOR, WORKER, LEAD = Role.MENTOR, Role.SOCIAL_WORKER, Role.LEAD
COORDINATOR, ADMIN, AUDITOR = Role.COORDINATOR, Role.ADMIN, Role.AUDITOR
NOT_MENTOR = set(Role.ALL) - {MENTOR}

#: One line per endpoint, `"<blueprint>.<view>": expect(ok, on, hidden=..., refused=..., **query)`,
#: keyed by the endpoint's name as a plain string: a renamed endpoint is renamed here with the
#: same `sed` as everywhere else (s/"old_bp\.view"/"new_bp.view"/).
MATRIX = {
    "admin.activate": expect(303, "mentor"),
    "admin.audit": expect(),
    "admin.deactivate": expect(303, "mentor"),
    "admin.edit": expect(on="mentor"),
    "admin.new": expect(),
    "admin.reset_password": expect(200, "mentor"),
    "admin.reset_second_factor": expect(303, "mentor"),
    "admin.two_factor_requirement": expect(),
    "admin.users": expect(),
    "auth.account": expect(),
    "auth.logout": expect(303),
    "auth.password": expect(),
    "auth.recovery_codes": expect(303),
    "auth.two_factor": expect(),
    "auth.two_factor_disable": expect(303),
    "auth.two_factor_enable": expect(422),
    "cases.caseload": expect(),
    "cases.close": expect(422, "case", hidden={WORKER}),
    "cases.closure": expect(422, "case", hidden={WORKER}),
    "cases.reopen": expect(422, "case", hidden={WORKER}),
    "cases.edit": expect(on="case", hidden={WORKER}),
    "cases.detail": expect(on="case", hidden={WORKER}),
    "clients.create": expect(422, "case", hidden={WORKER}),
    "clients.edit": expect(on="membership", hidden={WORKER}),
    "clients.leave": expect(422, "membership", hidden={WORKER}),
    "clients.move": expect(422, "membership", hidden={WORKER}),
    "clients.record_residence": expect(422, "case", hidden={WORKER}),
    "clients.record_step": expect(422, "case", hidden={WORKER}),
    "clients.undo_step": expect(303, "case", hidden={WORKER}),
    "cases.index": expect(),
    "cases.new": expect(),
    "cases.picker": expect(),
    "plans.detail": expect(on="case", hidden={WORKER}),
    "plans.create": expect(422, "case", hidden={WORKER}),
    "plans.edit": expect(on="plan_task", hidden={WORKER}),
    "plans.create_goal": expect(422, "plan_task", hidden={WORKER}),
    "plans.edit_goal": expect(on="plan_task", hidden={WORKER}),
    "plans.create_task": expect(422, "plan_task", hidden={WORKER}),
    "plans.edit_task": expect(on="plan_task", hidden={WORKER}),
    "plans.tick": expect(303, "plan_task", hidden={WORKER}),
    "plans.create_review": expect(422, "plan_task", hidden={WORKER}),
    "plans.close": expect(422, "plan_task", hidden={WORKER}),
    "compliance.checklist": expect(),
    "compliance.index": expect(),
    "complexity.agree": expect(422, "unsubmitted_month"),
    "complexity.detail": expect(on="unsubmitted_month"),
    "complexity.index": expect(302),
    "complexity.reopen": expect(422, "unsubmitted_month"),
    "complexity.update": expect(422, "unsubmitted_month"),
    "complexity_criteria.edit": expect(on="criterion"),
    "complexity_criteria.index": expect(),
    "complexity_criteria.restore": expect(303, "criterion"),
    "complexity_criteria.retire": expect(303, "criterion"),
    "core.index": expect(),
    "evaluations.detail": expect(on="case", hidden={WORKER}),
    "evaluations.index": expect(),
    "evaluations.update": expect(422, "case", hidden={WORKER}),
    "evaluations_criteria.edit": expect(on="evaluation_criterion"),
    "evaluations_criteria.index": expect(),
    "evaluations_criteria.restore": expect(303, "evaluation_criterion"),
    "evaluations_criteria.retire": expect(303, "evaluation_criterion"),
    "interim.challenges": expect(on="interim_period"),
    "interim.delete_challenge": expect(409, "interim_challenge"),
    "interim.docx": expect(on="interim_period"),
    "interim.edit_challenge": expect(on="interim_challenge"),
    "interim.index": expect(),
    "interim.report": expect(on="interim_period"),
    "interim.send": expect(422, "open_interim"),
    "interim.write_part": expect(on="interim_part"),
    "interim.xlsx": expect(on="interim_period"),
    "jobs.detail": expect(on="job", hidden=NOT_MENTOR),
    "jobs.download": expect(on="job", hidden=NOT_MENTOR),
    "meetings_items.set_status": expect(303, "action", refused={WORKER, ADMIN, AUDITOR}),
    "meetings_items.add_action": expect(422, "draft_meeting"),
    "meetings_minutes.attendance": expect(303, "draft_meeting"),
    "meetings_coverage.index": expect(),
    "meetings_coverage.reason": expect(422, "coverage_week"),
    "meetings_items.add_decision": expect(422, "draft_meeting"),
    "meetings.detail": expect(on="meeting"),
    "meetings_minutes.download": expect(on="meeting_file"),
    "meetings.edit": expect(on="draft_meeting"),
    "meetings_minutes.upload": expect(422, "draft_meeting"),
    "meetings_minutes.finalize": expect(303, "draft_meeting"),
    "meetings.index": expect(),
    "meetings_minutes.update": expect(422, "draft_meeting"),
    "meetings.new": expect(),
    "meetings.new_series": expect(),
    "meetings_minutes.reopen": expect(422, "meeting"),
    "meetings_archive.download_bundle": expect(on="submitted_month"),
    "meetings_archive.months": expect(),
    "meetings_archive.search_page": expect(),
    "meetings_archive.start_bundle": expect(303, "submitted_month"),
    "meetings_archive.submit": expect(422, "unsubmitted_month"),
    "addenda.create": expect(422),
    "addenda.index": expect(),
    "addenda.month": expect(on="addendum_month"),
    "addenda.save_month": expect(303, on="addendum_month"),
    "finance.edit_payment": expect(on="payment"),
    "finance.index": expect(),
    "finance.new_payment": expect(),
    "mentor_meetings.create": expect(422),
    "mentor_meetings.edit": expect(on="mentor_meeting", hidden={WORKER}),
    "mentor_meetings.index": expect(),
    "mentor_meetings.per_week": expect(422),
    "notices.edit": expect(on="funder_notice"),
    "notices.index": expect(),
    "notices.new": expect(),
    "periods.index": expect(),
    "periods.new_contract": expect(),
    "periods.edit_contract": expect(on="contract"),
    "periods.report": expect(303, "period"),
    "roster.breaches": expect(),
    "roster.caps": expect(),
    "roster.confirm": expect(303, "workers_shift", hidden={LEAD}),
    "roster.copy_last": expect(on="draft_roster_week"),
    "roster.create_shift": expect(422, "draft_roster_week"),
    "roster.delete_shift": expect(303, "roster_shift"),
    "roster.download": expect(on="sent_roster_week"),
    "roster.edit_shift": expect(on="roster_shift"),
    "roster.index": expect(),
    "roster.new_shift": expect(on="draft_roster_week"),
    "roster.reopen": expect(303, "sent_roster_week"),
    "roster.send": expect(303, "draft_roster_week"),
    "roster.update_shift": expect(422, "roster_shift"),
    "roster.week": expect(on="sent_roster_week"),
    "reports.index": expect(),
    "reports.interim": expect(),
    "reports.interim_docx": expect(**{"from": "2019-12-01", "to": "2020-05-31"}),
    "reports.monthly": expect(month="2020-03"),
    "reports.monthly_docx": expect(month="2020-03"),
    "reports.monthly_people": expect(month="2020-03", hidden={ADMIN, AUDITOR}),
    "reports.monthly_xlsx": expect(month="2020-03"),
    "reports.start_interim": expect(400),
    "reports.yearly": expect(),
    "reports.yearly_docx": expect(**{"from": "2018", "to": "2020"}),
    "risks_measures.create": expect(422, "risk"),
    "risks_assessments.edit": expect(on="assessment"),
    "risks.close": expect(422, "risk"),
    "risks.comment": expect(422, "risk"),
    "risks.detail": expect(on="risk"),
    "risks.edit": expect(on="risk"),
    "risks_measures.edit": expect(on="measure"),
    "risks_heatmap.index": expect(),
    "risks.index": expect(),
    "risks_measures.move": expect(303, "measure"),
    "risks.new": expect(),
    "risks_types.rename": expect(422, "risk_type"),
    "risks_types.restore": expect(303, "risk_type"),
    "risks_types.retire": expect(303, "risk_type"),
    "risks_types.index": expect(),
    "risks_measures.update": expect(422, "measure"),
    "risks_export.export_docx": expect(on="reported_interim"),
    "risks_export.export_xlsx": expect(on="reported_interim"),
    "timesheets_workflow.approve": expect(303, "submitted_week", hidden={WORKER}),
    "timesheets_entry.copy_last": expect(on="draft_week"),
    "timesheets_entry.create": expect(422),
    "timesheets_entry.delete": expect(303, "entry"),
    "timesheets_team.dismiss_notice": expect(303, "notice", hidden=NOT_MENTOR),
    "timesheets_entry.edit": expect(on="entry"),
    "timesheets_entry.goals": expect(),
    "timesheets.index": expect(302),
    "timesheets_workflow.justify": expect(303, "approved_week"),
    "timesheets.month": expect(on="mentor_month", hidden={WORKER}),
    "timesheets_entry.new": expect(),
    "timesheets_team.queue": expect(),
    "timesheets_team.remind": expect(303),
    "timesheets_workflow.reopen": expect(303, "approved_week"),
    "timesheets_workflow.return_": expect(303, "submitted_week", hidden={WORKER}),
    "timesheets_workflow.submit": expect(303, "draft_week"),
    "timesheets_team.index": expect(),
    "timesheets_list.index": expect(month="2020-03"),
    "timesheets_entry.update": expect(422, "entry"),
    "timesheets.week": expect(on="draft_week", hidden={WORKER}),
    "timesheets_workflow.withdraw": expect(303, "draft_week"),
    "timesheets_export.export_csv": expect(month="2020-03"),
    "timesheets_export.export_xlsx": expect(month="2020-03"),
    "timesheets_activities.index": expect(),
    "timesheets_settings.lock": expect(on="unlocked_month"),
    "timesheets_settings.months": expect(),
    "timesheets_activities.restore": expect(303, "activity"),
    "timesheets_activities.retire": expect(303, "activity"),
    "timesheets_settings.unlock": expect(303, "locked_month"),
    "training_attendance.update": expect(303, "session"),
    "training.cancel": expect(303, "session"),
    "training.detail": expect(on="session"),
    "training_files.download": expect(on="session_file"),
    "training.edit": expect(on="session"),
    "training_kinds.edit": expect(on="kind"),
    "training_files.upload": expect(422, "session"),
    "training.index": expect(),
    "training_kinds.index": expect(),
    "training.month": expect(on="session_month"),
    "training.new": expect(),
    "training_records.index": expect(),
    "training_records.detail": expect(on="mentor", hidden={WORKER}),
    "training_records.renew_feed": expect(303),
    "training.restore": expect(303, "session"),
    "training_kinds.restore": expect(303, "kind"),
    "training_kinds.retire": expect(303, "kind"),
    "training_report.compliance": expect(),
    "training_report.export_csv": expect(**{"from": "2020-01-01", "to": "2020-03-31"}),
    "training_report.export_xlsx": expect(**{"from": "2020-01-01", "to": "2020-03-31"}),
}

#: Who signs in for each role: the demo's staff (mentor1 is one of the lead's mentors).
DEMO_LOGINS = {
    MENTOR: "mentor1",
    WORKER: "worker",
    LEAD: "lead",
    COORDINATOR: "coordinator",
    ADMIN: "admin",
    AUDITOR: "auditor",
}


def demo_objects(mentor: User, lead: User, data_dir: Path) -> dict[str, dict]:
    """The route arguments (and parameters) of each demo object the matrix names; the few the
    demo lacks are added: a notice and a finished job of the mentor's, a file of a session."""
    draft = Week.get(Week.mentor == mentor, Week.status == WeekStatus.DRAFT)
    approved = (
        Week.select()
        .where(Week.mentor == mentor, Week.status == WeekStatus.APPROVED)
        .order_by(Week.week_start.desc())
        .get()
    )
    submitted = (
        Week.select()
        .join(User, on=Week.mentor == User.id)
        .where(User.supervisor == lead, Week.status == WeekStatus.SUBMITTED)
        .order_by(Week.id)
        .get()
    )
    meeting_file = MeetingFile.select().order_by(MeetingFile.id).get()
    draft_meeting = Meeting.get(Meeting.status == MeetingStatus.DRAFT)
    submitted_month = MonthSubmission.select().order_by(MonthSubmission.month).get().month
    locked_month = MonthLock.select().order_by(MonthLock.month).get().month
    session = TrainingSession.select().order_by(TrainingSession.id).get()
    upload = store(lead, io.BytesIO(make_pdf()), "Materials.pdf")
    session_file = SessionFile.create(session=session, upload=upload)
    notice = Notice.create(user=mentor, week_start=draft.week_start, created_by=lead)
    mentor_meeting = MentorMeeting.create(
        social_worker=lead, mentor=mentor, day=draft.week_start, mode="remote"
    )
    funder_notice = FunderNotice.create(
        kind=NoticeKind.OTHER, event_on=draft.week_start, subject="Visit", created_by=lead
    )
    risk = Risk.select().order_by(Risk.id).get()
    interims = Period.select().where(Period.kind == PeriodKind.INTERIM).order_by(Period.id)
    reported = interims.where(Period.reported_on.is_null(False)).get()
    open_interim = interims.where(Period.reported_on.is_null()).get()
    mentors_case = CaseFile.get(CaseFile.mentor == mentor)
    membership = Membership.get_or_none(Membership.case == mentors_case) or Membership.create(
        client=Client.create(), case=mentors_case, number=1, joined_on=mentors_case.opened_on
    )
    plan = Plan.create(case=mentors_case, drawn_up_on=mentors_case.opened_on, needs="Housing")
    goal = PlanGoal.create(plan=plan, text="A home")
    task = PlanTask.create(
        goal=goal, text="Visit", owner_kind=OwnerKind.MENTOR, due_on=mentors_case.opened_on
    )
    sent_roster = RosterWeek.create(
        week_start=date(2019, 6, 3), status=RosterStatus.SENT, sent_on=date(2019, 5, 31)
    )
    RosterShift.create(
        week=sent_roster, day=date(2019, 6, 3), person=lead, start_minute=540, end_minute=1050
    )
    draft_roster = RosterWeek.create(week_start=date(2019, 6, 10))  # before the demo's rosters
    worker = User.get(User.username == DEMO_LOGINS[WORKER])
    workers_shift = RosterShift.create(
        week=draft_roster, day=date(2019, 6, 10), person=worker, start_minute=540, end_minute=1050
    )
    job_id = "a" * 32
    state = {"id": job_id, "owner": mentor.id, "status": jobs.DONE, "done": 1, "total": 1}
    state |= {"filename": "notes.txt", "mimetype": "text/plain", "unit": jobs.SECTIONS}
    (data_dir / "jobs").mkdir(exist_ok=True)
    (data_dir / "jobs" / f"{job_id}.json").write_text(json.dumps(state))
    (data_dir / "jobs" / f"{job_id}.out").write_bytes(b"notes")
    return {
        "mentor": {"user_id": mentor.id},
        "draft_week": {"mentor_id": mentor.id, **week_args(draft.week_start)},
        "approved_week": {"mentor_id": mentor.id, **week_args(approved.week_start)},
        "submitted_week": {"mentor_id": submitted.mentor_id, **week_args(submitted.week_start)},
        "mentor_month": {
            "mentor_id": mentor.id,
            "year": draft.week_start.year,
            "month": draft.week_start.month,
        },
        "entry": {"entry_id": draft.entries.order_by(Entry.id)[0].id},
        "notice": {"notice_id": notice.id},
        "funder_notice": {"notice_id": funder_notice.id},
        "mentor_meeting": {"meeting_id": mentor_meeting.id},
        "addendum_month": {"addendum_id": Addendum.select().get().id, "month": "2020-05"},
        "payment": {"payment_id": FunderPayment.select().order_by(FunderPayment.id).get().id},
        "unlocked_month": {"year": draft.week_start.year, "month": draft.week_start.month},
        "locked_month": {"year": locked_month.year, "month": locked_month.month},
        "activity": {"activity_id": ActivityType.select().order_by(ActivityType.id).get().id},
        "case": {"case_id": CaseFile.get(CaseFile.mentor == mentor).id},
        "membership": {"case_id": mentors_case.id, "membership_id": membership.id},
        "plan_task": {"case_id": mentors_case.id, "goal_id": goal.id, "task_id": task.id},
        "meeting": {"meeting_id": meeting_file.meeting_id},
        "meeting_file": {"meeting_id": meeting_file.meeting_id, "file_id": meeting_file.id},
        "draft_meeting": {"meeting_id": draft_meeting.id},
        "action": {"item_id": ActionItem.get(ActionItem.owner == mentor).id},
        "coverage_week": week_args(draft_meeting.day),
        "submitted_month": {"month": f"{submitted_month:%Y-%m}"},
        "unsubmitted_month": {"month": f"{draft_meeting.day:%Y-%m}"},
        "period": {"period_id": Period.select().where(Period.reported_on.is_null()).get().id},
        "contract": {"contract_id": Contract.select().get().id},
        "interim_period": {"period_id": reported.id},
        "interim_part": {"period_id": reported.id, "part": "VII"},
        "interim_challenge": {
            "period_id": reported.id,
            "challenge_id": Challenge.select().order_by(Challenge.id).get().id,
        },
        "open_interim": {"period_id": open_interim.id},
        "risk": {"risk_id": risk.id},
        "measure": {"risk_id": risk.id, "measure_id": risk.measures.order_by(Measure.id)[0].id},
        "assessment": {"risk_id": risk.id, "period_id": open_interim.id},
        "reported_interim": {"period": reported.id},
        "risk_type": {"type_id": RiskType.select().order_by(RiskType.id).get().id},
        "session": {"session_id": session.id},
        "session_file": {"session_id": session.id, "file_id": session_file.id},
        "session_month": {"year": session.day.year, "month": session.day.month},
        "kind": {"kind_id": TrainingKind.select().order_by(TrainingKind.id).get().id},
        "job": {"job_id": job_id},
        "sent_roster_week": {"week": week_param(sent_roster.week_start)},
        "draft_roster_week": {"week": week_param(draft_roster.week_start)},
        "roster_shift": {"shift_id": workers_shift.id},
        "workers_shift": {"shift_id": workers_shift.id},
        "criterion": {
            "criterion_id": ComplexityCriterion.select().order_by(ComplexityCriterion.id).get().id
        },
        "evaluation_criterion": {
            "criterion_id": EvaluationCriterion.select().order_by(EvaluationCriterion.id).get().id
        },
    }


class Demo:
    """The demo organisation for the matrix: its staff signed in once, its objects, and the
    database as it was then, put back after every action that may have changed it."""

    def __init__(self, folder: Path):
        self.app = make_app(folder, migrated=False)
        self.database = db.obj
        with self.app.test_request_context():
            staff = {role: User.get(User.username == name) for role, name in DEMO_LOGINS.items()}
            self.objects = demo_objects(staff[MENTOR], staff[LEAD], folder)
        self.clients, self.sessions = {}, {}
        cookie = self.app.config["SESSION_COOKIE_NAME"]
        for role, username in DEMO_LOGINS.items():
            client = self.app.test_client()
            assert login(client, username, DEMO_PASSWORD).status_code == 303
            self.clients[role], self.sessions[role] = client, client.get_cookie(cookie).value
        db.close_all()
        self.snapshot = Snapshot(self.app.config["DATABASE_URL"], CLUSTER[0] if CLUSTER else None)

    def request(self, endpoint: str, expected: Expect) -> tuple[str, dict]:
        """The URL and the query string or form of the endpoint, on the object it names."""
        values = self.objects[expected.on] if expected.on else {}
        rule = next(self.app.url_map.iter_rules(endpoint))
        arguments = {name: value for name, value in values.items() if name in rule.arguments}
        assert set(arguments) == rule.arguments, f"{endpoint}: name an object with {rule}"
        with self.app.test_request_context():
            url = url_for(endpoint, **arguments)
        rest = {name: value for name, value in values.items() if name not in arguments}
        return url, rest | dict(expected.data)

    def answer(self, role: str, method: str, url: str, data: dict) -> int:
        """The status `role` gets; then the database as it was, when a POST may have acted."""
        client = self.clients[role]
        client.set_cookie(self.app.config["SESSION_COOKIE_NAME"], self.sessions[role])
        if method == "GET":
            response = client.get(url, query_string=data)
        else:
            response = client.post(url, data=data)
        response.close()  # a download streams its file until then
        location = response.headers.get("Location", "")
        if location.startswith("/jobs/"):
            wait_for(client, location)  # its thread reads the database that is put back next
        if method == "POST" and response.status_code not in (403, 404):
            self.restore()
        return response.status_code

    def restore(self) -> None:
        db.close_all()
        self.snapshot.restore()

    def close(self) -> None:
        db.initialize(self.database)
        db.close_all()
        self.snapshot.close()


@pytest.fixture(scope="module")
def demo(demo_folder, tmp_path_factory):
    folder = tmp_path_factory.mktemp("matrix")
    shutil.copytree(demo_folder, folder, dirs_exist_ok=True)
    world = Demo(folder)
    yield world
    world.close()


def test_the_matrix_names_every_guarded_endpoint(routes):
    guarded = {endpoint for endpoint, _method, permission in routes if permission}
    assert sorted(guarded - set(MATRIX)) == [], "endpoints missing from MATRIX"
    assert sorted(set(MATRIX) - guarded) == [], "MATRIX names endpoints that are gone"


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_role_endpoint_matrix(demo, routes, endpoint):
    db.initialize(demo.database)  # other tests' apps bind the shared proxy to their databases
    method, permission = {e: (m, p) for e, m, p in routes}[endpoint]
    expected = MATRIX[endpoint]
    assert expected.hidden | expected.refused <= PERMISSIONS[permission], "roles without it: 403"
    url, data = demo.request(endpoint, expected)
    answers = {role: demo.answer(role, method, url, data) for role in Role.ALL}
    assert answers == {role: expected.status(role, permission) for role in Role.ALL}
