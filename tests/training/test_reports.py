"""Supervision compliance: the month x group grid, who had none, hours from attendance marks."""

from datetime import date

import pytest
from flask_babel import force_locale
from playhouse.test_utils import assert_query_count

from app.calendar import add_months, local_today
from app.i18n import format_month
from app.periods.models import Period, PeriodKind
from app.periods.queries import current_window
from app.periods.services import create_contract
from app.permissions import Role
from app.training import reports
from app.training.models import Audience
from tests.factories import add_session
from tests.training import report_fixtures
from tests.training.report_fixtures import FIRST, LAST, RANGE

quarter = report_fixtures.quarter

SW, MENTORS = Audience.SOCIAL_WORKERS, Audience.MENTORS
TODAY = date(2020, 6, 15)


def grid(first=FIRST, last=LAST, today=TODAY) -> reports.Compliance:
    return reports.compliance(first, last, today)


def test_grid_shows_held_and_missing_months_per_group(quarter):
    report = grid()
    assert [row.month for row in report.months] == [date(2020, m, 1) for m in (1, 2, 3)]
    cells = [
        {g: (c.state, c.sessions, c.minutes) for g, c in row.cells.items()} for row in report.months
    ]
    assert cells == [
        {SW: ("held", 1, 300), MENTORS: ("held", 1, 300)},
        {SW: ("missing", 0, 0), MENTORS: ("held", 1, 240)},
        {SW: ("missing", 0, 0), MENTORS: ("missing", 0, 0)},
    ]
    assert report.missing() == [
        (date(2020, 2, 1), SW),
        (date(2020, 3, 1), SW),
        (date(2020, 3, 1), MENTORS),
    ]
    assert [row.state for row in report.months] == ["held", "missing", "missing"]


def test_people_without_supervision_follow_start_date_and_active_flag(quarter):
    january, february, march = grid().months
    assert january.without == {SW: [], MENTORS: []}
    assert february.without == {SW: ["Leadsocialworker", "Socialworker"], MENTORS: []}
    # the newcomer started on 1 March and was absent; the inactive mentor is never expected
    assert march.without == {
        SW: ["Leadsocialworker", "Socialworker"],
        MENTORS: ["Mentor", "Newmentor"],
    }


def test_hours_per_person_come_from_attendance_marks(quarter):
    people = {p.name: (p.role, p.supervision_minutes, p.training_minutes) for p in grid().people}
    assert people == {
        # partly attended training counts as marked (90 of 180 minutes)
        "Socialworker": (Role.SOCIAL_WORKER, 300, 90),
        # not marked for the training: nothing counts
        "Leadsocialworker": (Role.LEAD, 300, 0),
        # 2 of 5 hours in January; the cancelled March supervision does not count
        "Mentor": (Role.MENTOR, 120 + 240, 180),
        "Newmentor": (Role.MENTOR, 0, 0),
    }
    assert [p.name for p in grid().people] == [
        "Leadsocialworker",
        "Socialworker",
        "Mentor",
        "Newmentor",
    ]


def test_a_cell_counts_the_groups_that_attended_not_the_planned_audience(quarter):
    # planned for all staff, but only a social worker came: no mentors' supervision in May
    add_session(
        "Group supervision",
        date(2020, 5, 5),
        120,
        {quarter[Role.SOCIAL_WORKER]: 120, quarter[Role.MENTOR]: 0},
    )
    [may] = grid(date(2020, 5, 1), date(2020, 5, 31)).months
    assert (may.cells[SW].state, may.cells[SW].minutes) == ("held", 120)
    assert may.cells[MENTORS].state == "missing"
    assert may.without[SW] == ["Leadsocialworker"]


def test_this_month_is_pending_and_later_months_upcoming(quarter):
    months = grid(date(2020, 3, 1), date(2020, 5, 31), today=date(2020, 4, 10)).months
    assert [row.cells[SW].state for row in months] == ["missing", "pending", "upcoming"]
    assert months[2].without == {SW: [], MENTORS: []}


def test_the_grid_reads_in_a_fixed_number_of_queries(quarter):
    with assert_query_count(2):
        reports.compliance(FIRST, LAST, TODAY)


# --- the page -----------------------------------------------------------------------------


