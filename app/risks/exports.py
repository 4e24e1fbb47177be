"""The interim report's risk table (section IX) as DOCX and XLSX.

Writers only: no request objects here. They take the rows of queries.risk_table(period,
language), so the documents hold exactly what the register's pages show for that period.
Headings and priority words follow `language` (gettext inside force_locale).
"""

import io
from collections.abc import Iterable

from flask_babel import force_locale, pgettext
from flask_babel import gettext as _

from app.core.models import organisation_name
from app.i18n import format_day, language_of
from app.periods.models import Period
from app.risks.labels import level_label
from app.risks.models import RiskType
from app.spreadsheets import describe, finish_table, heading_row, put, sheet_name

#: DOCX column widths in millimetres on a landscape A4 page with 20 mm margins (257 mm of text
#: width): the priority column as narrow as "(vērtējums:" allows, the measures and the
#: assessment wide. python-docx and openpyxl are imported by the writers: the register's
#: pages, which import this module, need neither.
DOCX_WIDTHS_MM = (31, 36, 95, 95)
#: XLSX column widths in characters, in heading order
XLSX_WIDTHS = (12, 26, 60, 60, 11, 10, 8, 12, 14, 24)


def title() -> str:
    return _("Risk analysis and assessment")


def headings(period: Period | None = None) -> list[str]:
    """The report's four columns as the funder's report heads them, in the current locale;
    the last names the period when there is one."""
    return [
        _("Priority (rating: high, medium, low)"),
        _("Types of risk"),
        _("Measures to prevent or reduce the risk"),
        _(
            "Assessment of the risks' impact in the service period from %(first)s to %(last)s",
            first=format_day(period.starts_on),
            last=format_day(period.ends_on),
        )
        if period is not None
        else _("Assessment of the risks' impact in the service period"),
    ]


def priority_label(level: str) -> str:
    """'high' → 'Augsts' (the funder's report's word), 'High' in English."""
    words = {
        # the context "risk priority": "Augsts/Vidējs/Zems" agree with "dalījums" (a literal:
        # the message extractor reads only literals)
        "high": pgettext("risk priority", "High"),
        "medium": pgettext("risk priority", "Medium"),
        "low": pgettext("risk priority", "Low"),
    }
    return words.get(level) or level_label(level)


def staff_language_note() -> str:
    """Said in the English document: the register's own text is not translated."""
    return _(
        "The table's headings and priorities are translated; the risks' measures and "
        "assessments are the staff's own words in Latvian, as written in the risk register."
    )


def xlsx_headings() -> list[str]:
    return [
        *headings(),
        _("Likelihood (1–5)"),
        _("Impact (1–5)"),
        _("Score"),
        _("Band by score"),
        _("Assessed on"),
        _("Assessed by"),
    ]


def period_line(period: Period) -> str:
    return _(
        "Reporting period: %(start)s – %(end)s",
        start=format_day(period.starts_on),
        end=format_day(period.ends_on),
    )


def contract_line(period: Period) -> str:
    return _("Contract No. %(number)s", number=period.contract.number)


def empty_text() -> str:
    return _("No risks were in the register in this period.")


def not_assessed_text() -> str:
    return _("Not assessed for this period.")


def type_names() -> dict[int, set[str]]:
    """Each risk type's names in both languages, case-folded (one query)."""
    rows = RiskType.select(RiskType.id, RiskType.name_lv, RiskType.name_en).tuples()
    return {type_id: {lv.casefold(), en.casefold()} for type_id, lv, en in rows}


def type_lines(row: dict, names: dict[int, set[str]] | None = None) -> list[str]:
    """The risk type, and the risk's own title under it when it is more than the type's name
    (in either language)."""
    title = row["title"].strip()
    same = {row["type_name"].casefold(), *(names or {}).get(row["type_id"], ())}
    if title and title.casefold() not in same:
        return [row["type_name"], title]
    return [row["type_name"]]


def measure_lines(row: dict) -> list[str]:
    """'1) …', '2) …' as the funder's report numbers them, each on its own line: numbered by
    their position in the contract (dropped ones are not here)."""
    return [f"{measure['position']}) {measure['text'].strip()}" for measure in row["measures"]]


def assessment_lines(row: dict) -> list[str]:
    assessment = row["assessment"]
    if not assessment:
        return []
    return [line.strip() for line in assessment["text"].splitlines() if line.strip()]


