"""Each contract rule and checklist line with a fixture that meets it and one that breaks it."""

from datetime import date, timedelta

from flask_login import login_user

from app.cases.queries import MENTOR_CLIENTS
from app.compliance import rules
from app.meetings.models import CoverageReason, Meeting, MeetingStatus, MonthSubmission
from app.periods.models import Period
from app.permissions import Role
from app.timesheets.models import MonthLock, WeekStatus
from tests.compliance.conftest import MONDAYS, TODAY
from tests.factories import (
    add_entry,
    add_session,
    assess,
    extra_mentors,
    make_case,
    make_meeting,
    make_risk,
    make_week,
)

JANUARY = (date(2020, 1, 1), date(2020, 1, 31))


# --- an all-staff meeting every week -------------------------------------------------------


def test_weekly_meeting_held_or_excused_every_week(check, english):
    make_meeting(english, MONDAYS[0] + timedelta(days=1))
    CoverageReason.create(week_start=MONDAYS[1], kind="holiday", set_by=english[Role.LEAD])
    result = check(rules.weekly_meeting)
    assert result.ok and not result.pending and result.findings == []
    assert result.figures == "1 of 2 weeks held, 1 with a reason, 0 missing."


def test_weekly_meeting_missing_links_to_the_week_on_the_coverage_page(check, english):
    make_meeting(english, MONDAYS[0] + timedelta(days=1))
    result = check(rules.weekly_meeting)
    assert not result.ok
    assert result.figures == "1 of 2 weeks held, 0 with a reason, 1 missing."
    [finding] = result.findings
    assert finding.text == "Week 3 (from 13 Jan 2020): no meeting and no reason"
    assert finding.link.endpoint == "meetings_coverage.index"
    assert finding.link.args == {"_anchor": "week-2020-3"}


def test_weekly_meeting_this_week_is_not_due_yet(check, english):
    result = check(rules.weekly_meeting, today=MONDAYS[0] + timedelta(days=2), last=MONDAYS[0])
    assert result.ok and result.pending


# --- supervision every month ------------------------------------------------------------------


def test_supervision_reached_both_groups(check, english):
    worker, mentor = english[Role.SOCIAL_WORKER], english[Role.MENTOR]
    add_session("Group supervision", date(2020, 1, 21), 240, {worker: 240, mentor: 240})
    result = check(rules.supervision, *JANUARY)
    assert result.ok and not result.findings
    assert result.figures == "Social workers: 1 of 1 month; Mentors: 1 of 1 month."
    assert result.link.args == {"from": "2020-01-01", "to": "2020-01-31"}


def test_supervision_without_social_workers_is_a_finding(check, english):
    mentor = english[Role.MENTOR]
    add_session("Group supervision", date(2020, 1, 21), 240, {mentor: 240})
    result = check(rules.supervision, *JANUARY)
    assert not result.ok
    assert [f.text for f in result.findings] == ["Social workers: no supervision in January 2020"]
    assert result.findings[0].link.endpoint == "training_report.compliance"


def test_supervision_gaps_are_said_per_group_not_as_cells(check, english):
    """Two months without anyone's supervision: each group's months, not "4 months"."""
    worker = english[Role.SOCIAL_WORKER]  # the mentor attends none
    add_session("Group supervision", date(2020, 2, 11), 240, {worker: 240})
    result = check(rules.supervision, date(2020, 1, 1), date(2020, 3, 31), date(2020, 4, 15))
    assert result.figures == (
        "Social workers: 1 of 3 months; Mentors: 0 of 3 months. "
        "Social workers had no supervision in 2 months (January and March 2020); "
        "mentors in 3 months (January, February and March 2020)."
    )
    assert len(result.findings) == 5  # each month x group still links to its month


# --- caseloads --------------------------------------------------------------------------------


def cases(prefix: str, count: int, social_worker, mentor=None, people: int = 1) -> None:
    for number in range(count):
        make_case(
            f"{prefix}-{number:04d}",
            social_worker,
            mentor,
            people=people,
            opened_on=date(2019, 12, 1),
        )


def test_each_mentor_within_five_to_twenty_clients(check, english):
    cases("A", MENTOR_CLIENTS[0], english[Role.SOCIAL_WORKER], english[Role.MENTOR])
    result = check(rules.mentor_caseloads)
    assert result.ok
    assert result.figures == "1 of 1 mentors within the range on 19 Jan 2020."


def test_a_mentor_below_five_clients_is_a_finding(check, english):
    cases("A", MENTOR_CLIENTS[0] - 1, english[Role.SOCIAL_WORKER], english[Role.MENTOR])
    result = check(rules.mentor_caseloads)
    assert not result.ok
    assert [f.text for f in result.findings] == ["Mentor: 4 clients (case files: 4)"]
    assert result.link.endpoint == "cases.caseload"
    assert result.link.args == {"day": "2020-01-19"}


