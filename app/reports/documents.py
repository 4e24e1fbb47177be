"""The monthly report, the interim-report pack and the yearly summary as DOCX, written from the
report's sections.

Writers and builders only: no request objects here, so a job thread can build a pack. Headings
follow the document's language (gettext inside force_locale); the page, the tables and the header
and footer are app/documents.py's, the risk table is the risk register's own, on a landscape page.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from app.clients.statistics import client_figures, yearly_summary
from app.core.models import organisation_name
from app.document_header import DocumentHeader
from app.i18n import language_of
from app.reports import addenda, casework, clients, finance, general, sections
from app.reports.queries import figures, interim_periods_within, staff_names
from app.reports.sections import (
    Challenge,
    Prose,
    RiskTable,
    Section,
    Subheading,
)
from app.risks import exports as risk_exports

#: the sections a staff member writes text for, after the section's data blocks
NARRATIVE_KEYS = ("I", "II", "IV", "V", "VI", "VII", "VIII", "XI", "XII", "XIII", "XIV")
#: the funder's report names its files in its own language
FILE_STEMS = {
    "lv": {
        "monthly": "menesa-zinojums",
        "yearly": "gada-kopsavilkums",
        "interim": ("starpposma-zinojums"),
    },
    "en": {"monthly": "monthly-report", "yearly": "yearly-summary", "interim": "interim-report"},
}

#: progress(done, total): called after each step of a long build
Progress = Callable[[int, int], None]


@dataclass
class Report:
    """A report in one language, ready to render: its title, the lines under it, sections;
    the document's header line, the day it is dated, and what is not final yet (`drafts`: a
    visible "Draft" line lists them)."""

    title: str
    lines: list[str]
    sections: list[Section]
    has_data: bool
    header: DocumentHeader | None = None
    dated: date | None = None
    subtitles: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)

    def draft_line(self) -> str:
        return draft_line(self.drafts) if self.drafts else ""


def draft_line(missing: Sequence[str]) -> str:
    return _("Draft: not final yet. %(missing)s", missing=" ".join(missing))


def header_for(first: date, last: date, contract=None) -> DocumentHeader:
    """'Biedrība X · Līgums Nr. S-2019/01 · 01.12.2019–31.05.2020' in the current locale."""
    contract = contract if contract is not None else general.contract_for(first, last)
    return DocumentHeader(
        organisation_name(),
        _("Contract No. %(number)s", number=contract.number) if contract else "",
        general.period_text(first, last),
    )


def missing_for_final(first: date, last: date) -> list[str]:
    """What keeps a final document of the period from being made (empty: nothing): weeks with
    hours not approved, months not locked, one sentence each in the current locale."""
    return general.missing_for_final(first, last)


def monthly(first: date, last: date, people: sections.People, today: date) -> Report:
    """The monthly report in the current locale, with its compact section on clients and the
    month's plans and complexity (a one-month chart would say nothing: the table only), and the
    extraordinary-situation addendum when one covers the month."""
    data, served = figures(first, last, today), client_figures(first, last)
    found = sections.monthly_sections(data, people)
    addendum = addenda.addendum_section(first, data, people)
    return Report(
        sections.monthly_title(data),
        [sections.range_line(data)],
        [
            found[0],
            clients.monthly_section(served, people),
            *casework.plans_sections(first, last),
            casework.complexity_section(first, last, charted=False),
            casework.evaluation_section(first, last),
            *found[1:],
            *([addendum] if addendum else []),
        ],
        data.has_data or bool(served.clients),
        header=header_for(first, last),
        dated=today,
        drafts=missing_for_final(first, last),
    )


def interim(
    first: date,
    last: date,
    people: sections.People,
    today: date,
    reported_only: bool,
    lang: str,
    narrative: Mapping[str, str] | None = None,
    challenges: Sequence = (),
) -> Report:
    """The interim report in the current locale, sections I–XIV in the funder's order and
    wording: each data section from the records, then the staff's Markdown for it from
    `narrative` (keyed "I" … "XIV"; II's under its status-procedure sub-heading), XII's
    `challenges` (objects with .area, .problem, .solution) grouped by area. A section with
    nothing recorded or written says so. `reported_only` keeps the risk tables of periods not
    yet reported to the funder out (the auditor's rule for the risk export)."""
    narrative = narrative or {}
    data, served = figures(first, last, today), client_figures(first, last)
    periods = [
        period
        for period in interim_periods_within(first, last)
        if period.reported_on is not None or not reported_only
    ]
    contract = periods[0].contract if periods else general.contract_for(first, last)
    names = staff_names(served.worker_ids) if people.shown else {}
    seventh, ninth, thirteenth = sections.interim_sections(data, people, periods, lang)
    plans, fulfilled = casework.plans_sections(first, last)
    found = [
        general.general_section(first, last, contract, organisation_name()),
        clients.portrait_section(served, people),
        clients.served_section(served, people, names),
        plans,
        fulfilled,
        casework.complexity_section(first, last),
        seventh,
        casework.evaluation_section(first, last),
        ninth,
        finance.finance_section(first, last, data),
        Section(
            _("XI. Cooperation partners, activities carried out and publicity measures"),
            [],
            key="XI",
        ),
        Section(_("XII. Challenges and difficulties, actions needed in future"), [], key="XII"),
        thirteenth,
        Section(
            _(
                "XIV. Conclusions and recommendations, proposals / suggestions for the further "
                "delivery of the service"
            ),
            [],
            key="XIV",
        ),
    ]
    for section in found:
        _add_narrative(section, narrative.get(section.key, ""))
        if section.key == "XII":  # after the staff's opening words, as the seed has them
            section.blocks += challenge_blocks(challenges)
        if not section.blocks:
            section.blocks = [not_written_text()]
    if lang == "en":  # on the risk table's own page
        for block in ninth.blocks:
            if isinstance(block, RiskTable):
                block.note = risk_exports.staff_language_note()
    subject = (getattr(contract, "subject", "") or "").strip() if contract else ""
    return Report(
        sections.interim_title(),
        [general.period_text(first, last)],
        found,
        data.has_data or bool(served.clients),
        header=header_for(first, last, contract),
        dated=today,
        subtitles=[subject] if subject else [],
        drafts=missing_for_final(first, last),
    )


def status_procedure_heading() -> str:
    return _("Status determination procedure and appeals against refusals")


def not_written_text() -> str:
    return _("Nothing is recorded or written for this section yet.")


def _add_narrative(section: Section, text: str) -> None:
    if not text.strip():
        return
    if section.key == "II":
        section.blocks.append(sections.Subheading(status_procedure_heading()))
    section.blocks.append(Prose(text))


def challenge_blocks(challenges: Sequence) -> list:
    """XII as the seed writes it: each area once, in capitals, in the order it first appears,
    then its problems each with its solution."""
    areas: dict[str, list[Challenge]] = {}
    spelling: dict[str, str] = {}
    for item in challenges:
        area = (item.area or "").strip()
        spelling.setdefault(area.casefold(), area)  # as first written
        areas.setdefault(area.casefold(), []).append(Challenge(item.problem, item.solution))
    blocks: list = []
    for key, items in areas.items():
        if spelling[key]:
            blocks.append(Subheading(spelling[key].upper()))
        blocks += items
    return blocks


def problem_label() -> str:
    return _("Problem")


def solution_label() -> str:
    return _("Solution")


def yearly(first_year: int, last_year: int, people: sections.People) -> Report:
    """The funder's yearly summary of the clients served, in the current locale."""
    summary = yearly_summary(first_year, last_year)
    first, last = date(first_year, 1, 1), date(last_year, 12, 31)
    return Report(
        clients.yearly_title(summary),
        [general.period_text(first, last)],
        clients.yearly_sections(summary, people),
        any(year.clients for year in summary.years),
        header=DocumentHeader(organisation_name(), "", general.period_text(first, last)),
    )


def write_docx(
    report: Report, language: str, progress: Progress | None = None, now: datetime | None = None
) -> bytes:
    """The report as a Word document (app/reports/word.py writes it: python-docx is loaded
    then, not by the pages that only show a report)."""
    from app.reports import word

    return word.write_docx(report, language, progress, now)


def filename(kind: str, first: date, last: date, extension: str, language: str = "en") -> str:
    """The file's name in the document's language with its period:
    'starpposma-zinojums-2019-12-01_2020-05-31.docx' / 'interim-report-…', 'menesa-zinojums-
    2020-03.docx' / 'monthly-report-2020-03.docx', 'gada-kopsavilkums-2019-2020.docx' /
    'yearly-summary-2019-2020.docx'."""
    stem = FILE_STEMS[language_of(language)][kind if kind in FILE_STEMS["en"] else "interim"]
    if kind == "monthly":
        return f"{stem}-{first:%Y-%m}.{extension}"
    if kind == "yearly":
        return f"{stem}-{first:%Y}-{last:%Y}.{extension}"
    return f"{stem}-{first.isoformat()}_{last.isoformat()}.{extension}"
