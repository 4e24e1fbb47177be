"""Who sees which case files, the picker of the timesheet form, and caseloads vs the contract."""

from dataclasses import dataclass
from datetime import date

from peewee import JOIN, SQL, Case, fn

from app import scope
from app.accounts import User
from app.cases.models import CaseClosure, CaseFile
from app.clients.models import Membership
from app.permissions import Role

PAGE_SIZE = 50
PICKER_LIMIT = 20

#: Contract limits (tehniskā specifikācija): a mentor has 5–20 clients and a social worker
#: serves 30–120 clients, both counted in people (the current members of their open case
#: files); a social worker supervises at most 6 mentors.
MENTOR_CLIENTS = (5, 20)
WORKER_CLIENTS = (30, 120)
WORKER_MENTORS = (None, 6)

STATUS_OPEN, STATUS_CLOSED, STATUS_ALL = "open", "closed", "all"
STATUSES = (STATUS_OPEN, STATUS_CLOSED, STATUS_ALL)


def _supervised_mentor_ids(supervisor: User):
    return User.select(User.id).where(User.role == Role.MENTOR, User.supervisor == supervisor.id)


def cases_visible_to(viewer: User):
    """Case files the viewer may see: all (lead, coordinator), managed, or those whose mentor
    the viewer may see by name (app/scope.py: a social worker's mentors, a mentor themself)."""
    query = CaseFile.select()
    if viewer.role in (Role.LEAD, Role.COORDINATOR):
        return query
    if viewer.role in (Role.SOCIAL_WORKER, Role.MENTOR):
        return query.where(
            (CaseFile.social_worker == viewer.id) | scope.people_condition(viewer, CaseFile.mentor)
        )
    return query.where(SQL("1 = 0"))


def cases_manageable_by(actor: User):
    """Case files the actor may edit and close: all for the lead, their own for a social worker."""
    if actor.role in (Role.LEAD, Role.SOCIAL_WORKER):
        return cases_visible_to(actor)
    return CaseFile.select().where(SQL("1 = 0"))


def may_manage(actor: User, social_worker_id: int | None, mentor_id: int | None) -> bool:
    """Whether a case with these people would be in the actor's scope (for creating and moving)."""
    if actor.role == Role.LEAD:
        return True
    if actor.role != Role.SOCIAL_WORKER:
        return False
    if social_worker_id == actor.id:
        return True
    if not mentor_id:
        return False
    return _supervised_mentor_ids(actor).where(User.id == mentor_id).exists()


def open_between(first: date, last: date):
    """The condition "the case file is open on some day from `first` to `last`" (the opening
    and the closing day count, a gap between a closing and a reopening does not); the SQL twin
    of CaseFile.is_open_on."""
    inside_gap = CaseClosure.select(CaseClosure.id).where(
        CaseClosure.case == CaseFile.id,
        CaseClosure.closed_on < first,
        CaseClosure.reopened_on > last,
    )
    return (
        (CaseFile.opened_on <= last)
        & (CaseFile.closed_on.is_null() | (CaseFile.closed_on >= first))
        & ~fn.EXISTS(inside_gap)
    )


def open_on(day: date):
    """The condition "the case file is open on `day`"."""
    return open_between(day, day)


def latest_closure(case: CaseFile) -> CaseClosure | None:
    """The case file's latest closing (the current one while it is closed)."""
    return (
        CaseClosure.select()
        .where(CaseClosure.case == case.id)
        .order_by(CaseClosure.closed_on.desc(), CaseClosure.id.desc())
        .first()
    )


def normalise_search(text: str | None) -> str:
    return (text or "").strip().upper()[:16]


def case_list(viewer: User, status: str = STATUS_OPEN, search: str = ""):
    """The viewer's case files by code (the view reads one page of them)."""
    worker = User.alias("worker")
    mentor = User.alias("mentor_user")
    query = (
        cases_visible_to(viewer)
        .select(
            CaseFile.id,
            CaseFile.code,
            CaseFile.kind,
            CaseFile.people,
            CaseFile.opened_on,
            CaseFile.closed_on,
            worker.display_name.alias("social_worker_name"),
            mentor.display_name.alias("mentor_name"),
        )
        .join(worker, on=(CaseFile.social_worker == worker.id))
        .switch(CaseFile)
        .join(mentor, JOIN.LEFT_OUTER, on=(CaseFile.mentor == mentor.id))
        .order_by(CaseFile.code)
    )
    if status == STATUS_OPEN:
        query = query.where(CaseFile.closed_on.is_null())
    elif status == STATUS_CLOSED:
        query = query.where(CaseFile.closed_on.is_null(False))
    search = normalise_search(search)
    if search:
        query = query.where(CaseFile.code.contains(search))
    return query.dicts()


def open_cases_for_picker(user: User, day: date, search: str) -> list[dict]:
    """Open case files on `day`: without a search the user's own; with one, those whose code
    matches, the user's own first, then colleagues' (which a mentor may cover). At most
    PICKER_LIMIT, as plain dicts."""
    own = Case(None, [(CaseFile.mentor == user.id, 1)], 0)
    query = (
        CaseFile.select(
            CaseFile.id,
            CaseFile.code,
            CaseFile.kind,
            CaseFile.people,
            CaseFile.mentor,
            own.alias("own"),
        )
        .where(open_on(day))
        .order_by(own.desc(), CaseFile.code)
        .limit(PICKER_LIMIT)
    )
    search = normalise_search(search)
    if search:
        query = query.where(CaseFile.code.contains(search))
    else:
        query = query.where(CaseFile.mentor == user.id)
    rows = list(query.dicts())
    for row in rows:
        row["own"] = bool(row["own"])
    return rows


