"""What in a free text looks like a client's personal data: names, phone numbers, e-mail
addresses, dates of birth, personal codes. Clients are pseudonymous here (case codes only), so
a form that takes such text warns beside the field and saves only once the writer confirms
(`PersonalDataConfirm`); the confirmation is audited without the text.

A heuristic, tuned to warn rather than to miss: the false positives it accepts (a two-word
proper name such as a street or an authority written in full, a capitalised pair of ordinary
words inside a sentence) cost the writer one tick; the ones it avoids are listed in
`NOT_NAMES` and in the tests (tests/test_personal_data.py)."""

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from app import audit

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


class PersonalDataConfirm(BooleanField):
    """The writer's "it is not personal data" tick, shown only beside a warning."""

    def __init__(self, **kwargs):
        super().__init__(_l("It is not a client's personal data: save it as it is"), **kwargs)


def unconfirmed(form, field_name: str) -> list[Finding]:
    """What in the field looks like personal data, when the writer has not ticked the form's
    `personal_data_ok`: then the form carries the warning (`personal_data_warning`, shown
    beside the field) and must not be saved. Empty when there is nothing, or it was ticked."""
    found = findings(getattr(form, field_name).data or "")
    if found and not form.personal_data_ok.data:
        form.personal_data_warning = warning_text(found)
        return found
    return []


def record_confirmation(actor, obj, field_name: str, text: str) -> None:
    """Audit that the writer saved a text the check flagged: the field and the kinds found,
    never the text. Call it inside the write_tx() of the save."""
    kinds = sorted({finding.kind for finding in findings(text)})
    if kinds:
        audit.record(
            actor, "personal_data.confirmed", obj, [field_name], {"kinds": ",".join(kinds)}
        )
