"""The words for complexity levels."""

from flask_babel import lazy_gettext as _l

from app.complexity.models import Level

LEVEL_LABELS = {
    Level.LOW: _l("Low (Z)"),
    Level.MEDIUM: _l("Medium (V)"),
    Level.HIGH: _l("High (A)"),
}
#: the letter of each level, as the funder's report writes them
LEVEL_LETTERS = {Level.LOW: "Z", Level.MEDIUM: "V", Level.HIGH: "A"}
