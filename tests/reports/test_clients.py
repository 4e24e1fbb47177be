"""Sections II and III, the monthly "Clients" and the yearly summary on the hand-made caseload
(tests/reports/client_data.py): the sentences, the page, the DOCX and the XLSX agree; the
funder's copy merges small groups; the pages' queries do not grow with the data; downloads
are audited."""

import json

import pytest
from flask_babel import force_locale
from playhouse.test_utils import assert_query_count, count_queries

from app.accounts import User
from app.audit import AuditEvent
from app.calendar import local_today
from app.permissions import Role
from app.reports import documents
from app.reports.sections import tables_of
from app.reports.views import people_for
from tests.reports.client_data import make_clients
from tests.reports.conftest import docx_tables, docx_text, xlsx_sheets
from tests.reports.test_numbers import page_tables, rows_of

PERIOD = "from=2024-01-01&to=2024-03-31"
CLIENT_TABLES = {
    "clients_gender",
    "clients_age",
    "clients_countries",
    "clients_decisions",
    "clients_positive",
    "clients_households",
    "clients_months",
    "clients_per_worker",
    "clients_workers",
    "clients_municipalities",
    "clients_closed",
    "clients_grades",
}


@pytest.fixture
def caseload(app, english):
    make_clients(english)
    return english


def interim_report(app, users, role: str, language: str = "en"):
    with app.test_request_context(), force_locale(language):
        first, last = documents.date(2024, 1, 1), documents.date(2024, 3, 31)
        report = documents.interim(
            first, last, people_for(users[role]), local_today(), role == Role.AUDITOR, language
        )
        for table in tables_of(report.sections):
            table.text_rows = rows_of(table)
        texts = [b for s in report.sections for b in s.blocks if isinstance(b, str)]
        # the staff tables without rows (no timesheets here) are a sentence, not a table
        return report, {t.key: t for t in tables_of(report.sections) if t.rows}, texts


def test_the_interim_sentences_read_as_the_report(caseload, client_as):
    body = client_as(Role.COORDINATOR).get(f"/reports/interim.docx?{PERIOD}&lang=en").data
    text = docx_text(body)
    for sentence in [
        # 5 of 11 = 45.5 %, 6 of 11 = 54.5 %
        "In the period 5 women and 6 men were served, or 45% women and 55% men.",
        # 282 / 8 = 35.25; 353 / 11 = 32.1
        "In the period the average age of the clients aged 18–60 was 35 years, and the average "
        "age of all clients 32 years.",
        "In all 2 children, 8 adults (18–60) and 1 client over 60 were served.",
        "The clients came from 5 countries. The most common: Syria, Afghanistan, Iraq, "
        "Azerbaijan, Russian Federation.",
        "The country of 1 client is not recorded.",
        "Relocated under the EU programme: 2; arrived on their own: 7; not recorded: 2.",
        "In the period there were 4 positive decisions of the migration office "
        "(3 refugee statuses and 1 alternative status).",
        "In the period 3 clients received a negative decision of the migration office.",
        "A positive decision of the administrative court was received by 1 client.",
        "A negative (final) decision of the court was received by 1 client.",
        "On 31 Mar 2024 1 client is waiting for the administrative court.",
        "On 31 Mar 2024 2 clients are waiting for the migration office's decision.",
        "From 01 Jan 2024 to 31 Mar 2024 the service of social workers and social mentors was "
        "received by 11 clients in all.",
        "Of them, the service was given to 1 family with children, 2 families without children "
        "and 4 individuals.",
        # (10 + 11 + 10) / 3; (10 / 2 + 11 / 2 + 10 / 2) / 3
        "In the period the social workers and mentors served on average 10.3 clients a month.",
        "On average a social worker served 5.2 clients a month.",
        "On 01 Jan 2024 8 clients were taken over, in 5 case files.",
        "Of them 2 clients lived outside the PMC on 01 Jan 2024.",
        "At the end of the period, on 31 Mar 2024, the service is given to 10 clients, of whom "
        "7 live outside the PMC.",
        "On 31 Mar 2024 the social workers have 6 case files.",
    ]:
        assert sentence in text
    headings = [line for line in text.split("\n") if line.startswith(("II.", "III."))]
    assert headings == ["II. Portrait of the target group", "III. Number of clients served"]


