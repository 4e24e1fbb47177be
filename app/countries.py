"""Countries by their ISO 3166-1 alpha-2 code, named in the reader's language from pycountry's
catalogs (a maintained list with Latvian names, never a hand-typed one)."""

import gettext
from functools import cache

from app.i18n import reader_language

# pycountry is imported where a country is named, not at start-up: its database and catalogs
# are read then, and most requests of a worker never name one.


@cache
def country_codes() -> frozenset[str]:
    """The codes of every country, for validating a stored value."""
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries)


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    import pycountry

    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def _english_name(code: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name


def country_name(code: str | None, language: str | None = None) -> str:
    """The country's name in `language` (the reader's by default); the code itself when it is
    none of ISO 3166's."""
    if not code or code not in country_codes():
        return code or ""
    language = language or reader_language()
    if language == "en":
        return _english_name(code)
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return _catalog(language).gettext(country.name)


@cache
def _sorted_choices(language: str) -> tuple[tuple[str, str], ...]:
    names = [(code, country_name(code, language)) for code in country_codes()]
    return tuple(sorted(names, key=lambda pair: _sort_key(pair[1])))


def _sort_key(name: str) -> tuple:
    # Latvian letters with diacritics sort right after their base letter (ā after a, č after c)
    return tuple((char.lower().translate(_BASE), char.lower()) for char in name)


_BASE = str.maketrans("āčēģīķļņšūž", "acegiklnsuz")


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) for every country, in the reader's alphabetical order."""
    return list(_sorted_choices(language or reader_language()))
