"""The compliance panel and the checklist pages: access, period choice, htmx, bad input, links."""

from datetime import timedelta

import pytest
from playhouse.test_utils import assert_query_count

from app.calendar import add_months, local_today, week_start_of
from app.meetings.models import CoverageReason
from app.periods.models import Period, PeriodKind
from app.permissions import Role
from tests.factories import add_entry, extra_mentors, make_risk, make_week

HTMX = {"HX-Request": "true"}
#: the panel's reads whatever the records hold (session and user included)
QUERIES = 22


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MENTOR, 403),
        (Role.AUDITOR, 403),
        (Role.SOCIAL_WORKER, 200),
        (Role.LEAD, 200),
        (Role.COORDINATOR, 200),
        (Role.ADMIN, 200),
    ],
)
def test_access_per_role(client_as, english, role, status):
    client = client_as(role)
    assert client.get("/compliance/").status_code == status
    assert client.get("/compliance/checklist").status_code == status
    menu = client.get("/").get_data(as_text=True)
    assert ('href="/compliance/"' in menu) == (status == 200)


def test_every_rule_is_a_line_with_a_text_label(client_as, english, interims):
    html = client_as(Role.LEAD).get("/compliance/").get_data(as_text=True)
    for key in (
        "weekly_meeting",
        "supervision",
        "mentor_meetings",
        "mentor_caseloads",
        "worker_mentors",
        "worker_clients",
        "weeks_approved",
        "no_double_funding",
        "risks_assessed",
        "closings_evaluated",
        "roster_cap",
    ):
        assert f'id="rule-{key}"' in html
    assert "Action needed" in html  # a fresh contract: no meetings held
    assert html.count('class="rule-state"') == 11
    current = interims[2]
    assert f"{current.starts_on:%d %b %Y} – {current.ends_on:%d %b %Y}, checked on" in html


def test_the_period_switch_answers_htmx_with_the_panel_only(client_as, english, interims):
    client = client_as(Role.COORDINATOR)
    month = Period.get(Period.kind == PeriodKind.MONTH, Period.starts_on == interims[0].starts_on)
    page = client.get(f"/compliance/?period={month.id}").get_data(as_text=True)
    assert "<html" in page and 'id="compliance-panel"' in page
    assert f'<option value="{month.id}" selected>' in page
    fragment = client.get(f"/compliance/?period={month.id}", headers=HTMX)
    assert fragment.status_code == 200
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'id="compliance-panel"' in body
    assert "HX-Request" in fragment.headers["Vary"]


def test_dates_instead_of_a_period(client_as, english):
    html = client_as(Role.LEAD).get("/compliance/?from=2020-01-06&to=2020-01-19")
    assert html.status_code == 200
    assert "06 Jan 2020 – 19 Jan 2020" in html.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("from=2020-03-01&to=2020-01-01", 422, "The start date is after the end date."),
        ("from=2020-02-30&to=2020-03-01", 422, "Give both dates as YYYY-MM-DD"),
        ("from=01.02.2020&to=2020-03-01", 422, "Give both dates as YYYY-MM-DD"),
        ("from=2020-01-01", 422, "Give both dates as YYYY-MM-DD"),
        ("from=2018-01-01&to=2020-03-01", 422, "Choose at most 24 months at a time."),
        ("period=999999", 404, "There is no such reporting period"),
        ("period=abc", 404, "There is no such reporting period"),
        ("period=99999999999999999999999", 404, "There is no such reporting period"),
    ],
)
def test_bad_input_gets_a_clear_message(client_as, english, query, status, message):
    client = client_as(Role.COORDINATOR)
    response = client.get(f"/compliance/?{query}")
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    fragment = client.get(f"/compliance/?{query}", headers=HTMX).get_data(as_text=True)
    assert message in fragment and "<html" not in fragment


