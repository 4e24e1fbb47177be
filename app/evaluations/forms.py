"""The forms of the closing evaluation: the evaluation itself (a row per criterion) and a
criterion of the lead's list."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
)
from wtforms.validators import Optional

from app.evaluations.labels import GRADES
from app.evaluations.services import CriterionInput, EvaluationInput, ScoreInput
from app.forms import BaseForm, select_choices, within_years
from app.lists import OrderedNamesForm
from app.personal_data import CheckedTextAreaField
from app.refusals import Refused, show_refusal

CRITERION_ID = re.compile(r"[0-9]{1,9}")
#: the fields of a row a refusal names as "<field>_<criterion id>" (services.grade_field)
ROW_FIELDS = ("grade", "comment")


class ScoreRowForm(BaseForm):
    """One criterion's row: its grade on the scale and a comment."""

    class Meta:
        csrf = False

    criterion = HiddenField()
    #: the service refuses a missing grade or one off the scale, beside the row
    grade = RadioField(
        _l("Grade"),
        choices=select_choices((str(grade), label) for grade, label in GRADES.items()),
        validate_choice=False,
    )
    comment = CheckedTextAreaField(_l("Comment"))


class EvaluationForm(BaseForm):
    """The closing evaluation: the day, a row per criterion, the summary in words."""

    evaluated_on = DateField(_l("Evaluated on"), validators=[Optional(), within_years])
    rows = FieldList(FormField(ScoreRowForm), max_entries=200)
    summary = CheckedTextAreaField(
        _l("Summary"),
        description=_l(
            "The descriptive evaluation: what changed for the client during the service and "
            "what is still needed. Case codes only, never a client's name."
        ),
    )

    def evaluation(self) -> EvaluationInput:
        """The form as typed (rows naming no criterion are dropped)."""
        return EvaluationInput(
            evaluated_on=self.evaluated_on.data,
            summary=self.summary.data or "",
            scores=[
                ScoreInput(int(row.criterion.data), row.grade.data or "", row.comment.data or "")
                for row in (entry.form for entry in self.rows)
                if CRITERION_ID.fullmatch(row.criterion.data or "")
            ],
        )

    def show_refusal(self, refused: Refused) -> None:
        """A refusal beside its fields: a criterion's grade or comment beside that row."""
        rows = {entry.form.criterion.data: entry.form for entry in self.rows}
        rest = {}
        for name, messages in refused.errors.items():
            kind, _sep, criterion_id = name.partition("_")
            row = rows.get(criterion_id) if kind in ROW_FIELDS else None
            if row is None:
                rest[name] = messages
                continue
            target = getattr(row, kind)
            target.errors = list(target.errors) + list(messages)
        if rest:
            show_refusal(self, Refused(rest))


class CriterionForm(OrderedNamesForm):
    def criterion(self) -> CriterionInput:
        return CriterionInput(**self.names())
