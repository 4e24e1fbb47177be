"""The client statistics on the hand-made caseload of tests/reports/client_data.py (January –
March 2024): every figure of sections II and III, worked out by hand in the comments."""

from datetime import date

import pytest
from playhouse.test_utils import assert_query_count

from app.cases.models import ClosingReason
from app.clients.models import ArrivalRoute, Gender, Stage
from app.clients.rules import Household
from app.clients.statistics import client_figures, yearly_summary, years_with_data
from tests.reports.client_data import FIRST, LAST, make_clients


@pytest.fixture
def caseload(app, users):
    make_clients(users)
    return users


@pytest.fixture
def period(caseload):
    with assert_query_count(4):  # memberships, closings, timelines, residences
        return client_figures(FIRST, LAST)


def test_the_clients_and_case_files_served(period):
    # c1–c11 (c12's case H closed in 2023); c9 moved from E to F and counts once
    assert period.clients == 11
    # A, B, C, D, E, F, G
    assert period.cases == 7
    # A has a child (c3, 9 in 2024; c4, 0); D (54, 62) and E (24, 22) are adults;
    # B, C, F, G have one member each
    assert period.households == {
        Household.WITH_CHILDREN: 1,
        Household.WITHOUT_CHILDREN: 2,
        Household.INDIVIDUAL: 4,
    }


def test_gender_and_age(period):
    # women c1 c3 c7 c10 c11, men c2 c4 c5 c6 c8 c9
    assert period.genders == {Gender.FEMALE: 5, Gender.MALE: 6}
    # ages in 2024: 34 36 9 0 29 44 54 62 24 22 39; children c3 c4, over 60 c8
    assert period.age_groups == {"child": 2, "adult": 8, "senior": 1}
    assert period.average_age == pytest.approx(353 / 11)  # 32.1
    assert period.average_adult_age == pytest.approx(282 / 8)  # 35.25
    # women 34 + 9 + 54 + 22 + 39 = 158 / 5; men 36 + 0 + 29 + 44 + 62 + 24 = 195 / 6
    assert period.average_age_by_gender == {
        Gender.FEMALE: pytest.approx(31.6),
        Gender.MALE: pytest.approx(32.5),
    }
    assert period.children_share == pytest.approx(200 / 11)


def test_countries_routes_and_pupils(period):
    assert period.countries == {"SY": 4, "IQ": 2, "AF": 2, "AZ": 1, "RU": 1}
    assert period.unknown_country == 1  # c11
    # own: c1 c2 c3 c5 c6 c9 c10; relocated: c7 c8; none: c4 c11
    assert period.routes == {ArrivalRoute.OWN: 7, ArrivalRoute.RELOCATION: 2, None: 2}
    assert period.grades == {3: 1}  # c3


def test_decisions_in_the_period(period):
    # c10's and c11's statuses were granted before January and do not count
    assert period.decisions == {
        Stage.REFUGEE: 3,  # c1 c2 c3 on 5 February
        Stage.ALTERNATIVE: 1,  # c7
        Stage.NEGATIVE: 3,  # c5, c6, c8
        Stage.COURT_POSITIVE: 1,  # c8
        Stage.COURT_NEGATIVE: 1,  # c9
    }
    assert period.positive_by_country == {Stage.REFUGEE: {"SY": 3}, Stage.ALTERNATIVE: {"IQ": 1}}
    assert period.exits == {ClosingReason.LEFT: 1}  # c6
    # on 31 March: c5 appealed (court); c4 has no step and c8's court sent it back (office)
    assert (period.waiting_court, period.waiting_office) == (1, 2)


def test_taken_over_and_in_service_at_the_end(period):
    # on 1 January, members since before: c1 c2 c3 (A), c5 (B), c6 (C), c9 c10 (E), c11 (G)
    assert (period.taken_over_clients, period.taken_over_cases) == (8, 5)
    assert period.taken_over_outside == 2  # c9 c10 in Rīga; A still at the PMC; c11 unknown
    # on 31 March: all but c6; case files A B D E F G
    assert (period.end_clients, period.end_cases) == (10, 6)
    # Rīga: c1 c2 c3 (since 10 Feb), c4, c9, c10; Jūrmala: c7 (since 20 March)
    assert period.end_municipalities == {"Rīga": 6, "Jūrmala": 1}
    assert (period.end_outside, period.end_pmc, period.end_residence_unknown) == (7, 2, 1)