def test_the_interim_tables_hold_the_hand_counted_figures(app, caseload):
    _report, tables, _texts = interim_report(app, caseload, Role.COORDINATOR)
    assert tables.keys() >= CLIENT_TABLES
    rows = {key: tables[key].text_rows for key in CLIENT_TABLES}
    assert rows["clients_gender"][1:] == [
        ["Woman", "5", "45.5"],
        ["Man", "6", "54.5"],
        ["Total", "11", "100"],
    ]
    assert rows["clients_age"][1:] == [
        ["Children (0–17)", "2"],
        ["Adults (18–60)", "8"],
        ["Over 60", "1"],
        ["Total", "11"],
    ]
    assert [row[1] for row in rows["clients_countries"][1:]] == ["4", "2", "2", "1", "1", "1", "11"]
    assert [row[1] for row in rows["clients_decisions"][1:]] == ["3", "1", "3", "1", "1", "1", "2"]
    assert rows["clients_positive"][1:] == [
        ["Syria", "3", "0"],
        ["Iraq", "0", "1"],
        ["Total", "3", "1"],
    ]
    assert [row[1] for row in rows["clients_households"][1:]] == ["4", "1", "2", "7"]
    assert [row[1] for row in rows["clients_months"][1:]] == ["10", "11", "10", "10.3"]
    assert [row[1:] for row in rows["clients_per_worker"][1:]] == [
        ["2", "10", "5"],
        ["2", "11", "5.5"],
        ["2", "10", "5"],
        ["", "", "5.2"],
    ]
    # the lead social worker (C, D, F) and the social worker (A, B, E, G), by name
    assert rows["clients_workers"][1:] == [
        ["Leadsocialworker", "3", "4", "3", "3.3"],
        ["Socialworker", "7", "7", "7", "7"],
    ]
    assert rows["clients_municipalities"][1:] == [["Rīga", "6"], ["Jūrmala", "1"], ["Total", "7"]]
    assert rows["clients_closed"][1:] == [
        ["Left the country on their own", "1"],
        ["The service period ended", "1"],
        ["Total", "2"],
    ]
    assert rows["clients_grades"][1:] == [["Grade 3", "1"], ["Total", "1"]]


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_interim_docx_and_the_page_show_the_same_numbers(app, caseload, client_as, language):
    client = client_as(Role.COORDINATOR)
    written = docx_tables(client.get(f"/reports/interim.docx?{PERIOD}&lang={language}").data)
    _report, tables, _texts = interim_report(app, caseload, Role.COORDINATOR, language)
    for table in tables.values():
        assert written[table.title] == table.text_rows, table.key
    if language == "en":  # the coordinator reads English
        shown = page_tables(client, f"/reports/interim?{PERIOD}")
        for table in tables.values():
            assert shown[table.key] == table.text_rows, table.key


def test_the_interim_page_draws_the_client_charts(caseload, client_as):
    page = client_as(Role.COORDINATOR).get(f"/reports/interim?{PERIOD}").get_data(as_text=True)
    for key in ["gender", "age", "countries", "decisions", "households", "months", "per_worker"]:
        assert f'id="chart-clients_{key}"' in page
    assert "style=" not in page


