"""What in a free text looks like a client's personal data: names, phone numbers, e-mail
addresses, dates of birth, personal codes. Clients are pseudonymous here (case codes only), so
a form that takes such text warns beside the field and saves only once the writer confirms
(`PersonalDataChecked`); the confirmation is audited without the text.

A heuristic, tuned to warn rather than to miss: the false positives it accepts (a two-word
proper name such as a street or an authority written in full, a capitalised pair of ordinary
words inside a sentence) cost the writer one tick; the ones it avoids are listed in
`NOT_NAMES` and in the tests (tests/test_personal_data.py)."""

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, g, has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from app.accounts import User

#: what a finding is, in words, for the warning beside the field
KINDS = {
    "name": _l("a name"),
    "phone": _l("a phone number"),
    "email": _l("an e-mail address"),
    "birth": _l("a date of birth"),
    "code": _l("a personal code"),
}

#: every repetition bounded, so no text makes a search slower than linear
EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
#: 8 to 15 digits with spaces, hyphens, dots or brackets between, optionally after a +
PHONE = re.compile(r"(?<![\w+])\+?\d[\d \-().]{6,20}\d(?!\w)")
#: a Latvian personal code: DDMMYY-NNNNN, or the newer 32NNNN-NNNNN, standing as a word of its
#: own (eleven digits inside a longer token, a hash or a key, are none)
PERSONAL_CODE = re.compile(r"(?<![\w-])(\d{2})(\d{2})\d{2}-?\d{5}(?![\w-])")
DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})(?!\d)"
)
#: words near a date that make it a birthday, in the service's languages and the clients'
BIRTH_WORDS = re.compile(
    r"dzim|born|birth|d\.o\.b|\bdob\b|рожд|родил|д\.\s?р\.|doğum|تولد|ولد|народ",
    re.IGNORECASE,
)
BIRTH_DISTANCE = 30
#: a word as writers of these languages capitalise it (Latin with diacritics, Cyrillic)
WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*")
#: given names common among the clients and the staff (Arabic, Kurdish, Persian, Dari, Pashto,
#: Russian, Ukrainian, Turkish, West and East African), written in Latin or Cyrillic letters;
#: LATVIAN_ENDINGS lets their Latvian cases match too ("Fatimu", "Ahmedam")
# fmt: off
GIVEN_NAMES = frozenset({
    "ahmed", "ahmad", "mohammed", "mohamed", "muhammad", "mahmoud", "mustafa", "ali", "omar",
    "umar", "hassan", "hasan", "hussein", "husein", "ibrahim", "yusuf", "youssef", "khaled",
    "khalid", "abdullah", "abdul", "karim", "samir", "tariq", "fatima", "fatim", "aisha", "aysha",
    "mariam", "maryam", "layla", "leila", "nour", "noor", "amina", "zainab", "zeinab", "khadija",
    "salma", "rania", "hana", "yasmin", "jamal", "walid", "said", "saeed", "reza", "mehdi",
    "hossein", "amir", "arash", "dariush", "farhad", "javad", "navid", "zahra", "fariba",
    "parisa", "shirin", "soraya", "nasrin", "roya", "sahar", "ahmadzai", "gul", "zarmina",
    "nazanin", "mohsen", "hamid", "rahim", "rahman", "ivan", "sergei", "sergey", "dmitri",
    "dmitry", "alexei", "alexey", "oleksandr", "olexandr", "andrii", "andrey", "mykola",
    "nikolai", "vladimir", "volodymyr", "yuri", "olga", "olha", "natalia", "natalya", "tatiana",
    "tetiana", "svetlana", "irina", "iryna", "elena", "olena", "anastasia", "yulia", "oksana",
    "viktoria", "иван", "сергей", "дмитрий", "алексей", "олександр", "андрій", "николай",
    "владимир", "ольга", "наталья", "наталія", "татьяна", "светлана", "ирина", "елена", "олена",
    "оксана", "mehmet", "ahmet", "emre", "murat", "hüseyin", "ayşe", "ayse", "elif", "zeynep",
    "emine", "hatice", "fatma", "merve", "burak", "kemal", "orhan", "abdi", "abdirahman",
    "amadou", "mamadou", "ibrahima", "fatou", "aminata", "kofi", "tesfaye", "senait",
    "jānis", "andris", "juris", "pēteris", "mārtiņš", "kristaps", "edgars", "roberts", "aivars",
    "anna", "ilze", "līga", "kristīne", "laura", "inese", "dace", "santa", "marija", "sandra",
    "elīna", "agnese", "zane", "linda", "ieva",
})
# fmt: on
#: endings Latvian adds to a foreign name's stem in its cases ("Fatimu", "Ahmedam")
# fmt: off
LATVIAN_ENDINGS = (
    "", "a", "u", "ai", "as", "ā", "am", "s", "i", "e", "ei", "es", "em", "ām", "iem",
)
# fmt: on
#: capitalised pairs that are no person: places, authorities and words the service writes
# fmt: off
NOT_NAMES = frozenset({
    "rīga", "rīgas", "rīgā", "latvija", "latvijas", "latvijā", "mucenieki", "mucenieku",
    "muceniekos", "valsts", "robežsardze", "robežsardzes", "pmlp", "pmc", "nva", "vid", "vdi",
    "vsaa", "lr", "es", "eu", "un", "zoom", "skype", "teams", "google", "microsoft", "sociālais",
    "sociālā", "dienests", "dienesta", "pārvalde", "pārvaldes", "centrs", "centra", "centrā",
    "nodaļa", "nodaļas", "biedrība", "biedrības", "tiesa", "tiesas", "administratīvā",
    "apgabaltiesa", "slimnīca", "slimnīcas", "poliklīnika", "skola", "skolas", "bāriņtiesa",
    "bāriņtiesas", "pašvaldība", "pašvaldības", "sarkanais", "krusts", "krusta",
})
# fmt: on
# fmt: off
MONTHS_AND_DAYS = frozenset({
    "janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs", "augusts",
    "septembris", "oktobris", "novembris", "decembris", "pirmdiena", "otrdiena", "trešdiena",
    "ceturtdiena", "piektdiena", "sestdiena", "svētdiena", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})
