"""Reads of closing evaluations: who may evaluate or read which case files, a case file's card,
the form's criteria, the case files awaiting an evaluation and the period's summary."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from peewee import JOIN, SQL, fn

from app.accounts import User
from app.cases.models import CaseClosure, CaseFile
from app.evaluations.labels import GRADES
from app.evaluations.models import CaseEvaluation, EvaluationCriterion, EvaluationScore
from app.permissions import Role

#: a closing evaluation is due this many days after the closing
DUE_WITHIN_DAYS = 14


def cases_evaluable_by(user: User):
    """Case files whose closing the user may evaluate: all for the lead, a social worker's own
    (the case's manager: not those of the mentors they supervise)."""
    query = CaseFile.select()
    if user.role == Role.LEAD:
        return query
    if user.role == Role.SOCIAL_WORKER:
        return query.where(CaseFile.social_worker == user.id)
    return query.where(SQL("1 = 0"))


def cases_readable_by(user: User):
    """Case files whose evaluations the user may open: the evaluable ones, and all for the
    coordinator (who reads); never the auditor's (aggregates only)."""
    if user.role == Role.COORDINATOR:
        return CaseFile.select()
    return cases_evaluable_by(user)


def current_closure(case: CaseFile) -> CaseClosure | None:
    """The closing of a closed case file (None while it is open); one query."""
    if case.closed_on is None:
        return None
    return (
        CaseClosure.select()
        .where(CaseClosure.case == case.id, CaseClosure.reopened_on.is_null())
        .order_by(CaseClosure.closed_on.desc(), CaseClosure.id.desc())
        .first()
    )


def latest_closure(case: CaseFile) -> CaseClosure | None:
    """The case file's latest closing, current or reopened since; one query."""
    return (
        CaseClosure.select()
        .where(CaseClosure.case == case.id)
        .order_by(CaseClosure.closed_on.desc(), CaseClosure.id.desc())
        .first()
    )


def evaluation_of(closure: CaseClosure | None) -> CaseEvaluation | None:
    """The evaluation of a closing, with its evaluator; one query."""
    if closure is None:
        return None
    return (
        CaseEvaluation.select(CaseEvaluation, User)
        .join(User, on=CaseEvaluation.evaluated_by == User.id)
        .where(CaseEvaluation.closure == closure.id)
        .first()
    )


def scores_of(evaluation: CaseEvaluation | None, language: str) -> list[dict]:
    """The evaluation's grades in the criteria's order: criterion id and name, grade, comment;
    one query."""
    if evaluation is None:
        return []
    return list(
        EvaluationScore.select(
            EvaluationScore.criterion.alias("criterion_id"),
            EvaluationCriterion.name_column(language).alias("name"),
            EvaluationScore.grade,
            EvaluationScore.comment,
        )
        .join(EvaluationCriterion)
        .where(EvaluationScore.evaluation == evaluation.id)
        .order_by(EvaluationCriterion.sort_order, EvaluationCriterion.id)
        .dicts()
    )


def form_criteria(evaluation: CaseEvaluation | None, language: str) -> list[dict]:
    """The criteria the form grades, in order: every offered one, and a retired one the
    evaluation already grades (it keeps its grade); id, name, active; one query."""
    condition = EvaluationCriterion.active
    if evaluation is not None:
        graded = EvaluationScore.select(EvaluationScore.criterion).where(
            EvaluationScore.evaluation == evaluation.id
        )
        condition = condition | EvaluationCriterion.id.in_(graded)
    return list(
        EvaluationCriterion.select(
            EvaluationCriterion.id,
            EvaluationCriterion.name_column(language).alias("name"),
            EvaluationCriterion.active,
        )
        .where(condition)
        .order_by(EvaluationCriterion.sort_order, EvaluationCriterion.id)
        .dicts()
    )


@dataclass(frozen=True)
class Card:
    """The closing evaluation's card on a case file's page."""

    closure: CaseClosure | None  #: the latest closing, current or reopened since
    evaluation: CaseEvaluation | None
    scores: list[dict]
    #: the case file is closed now (its current closing can be evaluated)
    closed: bool
    #: the evaluation's own page opens for the user (cases_readable_by)
    may_open: bool
    may_edit: bool


def card(case: CaseFile, user: User, language: str) -> Card:
    """The evaluation of the case file's latest closing, for the case page: four queries at
    most (the closing, its evaluation, its grades, the user's scope)."""
    closure = latest_closure(case)
    evaluation = evaluation_of(closure)
    closed = case.closed_on is not None and closure is not None and closure.reopened_on is None
    may_open = closure is not None and (
        cases_readable_by(user).where(CaseFile.id == case.id).exists()
    )
    may_edit = may_open and closed and user.role in (Role.LEAD, Role.SOCIAL_WORKER)
    return Card(closure, evaluation, scores_of(evaluation, language), closed, may_open, may_edit)


def awaiting(user: User, today: date, overdue_only: bool = False) -> list[dict]:
    """The closed case files in the user's scope (cases_readable_by) whose current closing has
    no evaluation yet, oldest closing first: id, code, closed_on, social worker, days since the
    closing and whether the evaluation is overdue; `overdue_only` keeps those closed more than
    DUE_WITHIN_DAYS days ago. One query."""
    due = today - timedelta(days=DUE_WITHIN_DAYS)
    query = (
        cases_readable_by(user)
        .select(
            CaseFile.id,
            CaseFile.code,
            CaseClosure.closed_on,
            User.display_name.alias("social_worker"),
        )
        .join(
            CaseClosure,
            on=(CaseClosure.case == CaseFile.id) & CaseClosure.reopened_on.is_null(),
        )
        .join(CaseEvaluation, JOIN.LEFT_OUTER, on=CaseEvaluation.closure == CaseClosure.id)
        .switch(CaseFile)
        .join(User, on=CaseFile.social_worker == User.id)
        .where(CaseFile.closed_on.is_null(False), CaseEvaluation.id.is_null())
        .order_by(CaseClosure.closed_on, CaseFile.code)
    )
    if overdue_only:
        query = query.where(CaseClosure.closed_on < due)
    return [
        {**row, "days": (today - row["closed_on"]).days, "overdue": row["closed_on"] < due}
        for row in query.dicts()
    ]


def unevaluated_closings(first: date, last: date) -> list[dict]:
    """Closings from `first` to `last` of case files still closed, without an evaluation, oldest
    first: case id, code, closed_on; one query (the compliance rule)."""
    return list(
        CaseClosure.select(CaseFile.id, CaseFile.code, CaseClosure.closed_on)
        .join(CaseFile)
        .switch(CaseClosure)
        .join(CaseEvaluation, JOIN.LEFT_OUTER, on=CaseEvaluation.closure == CaseClosure.id)
        .where(
            CaseClosure.closed_on.between(first, last),
            CaseClosure.reopened_on.is_null(),
            CaseFile.closed_on.is_null(False),
            CaseEvaluation.id.is_null(),
        )
        .order_by(CaseClosure.closed_on, CaseFile.code)
        .dicts()
    )


# --- the period's summary -------------------------------------------------------------------


@dataclass
class CriterionSummary:
    criterion_id: int
    name_lv: str
    name_en: str
    active: bool
    #: grade -> how many evaluations gave it, every grade of the scale present
    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(GRADES, 0))

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_lv

    @property
    def graded(self) -> int:
        return sum(self.counts.values())

    @property
    def average(self) -> float | None:
        """The average grade, None when no evaluation graded the criterion."""
        if not self.graded:
            return None
        return sum(grade * count for grade, count in self.counts.items()) / self.graded


