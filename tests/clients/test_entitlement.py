"""The end of a client's service entitlement on each path of the legal timeline."""

from datetime import date

import pytest

from app.clients.models import Stage
from app.clients.rules import Entitlement, entitlement

ARRIVED = date(2020, 1, 10)


def test_no_arrival_and_no_timeline_is_unknown():
    assert entitlement(None, []) == Entitlement(None, "unknown")


def test_an_arrival_without_a_step_is_examined_with_no_end_yet():
    assert entitlement(ARRIVED, []) == Entitlement(None, "examined")


@pytest.mark.parametrize("stage", [Stage.ASYLUM_SEEKER, Stage.APPEAL, Stage.COURT_POSITIVE])
def test_while_the_application_or_the_appeal_is_examined_no_end_is_known(stage):
    events = [(Stage.NEGATIVE, date(2020, 2, 1)), (stage, date(2020, 3, 1))]
    assert entitlement(ARRIVED, events) == Entitlement(None, "examined")


@pytest.mark.parametrize("stage", [Stage.REFUGEE, Stage.ALTERNATIVE])
def test_a_status_gives_twelve_more_months(stage):
    events = [(Stage.ASYLUM_SEEKER, ARRIVED), (stage, date(2020, 2, 29))]
    assert entitlement(ARRIVED, events) == Entitlement(date(2021, 2, 28), "status")


def test_a_refusal_gives_the_month_for_an_appeal():
    events = [(Stage.ASYLUM_SEEKER, ARRIVED), (Stage.NEGATIVE, date(2020, 6, 15))]
    assert entitlement(ARRIVED, events) == Entitlement(date(2020, 7, 15), "appeal_time")


def test_an_early_refusal_keeps_the_three_months_from_arrival():
    events = [(Stage.ASYLUM_SEEKER, ARRIVED), (Stage.NEGATIVE, date(2020, 1, 20))]
    assert entitlement(ARRIVED, events) == Entitlement(date(2020, 4, 10), "appeal_time")


def test_without_an_arrival_date_the_first_asylum_step_counts_as_arrival():
    events = [(Stage.ASYLUM_SEEKER, ARRIVED), (Stage.NEGATIVE, date(2020, 1, 20))]
    assert entitlement(None, events) == Entitlement(date(2020, 4, 10), "appeal_time")


def test_a_refusal_without_any_arrival_gives_the_appeal_month_only():
    assert entitlement(None, [(Stage.NEGATIVE, date(2020, 1, 20))]) == Entitlement(
        date(2020, 2, 20), "appeal_time"
    )


def test_a_final_court_refusal_ends_it_on_its_day():
    events = [
        (Stage.ASYLUM_SEEKER, ARRIVED),
        (Stage.NEGATIVE, date(2020, 5, 1)),
        (Stage.APPEAL, date(2020, 5, 20)),
        (Stage.COURT_NEGATIVE, date(2020, 11, 3)),
    ]
    assert entitlement(ARRIVED, events) == Entitlement(date(2020, 11, 3), "final_refusal")


def test_a_court_refusal_inside_the_first_three_months_keeps_them():
    events = [(Stage.APPEAL, date(2020, 1, 15)), (Stage.COURT_NEGATIVE, date(2020, 2, 1))]
    assert entitlement(ARRIVED, events) == Entitlement(date(2020, 4, 10), "final_refusal")


@pytest.mark.parametrize("stage", Stage.EXITS)
def test_an_exit_ends_it_on_its_day(stage):
    events = [(Stage.ASYLUM_SEEKER, ARRIVED), (Stage.REFUGEE, date(2020, 5, 1))]
    events.append((stage, date(2020, 8, 31)))
    assert entitlement(ARRIVED, events) == Entitlement(date(2020, 8, 31), stage)


@pytest.mark.parametrize(
    ("ends_on", "due"),
    [
        (None, False),
        (date(2020, 8, 1), True),
        (date(2020, 9, 30), True),
        (date(2020, 10, 1), False),
    ],
)
def test_due_when_ended_or_ending_within_thirty_days(ends_on, due):
    assert Entitlement(ends_on, "status").due(date(2020, 8, 31)) is due