def assessed_by_line(row: dict) -> str:
    assessment = row["assessment"]
    return _(
        "Assessed on %(date)s by %(name)s",
        date=format_day(assessment["written_on"]),
        name=assessment["author_name"],
    )


# --- DOCX ----------------------------------------------------------------------------------


def write_docx(
    rows: Iterable[dict], period: Period, language: str = "lv", organisation: str = ""
) -> bytes:
    """A landscape A4 document: the heading, the period, and the risk table with one row per
    risk (high priority first, as given), its header row repeated on every page."""
    from app import documents  # python-docx: loaded when a document is written

    rows = list(rows)
    language = language_of(language)
    organisation = organisation or organisation_name()
    with force_locale(language):
        document = documents.new_document(
            title(),
            language,
            landscape=True,
            header=documents.DocumentHeader(
                organisation, contract_line(period), period_line(period)
            ),
        )
        documents.heading(document, title(), level=1)
        documents.keep_with_next(document.add_paragraph(period_line(period)))
        documents.keep_with_next(document.add_paragraph(contract_line(period)))
        if not rows:
            document.add_paragraph(empty_text())
        else:
            add_risk_table(document, rows, period, internal=True)
            if language == "en":
                document.add_paragraph(staff_language_note())
    return documents.saved(document)


def add_risk_table(
    document, rows: list[dict], period: Period | None = None, *, internal: bool = False
) -> None:
    """The report's four columns, one row per risk, on a landscape page, its heading row with
    the previous paragraph; the line saying who assessed each risk only in the `internal`
    register export, never in the funder's copy."""
    from docx.shared import Mm, Pt

    from app import documents  # python-docx: loaded when a document is written

    table = documents.add_table(document, [Mm(mm) for mm in DOCX_WIDTHS_MM], headings(period))
    names = type_names()
    for row in rows:
        cells = table.add_row().cells
        documents.fill(cells[0], [priority_label(row["contract_priority"])])
        type_cell = type_lines(row, names)
        documents.fill(cells[1], type_cell[:1], bold=True)
        for line in type_cell[1:]:
            documents.add_line(cells[1], line)
        documents.fill(cells[2], measure_lines(row))
        if row["assessment"]:
            documents.fill(cells[3], assessment_lines(row))
            if internal:
                documents.add_line(cells[3], assessed_by_line(row), italic=True, size=Pt(8))
        else:
            documents.fill(cells[3], [not_assessed_text()], italic=True)


# --- XLSX ----------------------------------------------------------------------------------


def write_xlsx(rows: Iterable[dict], period: Period, language: str = "lv") -> bytes:
    """One sheet: a title row, then the report's four columns plus the period's likelihood,
    impact, score and band, with a frozen header row, column widths and wrapped text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = list(rows)
    language = language_of(language)
    workbook = Workbook()
    sheet = workbook.active
    with force_locale(language):
        sheet.title = sheet_name(_("Risks"), fallback="Risks")
        put(sheet, 1, 1, f"{title()} · {period_line(period)}").font = Font(bold=True, size=12)
        heading_row(sheet, 2, xlsx_headings(), wrap=True)
        names = type_names() if rows else {}
        line = 3
        for row in rows:
            _xlsx_row(sheet, line, row, names)
            line += 1
        if not rows:
            put(sheet, line, 1, empty_text())
        describe(workbook, title(), language, organisation_name())
    finish_table(sheet, XLSX_WIDTHS, rows=len(rows), header_row=2, auto_filter=bool(rows))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_row(sheet, line: int, row: dict, names: dict) -> None:
    from openpyxl.styles import Alignment

    assessment = row["assessment"]
    values = [
        priority_label(row["contract_priority"]),
        "\n".join(type_lines(row, names)),
        "\n".join(measure_lines(row)),
        "\n".join(assessment_lines(row)) if assessment else not_assessed_text(),
    ]
    if assessment:
        values += [
            assessment["likelihood"],
            assessment["impact"],
            assessment["score"],
            level_label(assessment["band"]),
            assessment["written_on"],
            assessment["author_name"],
        ]
    for column, value in enumerate(values, start=1):
        cell = put(sheet, line, column, value, "DD.MM.YYYY" if column == 9 else None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
