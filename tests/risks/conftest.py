"""Risk-register helpers: measures of a risk, the risk form as posted."""

from datetime import timedelta

from app.calendar import local_today
from app.risks.models import Measure, Risk
from tests.factories import risk_type


def add_measures(risk: Risk, *texts: str) -> list[Measure]:
    return [
        Measure.create(risk=risk, position=number, text=text)
        for number, text in enumerate(texts, start=1)
    ]


def risk_data(**extra) -> dict:
    """The risk form as a browser posts it."""
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