@dataclass
class EvaluationSummary:
    closed: int  #: closings in the period counted (see evaluation_summary)
    evaluated: int
    criteria: list[CriterionSummary]

    @property
    def not_evaluated(self) -> int:
        return self.closed - self.evaluated


def _counted_closings(first: date, last: date):
    """Closings from `first` to `last` that count in the summary: evaluated ones, and those not
    reopened since (a closing reopened before anyone evaluated it was not the end of the
    case)."""
    evaluated = fn.EXISTS(
        CaseEvaluation.select(CaseEvaluation.id).where(CaseEvaluation.closure == CaseClosure.id)
    )
    return CaseClosure.closed_on.between(first, last) & (
        CaseClosure.reopened_on.is_null() | evaluated
    )


def evaluation_summary(first: date, last: date) -> EvaluationSummary:
    """The closings of case files from `first` to `last` (each closing of a case file that
    closed twice counts; one reopened before it was evaluated does not), how many are evaluated
    and not, and per criterion the count of each grade and the average grade (the offered
    criteria, and retired ones that graded a closing of the period). Two queries."""
    evaluation = CaseEvaluation.alias("counted")
    closed, evaluated = (
        CaseClosure.select(fn.COUNT(CaseClosure.id), fn.COUNT(evaluation.id))
        .join(evaluation, JOIN.LEFT_OUTER, on=evaluation.closure == CaseClosure.id)
        .where(_counted_closings(first, last))
        .tuples()
        .get()
    )
    in_period = (
        CaseEvaluation.select(CaseEvaluation.id)
        .join(CaseClosure)
        .where(CaseClosure.closed_on.between(first, last))
    )
    rows = (
        EvaluationCriterion.select(
            EvaluationCriterion.id,
            EvaluationCriterion.name_lv,
            EvaluationCriterion.name_en,
            EvaluationCriterion.active,
            EvaluationScore.grade,
            fn.COUNT(EvaluationScore.id),
        )
        .join(
            EvaluationScore,
            JOIN.LEFT_OUTER,
            on=(EvaluationScore.criterion == EvaluationCriterion.id)
            & EvaluationScore.evaluation.in_(in_period),
        )
        .group_by(
            EvaluationCriterion.id,
            EvaluationCriterion.name_lv,
            EvaluationCriterion.name_en,
            EvaluationCriterion.active,
            EvaluationCriterion.sort_order,
            EvaluationScore.grade,
        )
        .order_by(EvaluationCriterion.sort_order, EvaluationCriterion.id)
        .tuples()
    )
    criteria: dict[int, CriterionSummary] = {}
    for criterion_id, name_lv, name_en, active, grade, count in rows:
        summary = criteria.setdefault(
            criterion_id, CriterionSummary(criterion_id, name_lv, name_en, active)
        )
        if grade in summary.counts:
            summary.counts[grade] += count
    shown = [summary for summary in criteria.values() if summary.active or summary.graded]
    return EvaluationSummary(closed, evaluated, shown)
