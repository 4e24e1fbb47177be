"""The compliance panel and the reports count the same weeks of the weekly meeting: the weeks with
a working day (Monday to Friday) in the range. The demo contract starts on Sunday 1.12.2019, so
the week of 25.11.2019 owes no meeting in either."""

import html
import re
from datetime import date, timedelta

from flask_babel import force_locale
from flask_login import login_user

from app.accounts import User
from app.calendar import working_weeks
from app.compliance import rules
from app.meetings.models import CoverageReason
from app.periods.models import Period, PeriodKind
from app.periods.services import create_contract
from app.permissions import Role
from app.reports.queries import figures, weekly_coverage
from app.training import reports as training_reports
from app.training.summary import supervision_gaps_text
from tests.factories import make_meeting
from tests.reports.conftest import FIRST_INTERIM
from tests.reports.test_numbers import page_tables

#: Sunday 1.12.2019 – Sunday 31.5.2020: 26 weeks with working days, from 2.12.2019 on
FIRST, LAST = FIRST_INTERIM
WEEKS = 26
#: a day long after the period, so every week of it is over
LATER = date(2026, 12, 3)
PANEL_FIGURES = re.compile(
    r"(\d+) of (\d+) weeks held, (\d+) with a reason, (\d+) missing\.", re.ASCII
)


def test_the_weeks_due_are_those_with_a_working_day_in_the_range():
    mondays = working_weeks(FIRST, LAST)
    assert date(2019, 11, 25) not in mondays
    assert mondays[0] == date(2019, 12, 2) and mondays[-1] == date(2020, 5, 25)
    assert len(mondays) == WEEKS
    # a range from a Friday owes that week; one from a Saturday does not
    assert working_weeks(date(2019, 12, 6), date(2019, 12, 8)) == [date(2019, 12, 2)]
    assert working_weeks(date(2019, 12, 7), date(2019, 12, 8)) == []
    # a range that ends on a Monday owes that week
    assert working_weeks(date(2020, 5, 30), date(2020, 6, 1)) == [date(2020, 6, 1)]


def test_weeks_still_to_come_are_not_counted(app):
    with app.test_request_context():
        weeks = weekly_coverage(FIRST, LAST, date(2020, 1, 8))
    assert [week["monday"] for week in weeks][-1] == date(2020, 1, 6)
    assert weeks[-1]["state"] == "pending"
    assert {week["state"] for week in weeks[:-1]} == {"missing"}
    assert len(weeks) == 6


def demo_like_contract(users):
    """A contract starting, like the demo's, on Sunday 1.12.2019: its first interim period."""
    contract = create_contract(
        None,
        {
            "number": "AGREE-2019/1",
            "funder": "The ministry",
            "starts_on": FIRST,
            "ends_on": date(2022, 11, 30),
            "amount_cents": 0,
        },
    )
    return Period.get(
        Period.contract == contract.id,
        Period.kind == PeriodKind.INTERIM,
        Period.starts_on == FIRST,
    )


def test_the_panel_and_the_pack_count_the_same_missing_weeks(app, english):
    """Meetings in some weeks, a reason in one, nothing in the rest: the panel's line and the
    pack's table say the same numbers, and the week of 25.11.2019 is missing in neither."""
    period = demo_like_contract(english)
    mondays = working_weeks(FIRST, LAST)
    for monday in mondays[:10]:
        make_meeting(english, monday + timedelta(days=1))
    CoverageReason.create(week_start=mondays[10], kind="holiday", set_by=english[Role.LEAD])
    with app.test_request_context():
        lead = User.get_by_id(english[Role.LEAD].id)
        login_user(lead)
        result = rules.weekly_meeting(rules.Window(FIRST, LAST, LATER, lead, period))
        pack = figures(FIRST, LAST, LATER).weekly
    assert result.figures == "10 of 26 weeks held, 1 with a reason, 15 missing."
    assert (pack["held"], pack["excused"], pack["missing"]) == (10, 1, 15)
    assert len(result.findings) == pack["missing"] == WEEKS - 11
    assert not any("25 Nov 2019" in finding.text for finding in result.findings)


def panel_weeks(client, period_id: int) -> tuple[int, ...]:
    html = client.get(f"/compliance/?period={period_id}").get_data(as_text=True)
    line = html.split('id="rule-weekly_meeting"')[1].split("</li>")[0]
    held, weeks, excused, missing = PANEL_FIGURES.search(line).groups()
    return int(weeks), int(held), int(excused), int(missing)


def pack_weeks(client) -> tuple[int, ...]:
    tables = page_tables(client, f"/reports/interim?from={FIRST}&to={LAST}")
    rows = {row[0]: row[1] for row in tables["meetings"]}
    held = int(rows["Weeks with the weekly meeting"])
    excused = int(rows["Weeks without it, with a reason"])
    missing = int(rows["Weeks without it and without a reason"])
    return held + excused + missing, held, excused, missing


def test_the_demo_panel_and_pack_agree_on_the_first_interim_period(demo_app, demo_as):
    """The demo's first interim period (1.12.2019 – 31.5.2020) on the compliance panel and on
    the interim report's page: the same 26 weeks, the same held, excused and missing."""
    with demo_app.app_context():
        period = Period.get(
            Period.kind == PeriodKind.INTERIM,
            Period.starts_on == FIRST,
        )
    client = demo_as("coordinator")
    panel = panel_weeks(client, period.id)
    assert panel == pack_weeks(client)
    assert panel[0] == WEEKS


def test_the_supervision_gaps_read_the_same_on_every_page(demo_app, demo_as, in_demo):
    """The months a group had no supervision in the demo's first interim period: the same
    sentence in the interim report, on the supervision page and on the panel."""
    with in_demo(), force_locale("en"):
        gaps = training_reports.compliance(FIRST, LAST, LATER).missing()
        said = supervision_gaps_text(gaps)
        period = Period.get(Period.kind == PeriodKind.INTERIM, Period.starts_on == FIRST)
    client = demo_as("coordinator")
    window = {"from": FIRST.isoformat(), "to": LAST.isoformat()}
    interim = client.get("/reports/interim", query_string=window).get_data(as_text=True)
    assert said in html.unescape(interim)
    training = client.get("/training/compliance", query_string=window).get_data(as_text=True)
    assert said in html.unescape(training)
    if gaps:
        panel = client.get(f"/compliance/?period={period.id}").get_data(as_text=True)
        assert said in html.unescape(panel)
