"""The base form: WTForms' own messages go through our catalog (WTForms ships no Latvian); the
key a create form sends so that a retried submit is answered once (app/idempotency.py)."""

import secrets

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    EmailField,
    HiddenField,
    SelectChoice,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from app.calendar import FIRST_YEAR, LAST_YEAR, YEARS, parse_clock
from app.personal_data import CheckedStringField, CheckedTextAreaField

#: WTForms' built-in messages that a user can meet, marked here so they are extracted and
#: translated in our catalog.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Invalid input."),
)


class _CatalogTranslations:
    def gettext(self, string):
        return gettext(string)

    def ngettext(self, singular, plural, n):
        return ngettext(singular, plural, n)


class BaseForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _CatalogTranslations()


#: the name a create form's key is posted under, whatever the form's prefix
IDEMPOTENCY_FIELD = "idempotency_key"


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(16)


class IdempotencyKeyField(HiddenField):
    """A new key when the form is drawn blank, the posted one when it is drawn again with what
    was posted (a refusal), so a resubmit of the same form repeats it. Drawn without an id: a
    page may hold several create forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, default=new_idempotency_key, **kwargs)
        self.name = IDEMPOTENCY_FIELD

    def __call__(self, **kwargs):
        kwargs.setdefault("id", False)
        return super().__call__(**kwargs)


class IdempotentForm:
    """Mixin of a form that creates a record; its template draws `form.idempotency_key()`."""

    idempotency_key = IdempotencyKeyField()


def required():
    return DataRequired(message=_l("This field is required."))


def max_length(limit: int):
    return Length(max=limit, message=_l("Use at most %(max)d characters.", max=limit))


DATE_OUT_OF_RANGE = _l(
    "Enter a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR
)


def within_years(form, field):
    """A date field's validator: only years the service can have records in."""
    if field.data is not None and field.data.year not in YEARS:
        raise ValidationError(DATE_OUT_OF_RANGE)


class ClockField(StringField):
    """HH:MM in 15-minute steps; 24:00 is allowed as an end."""

    def pre_validate(self, form):
        if self.data and parse_clock(self.data) is None:
            raise ValidationError(_l("Enter a time as HH:MM, e.g. 09:30."))

    @property
    def minutes(self) -> int | None:
        return parse_clock(self.data or "")


class SumField(DecimalField):
    """A sum of money: a finite decimal ("NaN", "sNaN" and "Infinity" parse as decimals but
    are no sums, and a signalling NaN breaks every comparison)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))


class CheckboxListField(SelectMultipleField):
    """A checkbox per choice (people, members); the view checks the chosen ids against what
    the user may choose, so build it with validate_choice=False."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def select_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select options."""
    return [SelectChoice(value, label) for value, label in pairs]


def int_or_none(value) -> int | None:
    """A hidden field's number (a version, an id), or None when it is not a sane integer."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if -(2**62) < number < 2**62 else None


#: the reminder beside free text that could carry client data
CLIENT_DATA_HINT = _l("Case codes only — never a client's name.")
CHOOSE = _l("— choose —")


def day_field(label, needed: bool = True) -> DateField:
    """A day within the service's years; `needed=False` lets it stay empty."""
    first = InputRequired(message=_l("Enter the day.")) if needed else Optional()
    return DateField(label, validators=[first, within_years])


def text_field(label, limit: int, area: bool = False, needed: bool = True):
    """Free text with the client-data reminder beside it, checked for personal data."""
    validators = [required(), max_length(limit)] if needed else [max_length(limit)]
    kind = CheckedTextAreaField if area else CheckedStringField
    return kind(label, description=CLIENT_DATA_HINT, validators=validators)


def labelled_choices(labels: dict, empty=CHOOSE) -> list[SelectChoice]:
    """A select's options from a labels table, after an empty "choose" option."""
    return select_choices([("", empty), *labels.items()])


def email_field() -> EmailField:
    """A person's e-mail for reminders: optional, trimmed, checked for its form only."""
    return EmailField(
        _l("E-mail"),
        description=_l("Optional: for reminders when the server can send e-mail."),
        filters=[lambda value: value.strip() if value else ""],
        validators=[
            Optional(),
            max_length(254),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
    )
