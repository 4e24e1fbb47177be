"""Forms of an inclusion plan: draw it up, a goal, a task, a review, the outcome."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField

from app.forms import (
    BaseForm,
    CheckboxListField,
    IdempotentForm,
    day_field,
    int_or_none,
    labelled_choices,
    max_length,
    select_choices,
    text_field,
)
from app.plans.labels import OUTCOME_LABELS, OWNER_LABELS, REASON_LABELS, TASK_STATUS_LABELS


class PlanFields(BaseForm):
    drawn_up_on = day_field(_l("Drawn up on"))
    taken_over = BooleanField(
        _l("Taken over with the case file from the previous contract"),
        description=_l("A plan taken over may have been drawn up before the case file opened."),
    )
    members = CheckboxListField(_l("Drawn up with"), coerce=int_or_none, validate_choice=False)
    needs = text_field(_l("Needs"), 2000, area=True)
    specialists = text_field(_l("Specialists to consult"), 500, area=True, needed=False)

    def __init__(self, member_choices, *args, **kwargs):
        kwargs.setdefault("members", [value for value, _label in member_choices])
        super().__init__(*args, **kwargs)
        self.members.choices = select_choices(member_choices)

    def chosen_ids(self) -> list[int]:
        return [value for value in self.members.data or [] if value is not None]


class PlanForm(IdempotentForm, PlanFields):
    """Drawing up a plan: every current member is ticked to start with."""


class GoalForm(IdempotentForm, BaseForm):
    text = text_field(_l("Goal"), 300)


class TaskFields(BaseForm):
    text = text_field(_l("Task"), 300)
    owner_kind = SelectField(_l("Who does it"), choices=labelled_choices(OWNER_LABELS))
    institution = StringField(
        _l("Institution"),
        description=_l("When an institution does it, e.g. NVA."),
        validators=[max_length(120)],
    )
    due_on = day_field(_l("Due on"))


class TaskForm(IdempotentForm, TaskFields):
    goal = SelectField(_l("Goal"), coerce=int_or_none, validate_choice=False)

    def __init__(self, goals, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal.choices = labelled_choices(dict(goals))


class TaskEditForm(TaskFields):
    status = SelectField(_l("Status"), choices=select_choices(TASK_STATUS_LABELS.items()))


class ReviewForm(IdempotentForm, BaseForm):
    day = day_field(_l("Reviewed on"))
    changes = text_field(_l("What changed"), 1000, area=True)


class CloseForm(BaseForm):
    closed_on = day_field(_l("Closed on"))
    outcome = SelectField(_l("Outcome"), choices=labelled_choices(OUTCOME_LABELS))
    reason = SelectField(
        _l("Reason"),
        description=_l("Needed when the plan is not or only partly fulfilled."),
        choices=labelled_choices(REASON_LABELS, _l("— none —")),
    )
    note = text_field(_l("Note"), 300, needed=False)
    close_anyway = BooleanField(_l("Close as fulfilled anyway"))
