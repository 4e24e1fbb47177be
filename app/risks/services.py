"""Risk-register rules and changes: what may be done to a risk now, risks, closing, measures
and their order, assessments, comments (risk types are app/lists items). Every refusal is a
Refused naming the form field it belongs to."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.db import utcnow, write_tx
from app.periods.models import Period, PeriodKind
from app.permissions import has_permission
from app.refusals import Refused, refuse
from app.risks import queries
from app.risks.models import (
    Assessment,
    Band,
    Measure,
    MeasureStatus,
    Risk,
    RiskComment,
    RiskStatus,
    RiskType,
)
from app.risks.scoring import SCALE

RISK_CHANGED = _l(
    "This risk was changed meanwhile by someone else. Reload the page to see the current "
    "version; your changes were not saved."
)
ASSESSMENT_CHANGED = _l(
    "This assessment was changed meanwhile by someone else. Reload the page to see the "
    "current version; your changes were not saved."
)
REPORTED = _l("This period is reported to the funder: its assessments are read-only.")
BEFORE_RISK = _l("This period ended before the risk was added to the register.")
SCALE_MESSAGE = _l("Choose a whole number from 1 to 5.")
NOT_PERMITTED = _l("Your role does not allow this change.")

#: the changes a risk goes through, each allowed or refused by allowed_actions
ASSESS, EDIT, CLOSE, MEASURES, COMMENT = "assess", "edit", "close", "measures", "comment"
#: the permission each change needs (comments are open to every reader of the register)
PERMISSION_OF = {
    ASSESS: "risks.edit",
    EDIT: "risks.edit",
    CLOSE: "risks.edit",
    MEASURES: "risks.edit",
    COMMENT: "risks.comment",
}


@dataclass(frozen=True)
class Actions:
    """What a user may do to a risk now: write or rewrite its assessment for one period, edit
    it, close it, add, edit or move its measures, comment on it. A refused action maps to the
    refusal the service raises for it."""

    refusals: Mapping[str, Refused]

    def allows(self, action: str) -> bool:
        return action not in self.refusals

    def reason(self, action: str) -> str | None:
        """Why the action is refused (None when it is allowed)."""
        refusal = self.refusals.get(action)
        return None if refusal is None else refusal.message

    def require(self, action: str) -> None:
        """Refused, unless the action is allowed."""
        if action in self.refusals:
            raise self.refusals[action]


def _assessment_refusal(risk: Risk, period: Period | None, today: date):
    """Why this risk cannot be assessed for this period (None when it can)."""
    if period is None or period.kind != PeriodKind.INTERIM:
        return _l("Only six-month periods are assessed.")
    if period.reported_on is not None:
        return REPORTED
    if period.ends_on < risk.added_on:
        return BEFORE_RISK
    if period.starts_on > today:
        return _l("This period has not begun yet.")
    if risk.closed_on is not None and risk.closed_on < period.starts_on:
        return _l("The risk was closed before this period began.")
    return None


def allowed_actions(risk: Risk, period: Period | None, user: User, today: date) -> Actions:
    """The one answer to "what may this user do to this risk now": the pages show the buttons
    it allows, the services below refuse the rest. `period` is the six-month period whose
    assessment is asked about (None: no assessment is)."""
    refusals = {
        action: Refused.because(NOT_PERMITTED, status=403)
        for action, permission in PERMISSION_OF.items()
        if not has_permission(user, permission)
    }
    if CLOSE not in refusals and risk.status != RiskStatus.ACTIVE:
        refusals[CLOSE] = refuse(_l("This risk is already closed."))
    reason = _assessment_refusal(risk, period, today)
    if ASSESS not in refusals and reason is not None:
        refusals[ASSESS] = refuse(reason)
    return Actions(refusals)


@dataclass
class RiskInput:
    type_id: int
    title: str
    description: str
    owner_id: int | None
    contract_priority: str
    likelihood: int
    impact: int
    added_on: date


def _check_scale(errors: dict, likelihood, impact) -> None:
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not isinstance(value, int) or value not in SCALE:
            errors.setdefault(name, []).append(SCALE_MESSAGE)


def _check_owner(errors: dict, owner_id: int | None, kept: int | None, field_name="owner"):
    if owner_id and owner_id != kept and owner_id not in dict(queries.owner_choices()):
        errors.setdefault(field_name, []).append(_l("Choose a person from the list."))


def check_risk(data: RiskInput, today: date, risk: Risk | None = None) -> dict[str, list]:
    """Every rule a risk's values must meet, field by field (nothing is written)."""
    errors: dict[str, list] = {}
    if not data.title.strip():
        errors["title"] = [_l("Give the risk a title.")]
    _check_scale(errors, data.likelihood, data.impact)
    if data.contract_priority not in Band.ALL:
        errors["contract_priority"] = [_l("Choose a priority from the list.")]
    kept_type = risk.type_id if risk is not None else None
    risk_type = RiskType.get_or_none(RiskType.id == data.type_id)
    if risk_type is None or not (risk_type.active or risk_type.id == kept_type):
        errors["type"] = [_l("Choose a risk type from the list.")]
    _check_owner(errors, data.owner_id, risk.owner_id if risk is not None else None)
    if data.added_on > today:
        errors["added_on"] = [_l("A risk cannot be added to the register in the future.")]
    elif risk is not None and data.added_on != risk.added_on:
        first_assessed = (
            Period.select(Period.ends_on)
            .join(Assessment, on=(Assessment.period == Period.id))
            .where(Assessment.risk == risk.id)
            .order_by(Period.ends_on)
            .first()
        )
        if first_assessed is not None and first_assessed.ends_on < data.added_on:
            errors["added_on"] = [
                _l("The risk has an assessment for a period that ended before this date.")
            ]
    return errors


