"""Each role's home page shows its own blocks, with figures from the features' records, in a
fixed number of queries."""

import re
from datetime import timedelta

import pytest
from playhouse.test_utils import assert_query_count

from app.accounts import User
from app.calendar import local_today, shift_months, week_start_of
from app.clients.models import Client, LegalEvent, Membership, Stage
from app.clients.rules import AFTER_STATUS_MONTHS
from app.complexity.models import ComplexityRating, Level
from app.db import utcnow
from app.meetings.models import ActionItem, MonthSubmission
from app.periods.models import Period, PeriodKind
from app.permissions import Role
from app.plans.models import OwnerKind, Plan, PlanGoal, PlanTask
from app.roster.models import RosterShift, RosterWeek
from app.timesheets.models import WeekEvent, WeekStatus
from tests.factories import (
    add_entry,
    extra_mentors,
    make_case,
    make_meeting,
    make_risk,
    make_session,
    make_week,
)

#: the headings of each role's blocks (any other role's blocks must not show)
BLOCKS = {
    Role.MENTOR: ["This week", "Weeks sent back to me", "Next supervision"],
    Role.SOCIAL_WORKER: ["My mentors", "Waiting for my approval", "Caseloads"],
    Role.LEAD: ["Contract compliance", "Overdue risk reviews", "Double-funding conflicts"],
    Role.COORDINATOR: ["Submission checklist: "],
    Role.ADMIN: ["Recent audit events", "accounts"],
    Role.AUDITOR: ["Reported six-month periods", "Reported months"],
}
#: an element only the role's own dashboard has
MARKERS = {
    Role.MENTOR: 'id="this-week-heading"',
    Role.SOCIAL_WORKER: 'id="team-weeks-heading"',
    Role.LEAD: 'id="compliance-heading"',
    Role.COORDINATOR: 'id="checklist"',
    Role.ADMIN: 'id="users-heading"',
    Role.AUDITOR: 'id="interims-heading"',
}
#: the home page's reads (the user, the settings, a mentor's reminders, action items and the
#: dashboard's own), the same however many records there are
QUERIES = {
    Role.MENTOR: 7,
    Role.SOCIAL_WORKER: 20,
    Role.LEAD: 34,
    Role.COORDINATOR: 20,
    Role.ADMIN: 5,
    Role.AUDITOR: 5,
}


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", Role.ALL)
def test_each_role_sees_its_own_blocks(client_as, english, role):
    html = home(client_as(role))
    for heading in BLOCKS[role]:
        assert heading in html, heading
    for other, marker in MARKERS.items():
        assert (marker in html) == (other == role), marker
    assert "Shortcuts" in html


def test_mentor_sees_this_week_returned_weeks_and_next_supervision(client_as, english):
    mentor, worker = english[Role.MENTOR], english[Role.SOCIAL_WORKER]
    monday = week_start_of(local_today())
    week = make_week(mentor, monday, WeekStatus.DRAFT)
    add_entry(week, monday, 540, 690)
    returned = make_week(mentor, monday - timedelta(days=14), WeekStatus.RETURNED)
    earlier = utcnow() - timedelta(days=1)
    WeekEvent.create(week=returned, actor=worker, action="return", comment="Old", at=earlier)
    WeekEvent.create(week=returned, actor=worker, action="return", comment="Add the cases")
    make_session(english, local_today() + timedelta(days=3), topic="Boundaries")
    html = home(client_as(Role.MENTOR))
    assert "2.5 h" in html and "Draft" in html
    assert "Old" not in html.split("Weeks sent back to me")[1]  # only the latest comment
    year, number, _ = monday.isocalendar()
    assert f'href="/timesheets/{mentor.id}/{year}/{number}"' in html
    assert "Add the cases" in html and "Socialworker" in html
    assert "Group supervision: Boundaries" in html
    assert "/risks/" not in html and "/compliance/" not in html


def test_social_worker_sees_their_mentors_approvals_and_caseloads(client_as, english):
    mentor, worker = english[Role.MENTOR], english[Role.SOCIAL_WORKER]
    last_monday = week_start_of(local_today()) - timedelta(days=7)
    make_week(mentor, last_monday, WeekStatus.SUBMITTED, submitted_at=local_today())
    extra_mentors(1, english[Role.LEAD], display_name="Not mine")
    make_case("L-0001", worker, mentor, people=4)
    html = home(client_as(Role.SOCIAL_WORKER))
    assert "Mentor" in html and "Not mine" not in html
    assert "Submitted" in html and "1 week" in html
    assert re.search(r"Clients: 4 \(30–120\) <span[^>]*>1 case file</span> — Action needed", html)
    assert "Supervised mentors: 1 (at most 6)" in html
    assert re.search(r"Mentor: 4 \(5–20\) <span[^>]*>1 case file</span> — Action needed", html)


