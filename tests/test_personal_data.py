"""The check of free text for a client's personal data (app/personal_data.py): the name shapes
of the clients' languages, phone numbers, e-mails, birthdays and personal codes, and the
service's own words it leaves alone."""

import pytest

from app.personal_data import findings, name_stems, without_colleagues


def found(text: str) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in findings(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Latvian, with Latvian cases of foreign names
        ("Tikāmies ar Ahmed Hassan un viņa sievu Fatimu.", ["Ahmed Hassan", "Fatimu"]),
        ("Jānis Bērziņš no bāriņtiesas zvanīja.", ["Jānis Bērziņš"]),
        ("Palīdzēju Ahmedam aizpildīt veidlapu.", ["Ahmedam"]),
        # Arabic and Persian, in their script and in Latin letters
        ("محمد رضایی آمد", ["محمد رضایی آمد"]),
        ("Sarunājām ar Reza par skolu.", ["Reza"]),
        ("Zahra Hosseini ieradās laikā.", ["Zahra Hosseini"]),
        # Russian and Ukrainian, in Cyrillic and in Latin letters
        ("Встреча с Иван Петров", ["Иван Петров"]),
        ("Oleksandr Kovalenko atnāca ar meitu.", ["Oleksandr Kovalenko"]),
        # Turkish
        ("Mehmet Yılmaz ve Ayşe geldi.", ["Mehmet Yılmaz", "Ayşe"]),
    ],
)
def test_names_of_the_clients_languages_are_found(text, expected):
    assert [text for kind, text in found(text) if kind == "name"] == expected


@pytest.mark.parametrize(
    ("text", "kind", "match"),
    [
        ("Zvanīt +371 2612 3456 vakarā.", "phone", "+371 2612 3456"),
        ("tel. 26123456", "phone", "26123456"),
        ("Rakstīt uz klients.x@example.com", "email", "klients.x@example.com"),
        ("Dzimis 12.03.1990 Kabulā.", "birth", "12.03.1990"),
        ("born 1990-03-12", "birth", "1990-03-12"),
        ("p.k. 120390-12345", "code", "120390-12345"),
        ("personas kods 32123456789", "code", "32123456789"),
    ],
)
def test_phone_numbers_e_mails_birthdays_and_personal_codes_are_found(text, kind, match):
    assert (kind, match) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Klientam L-0042 palīdzēju Rīgā 09:00–11:00.",
        "Pirmdien PMC tikos ar L-0042 un L-0043.",
        "Sapulcē 12.03.2020 par grafiku; 532 800 EUR līgumā.",
        "Pavadīju uz Valsts valodas centru un Sociālais dienests.",
        "Reģistrēts 2020-03-12, nākamā tikšanās 19.03.2020.",
        "Zoom sapulce ar NVA un VID.",
        # eleven digits inside a key or a hash are no personal code, no phone
        "drill 4515ce32273648939ad84f4d1d5e6f40",
        "sha256 7136849756894db89456b28031024918",
        "",
    ],
)
def test_the_service_own_words_are_not_taken_for_personal_data(text):
    assert found(text) == []


def test_the_false_positives_accepted_cost_one_tick():
    """A proper name of two capitalised words that is no person is warned about: the writer
    ticks "not personal data" once (see the module's docstring)."""
    assert found("Tikāmies Brīvības Ielā.") == [("name", "Brīvības Ielā")]


STAFF = name_stems(["Anna Bērziņa", "Edgars Mentors-Paraugs", "Jānis Ozols"])


@pytest.mark.parametrize(
    "text",
    [
        "Sapulcē: Anna Bērziņa, Edgars Mentors-Paraugs.",
        "Annai Bērziņai jāsagatavo grafiks, Jānim Ozolam un Edgaram: zvanīt.",
    ],
)
def test_colleagues_named_in_a_text_are_no_clients(text):
    assert without_colleagues(findings(text), STAFF) == []


def test_a_client_sharing_a_colleague_s_given_name_is_still_found():
    assert [f.text for f in without_colleagues(findings("Tikos ar Anna Ivanova."), STAFF)] == [
        "Anna Ivanova"
    ]