def _values(data: RiskInput) -> dict:
    return {
        "type": data.type_id,
        "title": data.title.strip(),
        "description": data.description.strip(),
        "owner": data.owner_id or None,
        "contract_priority": data.contract_priority,
        "likelihood": data.likelihood,
        "impact": data.impact,
        "added_on": data.added_on,
    }


def create_risk(actor: User, data: RiskInput, today: date) -> Risk:
    """Add a risk to the register."""
    with write_tx():
        errors = check_risk(data, today)
        if errors:
            raise Refused(errors)
        values = _values(data)
        risk = Risk.create(**values)
        audit.record(actor, "risk.create", risk, values)
    return risk


def _stored(risk: Risk, name: str):
    return getattr(risk, f"{name}_id") if name in ("type", "owner") else getattr(risk, name)


def update_risk(
    actor: User, risk: Risk, data: RiskInput, expected_version: int | None, today: date
) -> Risk:
    """Save a risk's new values, unless someone saved it since the form was opened."""
    with write_tx():
        current = Risk.get_or_none(Risk.id == risk.id)
        if current is None or current.version != expected_version:
            raise refuse(RISK_CHANGED)
        allowed_actions(current, None, actor, today).require(EDIT)
        errors = check_risk(data, today, current)
        if errors:
            raise Refused(errors)
        values = _values(data)
        changed = [name for name, value in values.items() if _stored(current, name) != value]
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.updated_at = utcnow()
        current.save()
        audit.record(actor, "risk.update", current, changed)
    return current


def close_risk(
    actor: User, risk: Risk, reason: str, expected_version: int | None, today: date
) -> Risk:
    """Close an active risk with the reason, as of today."""
    if not reason.strip():
        raise refuse(_l("Give the reason for closing."), "reason")
    with write_tx():
        current = Risk.get_or_none(Risk.id == risk.id)
        if current is None or current.version != expected_version:
            raise refuse(RISK_CHANGED)
        allowed_actions(current, None, actor, today).require(CLOSE)
        current.status, current.closed_on = RiskStatus.CLOSED, today
        current.closed_reason = reason.strip()
        current.version += 1
        current.updated_at = utcnow()
        current.save()
        audit.record(actor, "risk.close", current, ["status", "closed_on", "closed_reason"])
    return current


# --- measures ---------------------------------------------------------------------------


@dataclass
class MeasureInput:
    text: str
    owner_id: int | None
    status: str

    def values(self) -> dict:
        return {"text": self.text.strip(), "owner": self.owner_id or None, "status": self.status}


def _check_measure(data: MeasureInput, kept_owner=None) -> None:
    errors: dict[str, list] = {}
    if not data.text.strip():
        errors["text"] = [_l("Describe the measure.")]
    if data.status not in MeasureStatus.ALL:
        errors["status"] = [_l("Choose a status from the list.")]
    _check_owner(errors, data.owner_id, kept_owner)
    if errors:
        raise Refused(errors)


def add_measure(actor: User, risk: Risk, data: MeasureInput, today: date) -> Measure:
    """Add a measure at the end of the risk's numbered list."""
    allowed_actions(risk, None, actor, today).require(MEASURES)
    _check_measure(data)
    with write_tx():
        last = (
            Measure.select(Measure.position)
            .where(Measure.risk == risk.id)
            .order_by(Measure.position.desc())
            .scalar()
        )
        measure = Measure.create(risk=risk.id, position=(last or 0) + 1, **data.values())
        audit.record(actor, "measure.create", measure, ["text", "owner", "status", "position"])
    return measure


