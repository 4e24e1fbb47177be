"""The days a page covers (periods.queries.requested_window), as the compliance panel, the reports
and the training log choose them: the dates asked for, else a period, else the current one."""

from datetime import date, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from app.periods.queries import current_period, current_window, requested_window
from app.refusals import Refused


def window(app, today: date, **args):
    with app.test_request_context():
        return requested_window(MultiDict(args), today)


def test_dates_win_over_a_period(app, interims):
    first, last, period = window(
        app, date(2020, 3, 1), **{"from": "2020-01-06", "to": "2020-01-19", "period": "1"}
    )
    assert (first, last, period) == (date(2020, 1, 6), date(2020, 1, 19), None)


def test_a_period_by_its_id(app, interims):
    chosen = interims[0]
    first, last, period = window(app, date(2020, 3, 1), period=f" {chosen.id} ")
    assert (first, last, period.id) == (chosen.starts_on, chosen.ends_on, chosen.id)


def test_without_a_choice_the_period_holding_today(app, interims):
    today = interims[2].starts_on + timedelta(days=3)
    first, last, period = window(app, today, period="")
    assert (first, last, period.id) == (interims[2].starts_on, interims[2].ends_on, interims[2].id)


def test_after_the_last_period_the_latest_begun_and_before_the_first_the_first(app, interims):
    with app.test_request_context():
        assert current_period(date(2099, 1, 1)).id == interims[-1].id
        assert current_period(date(2000, 1, 1)).id == interims[0].id


def test_without_any_period_the_six_months_up_to_this_one(app):
    six_months = (date(2019, 10, 1), date(2020, 3, 31), None)
    with app.test_request_context():
        assert current_window(date(2020, 3, 15)) == six_months
    assert window(app, date(2020, 3, 15)) == six_months


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"from": "2020-03-01", "to": "2020-01-01"}, "The start date is after the end date."),
        ({"from": "2020-01-01"}, "Give both dates as YYYY-MM-DD"),
        ({"to": "2020-02-30"}, "Give both dates as YYYY-MM-DD"),
    ],
)
def test_dates_that_are_no_range_are_refused_beside_the_form(app, args, message):
    with pytest.raises(Refused) as refused:
        window(app, date(2020, 3, 1), **args)
    assert refused.value.status == 422
    assert message in str(refused.value.message)


@pytest.mark.parametrize("chosen", ["999999", "abc", "-1", "1.0", "9" * 13, "²"])
def test_a_period_that_does_not_exist_is_404(app, chosen):
    with pytest.raises(Refused) as refused:
        window(app, date(2020, 3, 1), period=chosen)
    assert refused.value.status == 404
    assert "There is no such reporting period" in str(refused.value.message)