def test_a_mentor_is_counted_in_people_not_case_files(check, english):
    """Four families of six are 24 clients: above 20, though only four case files."""
    cases("A", 4, english[Role.SOCIAL_WORKER], english[Role.MENTOR], people=6)
    result = check(rules.mentor_caseloads)
    assert not result.ok
    assert [f.text for f in result.findings] == ["Mentor: 24 clients (case files: 4)"]


def test_social_workers_supervise_at_most_six_mentors(check, english):
    extra_mentors(5, english[Role.SOCIAL_WORKER])
    assert check(rules.worker_mentors).ok
    extra_mentors(1, english[Role.SOCIAL_WORKER], display_name="Seventh")
    result = check(rules.worker_mentors)
    assert not result.ok
    assert [f.text for f in result.findings] == ["Socialworker: 7 mentors"]


def test_social_workers_serve_thirty_to_one_hundred_twenty_clients(check, english):
    cases("W", 1, english[Role.SOCIAL_WORKER], people=30)
    cases("L", 2, english[Role.LEAD], people=60)
    result = check(rules.worker_clients)
    assert result.ok, result.findings
    assert result.figures == "2 of 2 social workers within the range on 19 Jan 2020."


def test_a_social_worker_over_one_hundred_twenty_clients_is_a_finding(check, english):
    cases("W", 1, english[Role.SOCIAL_WORKER], people=121)
    cases("L", 1, english[Role.LEAD], people=30)
    result = check(rules.worker_clients)
    assert not result.ok
    assert [f.text for f in result.findings] == ["Socialworker: 121 clients (case files: 1)"]


def test_caseloads_are_counted_on_the_last_day_of_a_past_window(check, english):
    """A case closed after the window still counted in it."""
    for number in range(5):
        make_case(
            f"C-{number}",
            english[Role.SOCIAL_WORKER],
            english[Role.MENTOR],
            opened_on=date(2019, 12, 1),
            closed_on=date(2020, 2, 1),
        )
    assert check(rules.mentor_caseloads).ok


# --- every week filed and approved ------------------------------------------------------------


def test_every_week_of_every_active_mentor_approved(check, english):
    mentor = english[Role.MENTOR]
    for monday in MONDAYS:
        make_week(mentor, monday)
    # a former mentor and one who started after the window are not expected
    extra_mentors(1, english[Role.LEAD], active=False)
    extra_mentors(1, english[Role.LEAD], start_date=date(2020, 2, 3))
    result = check(rules.weeks_approved)
    assert result.ok and not result.findings
    assert result.figures.startswith("2 of 2 mentor-weeks approved")


def test_a_week_waiting_or_not_filed_is_a_finding(check, english):
    mentor = english[Role.MENTOR]
    make_week(mentor, MONDAYS[0], WeekStatus.SUBMITTED)
    result = check(rules.weeks_approved)
    assert not result.ok
    assert result.figures == (
        "0 of 2 mentor-weeks approved; 1 waiting for approval, 1 not submitted."
    )
    assert [f.text for f in result.findings] == [
        "Week 2 (from 06 Jan 2020): Submitted: Mentor",
        "Week 3 (from 13 Jan 2020): Nothing filed: Mentor",
    ]
    assert result.findings[0].link.args == {"week": "2020-W02"}


def test_the_current_week_is_not_due(check, english):
    result = check(rules.weeks_approved, today=MONDAYS[0] + timedelta(days=3), last=MONDAYS[0])
    assert result.ok and result.pending


# --- no open double-funding conflict ----------------------------------------------------------


def conflicting_week(mentor, **fields):
    """Paid interpreting 10:00–11:00 over ordinary work 09:00–12:00 on Tuesday."""
    week = make_week(mentor, MONDAYS[0], WeekStatus.SUBMITTED, **fields)
    tuesday = MONDAYS[0] + timedelta(days=1)
    add_entry(week, tuesday, 540, 720)
    add_entry(week, tuesday, 600, 660, paid_interpreting=True)
    return week


def test_a_justified_conflict_is_not_open(check, english):
    conflicting_week(english[Role.MENTOR], conflict_justification="Agreed with the funder.")
    result = check(rules.no_double_funding)
    assert result.ok and result.figures == "0 weeks with an open conflict."


def test_an_open_conflict_links_to_its_week(check, english):
    mentor = english[Role.MENTOR]
    conflicting_week(mentor)
    result = check(rules.no_double_funding)
    assert not result.ok
    assert result.figures == "1 week with an open conflict."
    [finding] = result.findings
    assert finding.text == "Mentor, week 2: 2 entries in conflict"
    assert finding.link == rules.week_link(mentor.id, MONDAYS[0])