def due_client(case, number: int, **fields):
    """A member of the case file (from its opening) with a legal timeline of (stage, day)."""
    events = fields.pop("events", ())
    client = Client.create(arrived_on=fields.pop("arrived_on", case.opened_on), **fields)
    Membership.create(client=client, case=case, number=number, joined_on=case.opened_on)
    for stage, day in events:
        LegalEvent.create(client=client, stage=stage, day=day)
    return client


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.LEAD])
def test_clients_whose_entitlement_is_due_are_listed_soonest_first(client_as, english, role):
    today = local_today()
    worker, mentor = english[Role.SOCIAL_WORKER], english[Role.MENTOR]
    case = make_case("L-0007", worker, mentor, people=0, opened_on=today - timedelta(days=500))
    status_day = shift_months(today, -AFTER_STATUS_MONTHS) + timedelta(days=10)
    due_client(case, 1, events=[(Stage.REFUGEE, status_day)])  # ends in 10 days
    due_client(case, 2, events=[(Stage.COURT_NEGATIVE, today - timedelta(days=3))])  # ended
    due_client(case, 3, events=[(Stage.ASYLUM_SEEKER, today - timedelta(days=40))])  # examined
    due_client(case, 4, events=[(Stage.ALTERNATIVE, today - timedelta(days=30))])  # a year on
    html = home(client_as(role))
    assert "Service entitlement ending" in html and "2 clients" in html
    detail = f'href="/cases/{case.id}"'
    listed = re.findall(r'<a href="/cases/\d+">(L-0007/\d)</a>\s*(ended|ends)', html)
    assert listed == [("L-0007/2", "ended"), ("L-0007/1", "ends")]
    assert html.count(detail) == 2
    assert "Until the final court refusal" in html
    assert "12 months after status was granted" in html


def test_no_due_entitlement_is_said_in_words(client_as, english):
    html = home(client_as(Role.SOCIAL_WORKER))
    assert "service entitlement ends within 30 days." in html


def test_lead_sees_compliance_overdue_reviews_and_conflicts(client_as, english, interims):
    mentor = english[Role.MENTOR]
    make_risk("Staff turnover", added_on=local_today() - timedelta(days=400))
    monday = week_start_of(local_today()) - timedelta(days=7)
    week = make_week(mentor, monday, WeekStatus.SUBMITTED)
    add_entry(week, monday, 540, 720)
    add_entry(week, monday, 600, 660, paid_interpreting=True)
    html = home(client_as(Role.LEAD))
    assert html.count('class="rule-state"') == 11
    assert 'href="/compliance/"' in html
    assert "Staff turnover" in html and "review was due" in html
    assert "Mentor, week" in html and "entries in conflict" in html
    assert "Open the supervision compliance" in html  # the training snippet stays


def test_coordinator_sees_last_months_checklist_and_switches_months(client_as, english):
    today = local_today()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    html = home(client_as(Role.COORDINATOR))
    assert 'id="checklist"' in html
    assert f"Submission checklist: {last_month:%B %Y}" in html
    for line in (
        "Every week filed and approved",
        "Month locked",
        "Minutes complete",
        "Meetings bundle submitted",
        "Supervision every month",
        "Every active risk",
    ):
        assert line in html, line
    assert f'hx-get="/compliance/checklist?month={today:%Y-%m}"' in html
    assert "Open the supervision compliance" in html


def test_admin_sees_user_counts_and_recent_events(client_as, english):
    User.update(active=False).where(User.role == Role.AUDITOR).execute()
    html = home(client_as(Role.ADMIN))
    assert "5 active of 6 accounts" in html
    assert "login.success" in html
    assert 'href="/admin/audit"' in html


def test_auditor_sees_reported_periods_and_their_documents(client_as, english, interims):
    Period.update(reported_on=local_today()).where(Period.id == interims[0].id).execute()
    month = Period.get(Period.kind == PeriodKind.MONTH, Period.starts_on == interims[0].starts_on)
    Period.update(reported_on=local_today()).where(Period.id == month.id).execute()
    MonthSubmission.create(
        month=month.starts_on,
        submitted_on=local_today(),
        submitted_by=english[Role.COORDINATOR],
    )
    html = home(client_as(Role.AUDITOR))
    first, last = interims[0].starts_on, interims[0].ends_on
    assert f'href="/risks/export.docx?period={interims[0].id}"' in html
    assert f'href="/reports/interim.docx?from={first}&amp;to={last}"' in html
    assert f'href="/reports/monthly.docx?month={first:%Y-%m}"' in html
    assert f'href="/reports/monthly.xlsx?month={first:%Y-%m}"' in html
    assert f'href="/meetings/{month.starts_on:%Y-%m}/bundle.zip"' in html
    assert f'/risks/export.docx?period={interims[1].id}"' not in html
    auditor = client_as(Role.AUDITOR)
    for link in re.findall(r'href="(/(?:reports|risks|meetings)/[^"]+)"', html):
        response = auditor.get(link.replace("&amp;", "&"))
        response.close()  # the bundle streams from a temporary file
        assert response.status_code == 200, link


def test_action_items_and_the_supervisor_stay_on_the_home_page(client_as, english, last_week):
    meeting = make_meeting(english, last_week)
    ActionItem.create(meeting=meeting.id, text="Call the school", owner=english[Role.MENTOR])
    html = home(client_as(Role.MENTOR))
    assert "My open action items" in html and "Call the school" in html
    assert "Your supervising social worker: Socialworker" in html


