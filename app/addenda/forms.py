"""Forms: switching an addendum on for months, and a month's measures."""

from flask_babel import lazy_gettext as _l
from wtforms import MonthField, StringField
from wtforms.validators import InputRequired

from app.addenda.models import MEASURES_LIMIT, TITLE_LIMIT
from app.forms import CLIENT_DATA_HINT, BaseForm, IdempotentForm, max_length, required
from app.personal_data import CheckedTextAreaField


def _month_field(label):
    return MonthField(label, validators=[InputRequired(message=_l("Enter the month."))])


class AddendumForm(IdempotentForm, BaseForm):
    title = StringField(
        _l("Situation"),
        description=_l("E.g. COVID-19 emergency."),
        validators=[required(), max_length(TITLE_LIMIT)],
    )
    first_month = _month_field(_l("From the month"))
    last_month = _month_field(_l("to the month"))


class MeasuresForm(BaseForm):
    measures = CheckedTextAreaField(
        _l("Measures taken"),
        description=CLIENT_DATA_HINT,
        validators=[max_length(MEASURES_LIMIT)],
    )
