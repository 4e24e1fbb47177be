"""The report's sentence on trainings and supervisions, in English and in Latvian."""

import pytest
from flask_babel import force_locale

from app.training import reports
from app.training.summary import PeriodSummary, hours_text, period_summary, sentence, sentences
from tests.training import report_fixtures
from tests.training.report_fixtures import FIRST, LAST

quarter = report_fixtures.quarter


def summary(trainings: int, *supervision_hours: float) -> PeriodSummary:
    return PeriodSummary(trainings, [round(hours * 60) for hours in supervision_hours], [])


@pytest.fixture
def in_locale(app):
    def say(language: str, value: PeriodSummary) -> str:
        with app.test_request_context(), force_locale(language):
            return sentence(value)

    return say


def test_the_reports_sentence_in_english(in_locale):
    assert in_locale("en", summary(9, 5, 6, 3, 4)) == (
        "In the period there were 9 qualification trainings and 4 supervisions "
        "(5 h, 6 h, 3 h and 4 h; 18 h in all)."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            summary(1, 5),
            "In the period there was 1 qualification training and 1 supervision (5 h).",
        ),
        (
            summary(2, 1.5, 3),
            "In the period there were 2 qualification trainings and 2 supervisions "
            "(1.5 h and 3 h; 4.5 h in all).",
        ),
        (
            summary(3),
            "In the period there were 3 qualification trainings; there was no supervision.",
        ),
        (
            summary(0, 2, 2),
            "In the period there were 2 supervisions (2 h and 2 h; 4 h in all); "
            "there was no qualification training.",
        ),
        (summary(0), "In the period there was no qualification training and no supervision."),
    ],
    ids=["1", "2", "no-supervision", "no-training", "none"],
)
def test_english_forms(in_locale, value, expected):
    assert in_locale("en", value) == expected


# Latvian: a count ending in 1 (not 11) takes the singular, any other count the plural; a zero
# count is said without a number. These need the Latvian catalog's plural forms.


def test_the_reports_sentence_in_latvian(in_locale):
    assert in_locale("lv", summary(9, 5, 6, 3, 4)) == (
        "Periodā notika 9 kvalifikācijas celšanas apmācības un 4 supervīzijas "
        "(5 h, 6 h, 3 h un 4 h, kopā 18 h)."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            summary(1, 5),
            "Periodā notika 1 kvalifikācijas celšanas apmācība un 1 supervīzija (5 h).",
        ),
        (
            summary(2, 4.5, 3),
            "Periodā notika 2 kvalifikācijas celšanas apmācības un 2 supervīzijas "
            "(4,5 h un 3 h, kopā 7,5 h).",
        ),
        (
            summary(10, *[1] * 10),
            "Periodā notika 10 kvalifikācijas celšanas apmācības un 10 supervīzijas "
            "(1 h, 1 h, 1 h, 1 h, 1 h, 1 h, 1 h, 1 h, 1 h un 1 h, kopā 10 h).",
        ),
        (
            summary(11),
            "Periodā notika 11 kvalifikācijas celšanas apmācības; supervīzijas nenotika.",
        ),
        (
            summary(21),
            "Periodā notika 21 kvalifikācijas celšanas apmācība; supervīzijas nenotika.",
        ),
        (
            summary(0, *[1] * 21),
            "Periodā notika 21 supervīzija ("
            + ", ".join(["1 h"] * 20)
            + " un 1 h, kopā 21 h); kvalifikācijas celšanas apmācības nenotika.",
        ),
        (
            summary(0),
            "Periodā nenotika ne kvalifikācijas celšanas apmācības, ne supervīzijas.",
        ),
    ],
    ids=["1", "2", "10", "11", "21", "21-supervisions", "0"],
)
def test_latvian_number_agreement(in_locale, value, expected):
    assert in_locale("lv", value) == expected


def test_hours_use_the_readers_decimal_mark(app):
    with app.test_request_context():
        with force_locale("lv"):
            assert (hours_text(270), hours_text(300)) == ("4,5 h", "5 h")
        with force_locale("en"):
            assert hours_text(270) == "4.5 h"


def test_summary_counts_held_sessions_per_kind(quarter, app):
    with app.test_request_context(), force_locale("en"):
        marks = reports.marks_between(FIRST, LAST)
        value = period_summary(reports.sessions_between(FIRST, LAST, marks))
        both = sentences(value)
    # the cancelled supervision and the one nobody attended are not held
    assert (value.trainings, value.supervision_minutes) == (1, [300, 240])
    assert [(k.name, k.counts_as, k.sessions, k.minutes) for k in value.kinds] == [
        ("Group supervision", "supervision", 2, 540),
        ("Qualification training", "training", 1, 180),
    ]
    assert both["en"] == (
        "In the period there was 1 qualification training and 2 supervisions "
        "(5 h and 4 h; 9 h in all)."
    )
    assert set(both) == {"lv", "en"}