def test_only_paid_interpreting_makes_a_conflict(check, english):
    """Overlapping ordinary work is no conflict; another mentor's interpreting still is."""
    mentor, other = english[Role.MENTOR], extra_mentors(1, english[Role.LEAD])[0]
    ordinary = make_week(other, MONDAYS[0], WeekStatus.SUBMITTED)
    add_entry(ordinary, MONDAYS[0], 540, 720)
    add_entry(ordinary, MONDAYS[0], 600, 660)
    conflicting_week(mentor)
    result = check(rules.no_double_funding)
    assert [f.text for f in result.findings] == ["Mentor, week 2: 2 entries in conflict"]


# --- every active risk assessed ---------------------------------------------------------------


def test_every_risk_assessed_for_an_ended_period(check, english, interims):
    period = interims[0]
    risk = make_risk(added_on=period.starts_on)
    make_risk(
        "Closed long before",
        added_on=period.starts_on,
        status="closed",
        closed_on=period.starts_on - timedelta(days=1),
    )
    assess(risk, period, 3, 3, english[Role.LEAD])
    result = check(rules.risks_assessed, period.starts_on, period.ends_on, interims[2].starts_on)
    assert result.ok and not result.pending
    assert result.figures == "1 of 1 risk assessments written."


def test_an_unassessed_risk_links_to_its_assessment_form(check, english, interims):
    period = interims[0]
    risk = make_risk(added_on=period.starts_on)
    result = check(rules.risks_assessed, period.starts_on, period.ends_on, interims[2].starts_on)
    assert not result.ok
    [finding] = result.findings
    assert finding.link.endpoint == "risks_assessments.edit"
    assert finding.link.args == {"risk_id": risk.id, "period_id": period.id}
    assert finding.link.fallback.endpoint == "risks.detail"


def test_the_running_period_is_not_due_yet(check, english, interims):
    running = interims[2]
    make_risk(added_on=running.starts_on)
    result = check(rules.risks_assessed, running.starts_on, running.ends_on, running.starts_on)
    assert result.ok and result.pending and len(result.findings) == 1


# --- the month's checklist --------------------------------------------------------------------


def test_month_locked(check, english):
    assert not check(rules.month_locked, *JANUARY).ok
    MonthLock.create(month=date(2020, 1, 1), locked_by=english[Role.COORDINATOR])
    assert check(rules.month_locked, *JANUARY).ok
    assert check(rules.month_locked, *JANUARY, today=date(2020, 1, 20)).pending


def test_minutes_complete(check, english):
    meeting = make_meeting(english, date(2020, 1, 14))
    result = check(rules.minutes_complete, *JANUARY)
    assert not result.ok
    assert [f.text for f in result.findings] == [
        "Meeting of 14 Jan 2020: the minutes are not final"
    ]
    assert result.findings[0].link.args == {"meeting_id": meeting.id}
    Meeting.update(status=MeetingStatus.FINAL).execute()
    result = check(rules.minutes_complete, *JANUARY)
    assert result.ok and result.figures == "1 of 1 meetings have final minutes."


def test_bundle_submitted(check, english):
    result = check(rules.bundle_submitted, *JANUARY)
    assert not result.ok
    assert result.findings[0].link.args == {"_anchor": "month-2020-01"}
    MonthSubmission.create(
        month=date(2020, 1, 1), submitted_on=TODAY, submitted_by=english[Role.COORDINATOR]
    )
    assert check(rules.bundle_submitted, *JANUARY).ok


def test_checklist_lines_and_months(app, english):
    with app.test_request_context():
        login_user(english[Role.COORDINATOR])
        checklist = rules.checklist(date(2020, 1, 15), TODAY, english[Role.COORDINATOR])
    assert checklist.month == date(2020, 1, 1)
    assert checklist.previous == date(2019, 12, 1)
    assert checklist.following == date(2020, 2, 1)
    assert [r.key for r in checklist.results] == [
        "weeks_approved",
        "month_locked",
        "minutes_complete",
        "bundle_submitted",
        "supervision",
        "risks_assessed",
        "complexity_rated",
        "addendum_written",
    ]
    assert not checklist.done
    with app.test_request_context():
        current = rules.checklist(date(2020, 3, 1), TODAY, english[Role.COORDINATOR])
    assert current.following is None


def test_default_window_is_the_current_six_month_period(app, english, interims):
    with app.test_request_context():
        window = rules.default_window(interims[2].starts_on + timedelta(days=3), english[Role.LEAD])
    assert isinstance(window.period, Period) and window.period.id == interims[2].id
    assert (window.first, window.last) == (interims[2].starts_on, interims[2].ends_on)


def test_without_a_contract_the_last_six_months(app, english):
    with app.test_request_context():
        window = rules.default_window(TODAY, english[Role.LEAD])
    assert window.period is None
    assert (window.first, window.last) == (date(2019, 10, 1), date(2020, 3, 31))
