"""Forms of the shell: the language switcher."""

from wtforms import HiddenField, SelectField

from app.forms import BaseForm, select_choices
from app.i18n import LANGUAGES


class LanguageForm(BaseForm):
    language = SelectField(choices=select_choices(LANGUAGES.items()))
    next = HiddenField()