def test_closings_by_reason(period):
    # C left on 15 February; G's closing on 20 January counts although it was reopened;
    # H closed in December
    assert period.closed == {ClosingReason.LEFT: 1, ClosingReason.ENDED: 1}


def test_months_and_social_workers(period, caseload):
    worker = caseload["social_worker"].id
    lead = caseload["lead_social_worker"].id
    months = [(m.month, m.clients, m.workers) for m in period.by_month]
    assert months == [
        # January: no c4; W: c1 c2 c3 c5 c9 c10 c11, L: c6 c7 c8
        (date(2024, 1, 1), 10, {worker: 7, lead: 3}),
        # February: everybody; W: A(4) c5 c10 c11, L: c6 c7 c8 c9 (F)
        (date(2024, 2, 1), 11, {worker: 7, lead: 4}),
        # March: no c6; W: A(4) c5 c10 c11, L: c7 c8 c9
        (date(2024, 3, 1), 10, {worker: 7, lead: 3}),
    ]
    assert period.monthly_average == pytest.approx(31 / 3)
    assert period.per_worker_average == pytest.approx((5 + 5.5 + 5) / 3)


def test_on_a_day_across_moves_and_status_changes(caseload):
    # 12 February: c4 not born yet; C still open; G reopened on the 10th; c9 in F
    day = client_figures(date(2024, 2, 12), date(2024, 2, 12))
    assert (day.clients, day.cases) == (10, 7)
    # c5 appealed, c9's court decides on the 20th; c7 still waits for the office
    assert (day.waiting_court, day.waiting_office) == (2, 1)
    # A moved to Rīga on the 10th: c1 c2 c3, c9, c10; at the PMC c5 c6 c7 c8
    assert (day.end_outside, day.end_pmc, day.end_residence_unknown) == (5, 4, 1)
    assert day.decisions == {}
    # 25 January: G is in its gap (closed on the 20th, reopened on 10 February); c9 still in E
    gap = client_figures(date(2024, 1, 25), date(2024, 1, 25))
    assert (gap.clients, gap.cases) == (9, 5)
    assert gap.households[Household.WITHOUT_CHILDREN] == 2  # D and E (c9 c10)


def test_the_yearly_summary(caseload):
    with assert_query_count(4):
        summary = yearly_summary(2023, 2024)
    before, year = summary.years
    # 2023: c1 c2 c3, c5, c6, c9 c10, c11, c12 (H until 15 December)
    assert before.clients == 9
    assert before.genders == {Gender.FEMALE: 5, Gender.MALE: 4}
    assert before.age_groups["child"] == 1  # c3, 8
    # women 33 + 8 + 21 + 38 + 24 = 124 / 5; men 35 + 28 + 43 + 23 = 129 / 4
    assert before.average_age_by_gender[Gender.FEMALE] == pytest.approx(24.8)
    assert before.average_age_by_gender[Gender.MALE] == pytest.approx(32.25)
    assert before.exits == {ClosingReason.ENDED: 1}  # c12
    # on 31 December 2023: PMC c1 c2 c3 c5 c6; Rīga c9 c10; c11 unknown
    assert (before.end_pmc, before.end_municipalities, before.end_residence_unknown) == (
        5,
        {"Rīga": 2},
        1,
    )
    assert year.clients == 11 and year.exits == {ClosingReason.LEFT: 1}
    assert year.children_share == pytest.approx(200 / 11)
    assert (year.end_clients, year.end_pmc, year.end_outside) == (10, 2, 7)
    assert years_with_data() == (2023, None)  # open memberships reach today


def test_twice_the_data_costs_the_same_queries(caseload):
    make_clients(caseload, "-2")
    with assert_query_count(4):
        doubled = client_figures(FIRST, LAST)
    assert (doubled.clients, doubled.cases, doubled.end_outside) == (22, 14, 14)


def test_nobody_served(app):
    with assert_query_count(2):
        empty = client_figures(FIRST, LAST)
    assert empty.clients == 0 and empty.monthly_average == 0 and empty.per_worker_average == 0
    assert years_with_data() is None
