"""Case files: create, change, close with a reason and reopen (never delete: timesheets and
reports refer to them; a reopening keeps the closing in the history)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from app import audit
from app.accounts import User
from app.calendar import local_today
from app.cases.models import CaseClosure, CaseFile, CaseKind, ClosingReason
from app.cases.queries import latest_closure, may_manage
from app.clients import rules as client_rules
from app.clients import services as client_services
from app.clients.models import Client, Membership
from app.db import write_tx
from app.permissions import Role
from app.refusals import refuse

EDITABLE_FIELDS = ("code", "kind", "social_worker", "mentor", "opened_on")
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
    if case_id is not None:
        first_joined = (
            Membership.select(Membership.joined_on)
            .where(Membership.case == case_id)
            .order_by(Membership.joined_on)
            .scalar()
        )
        if first_joined is not None and values["opened_on"] > first_joined:
            raise refuse(_l("A member joined before this opening date."), "opened_on")


def _check_closing(opened_on: date, closed_on: date, today: date) -> None:
    if closed_on < opened_on:
        raise refuse(_l("The closing date is before the opening date."), "closed_on")
    if closed_on > today:
        raise refuse(_l("A case file cannot be closed on a future date."), "closed_on")


def create_case(actor: User, values: dict, people: int = 1, today: date | None = None) -> CaseFile:
    """A new case file in the actor's scope, with a free code and `people` members whose
    details the case page then asks for."""
    values = _normalised(values)
    today = today or local_today()
    with write_tx():
        _check(actor, values, None, today)
        if values["opened_on"] > today:
            raise refuse(_l("A case file cannot be opened on a future date."), "opened_on")
        try:
            case = CaseFile.create(**values, people=0)
        except IntegrityError as error:  # a parallel request took the code meanwhile
            raise refuse(_l("This case code is taken."), "code") from error
        audit.record(actor, "case.create", case, [*values, "people"])
        client_services.add_unknown_members(actor, case, people, values["opened_on"])
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


def members_on(case: CaseFile, day: date) -> list[tuple[int, int | None]]:
    """(client id, year of birth) of the members of the case file on the day."""
    return list(
        Membership.select(Membership.client, Client.birth_year)
        .join(Client)
        .where(
            Membership.case == case.id,
            Membership.joined_on <= day,
            Membership.left_on.is_null() | (Membership.left_on >= day),
        )
        .tuples()
    )


def needs_municipality_notice(case: CaseFile, day: date) -> bool:
    """A family with children on the day: its closing tells the municipal social service."""
    years = [birth_year for _client, birth_year in members_on(case, day)]
    return client_rules.household(years, day) == client_rules.Household.WITH_CHILDREN


def _check_reason(case: CaseFile, reason: str | None, told_on: date | None, day, today) -> None:
    if reason not in ClosingReason.ALL:
        raise refuse(_l("Choose why the case file closes."), "reason")
    if told_on is not None and told_on > today:
        raise refuse(_l("Enter a day up to today."), "municipality_told_on")
    if told_on is None and needs_municipality_notice(case, day):
        raise refuse(
            _l(
                "A family with children: enter the day the municipal social service was told "
                "that the service ends."
            ),
            "municipality_told_on",
        )


def close_case(
    actor: User,
    case: CaseFile,
    closed_on: date,
    reason: str | None,
    municipality_told_on: date | None = None,
    today: date | None = None,
) -> CaseClosure:
    """Close an open case file on a day from its opening to today, for a reason that also ends
    its members' legal timelines; it stays in the records."""
    today = today or local_today()
    with write_tx():
        if not may_manage(actor, case.social_worker_id, case.mentor_id):
            raise refuse(_l("You cannot change this case file."))
        if case.closed_on is not None:
            raise refuse(_l("This case file is already closed."))
        _check_closing(case.opened_on, closed_on, today)
        latest = latest_closure(case)
        if latest is not None and closed_on < latest.reopened_on:
            raise refuse(_l("The closing date is before the last reopening."), "closed_on")
        _check_reason(case, reason, municipality_told_on, closed_on, today)
        closure = CaseClosure.create(
            case=case,
            closed_on=closed_on,
            reason=reason,
            municipality_told_on=municipality_told_on,
        )
        client_services.close_timelines(
            [client_id for client_id, _year in members_on(case, closed_on)], reason, closed_on
        )
        case.closed_on = closed_on
        case.save(only=[CaseFile.closed_on])
        client_services.refresh_people(case)
        audit.record(actor, "case.close", case, ["closed_on", "reason"])
    return closure


def update_closure(
    actor: User,
    case: CaseFile,
    reason: str | None,
    municipality_told_on: date | None,
    today: date | None = None,
) -> None:
    """Set the reason (and the municipal notice) of a closed case file's closing: a closing
    taken over without a reason is asked for one."""
    today = today or local_today()
    with write_tx():
        if not may_manage(actor, case.social_worker_id, case.mentor_id):
            raise refuse(_l("You cannot change this case file."))
        closure = latest_closure(case) if case.closed_on is not None else None
        if closure is None:
            raise refuse(_l("This case file is open: only a closing has a reason."), "reason")
        _check_reason(case, reason, municipality_told_on, closure.closed_on, today)
        closure.reason = reason
        closure.municipality_told_on = municipality_told_on
        closure.save(only=[CaseClosure.reason, CaseClosure.municipality_told_on])
        audit.record(actor, "case.closure", case, ["reason", "municipality_told_on"])


def reopen_case(actor: User, case: CaseFile, reopened_on: date, today: date | None = None) -> None:
    """Open a closed case file again from a day after its closing; the closing stays in the
    history and the days between are not counted as open."""
    today = today or local_today()
    with write_tx():
        if not may_manage(actor, case.social_worker_id, case.mentor_id):
            raise refuse(_l("You cannot change this case file."))
        closure = latest_closure(case) if case.closed_on is not None else None
        if closure is None:
            raise refuse(_l("This case file is open."))
        if reopened_on <= closure.closed_on:
            raise refuse(_l("Reopen on a day after the closing."), "reopened_on")
        if reopened_on > today:
            raise refuse(_l("Enter a day up to today."), "reopened_on")
        closure.reopened_on = reopened_on
        closure.save(only=[CaseClosure.reopened_on])
        case.closed_on = None
        case.save(only=[CaseFile.closed_on])
        client_services.refresh_people(case)
        audit.record(actor, "case.reopen", case, ["reopened_on"])