def more_records(users, round_: int):
    """A round of records of every kind the dashboards read (weeks with entries, some of them
    in conflict, mentors, risks, due entitlements, plans with overdue mentor tasks, case files
    without a plan, complexity ratings, closings not evaluated); each round adds as many again."""
    mentor = users[Role.MENTOR]
    for offset in range(3):
        monday = week_start_of(local_today()) - timedelta(weeks=1 + offset + 3 * round_)
        week = make_week(mentor, monday, WeekStatus.SUBMITTED)
        add_entry(week, monday, 540, 600)
        add_entry(week, monday, 570, 630, paid_interpreting=True)
    extra_mentors(3, users[Role.SOCIAL_WORKER])
    case = make_case(f"D-{round_:04d}", users[Role.SOCIAL_WORKER], mentor, people=0)
    for number in range(1, 4):
        ended = local_today() - timedelta(days=number)
        due_client(case, number, events=[(Stage.COURT_NEGATIVE, ended)])
    for number in range(3):
        make_risk(f"Risk {round_}.{number}", added_on=local_today() - timedelta(days=400))
    month = local_today().replace(day=1)
    for number in range(3):
        planned = make_case(f"P-{round_}{number:03d}", users[Role.SOCIAL_WORKER], mentor)
        plan = Plan.create(case=planned, drawn_up_on=local_today() - timedelta(days=200))
        goal = PlanGoal.create(plan=plan, text="Darbs")
        due = local_today() - timedelta(days=1 + number)
        PlanTask.create(goal=goal, text="CV", owner_kind=OwnerKind.MENTOR, due_on=due)
        ComplexityRating.create(
            case=planned, month=month, level=Level.MEDIUM, rated_by=users[Role.LEAD]
        )
    for number in range(2):  # closed three weeks ago, the closing not evaluated
        closed_on = local_today() - timedelta(days=20 + number)
        make_case(f"X-{round_}{number:03d}", users[Role.SOCIAL_WORKER], closed_on=closed_on)


@pytest.mark.parametrize("role", Role.ALL)
def test_each_dashboard_reads_a_fixed_number_of_queries(client_as, english, interims, role):
    client = client_as(role)
    for round_ in range(2):
        more_records(english, round_)
        with assert_query_count(QUERIES[role]):
            response = client.get("/")
        assert response.status_code == 200


def test_plan_reminders_rating_progress_and_the_mentors_tasks(client_as, english):
    worker, mentor, lead = english[Role.SOCIAL_WORKER], english[Role.MENTOR], english[Role.LEAD]
    today = local_today()
    make_case("N-0001", worker, mentor, opened_on=today - timedelta(days=31))  # no plan yet
    make_case("N-0002", worker, mentor, opened_on=today - timedelta(days=29))  # not yet due
    planned = make_case("N-0003", worker, mentor, opened_on=today - timedelta(days=200))
    plan = Plan.create(case=planned, drawn_up_on=today - timedelta(days=100))  # review due
    goal = PlanGoal.create(plan=plan, text="Darbs")
    PlanTask.create(goal=goal, text="CV", owner_kind=OwnerKind.MENTOR, due_on=today)
    PlanTask.create(
        goal=goal, text="NVA", owner_kind=OwnerKind.SOCIAL_WORKER, due_on=today - timedelta(1)
    )
    ComplexityRating.create(
        case=planned, month=today.replace(day=1), level=Level.LOW, rated_by=lead
    )

    page = home(client_as(Role.SOCIAL_WORKER))
    assert "1 case file without a plan after 30 days" in page and "N-0001" in page
    assert "N-0002" not in page
    assert "1 task overdue" in page and "N-0003</a>: NVA" in page
    assert "1 plan due for review" in page
    lead_page = home(client_as(Role.LEAD))
    assert "1 of 3 open case files rated" in lead_page
    assert "Not agreed with the funder yet." in lead_page
    mentor_page = home(client_as(Role.MENTOR))
    assert "N-0003</a>: CV" in mentor_page and "NVA" not in mentor_page


def test_a_social_worker_confirms_a_roster_day_from_the_home_page(client_as, english):
    """This week's own shift of today is listed with its one-tap confirmation, then as done."""
    today = local_today()
    monday = week_start_of(today)
    week = RosterWeek.create(week_start=monday)
    worker = english[Role.SOCIAL_WORKER]
    shift = RosterShift.create(
        week=week, day=today, person=worker, start_minute=540, end_minute=1050
    )
    client = client_as(Role.SOCIAL_WORKER)
    block = home(client).split('id="roster-days-heading"')[1].split("</section>")[0]
    assert "09:00–17:30" in block and "I was there" in block
    assert f"/roster/shifts/{shift.id}/confirm" in block
    response = client.post(f"/roster/shifts/{shift.id}/confirm")
    assert response.status_code in (303, 200)
    assert RosterShift.get_by_id(shift.id).confirmed_at is not None
    block = home(client).split('id="roster-days-heading"')[1].split("</section>")[0]
    assert "was there" in block and "/confirm" not in block