def staff_choices(
    keep_ids=(), viewer: User | None = None
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(social workers and the lead, mentors) who are active, plus any of `keep_ids` (the
    people already on a case, so that editing it does not force a change). With a `viewer`,
    only the mentors the viewer may see by name (a social worker's own: the lead puts a mentor
    of another team on a case file); the social workers are all listed, as a social worker may
    hand a case file of their mentor to a colleague."""
    keep = [user_id for user_id in keep_ids if user_id]
    mentors = User.role == Role.MENTOR
    if viewer is not None:
        mentors = mentors & scope.people_condition(viewer)
    condition = (User.role.in_(Role.SUPERVISORS) | mentors) & User.active
    if keep:
        condition = condition | User.id.in_(keep)
    rows = (
        User.select(User.id, User.display_name, User.role)
        .where(condition)
        .order_by(User.display_name, User.id)
        .tuples()
    )
    workers, mentors = [], []
    for user_id, name, role in rows:
        if role in Role.SUPERVISORS:
            workers.append((user_id, name))
        elif role == Role.MENTOR:
            mentors.append((user_id, name))
    return workers, mentors


# --- caseloads ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """A count against a contract range; either bound may be open."""

    value: int
    low: int | None
    high: int | None

    @property
    def breach(self) -> str | None:
        """'below', 'above', or None when the count is within the contract range."""
        if self.low is not None and self.value < self.low:
            return "below"
        if self.high is not None and self.value > self.high:
            return "above"
        return None


@dataclass(frozen=True)
class MentorLoad:
    user_id: int
    name: str
    #: people: the current members of the mentor's open case files
    people: Measure
    #: the open case files those people are in (shown beside them, not a contract measure)
    cases: int

    @property
    def breach(self) -> str | None:
        return self.people.breach


@dataclass(frozen=True)
class WorkerLoad:
    user_id: int
    name: str
    role: str
    mentors: Measure
    #: people: the current members of the social worker's open case files
    clients: Measure
    cases: int
    grammatical_gender: str = ""  #: the role's title agrees with it (accounts.role_title)

    @property
    def breach(self) -> bool:
        return bool(self.mentors.breach or self.clients.breach)


@dataclass(frozen=True)
class Caseload:
    day: date
    mentors: list[MentorLoad]
    workers: list[WorkerLoad]


def open_case_counts(day: date) -> dict[tuple[int, int | None], tuple[int, int]]:
    """(social worker, mentor) -> (open case files, current members) on the day; one query.
    A case file open on the day counts even when none of its members is current."""
    from app.clients.queries import member_on  # app.clients.queries imports this module

    rows = (
        CaseFile.select(
            CaseFile.social_worker,
            CaseFile.mentor,
            fn.COUNT(fn.DISTINCT(CaseFile.id)),
            fn.COUNT(Membership.id),
        )
        .join(
            Membership,
            JOIN.LEFT_OUTER,
            on=((Membership.case == CaseFile.id) & member_on(day)),
        )
        .where(open_on(day))
        .group_by(CaseFile.social_worker, CaseFile.mentor)
        .tuples()
    )
    return {(worker, mentor): (cases, people) for worker, mentor, cases, people in rows}


def _totals(counts: dict, position: int) -> dict[int, tuple[int, int]]:
    """(case files, people) summed per the key's `position` (0 social worker, 1 mentor)."""
    totals: dict[int, tuple[int, int]] = {}
    for key, (cases, people) in counts.items():
        if key[position] is None:
            continue
        known_cases, known_people = totals.get(key[position], (0, 0))
        totals[key[position]] = (known_cases + cases, known_people + people)
    return totals


def caseload(day: date, viewer: User | None = None) -> Caseload:
    """Active mentors' and active social workers' clients on `day` in people (current members
    of open case files), with the case files beside them, and the social workers' mentors, each
    against the contract range; four queries whatever the numbers. With a `viewer`, only the
    people the viewer may see by name (app/scope.py: a social worker's own team)."""
    shown = SQL("1 = 1") if viewer is None else scope.people_condition(viewer)
    mentor_rows = (
        User.select(User.id, User.display_name)
        .where(User.role == Role.MENTOR, User.active, shown)
        .order_by(User.display_name, User.id)
        .tuples()
    )
    worker_rows = (
        User.select(User.id, User.display_name, User.role, User.grammatical_gender)
        .where(User.role.in_(Role.SUPERVISORS), User.active, shown)
        .order_by(User.display_name, User.id)
        .tuples()
    )
    mentors_per_worker = dict(
        User.select(User.supervisor, fn.COUNT(User.id))
        .where(User.role == Role.MENTOR, User.active, User.supervisor.is_null(False))
        .group_by(User.supervisor)
        .tuples()
    )
    counts = open_case_counts(day)
    per_mentor, per_worker = _totals(counts, 1), _totals(counts, 0)
    mentors = []
    for user_id, name in mentor_rows:
        cases, people = per_mentor.get(user_id, (0, 0))
        mentors.append(MentorLoad(user_id, name, Measure(people, *MENTOR_CLIENTS), cases))
    workers = []
    for user_id, name, role, gender in worker_rows:
        cases, people = per_worker.get(user_id, (0, 0))
        supervised = Measure(mentors_per_worker.get(user_id, 0), *WORKER_MENTORS)
        workers.append(
            WorkerLoad(
                user_id, name, role, supervised, Measure(people, *WORKER_CLIENTS), cases, gender
            )
        )
    return Caseload(day=day, mentors=mentors, workers=workers)