# fmt: on


#: enough to warn and to say what kinds there are; a text is not searched further
MAX_FINDINGS = 20
#: the longest text a form takes (the minutes); anything longer is checked this far
MAX_CHECKED_CHARS = 50_000


@dataclass(frozen=True)
class Finding:
    kind: str  #: a key of KINDS
    text: str  #: what was found, shown back to the writer (never stored or logged)


def findings(text: str) -> list[Finding]:
    """What in `text` looks like personal data, in the order of the text, each once (at most
    MAX_FINDINGS)."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", text[:MAX_CHECKED_CHARS])
    found: list[tuple[int, Finding]] = []
    seen: set[tuple[str, str]] = set()
    taken = bytearray(len(text))  #: characters already part of a finding

    def add(start: int, end: int, kind: str) -> None:
        if taken[start] or taken[end - 1]:
            return
        taken[start:end] = b"\x01" * (end - start)
        finding = Finding(kind, text[start:end].strip())
        if (kind, finding.text) not in seen and len(found) < MAX_FINDINGS:
            seen.add((kind, finding.text))
            found.append((start, finding))

    for match in EMAIL.finditer(text):
        add(match.start(), match.end(), "email")
    for match in PERSONAL_CODE.finditer(text):
        day, month = int(match.group(1)), int(match.group(2))
        if match.group(1) == "32" or (1 <= day <= 31 and 1 <= month <= 12):
            add(match.start(), match.end(), "code")
    for match in DATE.finditer(text):
        around = text[max(0, match.start() - BIRTH_DISTANCE) : match.end() + BIRTH_DISTANCE]
        if BIRTH_WORDS.search(around):
            add(match.start(), match.end(), "birth")
    for match in PHONE.finditer(text):
        if 8 <= sum(ch.isdigit() for ch in match.group()) <= 15 and not DATE.fullmatch(
            match.group().strip()
        ):
            add(match.start(), match.end(), "phone")
    for start, end in _names(text):
        add(start, end, "name")
    return [finding for _start, finding in sorted(found, key=lambda pair: pair[0])]


def _names(text: str) -> list[tuple[int, int]]:
    """Spans that look like a person's name: two or more capitalised words in a row (a first
    name and a surname), words in Arabic script (Arabic, Persian, Dari, Pashto), or a known
    given name alone in any of its Latvian cases."""
    runs: list[tuple[int, int]] = []
    given: list[tuple[int, int]] = []
    run: list[re.Match] = []

    def close_run() -> None:
        if len(run) >= 2 or (run and _is_arabic_script(run[0].group())):
            runs.append((run[0].start(), run[-1].end()))
        run.clear()

    for match in WORD.finditer(text):
        word = match.group()
        lower = word.lower()
        arabic = _is_arabic_script(word)
        capitalised = arabic or (word[0].isupper() and not word.isupper())
        if capitalised and not arabic and _given_name(lower):
            given.append((match.start(), match.end()))
        if run and (
            text[run[-1].end() : match.start()].strip()
            or _is_arabic_script(run[0].group()) != arabic
        ):
            close_run()  # something other than a space between, or another script
        ordinary = lower in NOT_NAMES or lower in MONTHS_AND_DAYS
        # a sentence's first word is capitalised anyway: it starts a name only if it is one
        starts_name = run or arabic or _given_name(lower) or not _starts(text, match)
        if capitalised and not ordinary and starts_name:
            run.append(match)
        else:
            close_run()
    close_run()
    alone = [span for span in given if not any(s <= span[0] < e for s, e in runs)]
    return runs + alone


def _starts(text: str, match: re.Match) -> bool:
    """Whether the word begins a sentence (the text, or a line, or after . ! ? :)."""
    index = match.start() - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    return index < 0 or text[index] in ".!?:\n"


def _given_name(lower: str) -> bool:
    for ending in LATVIAN_ENDINGS:
        if ending and not lower.endswith(ending):
            continue
        stem = lower[: len(lower) - len(ending)] if ending else lower
        if stem in GIVEN_NAMES or (stem + "a") in GIVEN_NAMES or (stem + "s") in GIVEN_NAMES:
            return True
    return False


#: endings of Latvian names and of their cases, longest first ("Bērziņš", "Bērziņam")
NAME_ENDINGS = sorted({*LATVIAN_ENDINGS, "š", "is", "us", "im", "ij", "ai", "iem"}, key=len)[::-1]


def _stem(lower: str) -> str:
    for ending in NAME_ENDINGS:
        if ending and lower.endswith(ending) and len(lower) - len(ending) >= 3:
            return lower[: -len(ending)]
    return lower


def _is_staff(lower: str, staff: frozenset[str]) -> bool:
    return lower in staff or any(
        lower.endswith(ending) and lower[: len(lower) - len(ending)] in staff
        for ending in NAME_ENDINGS
    )


def without_colleagues(found: list[Finding], staff: frozenset[str]) -> list[Finding]:
    """The findings but the names whose every word is one of `staff` (name_stems of the
    accounts): a colleague named in the minutes is no client."""
    return [
        finding
        for finding in found
        if finding.kind != "name"
        or not all(_is_staff(word.lower(), staff) for word in WORD.findall(finding.text))
    ]


def name_stems(names: Iterable[str]) -> frozenset[str]:
    """The words of people's names, lower case, and their stems (for _is_staff)."""
    words = {
        word.lower() for name in names for word in WORD.findall(unicodedata.normalize("NFC", name))
    }
    return frozenset(words | {_stem(word) for word in words})


