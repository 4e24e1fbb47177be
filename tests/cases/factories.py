"""Case files made directly with the model (call inside `with db.connection_context():`)."""

from datetime import date, timedelta

from app.calendar import local_today
from app.cases.models import CaseFile, CaseKind


def days_ago(days: int) -> date:
    return local_today() - timedelta(days=days)


def make_case(code: str, social_worker, mentor=None, **fields) -> CaseFile:
    return CaseFile.create(
        code=code,
        kind=fields.pop("kind", CaseKind.INDIVIDUAL),
        people=fields.pop("people", 1),
        social_worker=social_worker,
        mentor=mentor,
        opened_on=fields.pop("opened_on", days_ago(100)),
        closed_on=fields.pop("closed_on", None),
    )
