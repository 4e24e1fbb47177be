"""Evaluating a closed case file against the methodology's criteria, and the lead's list of
criteria."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from app import audit, lists
from app.accounts import User
from app.calendar import local_today
from app.cases.models import CaseFile
from app.db import utcnow, write_tx
from app.evaluations import queries
from app.evaluations.labels import COMMENT_NEEDED, GRADES, HIGHEST, LOWEST
from app.evaluations.models import (
    COMMENT_LIMIT,
    SUMMARY_LIMIT,
    CaseEvaluation,
    EvaluationCriterion,
    EvaluationScore,
)
from app.i18n import format_day
from app.refusals import Refused, refuse

BLANK = _l("This field is required.")
NOT_CLOSED = _l(
    "The case file is open: its closing evaluation is made once it is closed. Nothing was saved."
)
NOT_YOURS = _l("Only the case file's social worker or the lead social worker evaluates it.")
FUTURE = _l("The evaluation day cannot be in the future.")
NO_GRADE = _l("Choose a grade.")
BAD_GRADE = _l("Choose a grade from %(low)d to %(high)d.", low=LOWEST, high=HIGHEST)
WHY_NOT = _l("Say in a comment why there was no progress.")
CHANGED = _l("The list of criteria changed while the form was open: check the form and save again.")


@dataclass(frozen=True)
class ScoreInput:
    criterion_id: int
    grade: str  #: as posted: "" when none was chosen
    comment: str = ""


@dataclass(frozen=True)
class EvaluationInput:
    evaluated_on: date | None
    summary: str
    scores: list[ScoreInput] = field(default_factory=list)


def grade_field(criterion_id: int) -> str:
    """The name a refusal gives a criterion's grade (the form puts it beside that row)."""
    return f"grade_{criterion_id}"


def comment_field(criterion_id: int) -> str:
    return f"comment_{criterion_id}"


def may_evaluate(user: User, case: CaseFile) -> bool:
    """The case file's social worker or the lead; one query."""
    return queries.cases_evaluable_by(user).where(CaseFile.id == case.id).exists()


def _checked(data: EvaluationInput, closed_on: date, criteria: list[dict], today: date):
    """(evaluated_on, summary, {criterion id: (grade, comment)}); every problem refused at once,
    each beside its field."""
    errors: dict[str, list] = {}
    if data.evaluated_on is None:
        errors["evaluated_on"] = [BLANK]
    elif data.evaluated_on < closed_on:
        errors["evaluated_on"] = [
            _l(
                "The evaluation day is before the closing day (%(day)s).",
                day=format_day(closed_on),
            )
        ]
    elif data.evaluated_on > today:
        errors["evaluated_on"] = [FUTURE]
    summary = (data.summary or "").strip()
    if not summary:
        errors["summary"] = [BLANK]
    elif len(summary) > SUMMARY_LIMIT:
        errors["summary"] = [_l("Use at most %(max)d characters.", max=SUMMARY_LIMIT)]
    posted = {score.criterion_id: score for score in data.scores}
    wanted = {criterion["id"] for criterion in criteria}
    if set(posted) - wanted:
        errors[""] = [CHANGED]
    scores = {}
    for criterion_id in (criterion["id"] for criterion in criteria):
        score = posted.get(criterion_id, ScoreInput(criterion_id, ""))
        comment = (score.comment or "").strip()
        grade = _grade(score.grade)
        if not (score.grade or "").strip():
            errors[grade_field(criterion_id)] = [NO_GRADE]
        elif grade is None:
            errors[grade_field(criterion_id)] = [BAD_GRADE]
        if len(comment) > COMMENT_LIMIT:
            errors[comment_field(criterion_id)] = [
                _l("Use at most %(max)d characters.", max=COMMENT_LIMIT)
            ]
        elif grade in COMMENT_NEEDED and not comment:
            errors[comment_field(criterion_id)] = [WHY_NOT]
        scores[criterion_id] = (grade, comment)
    if errors:
        raise Refused(errors)
    return data.evaluated_on, summary, scores


def _grade(text: str) -> int | None:
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 2:
        return None
    grade = int(text)
    return grade if grade in GRADES else None


def save_evaluation(
    actor: User, case: CaseFile, data: EvaluationInput, today: date | None = None
) -> CaseEvaluation:
    """Evaluate the case file's current closing, or change its evaluation: every criterion on the
    form graded, the day from the closing day to today, the summary in words. Audited as
    evaluation.create or evaluation.update."""
    today = today or local_today()
    with write_tx():
        if not may_evaluate(actor, case):
            raise Refused.because(NOT_YOURS, status=404)
        closure = queries.current_closure(case)
        if closure is None:
            raise refuse(NOT_CLOSED)
        evaluation = CaseEvaluation.get_or_none(CaseEvaluation.closure == closure.id)
        criteria = queries.form_criteria(evaluation, "lv")
        evaluated_on, summary, scores = _checked(data, closure.closed_on, criteria, today)
        if evaluation is None:
            evaluation = CaseEvaluation.create(
                closure=closure, evaluated_on=evaluated_on, evaluated_by=actor.id, summary=summary
            )
            for criterion_id, (grade, comment) in scores.items():
                EvaluationScore.create(
                    evaluation=evaluation, criterion=criterion_id, grade=grade, comment=comment
                )
            changed = ["evaluated_on", "summary", *(f"criterion_{c}" for c in scores)]
            audit.record(actor, "evaluation.create", evaluation, changed)
            return evaluation
        changed = [
            name
            for name, value in (("evaluated_on", evaluated_on), ("summary", summary))
            if getattr(evaluation, name) != value
        ]
        CaseEvaluation.update(
            evaluated_on=evaluated_on,
            summary=summary,
            evaluated_by=actor.id,
            updated_at=utcnow(),
        ).where(CaseEvaluation.id == evaluation.id).execute()
        existing = {
            score.criterion_id: score
            for score in EvaluationScore.select().where(EvaluationScore.evaluation == evaluation.id)
        }
        for criterion_id, (grade, comment) in scores.items():
            score = existing.get(criterion_id)
            if score is None:
                EvaluationScore.create(
                    evaluation=evaluation, criterion=criterion_id, grade=grade, comment=comment
                )
            elif (score.grade, score.comment) != (grade, comment):
                EvaluationScore.update(grade=grade, comment=comment).where(
                    EvaluationScore.id == score.id
                ).execute()
            else:
                continue
            changed.append(f"criterion_{criterion_id}")
        audit.record(actor, "evaluation.update", evaluation, changed)
    evaluation.evaluated_on, evaluation.summary = evaluated_on, summary
    return evaluation


# --- the criteria ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionInput:
    name_lv: str
    name_en: str
    sort_order: int = 0

    def values(self) -> dict:
        return {"name_lv": self.name_lv, "name_en": self.name_en, "sort_order": self.sort_order}


def add_criterion(actor: User, data: CriterionInput) -> EvaluationCriterion:
    """A new criterion of the methodology, in both languages."""
    values = data.values()
    if not data.sort_order:
        values.pop("sort_order")  # listed after the others
    return lists.add(actor, EvaluationCriterion, values)


def update_criterion(actor: User, criterion: EvaluationCriterion, data: CriterionInput) -> None:
    """Reword a criterion or move it in the order; the evaluations that graded it keep it."""
    lists.update(actor, criterion, data.values())