def update_measure(
    actor: User, risk: Risk, measure: Measure, data: MeasureInput, today: date
) -> Measure:
    """Change a measure's text, owner or status; its number stays."""
    allowed_actions(risk, None, actor, today).require(MEASURES)
    _check_measure(data, measure.owner_id)
    values = data.values()
    with write_tx():
        current = Measure.get_or_none(Measure.id == measure.id)
        if current is None:
            raise refuse(_l("This measure no longer exists."))
        changed = [
            name
            for name, value in values.items()
            if (current.owner_id if name == "owner" else getattr(current, name)) != value
        ]
        Measure.update(**values).where(Measure.id == current.id).execute()
        audit.record(actor, "measure.update", current, changed)
    return current


def move_measure(actor: User, risk: Risk, measure: Measure, step: int, today: date) -> None:
    """Move a measure one place up (-1) or down (+1); the list is renumbered 1..n in the same
    transaction. Past either end nothing is written."""
    allowed_actions(risk, None, actor, today).require(MEASURES)
    if step not in (-1, 1):
        raise refuse(_l("A measure moves one place up or down."))
    with write_tx():
        ids = [
            measure_id
            for (measure_id,) in Measure.select(Measure.id)
            .where(Measure.risk == risk.id)
            .order_by(Measure.position, Measure.id)
            .tuples()
        ]
        if measure.id not in ids:
            raise refuse(_l("This measure no longer exists."))
        index = ids.index(measure.id)
        target = index + step
        if target < 0:
            raise refuse(_l("This measure is already the first: it cannot move up."))
        if target >= len(ids):
            raise refuse(_l("This measure is already the last: it cannot move down."))
        ids[index], ids[target] = ids[target], ids[index]
        for position, measure_id in enumerate(ids, start=1):
            Measure.update(position=position).where(Measure.id == measure_id).execute()
        audit.record(actor, "measure.move", measure, ["position"])


# --- assessments ------------------------------------------------------------------------


@dataclass
class AssessmentInput:
    text: str
    likelihood: int
    impact: int


def save_assessment(
    actor: User,
    risk: Risk,
    period: Period,
    data: AssessmentInput,
    expected_version: int | None,
    today: date,
) -> Assessment:
    """Write or rewrite the risk's assessment for a period; it counts as the risk's review.

    The risk's own (current) likelihood and impact stay as they are. `expected_version` is
    None for a new assessment: if one appeared meanwhile, that is a change meanwhile too.
    """
    errors: dict[str, list] = {}
    if not data.text.strip():
        errors["text"] = [_l("Write the assessment.")]
    _check_scale(errors, data.likelihood, data.impact)
    if errors:
        raise Refused(errors)
    with write_tx():
        risk = Risk.get_or_none(Risk.id == risk.id)
        period = Period.get_or_none(Period.id == period.id)
        if risk is None or period is None:
            raise refuse(_l("This risk or period no longer exists."))
        allowed_actions(risk, period, actor, today).require(ASSESS)
        current = Assessment.get_or_none(Assessment.risk == risk.id, Assessment.period == period.id)
        found_version = current.version if current is not None else None
        if found_version != expected_version:
            raise refuse(ASSESSMENT_CHANGED)
        values = {
            "text": data.text.strip(),
            "likelihood": data.likelihood,
            "impact": data.impact,
            "author": actor.id,
            "written_on": today,
        }
        if current is None:
            current = Assessment.create(risk=risk.id, period=period.id, **values)
            audit.record(actor, "assessment.create", current, values)
        else:
            changed = [
                name
                for name in ("text", "likelihood", "impact")
                if getattr(current, name) != values[name]
            ]
            for name, value in values.items():
                setattr(current, name, value)
            current.version += 1
            current.updated_at = utcnow()
            current.save()
            audit.record(actor, "assessment.update", current, changed)
        # A review, not an edit of the risk: the version of an open edit form stays valid.
        if risk.last_reviewed_on is None or risk.last_reviewed_on < today:
            Risk.update(last_reviewed_on=today).where(Risk.id == risk.id).execute()
    return current


# --- comments ---------------------------------------------------------------------------


def add_comment(actor: User, risk: Risk, text: str, today: date) -> RiskComment:
    """A remark on the risk from someone who reads the register."""
    allowed_actions(risk, None, actor, today).require(COMMENT)
    if not text.strip():
        raise refuse(_l("Write the comment."), "text")
    with write_tx():
        comment = RiskComment.create(risk=risk.id, author=actor.id, text=text.strip())
        audit.record(actor, "risk.comment", comment, ["text"])
    return comment
