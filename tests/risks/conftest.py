"""Risk-register fixtures: English UI, a contract with six-month periods around today, risks."""

from datetime import date, timedelta

import pytest

from app.accounts import User
from app.calendar import local_today
from app.db import db
from app.periods.models import Period, PeriodKind
from app.periods.services import create_contract
from app.risks.models import Assessment, Measure, Risk, RiskType


@pytest.fixture
def english(app, users):
    """Everyone reads the English UI, so assertions can quote the messages."""
    with db.connection_context():
        User.update(language="en").execute()
    return users


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def contract(app):
    """A contract that began on the first of the month 13 months ago and runs two more years:
    three six-month periods have begun, two of them are over."""
    starts = months_before(local_today(), 13)
    with db.connection_context():
        return create_contract(
            None,
            {
                "number": "SAM-2024/1",
                "funder": "The ministry",
                "starts_on": starts,
                "ends_on": starts.replace(year=starts.year + 3) - timedelta(days=1),
                "amount_cents": 0,
            },
        )


@pytest.fixture
def interims(contract) -> list[Period]:
    """The contract's six-month periods, oldest first: [0] and [1] are over, [2] holds today."""
    with db.connection_context():
        return list(
            Period.select()
            .where(Period.contract == contract.id, Period.kind == PeriodKind.INTERIM)
            .order_by(Period.starts_on)
        )


def risk_type(name_en: str = "Staff") -> RiskType:
    return RiskType.get(RiskType.name_en == name_en)


def make_risk(title: str = "Staff turnover", **fields) -> Risk:
    """A risk straight in the database (tests of the pages, not of the form)."""
    with db.connection_context():
        values = {
            "type": fields.pop("type", None) or risk_type(),
            "title": title,
            "contract_priority": "high",
            "likelihood": 3,
            "impact": 3,
            "added_on": local_today() - timedelta(days=500),
        }
        values.update(fields)
        return Risk.create(**values)


def add_measures(risk: Risk, *texts: str) -> list[Measure]:
    with db.connection_context():
        return [
            Measure.create(risk=risk, position=number, text=text)
            for number, text in enumerate(texts, start=1)
        ]


def assess(risk: Risk, period: Period, likelihood: int, impact: int, author: User, **extra):
    with db.connection_context():
        return Assessment.create(
            risk=risk,
            period=period,
            likelihood=likelihood,
            impact=impact,
            author=author,
            text=extra.pop("text", "Assessed."),
            written_on=extra.pop("written_on", local_today()),
            **extra,
        )


def risk_data(**extra) -> dict:
    """The risk form as a browser posts it."""
    with db.connection_context():
        type_id = risk_type().id
    data = {
        "type": str(type_id),
        "title": "Staff turnover",
        "description": "Two mentors may leave in spring.",
        "owner": "0",
        "contract_priority": "high",
        "likelihood": "4",
        "impact": "5",
        "added_on": (local_today() - timedelta(days=10)).isoformat(),
        "version": "",
    }
    data.update(extra)
    return data