def staff_name_stems() -> frozenset[str]:
    """name_stems of every account's name (former staff too): minutes name colleagues, who
    are no clients. Read once per request."""
    if has_request_context() and "staff_name_stems" in g:
        return g.staff_name_stems
    stems = name_stems(name for (name,) in User.select(User.display_name).tuples())
    if has_request_context():
        g.staff_name_stems = stems
    return stems


def _is_arabic_script(word: str) -> bool:
    return any("ARABIC" in unicodedata.name(ch, "") for ch in word)


def warning_text(found: list[Finding]) -> str:
    """The warning beside the field: what was found, and what to do."""
    listed = ", ".join(f"{KINDS[finding.kind]} ({finding.text})" for finding in found[:5])
    return _(
        "This looks like personal data: %(found)s. Clients are named here by their case code "
        "only. Remove it, or tick below if it is not a person's data.",
        found=listed,
    )


#: the tick beside a warning
CONFIRM_LABEL = _l("It is not a client's personal data: save it as it is")


class PersonalDataChecked:
    """A text field's mixin: the form does not validate while the text looks like personal
    data and the writer has not ticked the box drawn beside the warning (posted as
    `<name>-not-personal`, so a form may hold several such fields). A confirmed text is noted
    for the audit: the next event the save records (app.audit.record) brings its own
    "personal_data.confirmed" event, naming the fields and the kinds, never the text.

    A text saved before was confirmed before: an edit of other fields asks nothing. The form
    knows it from the signed digest of the saved text that the page drew beside the field
    (`<name>-saved`, see `saved_digest`) when it showed the text."""

    confirm_label = CONFIRM_LABEL

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        posted = formdata.getlist if formdata else (lambda _name: [])
        self.personal_data_confirmed = bool(posted(self.confirm_name))
        self.posted_digest = (posted(self.digest_name) or [""])[0]
        self.personal_data_warning = ""

    @property
    def confirm_name(self) -> str:
        return f"{self.name}-not-personal"

    @property
    def digest_name(self) -> str:
        return f"{self.name}-saved"

    @property
    def saved_digest(self) -> str:
        """The digest to draw beside a field showing its saved text, also when the form is
        drawn again with it unchanged ("" for any other text)."""
        if self.object_data and self.data == self.object_data:
            return _digest(self.data)
        return self.posted_digest if self._saved_before() else ""

    def _saved_before(self) -> bool:
        return bool(self.posted_digest) and hmac.compare_digest(
            self.posted_digest, _digest(self.data or "")
        )

    def post_validate(self, form, validation_stopped):
        super().post_validate(form, validation_stopped)
        if validation_stopped or self._saved_before():  # a required or too long text first
            return
        found = findings(self.data or "")
        if any(finding.kind == "name" for finding in found):  # only then read the accounts
            found = without_colleagues(found, staff_name_stems())
        if not found:
            return
        self.personal_data_warning = warning_text(found)
        if not self.personal_data_confirmed:
            raise ValidationError(self.personal_data_warning)
        if has_request_context():
            kinds = g.setdefault("personal_data_confirmed", {})
            kinds[self.short_name] = sorted({finding.kind for finding in found})


def _digest(text: str) -> str:
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, b"saved-text:" + text.encode(), hashlib.sha256).hexdigest()[:32]


class CheckedStringField(PersonalDataChecked, StringField):
    """A line of free text checked for personal data."""


class CheckedTextAreaField(PersonalDataChecked, TextAreaField):
    """Free text checked for personal data."""


def take_confirmations() -> dict[str, list[str]]:
    """The fields (with the kinds found) whose personal-looking text the writer confirmed in
    this request and no event has recorded yet; taken once."""
    if not has_request_context():
        return {}
    return g.pop("personal_data_confirmed", None) or {}
