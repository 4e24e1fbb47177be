"""The form of a notice to the funder."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField

from app.forms import BaseForm, IdempotentForm, day_field, labelled_choices, max_length, text_field
from app.notices.labels import KIND_LABELS
from app.notices.models import DETAILS_LIMIT, HOW_LIMIT, SUBJECT_LIMIT


class NoticeFields(BaseForm):
    kind = SelectField(_l("About"), choices=labelled_choices(KIND_LABELS))
    event_on = day_field(_l("Day of the event"))
    subject = text_field(_l("Subject"), SUBJECT_LIMIT)
    details = text_field(_l("Details"), DETAILS_LIMIT, area=True, needed=False)
    sent_on = day_field(_l("Sent to the funder on"), needed=False)
    sent_how = StringField(
        _l("How it was sent"),
        description=_l("E.g. an e-mail to the contract's contact person."),
        validators=[max_length(HOW_LIMIT)],
    )


class NoticeForm(IdempotentForm, NoticeFields):
    """Recording a notice."""


class NoticeEditForm(NoticeFields):
    """Changing a notice, e.g. marking it sent."""