def test_the_funder_sees_small_groups_merged(app, caseload, client_as):
    _report, tables, texts = interim_report(app, caseload, Role.AUDITOR)
    assert "clients_workers" not in tables  # no social worker by name
    assert all(not table.per_person for table in tables.values())
    rows = {key: table.text_rows for key, table in tables.items()}
    assert rows["clients_age"][1:] == [
        ["Children (0–17)", "<3"],
        ["Adults (18–60)", "8"],
        ["Over 60", "<3"],
        ["Total", "11"],
    ]
    # Afghanistan 2, Iraq 2, Azerbaijan 1, Russia 1 merged; c11's unknown country is 1
    assert rows["clients_countries"][1:] == [
        ["Syria", "4"],
        ["Other countries", "6"],
        ["Not recorded", "<3"],
        ["Total", "11"],
    ]
    assert [row[1] for row in rows["clients_decisions"][1:]] == [
        "3",
        "<3",
        "3",
        "<3",
        "<3",
        "<3",
        "<3",
    ]
    assert rows["clients_positive"][1:] == [
        ["Syria", "3", "0"],
        ["Other countries", "0", "<3"],
        ["Total", "3", "<3"],
    ]
    assert [row[1] for row in rows["clients_households"][1:]] == ["4", "<3", "<3", "7"]
    assert rows["clients_gender"][1][1:] == ["5", "45.5"]  # groups of 3 and more are shown
    assert "In all <3 children, 8 adults (18–60) and <3 clients over 60 were served." in texts
    assert "On average a social worker served 5.2 clients a month." in texts
    body = client_as(Role.AUDITOR).get(f"/reports/interim.docx?{PERIOD}&lang=en").data
    written = docx_tables(body)
    assert written["Clients served by country of origin"] == rows["clients_countries"]
    assert "Clients served per social worker by name" not in written
    assert "Socialworker" not in docx_text(body)


def test_the_monthly_report_has_the_clients(app, caseload, client_as):
    client = client_as(Role.COORDINATOR)
    shown = page_tables(client, "/reports/monthly?month=2024-03")
    # March: c1–c5, c7–c11; A has children, D is a couple; B, E (c10 alone since c9 left
    # on 31 January), F and G are individuals
    assert [row[1] for row in shown["clients_households"][1:]] == ["4", "1", "1", "6"]
    # in March: c7's alternative status and c8's positive court decision
    assert [row[1] for row in shown["clients_decisions"][1:]] == ["0", "1", "0", "1", "0", "1", "2"]
    page = client.get("/reports/monthly?month=2024-03").get_data(as_text=True)
    assert "received by 10 clients in all" in page
    assert "No case file was closed in this period." in page
    sheets = xlsx_sheets(client.get("/reports/monthly.xlsx?month=2024-03&lang=en").data)
    households = next(
        rows for name, rows in sheets.items() if name.startswith("Case files served by")
    )
    assert households[1:] == [
        ("Individuals", 4),
        ("Families with children", 1),
        ("Families without children", 1),
        ("Total", 6),
    ]
    with app.test_request_context(), force_locale("en"):
        february = documents.monthly(
            documents.date(2024, 2, 1),
            documents.date(2024, 2, 29),
            people_for(caseload[Role.AUDITOR]),
            local_today(),
        )
    closed = next(t for t in tables_of(february.sections) if t.key == "clients_closed")
    assert [str(cell) for cell in closed.total] == ["Total", "<3"]  # C left on 15 February


def test_the_pages_queries_do_not_grow_with_the_data(app, caseload, client_as):
    client = client_as(Role.COORDINATOR)
    urls = [f"/reports/interim?{PERIOD}", "/reports/monthly?month=2024-02"]
    urls.append("/reports/yearly?from=2023&to=2024")
    counted = []
    for url in urls:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counted.append(counter.count)
    make_clients(caseload, "-2")
    for url, count in zip(urls, counted, strict=True):
        with assert_query_count(count):
            assert client.get(url).status_code == 200


