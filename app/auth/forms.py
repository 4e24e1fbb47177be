"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, ValidationError

from app.auth.passwords import password_problem
from app.forms import BaseForm, email_field, max_length, required


class LoginForm(BaseForm):
    username = StringField(_l("Username"), validators=[required(), max_length(64)])
    password = PasswordField(_l("Password"), validators=[required(), max_length(1024)])
    next = HiddenField()


def code_field(label=None) -> StringField:
    return StringField(
        label or _l("Code from the authenticator app"),
        description=_l("6 digits; or one of your recovery codes."),
        filters=[lambda value: value.strip() if value else ""],
        validators=[max_length(32)],
    )


class CodeForm(BaseForm):
    """The second step of a sign-in."""

    code = code_field()

    def validate_code(self, field):
        if not field.data:
            raise ValidationError(_l("Enter the code."))


class EnableTwoFactorForm(BaseForm):
    code = StringField(
        _l("Code from the authenticator app"),
        description=_l("The 6 digits the app shows now."),
        filters=[lambda value: value.strip() if value else ""],
        validators=[required(), max_length(32)],
    )


class ReauthForm(BaseForm):
    """The password (and code) again, on the confirm page; posted with the action's own fields
    (the request's CSRF token is checked for every POST)."""

    class Meta:
        csrf = False

    password = PasswordField(_l("Your password"), validators=[required(), max_length(1024)])
    code = code_field()


class AccountForm(BaseForm):
    email = email_field()


class PasswordChangeForm(BaseForm):
    current_password = PasswordField(
        _l("Current password"), validators=[required(), max_length(1024)]
    )
    code = code_field()
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