def test_compliance_page_shows_the_grid_the_people_and_the_sentence(quarter, client_as):
    page = client_as(Role.LEAD).get("/training/compliance", query_string=RANGE)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<caption" in html and 'scope="row"' in html
    assert html.count('class="badge badge-danger">Missing</span>') == 3
    assert "Leadsocialworker, Socialworker" in html and "Mentor, Newmentor" in html
    assert "In the period there was 1 qualification training and 2 supervisions" in html
    assert "/training/export.xlsx?from=2020-01-01&amp;to=2020-03-31" in html


def test_compliance_fragment_for_htmx(quarter, client_as):
    response = client_as(Role.COORDINATOR).get(
        "/training/compliance", query_string=RANGE, headers={"HX-Request": "true"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and html.lstrip().startswith('<div id="compliance">')


def test_a_period_is_chosen_by_id_and_an_unknown_one_is_404(english, client_as):
    contract = create_contract(
        None,
        {
            "number": "T-1",
            "funder": "Fund",
            "starts_on": date(2019, 12, 1),
            "ends_on": date(2020, 11, 30),
            "amount_cents": 0,
        },
    )
    first = contract.periods.where(Period.kind == PeriodKind.INTERIM).order_by(Period.starts_on)[0]
    client = client_as(Role.SOCIAL_WORKER)
    html = client.get("/training/compliance", query_string={"period": first.id}).get_data(
        as_text=True
    )
    assert "From 01 Dec 2019 to 31 May 2020" in html
    assert "May 2020" in html and "December 2019" in html
    assert client.get("/training/compliance", query_string={"period": 99999}).status_code == 404
    assert client.get("/training/compliance", query_string={"period": "x"}).status_code == 404
    assert client.get("/training/compliance", query_string={"period": "²"}).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2020-03-01", "to": "2020-01-01"}, "The start date is after the end date."),
        ({"from": "01.03.2020", "to": "2020-04-01"}, "Give both dates as YYYY-MM-DD"),
        ({"from": "2020-01-01"}, "Give both dates as YYYY-MM-DD"),
        ({"from": "2017-01-01", "to": "2020-01-01"}, "Choose at most 24 months at a time."),
    ],
)
def test_bad_dates_on_the_page_give_a_clear_message(english, client_as, query, message):
    for headers in ({}, {"HX-Request": "true"}):
        response = client_as(Role.LEAD).get(
            "/training/compliance", query_string=query, headers=headers
        )
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)


def test_without_any_period_the_page_shows_the_last_six_months(english, client_as, app):
    response = client_as(Role.ADMIN).get("/training/compliance")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('<tr class="coverage-') == 6
    today = local_today()
    first, last, _period = current_window(today)
    assert (first, last.month) == (add_months(today, -5), today.month)
    with app.test_request_context(), force_locale("en"):
        months = [format_month(first), format_month(last)]
    for month in months:
        assert f'<th scope="row">{month}</th>' in html, month


@pytest.mark.parametrize(
    ("role", "page", "export"),
    [
        (Role.MENTOR, 403, 403),
        (Role.AUDITOR, 403, 403),
        (Role.SOCIAL_WORKER, 200, 403),
        (Role.LEAD, 200, 200),
        (Role.COORDINATOR, 200, 200),
        (Role.ADMIN, 200, 200),
    ],
)
def test_access_per_role(quarter, client_as, role, page, export):
    client = client_as(role)
    assert client.get("/training/compliance", query_string=RANGE).status_code == page
    assert client.get("/training/export.xlsx", query_string=RANGE).status_code == export
    assert client.get("/training/export.csv", query_string=RANGE).status_code == export


# --- the home page ------------------------------------------------------------------------


def test_home_page_shows_months_without_supervision_to_lead_and_coordinator(english, client_as):
    for role in (Role.LEAD, Role.COORDINATOR):
        html = client_as(role).get("/").get_data(as_text=True)
        assert "Open the supervision compliance" in html
    for role in (Role.SOCIAL_WORKER, Role.MENTOR, Role.ADMIN, Role.AUDITOR):
        html = client_as(role).get("/").get_data(as_text=True)
        assert "Open the supervision compliance" not in html