def test_the_yearly_summary_page_and_document(caseload, client_as):
    client = client_as(Role.COORDINATOR)
    page = client.get("/reports/yearly?from=2023&to=2024")
    assert page.status_code == 200
    shown = page_tables(client, "/reports/yearly?from=2023&to=2024")
    # 2023: women c1 c3 c10 c11 c12, men c2 c5 c6 c9; 2024: 5 and 6
    assert shown["yearly_persons"][1:] == [
        ["2023", "5", "4", "0", "9"],
        ["2024", "5", "6", "0", "11"],
    ]
    # children: c3 in 2023 (1 of 9), c3 c4 in 2024 (2 of 11); ages as in the statistics tests
    assert shown["yearly_ages"][1:] == [
        # all: 33 + 35 + 8 + 28 + 43 + 23 + 21 + 38 + 24 = 253 / 9
        ["2023", "1", "11.1", "24.8", "32.2", "28.1"],
        ["2024", "2", "18.2", "31.6", "32.5", "32.1"],
    ]
    assert shown["yearly_outflows"][1] == ["Left the country on their own", "0", "1"]
    assert shown["yearly_outflows"][4] == ["The service period ended", "1", "0"]
    assert shown["yearly_residence"][1:] == [
        ["At the reception centre (PMC)", "5", "2"],
        ["Jūrmala", "0", "1"],
        ["Rīga", "2", "6"],
        ["Residence not recorded", "1", "1"],
        ["Total", "8", "10"],
    ]
    assert 'id="chart-yearly_persons"' in page.get_data(as_text=True)
    body = client.get("/reports/yearly.docx?from=2023&to=2024&lang=en").data
    written = docx_tables(body)
    assert written["Persons served per year by gender"] == shown["yearly_persons"]
    assert "In 2024 11 persons were served: women 5, men 6." in docx_text(body)
    auditor = page_tables(client_as(Role.AUDITOR), "/reports/yearly?from=2023&to=2024")
    assert auditor["yearly_ages"][1][1:3] == ["<3", "–"]


def test_the_yearly_summary_defaults_to_the_last_full_years(caseload, client_as):
    page = client_as(Role.AUDITOR).get("/reports/yearly").get_data(as_text=True)
    last = local_today().year - 1
    assert f'value="{max(2023, last - 2)}"' in page and f'value="{last}"' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2024&to=2023", "The first year is after the last."),
        ("from=2000&to=2020", "Choose at most 20 years at a time."),
        ("from=1999&to=2020", "Give both years as YYYY, from 2000 to 2099."),
        ("from=20x4&to=2024", "Give both years as YYYY"),
        ("from=2024", "Give both years as YYYY"),
        ("from=%D9%A2%D9%A0%D9%A2%D9%A4&to=2024", "Give both years as YYYY"),
    ],
)
def test_bad_years_are_refused(caseload, client_as, query, message):
    client = client_as(Role.COORDINATOR)
    page = client.get(f"/reports/yearly?{query}")
    assert page.status_code == 422
    assert message in page.get_data(as_text=True) and 'name="from"' in page.get_data(as_text=True)
    document = client.get(f"/reports/yearly.docx?{query}")
    assert document.status_code == 400
    assert message in document.get_data(as_text=True)


def test_twenty_years_are_allowed(caseload, client_as):
    assert client_as(Role.AUDITOR).get("/reports/yearly?from=2005&to=2024").status_code == 200


def test_every_download_is_audited(caseload, client_as):
    client = client_as(Role.AUDITOR)
    for url in [
        "/reports/monthly.docx?month=2024-03",
        "/reports/monthly.xlsx?month=2024-03",
        f"/reports/interim.docx?{PERIOD}",
        "/reports/yearly.docx?from=2023&to=2024",
    ]:
        assert client.get(url).status_code == 200
    client.get("/reports/monthly?month=2024-03")  # a page is not a download
    events = AuditEvent.select().where(AuditEvent.action == "download").order_by(AuditEvent.id)
    auditor = User.get(User.role == Role.AUDITOR)
    details = [json.loads(event.detail) for event in events]
    assert {event.actor_id for event in events} == {auditor.id}
    assert [(d["route"], d["period"], d["file"].rsplit(".")[-1]) for d in details] == [
        ("reports.monthly_docx", "2024-03-01 – 2024-03-31", "docx"),
        ("reports.monthly_xlsx", "2024-03-01 – 2024-03-31", "xlsx"),
        ("reports.interim_docx", "2024-01-01 – 2024-03-31", "docx"),
        ("reports.yearly_docx", "2023-01-01 – 2024-12-31", "docx"),
    ]