def test_checklist_month_switch_and_bad_month(client_as, english):
    client = client_as(Role.COORDINATOR)
    fragment = client.get("/compliance/checklist?month=2020-01", headers=HTMX)
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in body
    assert "Submission checklist: January 2020" in body
    assert 'href="/compliance/checklist?month=2019-12"' in body
    assert 'href="/compliance/checklist?month=2020-02"' in body
    page = client.get("/compliance/checklist").get_data(as_text=True)
    assert "<html" in page and "Submission checklist:" in page
    for bad in ("2020-13", "2020-1-1", "January", ""):
        response = client.get("/compliance/checklist", query_string={"month": bad})
        assert response.status_code == 422, bad
        assert "Give the month as YYYY-MM" in response.get_data(as_text=True)


def test_a_red_line_links_to_its_records_and_turns_green(client_as, english, contract):
    """A week without a meeting links to its row on the coverage page; with a reason recorded
    for every week that has a working day in the month, the line is OK."""
    first = add_months(local_today(), -1)
    month = Period.get(Period.kind == PeriodKind.MONTH, Period.starts_on == first)
    mondays = [week_start_of(first) + timedelta(weeks=n) for n in range(6)]
    # a week whose only days in the month are a weekend owes no meeting
    mondays = [m for m in mondays if m + timedelta(days=4) >= first and m <= month.ends_on]
    year, number, _ = mondays[0].isocalendar()
    client = client_as(Role.COORDINATOR)
    html = client.get(f"/compliance/?period={month.id}").get_data(as_text=True)
    assert f'href="/meetings/coverage?contract={contract.id}#week-{year}-{number}"' in html
    dates = client.get(f"/compliance/?from={first}&to={month.ends_on}").get_data(as_text=True)
    assert f'href="/meetings/coverage#week-{year}-{number}"' in dates
    CoverageReason.insert_many(
        [
            {"week_start": monday, "kind": "holiday", "set_by": english[Role.COORDINATOR].id}
            for monday in mondays
        ]
    ).execute()
    html = client.get(f"/compliance/?period={month.id}").get_data(as_text=True)
    line = html.split('id="rule-weekly_meeting"')[1].split("</li>")[0]
    assert '<span class="rule-state">OK</span>' in line
    assert "#week-" not in line


def test_links_a_role_cannot_open_fall_back_or_become_text(client_as, english, interims):
    period = interims[0]
    make_risk(added_on=period.starts_on)
    url = f"/compliance/?period={period.id}"
    lead = client_as(Role.LEAD).get(url).get_data(as_text=True)
    assert f"/risks/1/assessments/{period.id}" in lead
    coordinator = client_as(Role.COORDINATOR).get(url).get_data(as_text=True)
    assert f"/risks/1/assessments/{period.id}" not in coordinator
    assert 'href="/risks/1"' in coordinator
    admin = client_as(Role.ADMIN).get(url).get_data(as_text=True)
    assert 'href="/cases/caseload"' not in admin  # the admin may not open the caseloads
    assert "Each mentor has 5–20 clients" in admin


def test_the_panel_reads_a_fixed_number_of_queries(client_as, english, interims):
    """Each round adds weeks with entries, mentors and risks: the reads stay the same."""
    client = client_as(Role.LEAD)
    period = interims[0]
    for round_ in range(2):
        for offset in range(3):
            monday = week_start_of(period.starts_on) + timedelta(weeks=1 + offset + 3 * round_)
            week = make_week(english[Role.MENTOR], monday)
            add_entry(week, monday, 540, 600)
            add_entry(week, monday, 570, 630, paid_interpreting=True)
            make_risk(f"Risk {round_}.{offset}", added_on=period.starts_on)
        extra_mentors(2, english[Role.SOCIAL_WORKER])
        with assert_query_count(QUERIES):
            html = client.get(f"/compliance/?period={period.id}").get_data(as_text=True)
        assert html.count("entries in conflict") == 3 * (round_ + 1)
