"""Every number in the DOCX, the XLSX and on the page equals the data functions, and the data
functions equal the records counted another way."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from flask_babel import force_locale
from peewee import fn

from app.accounts import User
from app.calendar import local_today
from app.cases.models import CaseFile
from app.reports import documents
from app.reports.queries import figures
from app.reports.sections import Average, Hours, People, Table, tables_of
from app.reports.views import people_for
from app.timesheets.models import Entry, EntryCase
from tests.reports.conftest import MARCH, docx_tables, xlsx_sheets

FIRST, LAST = date(2020, 3, 1), date(2020, 3, 31)


def monthly_tables(language: str) -> list[Table]:
    """The coordinator's monthly report for March, as tables in `language` (cells rendered)."""
    coordinator = User.get(User.username == "coordinator")
    with force_locale(language):
        report = documents.monthly(FIRST, LAST, people_for(coordinator), local_today())
        return [rendered(table) for table in tables_of(report.sections)]


def interim_tables(language: str) -> list[Table]:
    coordinator = User.get(User.username == "coordinator")
    with force_locale(language):
        report = documents.interim(
            date(2019, 12, 1),
            date(2020, 5, 31),
            people_for(coordinator),
            local_today(),
            False,
            language,
        )
        return [rendered(table) for table in tables_of(report.sections)]


def rendered(table: Table) -> Table:
    """The table with each cell as its text (hours in the locale's notation) beside the cell."""
    table.text_rows = rows_of(table)
    return table


def rows_of(table: Table) -> list[list[str]]:
    rows = [[str(cell) for cell in row] for row in table.rows]
    return [table.headings, *rows, *([[str(c) for c in table.total]] if table.total else [])]


def xlsx_value(cell):
    """What a table's cell becomes in a workbook: hours a number, no empty strings."""
    if isinstance(cell, Hours | Average):
        return cell.number
    return cell if cell != "" else None


def page_tables(client, url: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(client.get(url).get_data(as_text=True))
    return parser.tables


def test_the_march_figures_equal_the_records_counted_directly(in_demo):
    with in_demo():
        data = figures(FIRST, LAST, local_today())
        in_march = Entry.day.between(FIRST, LAST)
        minutes = Entry.select(fn.SUM(Entry.end_minute - Entry.start_minute)).where(in_march)
        assert data.mentor_minutes == minutes.scalar()
        mentors = Entry.select(fn.COUNT(Entry.mentor.distinct())).where(in_march).scalar()
        served = EntryCase.select(EntryCase.case_file).join(Entry).where(in_march).distinct()
        assert data.cases == served.count()
        people = CaseFile.select(fn.SUM(CaseFile.people)).where(CaseFile.id.in_(served)).scalar()
    assert len(data.mentors) == data.months[0].mentors == mentors == 11
    assert data.people == people
    assert sum(line.minutes for line in data.activities) == data.mentor_minutes
    assert sum(line.minutes for line in data.places) == data.mentor_minutes
    assert sum(p.minutes for p in data.mentors) == data.mentor_minutes
    assert data.months[0].social_workers == 2


def test_the_monthly_docx_holds_the_tables_of_the_report(in_demo, demo_as):
    body = demo_as("coordinator").get(f"/reports/monthly.docx?month={MARCH}&lang=lv").get_data()
    written = docx_tables(body)
    with in_demo():
        tables = monthly_tables("lv")
    for table in tables:
        assert written[table.title] == table.text_rows, table.key
    assert any(table.key == "mentors" for table in tables)  # the coordinator sees per person


def test_the_monthly_xlsx_holds_the_same_numbers(in_demo, demo_as):
    body = demo_as("coordinator").get(f"/reports/monthly.xlsx?month={MARCH}&lang=lv").get_data()
    sheets = list(xlsx_sheets(body).values())[1:]  # after the title sheet
    with in_demo():
        tables = monthly_tables("lv")
        data = figures(FIRST, LAST, local_today())
    assert len(sheets) == len(tables)
    for sheet, table in zip(sheets, tables, strict=True):
        values = [*table.rows, *([table.total] if table.total else [])]
        expected = [tuple(xlsx_value(cell) for cell in row) for row in values]
        assert sheet[1:] == expected, table.key
    summary = dict(row[:2] for row in sheets[0][1:])
    assert round(data.mentor_minutes / 60, 2) in summary.values()
    assert data.cases in summary.values()


class Tables(HTMLParser):
    """The page's report tables (data-table="key") as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and "data-table" in attributes:
            self.current = self.tables.setdefault(attributes["data-table"], [])
        elif self.current is not None and tag == "tr":
            self.current.append([])
        elif self.current is not None and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif tag in ("td", "th") and self.cell is not None:
            self.current[-1].append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_the_page_shows_the_same_numbers_as_the_documents(in_demo, demo_as):
    shown = page_tables(demo_as("coordinator"), f"/reports/monthly?month={MARCH}")
    with in_demo():
        tables = monthly_tables("en")
    for table in tables:
        if table.per_person:
            assert table.key not in shown  # on the per-person page instead
        else:
            assert shown[table.key] == table.text_rows, table.key


def test_the_per_person_page_equals_the_documents_per_person_tables(in_demo, demo_as):
    shown = page_tables(demo_as("coordinator"), f"/reports/monthly/people?month={MARCH}")
    with in_demo():
        tables = [table for table in monthly_tables("en") if table.per_person]
    # hours per mentor, case files per social worker, and (March is in the demo's COVID-19
    # addendum) who was on site
    assert [table.key for table in tables] == ["mentors", "workers", "on_site"]
    for table in tables:
        assert shown[table.key] == table.text_rows, table.key


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_interim_docx_tables_equal_the_data(in_demo, demo_as, language):
    url = "/reports/interim.docx?from=2019-12-01&to=2020-05-31&lang=" + language
    written = docx_tables(demo_as("coordinator").get(url).get_data())
    with in_demo():
        tables = interim_tables(language)
    for table in tables:
        assert written[table.title] == table.text_rows, table.key


def test_the_interim_page_shows_the_same_numbers(in_demo, demo_as):
    url = "/reports/interim?from=2019-12-01&to=2020-05-31"
    shown = page_tables(demo_as("coordinator"), url)
    with in_demo():
        tables = interim_tables("en")
    for table in tables:
        assert shown[table.key] == table.text_rows, table.key


def test_people_rows_are_scoped_for_a_social_worker(in_demo):
    with in_demo():
        worker = User.get(User.username == "worker")
        people = people_for(worker)
        supervised = {u.id for u in User.select().where(User.supervisor == worker.id)}
        assert people_for(User.get(User.username == "auditor")) == People(merged=True)
        assert people_for(User.get(User.username == "admin")) == People()
    assert people.mentor_ids == supervised and len(supervised) == 5
    assert people.worker_ids == {worker.id}
