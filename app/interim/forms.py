"""Forms: a part's text, a problem with its solution, reporting the period."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField

from app.forms import CLIENT_DATA_HINT, BaseForm, day_field, max_length, required
from app.interim.services import CHALLENGE_LIMIT, TEXT_LIMIT
from app.personal_data import CheckedTextAreaField


class TextForm(BaseForm):
    text = CheckedTextAreaField(
        _l("Text (Markdown)"),
        description=CLIENT_DATA_HINT,
        validators=[max_length(TEXT_LIMIT)],
    )
    #: the version the writer started from: a save over someone else's newer one is refused
    base = HiddenField()

    @property
    def base_id(self) -> int | None:
        return int(self.base.data) if (self.base.data or "").isdigit() else None


class ChallengeForm(BaseForm):
    area = StringField(
        _l("Area"),
        description=_l("e.g. Education, Housing, Employment, Health"),
        validators=[required(), max_length(120)],
    )
    problem = CheckedTextAreaField(
        _l("Problem"),
        description=CLIENT_DATA_HINT,
        validators=[required(), max_length(CHALLENGE_LIMIT)],
    )
    solution = CheckedTextAreaField(
        _l("Solution"), validators=[required(), max_length(CHALLENGE_LIMIT)]
    )

    def values(self) -> dict:
        return {name: (self[name].data or "").strip() for name in ("area", "problem", "solution")}


class ReportForm(BaseForm):
    reported_on = day_field(_l("Reported on"))
