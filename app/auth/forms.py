"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, ValidationError

from app.auth.passwords import password_problem
from app.forms import BaseForm, max_length, required


class LoginForm(BaseForm):
    username = StringField(_l("Username"), validators=[required(), max_length(64)])
    password = PasswordField(_l("Password"), validators=[required(), max_length(1024)])
    next = HiddenField()


class PasswordChangeForm(BaseForm):
    current_password = PasswordField(
        _l("Current password"), validators=[required(), max_length(1024)]
    )
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A phrase of several words is easy to remember."),
        validators=[required()],
    )
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[
            required(),
            EqualTo("new_password", message=_l("The two new passwords differ.")),
        ],
    )

    def __init__(self, username: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_username = username

    def validate_new_password(self, field):
        problem = password_problem(field.data or "", self.account_username)
        if problem:
            raise ValidationError(problem)
