"""Administration forms: a user, and the audit-log filters."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import NumberRange, Optional, Regexp, ValidationError

from app.accounts import Gender
from app.forms import (
    BaseForm,
    CheckboxListField,
    IdempotentForm,
    email_field,
    max_length,
    required,
    select_choices,
)
from app.i18n import LANGUAGES
from app.permissions import Role

NO_SUPERVISOR = 0


class UserForm(IdempotentForm, BaseForm):
    username = StringField(
        _l("Username"),
        description=_l("Lower-case letters, digits, dot, dash or underscore."),
        filters=[lambda value: value.strip().lower() if value else value],
        validators=[
            required(),
            max_length(64),
            Regexp(
                r"^[a-z0-9._-]+$",
                message=_l("Use only lower-case letters, digits, dot, dash or underscore."),
            ),
        ],
    )
    display_name = StringField(
        _l("Display name"),
        filters=[lambda value: value.strip() if value else value],
        validators=[required(), max_length(120)],
    )
    role = SelectField(_l("Role"), choices=select_choices(Role.choices()), validators=[required()])
    language = SelectField(_l("Language"), choices=select_choices(LANGUAGES.items()))
    grammatical_gender = SelectField(
        _l("Grammatical gender"),
        description=_l(
            "The Latvian forms of the role title and of words such as “invited” agree with it: "
            "“sociālā mentore” or “sociālais mentors”."
        ),
        choices=select_choices(
            [(Gender.FEMININE, _l("Feminine")), (Gender.MASCULINE, _l("Masculine"))]
        ),
        default=Gender.DEFAULT,
        validators=[required()],
    )
    supervisor = SelectField(
        _l("Supervising social worker"),
        description=_l("Required for mentors: the social worker who approves their weeks."),
        coerce=int,
        default=NO_SUPERVISOR,
    )

    email = email_field()
    start_date = DateField(
        _l("Start date in the service"),
        description=_l("No timesheet entry can be dated before it."),
        validators=[Optional()],
    )
    #: the supervisor the administrator was told the mentor's weeks move to, and confirmed
    confirm_move = HiddenField()

    def __init__(self, supervisor_choices: list[tuple[int, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.supervisor.choices = select_choices(
            [(NO_SUPERVISOR, _l("— none —")), *supervisor_choices]
        )

    def validate_supervisor(self, field):
        if self.role.data == Role.MENTOR and field.data == NO_SUPERVISOR:
            raise ValidationError(_l("Choose the social worker who supervises this mentor."))


class TwoFactorRequirementForm(BaseForm):
    roles = CheckboxListField(
        _l("Roles that must use a second factor"),
        description=_l(
            "A person of these roles sets up the second factor at the next sign-in and can use "
            "nothing else until then."
        ),
        choices=select_choices(Role.choices()),
    )


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    group = SelectField(_l("Kind"), validators=[Optional()])
    action = SelectField(_l("Action"), validators=[Optional()])
    actor = SelectField(_l("Who"), coerce=int, validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    page = IntegerField(
        default=1,
        validators=[Optional(), NumberRange(min=1, max=100_000, message=_l("No such page."))],
    )

    def validate_date_to(self, field):
        if field.data and self.date_from.data and self.date_from.data > field.data:
            raise ValidationError(_l("The end date is before the start date."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.page.data is None:
            self.page.data = 1
        return valid
