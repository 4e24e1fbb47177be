"""Rating case files' complexity monthly, and agreeing (or reopening) a month with the funder."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app import audit, lists
from app.accounts import User
from app.complexity import queries
from app.complexity.models import (
    HOW_LIMIT,
    NOTE_LIMIT,
    REASON_LIMIT,
    ComplexityCriterion,
    ComplexityMonth,
    ComplexityMonthEvent,
    ComplexityRating,
    Level,
    MonthEventKind,
)
from app.db import utcnow, write_tx
from app.errors import MESSAGES
from app.i18n import format_month
from app.permissions import has_permission
from app.refusals import Refused, refuse

AGREED = _l("The month is agreed with the funder: reopen it (with a reason) to change ratings.")
NOT_AGREED = _l("The month is not agreed with the funder.")
BAD_LEVEL = _l("Choose Z, V or A.")
NOTHING = _l("Choose a level for at least one case file.")
TOO_EARLY = _l("A month cannot be agreed before it begins.")
BLANK = _l("This field is required.")
NOT_YOUR_ROLE = MESSAGES[403][1]


@dataclass(frozen=True)
class MonthActions:
    """What a user may do with a month now; the grid renders its buttons from this."""

    rate: bool = False
    agree: bool = False
    reopen: bool = False
    #: why the ratings cannot be changed, when they cannot
    locked: str = ""


def allowed_actions(month: date, user) -> MonthActions:
    """The one answer to "what may `user` do with `month` now": the lead rates and agrees an
    open month, and reopens an agreed one."""
    agreed = queries.is_agreed(month)
    lead = has_permission(user, "complexity.rate")
    return MonthActions(
        rate=lead and not agreed,
        agree=lead and not agreed,
        reopen=lead and agreed,
        locked=str(AGREED) if agreed else "",
    )


def require(actor: User, month: date, action: str, field_name: str = "") -> None:
    """Refuse `action` (a field of MonthActions) unless allowed now, saying why."""
    actions = allowed_actions(month, actor)
    if getattr(actions, action):
        return
    if not has_permission(actor, "complexity.rate"):
        raise Refused.because(NOT_YOUR_ROLE, status=403)
    raise refuse(AGREED if action != "reopen" else NOT_AGREED, field_name)


@dataclass(frozen=True)
class RatingInput:
    case_id: int
    level: str  #: "" when the lead chose none for the case
    note: str = ""


def rate(actor: User, case_id: int, month: date, level: str, note: str = "") -> None:
    """Rate one case file for the month (the rating of that month replaced)."""
    rate_many(actor, month, [RatingInput(case_id, level, note)], field_name="level")


def rate_many(actor: User, month: date, rows: list[RatingInput], field_name: str = "") -> int:
    """Save the grid: every chosen level or none (a refusal names each case file's code);
    rows without a level are left as they are. Returns how many ratings changed."""
    with write_tx():
        require(actor, month, "rate", field_name)
        cases = queries.named_cases(month, [row.case_id for row in rows])
        errors = [error for row in rows if (error := _row_error(row, cases, month))]
        chosen = [row for row in rows if row.level]
        if errors:
            raise Refused({field_name: errors})
        if not chosen:
            raise refuse(NOTHING, field_name)
        existing = {
            rating.case_id: rating
            for rating in ComplexityRating.select().where(
                ComplexityRating.month == month,
                ComplexityRating.case.in_([row.case_id for row in chosen]),
            )
        }
        changed = 0
        for row in chosen:
            note = row.note.strip()
            rating = existing.get(row.case_id)
            if rating is not None and (rating.level, rating.note) == (row.level, note):
                continue
            if rating is None:
                rating = ComplexityRating.create(
                    case=row.case_id, month=month, level=row.level, note=note, rated_by=actor.id
                )
            else:
                ComplexityRating.update(
                    level=row.level, note=note, rated_by=actor.id, rated_at=utcnow()
                ).where(ComplexityRating.id == rating.id).execute()
            audit.record(actor, "complexity.rate", rating, ["level", "note"])
            changed += 1
    return changed


def _row_error(row: RatingInput, cases: dict[int, tuple], month: date) -> str | None:
    """Why a row of the grid cannot be saved, naming its case file; None when it can."""
    if row.case_id not in cases:
        return _l("A case file on the grid does not exist.")
    code, is_open = cases[row.case_id]
    if not is_open:
        return _l("%(code)s is not open in %(month)s.", code=code, month=format_month(month))
    if row.level and row.level not in Level.ALL:
        return _l("%(code)s: choose Z, V or A.", code=code)
    if len(row.note.strip()) > NOTE_LIMIT:
        return _l(
            "%(code)s: use at most %(max)d characters in the note.", code=code, max=NOTE_LIMIT
        )
    if row.note.strip() and not row.level:
        return _l("%(code)s: choose a level for the note.", code=code)
    return None


def _text(value: str, limit: int, field_name: str) -> str:
    """A required free text, trimmed; refused beside its field when blank or too long."""
    value = (value or "").strip()
    if not value:
        raise refuse(BLANK, field_name)
    if len(value) > limit:
        raise refuse(_l("Use at most %(max)d characters.", max=limit), field_name)
    return value


def agree_month(actor: User, month: date, agreed_on: date, how: str) -> ComplexityMonth:
    """Mark the month's ratings agreed with the funder (they lock); refused while any case file
    open in the month is unrated."""
    how = _text(how, HOW_LIMIT, "agreed_how")
    if agreed_on < month:
        raise refuse(TOO_EARLY, "agreed_on")
    with write_tx():
        require(actor, month, "agree", "agreed_on")
        unrated = queries.level_counts(month, month)[month][queries.UNRATED]
        if unrated:
            raise refuse(
                ngettext(
                    "%(num)d open case file is not rated yet.",
                    "%(num)d open case files are not rated yet.",
                    unrated,
                )
            )
        row, _created = ComplexityMonth.get_or_create(month=month)
        row.agreed_on, row.agreed_how, row.agreed_by = agreed_on, how, actor.id
        row.save()
        ComplexityMonthEvent.create(month=row, kind=MonthEventKind.AGREE, text=how, actor=actor.id)
        audit.record(actor, "complexity.agree", row, ["agreed_on", "agreed_how"])
    return row


def reopen_month(actor: User, month: date, reason: str) -> None:
    """Reopen an agreed month so its ratings can change; the reason is kept and audited."""
    reason = _text(reason, REASON_LIMIT, "reason")
    with write_tx():
        require(actor, month, "reopen", "reason")
        row = ComplexityMonth.get(ComplexityMonth.month == month)
        row.agreed_on, row.agreed_how, row.agreed_by = None, "", None
        row.save()
        ComplexityMonthEvent.create(
            month=row, kind=MonthEventKind.REOPEN, text=reason, actor=actor.id
        )
        audit.record(actor, "complexity.reopen", row, ["agreed_on", "reason"])


# --- the criteria ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionInput:
    name_lv: str
    name_en: str
    level: str
    sort_order: int = 0

    def values(self) -> dict:
        """The criterion's fields, once its level is one of the three."""
        if self.level not in Level.ALL:
            raise refuse(BAD_LEVEL, "level")
        return {
            "name_lv": self.name_lv,
            "name_en": self.name_en,
            "level": self.level,
            "sort_order": self.sort_order,
        }


def add_criterion(actor: User, data: CriterionInput) -> ComplexityCriterion:
    """A new criterion of a level, in both languages."""
    return lists.add(actor, ComplexityCriterion, data.values())


def update_criterion(actor: User, criterion: ComplexityCriterion, data: CriterionInput) -> None:
    """Reword a criterion or move it to another level."""
    lists.update(actor, criterion, data.values())
