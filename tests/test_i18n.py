"""Every user-visible template string is translatable, and Latvian translates all of them."""

import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT
from app.i18n import format_day, format_hours, format_instant

TEMPLATES = PROJECT_ROOT / "templates"
LV_CATALOG = PROJECT_ROOT / "app" / "translations" / "lv" / "LC_MESSAGES" / "messages.po"
TRANS_BLOCK = re.compile(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", re.S)
JINJA = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
LETTER = re.compile(r"[^\W\d_]")
TEXT_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}


class LiteralText(HTMLParser):
    """Collects text nodes and text attributes that still hold letters once Jinja is removed."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"code", "script", "style"}:
            self.skip_depth += 1
        for name, value in attrs:
            if name in TEXT_ATTRIBUTES and value and LETTER.search(value):
                self.found.append(f'{name}="{value}"')

    def handle_endtag(self, tag):
        if tag in {"code", "script", "style"} and self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data):
        if not self.skip_depth and LETTER.search(data):
            self.found.append(data.strip())


def literal_text(source: str) -> list[str]:
    parser = LiteralText()
    parser.feed(JINJA.sub(" ", TRANS_BLOCK.sub(" ", source)))
    return parser.found


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_templates_hold_no_untranslated_text(template: Path):
    assert literal_text(template.read_text()) == []


def test_the_check_catches_literal_text():
    assert literal_text('<p>{{ _("Fine") }}</p><button title="Oops">Save</button>') == [
        'title="Oops"',
        "Save",
    ]


def source_messages() -> set[str]:
    method_map = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PROJECT_ROOT), method_map=method_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_latvian_catalog_translates_every_message():
    with LV_CATALOG.open("rb") as fh:
        catalog = read_po(fh)
    translated = {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalog
        if message.id
        and not message.fuzzy
        and (all(message.string) if isinstance(message.string, tuple) else message.string)
    }
    missing = sorted(source_messages() - translated)
    assert missing == [], "run pybabel extract/update and translate these"


def test_dates_are_latvian_by_default_and_instants_shown_in_riga_time(app):
    with app.test_request_context():
        assert format_day(date(2026, 11, 22)) == "22.11.2026"
        # 22:30 UTC in November is 00:30 the next day in Riga (UTC+2)
        assert format_instant(datetime(2026, 11, 22, 22, 30)) == "23.11.2026 00:30"


def test_hours_use_the_readers_decimal_mark(app):
    with app.test_request_context():
        assert format_hours(150) == "2,5"
        assert format_hours(60) == "1"


def test_a_forced_language_is_used_inside_its_block_and_left_after_it(app):
    """The catalogue is kept a request long, so force_locale (documents in the reader's
    language) must still switch it, in Python and in templates, and switch it back."""
    from flask import render_template_string
    from flask_babel import force_locale, gettext

    with app.test_request_context():
        assert gettext("Week") == "Nedēļa"
        with force_locale("en"):
            assert gettext("Week") == "Week"
            assert render_template_string("{{ _('Week') }}") == "Week"
        assert gettext("Week") == "Nedēļa"
        assert render_template_string("{{ _('Week') }}") == "Nedēļa"


def test_the_menu_follows_each_persons_language(app, users, client_as):
    """The menu is built once a role and language: a Latvian and an English reader of the
    same role each get their own, with the page they are on marked."""
    from app.accounts import User
    from app.permissions import Role
    from tests.conftest import create_user, login

    User.update(language="en").where(User.id == users[Role.LEAD].id).execute()
    create_user("lead2", Role.LEAD, language="lv")
    latvian = app.test_client()
    login(latvian, "lead2")
    english_page = client_as(Role.LEAD).get("/timesheets/queue").get_data(as_text=True)
    latvian_page = latvian.get("/timesheets/queue").get_data(as_text=True)
    assert '<a href="/timesheets/queue" aria-current="page">Approvals</a>' in english_page
    assert '<a href="/timesheets/queue" aria-current="page">Apstiprināšana</a>' in latvian_page
    assert "Approvals" not in latvian_page
    assert '<a href="/">Home</a>' in english_page


@pytest.mark.parametrize("language", ["lv", "en"])
def test_hours_are_written_as_babel_writes_them(app, language):
    """format_hours writes what format_decimal(hours, "0.##") would, without its cost."""
    from flask_babel import force_locale, format_decimal

    from app.calendar import hours

    with app.test_request_context(), force_locale(language):
        for minutes in [None, 0, 1, 5, 50, 59, 60, 61, 90, 455, 6001, 599999, -1, -90, -6001]:
            assert format_hours(minutes) == format_decimal(hours(minutes), "0.##"), minutes


def test_latvian_instants_are_written_as_babel_writes_them(app):
    """format_instant's Latvian digits equal babel's pattern, across both clock changes."""
    from datetime import timedelta

    from flask_babel import format_datetime

    with app.test_request_context():
        start = datetime(2026, 3, 28, 22, 0)  # the night of the spring change in Riga
        for hour in [*range(0, 10), *range(5035, 5060), *range(5400, 5420)]:
            instant = start + timedelta(hours=hour, minutes=7 * hour % 60)
            assert format_instant(instant) == format_datetime(instant, "dd.MM.yyyy HH:mm")
