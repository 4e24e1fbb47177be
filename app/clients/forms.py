"""Forms of a case file's members: add, edit, leave, move; a legal step and a residence move
for chosen members, and taking back a member's latest step."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import InputRequired, Optional

from app.accounts import User
from app.cases.forms import upper_code
from app.clients import rules
from app.clients.labels import (
    GENDER_LABELS,
    NOT_RECORDED,
    PLACE_LABELS,
    ROUTE_LABELS,
    STAGE_LABELS,
    label_context,
)
from app.clients.models import Stage
from app.clients.queries import CasePage, Member
from app.countries import country_choices
from app.evaluations import queries as evaluation_queries
from app.forms import (
    BaseForm,
    CheckboxListField,
    IdempotentForm,
    int_or_none,
    max_length,
    select_choices,
    within_years,
)
from app.i18n import reader_language
from app.permissions import has_permission
from app.plans import queries as plan_queries

#: the step and residence forms share the case page (and their member checkboxes' names)
STEP_PREFIX = "step"
RESIDENCE_PREFIX = "residence"


CHOOSE = _l("— choose —")


def _with_empty(pairs, empty=NOT_RECORDED):
    return select_choices([("", empty), *pairs])


def _day_field(label, message):
    return DateField(label, validators=[InputRequired(message=message), within_years])


class MemberForm(BaseForm):
    """A member's details; every one may be left empty until it is known."""

    gender = SelectField(_l("Gender"), choices=_with_empty(GENDER_LABELS.items()))
    birth_year = IntegerField(
        _l("Year of birth"),
        description=_l("The year only, never a date of birth."),
        validators=[Optional()],
    )
    country = SelectField(_l("Country of origin"))
    arrival_route = SelectField(_l("Arrival route"), choices=_with_empty(ROUTE_LABELS.items()))
    arrived_on = DateField(_l("Arrived in Latvia on"), validators=[Optional(), within_years])
    school_grade = IntegerField(
        _l("School grade"),
        description=_l("1–12 for a pupil; empty otherwise."),
        validators=[Optional()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = _with_empty(country_choices())


class NewMemberForm(IdempotentForm, MemberForm):
    joined_on = _day_field(_l("Joined the case file on"), _l("Enter the day the member joined."))


class LeaveForm(BaseForm):
    left_on = _day_field(_l("Last day in the case file"), _l("Enter the day."))


class MoveForm(IdempotentForm, BaseForm):
    target = StringField(
        _l("Move to case file"),
        description=_l("The other case file's code, e.g. L-0043."),
        filters=[upper_code],
        validators=[InputRequired(message=_l("Enter a case code.")), max_length(16)],
    )
    day = _day_field(_l("In the other case file from"), _l("Enter the day."))


def _member_choices(code: str, members: list[Member]):
    return [(member.membership_id, f"{code}/{member.number}") for member in members]


def offered_stages(members: list[Member]) -> list[tuple[str, str]]:
    """The steps that may follow the latest one of any of the members (the service checks each
    chosen member)."""
    allowed = {stage for member in members for stage in rules.allowed_next(member.stage)}
    return [(stage, STAGE_LABELS[stage]) for stage in Stage.ALL if stage in allowed]


class MembersForm(BaseForm):
    """A form for some of a case file's current members (all of them checked at first)."""

    members = CheckboxListField(_l("Members"), coerce=int_or_none, validate_choice=False)

    def __init__(self, code: str, members: list[Member], *args, **kwargs):
        kwargs.setdefault("members", [member.membership_id for member in members])
        super().__init__(*args, **kwargs)
        self.members.choices = select_choices(_member_choices(code, members))

    def chosen_ids(self) -> list[int]:
        return [value for value in self.members.data or [] if value is not None]


class StepForm(IdempotentForm, MembersForm):
    stage = SelectField(_l("Legal step"), validate_choice=False)
    day = _day_field(_l("Date of the step"), _l("Enter the day of the step."))

    def __init__(self, code: str, members: list[Member], *args, **kwargs):
        super().__init__(code, members, *args, **kwargs)
        self.stage.choices = _with_empty(offered_stages(members), CHOOSE)


class ResidenceForm(IdempotentForm, MembersForm):
    place = SelectField(
        _l("Lives"),
        choices=_with_empty(PLACE_LABELS.items(), CHOOSE),
        validate_choice=False,
    )
    municipality = StringField(
        _l("Municipality"),
        description=_l("Outside the PMC: the municipality, e.g. Rīga — never an address."),
        validators=[max_length(60)],
    )
    since = _day_field(_l("Since"), _l("Enter the day of the move."))


def step_form(page: CasePage, **kwargs) -> StepForm:
    """The step form for the page's current members (the posted one unless `formdata=None`)."""
    return StepForm(page.case.code, page.current_members, prefix=STEP_PREFIX, **kwargs)


def residence_form(page: CasePage, **kwargs) -> ResidenceForm:
    return ResidenceForm(page.case.code, page.current_members, prefix=RESIDENCE_PREFIX, **kwargs)


def case_page_context(page: CasePage, viewer: User, today: date, **given) -> dict:
    """The case file's page: its data, its plan and closing evaluation cards, words and blank
    forms, `given` forms replacing blank ones (a refusal keeps the input)."""
    forms = {
        "member_form": NewMemberForm(formdata=None, data={"joined_on": today}),
        "step_form": step_form(page, formdata=None, day=today),
        "residence_form": residence_form(page, formdata=None, since=today),
    }
    return {
        "case_page": page,
        "case": page.case,
        "today": today,
        "plan": plan_queries.plan_of(page.case),
        "evaluation_card": (
            evaluation_queries.card(page.case, viewer, reader_language())
            if has_permission(viewer, "evaluations.view")
            else None
        ),
        **label_context(),
        **forms,
        **given,
    }
