"""The interim report of one period, as the page shows it and as the funder receives it: the
report's sections from the records (app/reports/documents.py) with the parts staff wrote.

Builders only: no request objects, so a job thread can build the document."""

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale

from app.i18n import language_of
from app.interim.queries import challenges_of, current_texts
from app.periods.models import Period
from app.reports import documents, exports
from app.reports.sections import People

#: what the funder's copy may show: aggregates only, very small groups merged (DOMAIN.md)
FUNDER = People(merged=True)


@dataclass(frozen=True)
class WrittenChallenge:
    area: str
    problem: str
    solution: str


def report_of(period: Period, people: People, today: date, language: str) -> documents.Report:
    """The period's report in the current locale, with its written parts and challenges."""
    return documents.interim(
        period.starts_on,
        period.ends_on,
        people,
        today,
        False,
        language,
        narrative={part: row["text"] for part, row in current_texts(period.id).items()},
        challenges=[
            WrittenChallenge(row["area"], row["problem"], row["solution"])
            for row in challenges_of(period.id)
        ],
    )


def missing_for_final(period: Period) -> list[str]:
    """What keeps the period's report from being final: weeks not approved, months not locked."""
    return documents.missing_for_final(period.starts_on, period.ends_on)


def funder_workbook(period: Period, today: date, language: str) -> tuple[str, bytes]:
    """(file name, XLSX) of the report's tables as the funder may read them."""
    language = language_of(language)
    with force_locale(language):
        body = exports.write_xlsx(report_of(period, FUNDER, today, language), language)
    return documents.filename("interim", period.starts_on, period.ends_on, "xlsx", language), body


def funder_copy(period: Period, today: date, language: str) -> tuple[str, bytes]:
    """(file name, DOCX) of the report as it goes to the funder."""
    language = language_of(language)
    with force_locale(language):
        report = report_of(period, FUNDER, today, language)
        body = documents.write_docx(report, language)
    return documents.filename("interim", period.starts_on, period.ends_on, "docx", language), body
