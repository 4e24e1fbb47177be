"""The meetings' words, lazy so they follow the reader's language."""

from flask_babel import lazy_gettext as _l

from app.mentor_meetings.models import Mode

MODE_LABELS = {Mode.IN_PERSON: _l("In person"), Mode.REMOTE: _l("Remote")}
