"""The forms of case complexity: the month's grid, its agreement and reopening, a criterion."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)

from app.complexity.labels import LEVEL_LABELS, LEVEL_LETTERS
from app.complexity.models import HOW_LIMIT, REASON_LIMIT
from app.complexity.services import CriterionInput, RatingInput
from app.forms import BaseForm, max_length, required, select_choices, within_years
from app.lists import OrderedNamesForm
from app.personal_data import CheckedStringField

CASE_ID = re.compile(r"[0-9]{1,9}")


class RatingRowForm(BaseForm):
    """One case file's row of the grid."""

    class Meta:
        csrf = False

    case = HiddenField()
    #: the service refuses a level that is not one of the three, naming the case file
    level = RadioField(
        _l("Complexity"), choices=select_choices(LEVEL_LETTERS.items()), validate_choice=False
    )
    note = CheckedStringField(_l("Note"))


class GridForm(BaseForm):
    rows = FieldList(FormField(RatingRowForm), max_entries=2000)

    def ratings(self) -> list[RatingInput]:
        """The rows as typed, each naming a case file (rows naming none are dropped)."""
        return [
            RatingInput(int(row.case.data), row.level.data or "", row.note.data or "")
            for row in (entry.form for entry in self.rows)
            if CASE_ID.fullmatch(row.case.data or "")
        ]


class AgreeForm(BaseForm):
    agreed_on = DateField(_l("Agreed on"), validators=[required(), within_years])
    agreed_how = StringField(
        _l("How it was agreed"),
        description=_l("For example: e-mail to the funder."),
        validators=[required(), max_length(HOW_LIMIT)],
    )


class ReopenForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[required(), max_length(REASON_LIMIT)])


class CriterionForm(OrderedNamesForm):
    level = SelectField(_l("Level"), choices=select_choices(LEVEL_LABELS.items()))

    def criterion(self) -> CriterionInput:
        return CriterionInput(**self.names(), level=self.level.data)
