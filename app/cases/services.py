"""Case files: create, change and close (never delete: timesheets and reports refer to them)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from app import audit
from app.accounts import User
from app.calendar import local_today
from app.cases.models import CaseFile, CaseKind
from app.cases.queries import may_manage
from app.db import write_tx
from app.permissions import Role
from app.refusals import refuse

EDITABLE_FIELDS = ("code", "kind", "people", "social_worker", "mentor", "opened_on", "closed_on")
#: the fields that hold a user's id
USER_FIELDS = ("social_worker", "mentor")


def _normalised(values: dict) -> dict:
    values = {name: values.get(name) for name in EDITABLE_FIELDS}
    values["code"] = (values["code"] or "").strip().upper()
    values["mentor"] = values["mentor"] or None
    return values


def _current(case: CaseFile, name: str):
    return getattr(case, f"{name}_id") if name in USER_FIELDS else getattr(case, name)


def _check(actor: User, values: dict, case_id: int | None, today: date) -> None:
    taken = CaseFile.select().where(CaseFile.code == values["code"])
    if case_id is not None:
        taken = taken.where(CaseFile.id != case_id)
    if taken.exists():
        raise refuse(_l("This case code is taken."), "code")
    if values["kind"] not in CaseKind.ALL:
        raise refuse(_l("Not a valid choice."), "kind")
    if (
        not User.select()
        .where(User.id == values["social_worker"], User.role.in_(Role.SUPERVISORS))
        .exists()
    ):
        raise refuse(_l("Choose a social worker."), "social_worker")
    if (
        values["mentor"]
        and not User.select().where(User.id == values["mentor"], User.role == Role.MENTOR).exists()
    ):
        raise refuse(_l("Choose a mentor."), "mentor")
    if not may_manage(actor, values["social_worker"], values["mentor"]):
        raise refuse(
            _l(
                "You can keep only case files that you manage or whose mentor you supervise; "
                "the lead social worker can hand a case file over."
            ),
            "social_worker",
        )
    _check_closing(values["opened_on"], values["closed_on"], today)


def _check_closing(opened_on: date, closed_on: date | None, today: date) -> None:
    if closed_on is None:
        return
    if closed_on < opened_on:
        raise refuse(_l("The closing date is before the opening date."), "closed_on")
    if closed_on > today:
        raise refuse(_l("A case file cannot be closed on a future date."), "closed_on")


def create_case(actor: User, values: dict, today: date | None = None) -> CaseFile:
    """A new case file in the actor's scope, with a free code."""
    values = _normalised(values)
    with write_tx():
        _check(actor, values, None, today or local_today())
        try:
            case = CaseFile.create(**values)
        except IntegrityError as error:  # a parallel request took the code meanwhile
            raise refuse(_l("This case code is taken."), "code") from error
        audit.record(actor, "case.create", case, values)
    return case


def update_case(actor: User, case: CaseFile, values: dict, today: date | None = None) -> list[str]:
    """Apply the edited fields; returns the names of those that changed."""
    values = _normalised(values)
    with write_tx():
        _check(actor, values, case.id, today or local_today())
        changed = [name for name, value in values.items() if _current(case, name) != value]
        if not changed:
            return []
        for name in changed:
            setattr(case, name, values[name])
        try:
            case.save(only=[getattr(CaseFile, name) for name in changed])
        except IntegrityError as error:
            raise refuse(_l("This case code is taken."), "code") from error
        audit.record(actor, "case.update", case, changed)
    return changed


def close_case(actor: User, case: CaseFile, closed_on: date, today: date | None = None) -> None:
    """Close an open case file on a day from its opening to today; it stays in the records."""
    with write_tx():
        if not may_manage(actor, case.social_worker_id, case.mentor_id):
            raise refuse(_l("You cannot change this case file."))
        if case.closed_on is not None:
            raise refuse(_l("This case file is already closed."))
        _check_closing(case.opened_on, closed_on, today or local_today())
        case.closed_on = closed_on
        case.save(only=[CaseFile.closed_on])
        audit.record(actor, "case.close", case, ["closed_on"])
