"""The risk table exports: DOCX and XLSX contents agree with risk_table, access, bad input."""

import io
from datetime import date

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from flask_babel import force_locale
from flask_babel import gettext as _
from playhouse.test_utils import assert_query_count, count_queries

from app.accounts import User
from app.downloads import DOCX_MIMETYPE
from app.periods import services as period_services
from app.periods.models import Period, PeriodKind
from app.permissions import Role
from app.risks import exports, labels, queries
from app.risks.models import Assessment, Band, Measure, MeasureStatus, Risk, RiskType
from app.risks.scoring import BandRules
from app.spreadsheets import XLSX_MIMETYPE

#: the funder's report's column headings, the period in the last (the DOCX's)
LATVIAN_HEADINGS = [
    "Prioritārs dalījums (vērtējums: augsts, vidējs, zems)",
    "Risku veidi",
    "Pasākumi riska novēršanai vai mazināšanai",
    "Risku ietekmes novērtējums pakalpojuma sniegšanas periodā no 01.12.2019 līdz 31.05.2020",
]
ENGLISH_HEADINGS = [
    "Priority (rating: high, medium, low)",
    "Types of risk",
    "Measures to prevent or reduce the risk",
    "Assessment of the risks' impact in the service period from 01 Dec 2019 to 31 May 2020",
]
#: the workbook's columns name no period (its title row does)
ENGLISH_XLSX_HEADINGS = [
    *ENGLISH_HEADINGS[:3],
    "Assessment of the risks' impact in the service period",
]
FORMULA_TEXT = '=HYPERLINK("http://example.invalid","x")'
MANAGEMENT_ASSESSMENT = "1) Sapulces notika katru nedēļu.\n2) Pasūtītājs informēts laikus."


def add_risk(type_name: str, title: str, priority: str, likelihood: int, impact: int, added_on):
    return Risk.create(
        type=RiskType.get(RiskType.name_lv == type_name).id,
        title=title,
        contract_priority=priority,
        likelihood=likelihood,
        impact=impact,
        added_on=added_on,
    )


def add_measures(risk: Risk, *measures) -> None:
    for position, (text, status) in enumerate(measures, start=1):
        Measure.create(risk=risk.id, position=position, text=text, status=status)


def assess(risk: Risk, period: Period, text: str, author: User, likelihood=3, impact=3):
    Assessment.create(
        risk=risk.id,
        period=period.id,
        text=text,
        likelihood=likelihood,
        impact=impact,
        author=author.id,
        written_on=date(2020, 6, 8),
    )


@pytest.fixture
def register(app, users):
    """A contract whose first six-month period is reported, with risks of every kind: high
    and medium priority, a dropped measure, a risk without an assessment, one added later."""
    with app.test_request_context():
        lead, coordinator = users[Role.LEAD], users[Role.COORDINATOR]
        contract = period_services.create_contract(
            coordinator,
            {
                "number": "TEST-2019/01",
                "funder": "Testa fonds",
                "starts_on": date(2019, 12, 1),
                "ends_on": date(2020, 11, 30),
                "amount_cents": 100_000,
            },
        )
        first, second = (
            Period.select()
            .where(Period.contract == contract.id, Period.kind == PeriodKind.INTERIM)
            .order_by(Period.starts_on)
        )
        period_services.mark_reported(coordinator, first, date(2020, 6, 15))
        empty = period_services.create_contract(
            coordinator,
            {
                "number": "EMPTY-2018",
                "funder": "Testa fonds",
                "starts_on": date(2018, 1, 1),
                "ends_on": date(2018, 6, 30),
            },
        )
        empty_period = Period.get(Period.contract == empty.id, Period.kind == PeriodKind.INTERIM)
        period_services.mark_reported(coordinator, empty_period, date(2018, 7, 2))

        start = date(2019, 12, 1)
        media_type = "Mediji un sabiedrības attieksme"
        media = add_risk(media_type, "Preses interese", Band.MEDIUM, 2, 3, start)
        add_measures(media, ("Atbildēt žurnālistiem.", MeasureStatus.IN_PLACE))
        assess(media, first, FORMULA_TEXT, lead, 2, 3)

        management = add_risk("Vadība", "Vadība", Band.HIGH, 3, 5, start)
        add_measures(
            management,
            ("Iknedēļas sapulce.", MeasureStatus.IN_PLACE),
            ("Atmests pasākums.", MeasureStatus.DROPPED),
            ("Ārkārtas sapulce.", MeasureStatus.PLANNED),
        )
        assess(management, first, MANAGEMENT_ASSESSMENT, lead, 3, 5)

        finances = add_risk("Finanses", "Dubultais finansējums", Band.HIGH, 2, 4, date(2020, 3, 12))
        add_measures(
            finances,
            ("Pārbaudīt laika uzskaiti.", MeasureStatus.IN_PLACE),
            ("Salīdzināt avotus.", MeasureStatus.IN_PLACE),
        )
        later = add_risk("Personāls", "Vēlāk pievienots", Band.LOW, 1, 1, date(2020, 7, 1))
        add_measures(later, ("Nākamajā periodā.", MeasureStatus.PLANNED))
    return {
        "first": first.id,
        "second": second.id,
        "empty": empty_period.id,
        "management": management.id,
        "finances": finances.id,
        "media": media.id,
    }


def table_rows(app, period_id: int, language: str = "lv") -> list[dict]:
    with app.test_request_context():
        return queries.risk_table(Period.get_by_id(period_id), language)


def translated(app, language, function, *args):
    with app.test_request_context(), force_locale(language):
        result = function(*args)
        return [str(item) for item in result] if isinstance(result, list) else str(result)


def level(app, language, band) -> str:
    return translated(app, language, labels.level_label, band)


def priority(app, language, band) -> str:
    return translated(app, language, exports.priority_label, band)


def open_docx(response):
    assert response.status_code == 200, response.status_code
    return docx.Document(io.BytesIO(response.get_data()))


def open_xlsx(response):
    assert response.status_code == 200, response.status_code
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def cell_lines(cell) -> list[str]:
    return [paragraph.text for paragraph in cell.paragraphs]


# --- DOCX ----------------------------------------------------------------------------------


def test_docx_is_a_landscape_a4_document_with_the_report_heading(app, register, client_as):
    response = client_as(Role.LEAD).get(f"/risks/export.docx?period={register['first']}")
    assert response.mimetype == DOCX_MIMETYPE
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="risks-2019-12-01_2020-05-31.docx"'
    )
    document = open_docx(response)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert abs(section.page_width.mm - 297) < 1 and abs(section.page_height.mm - 210) < 1
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == translated(app, "lv", exports.title)
    assert any("01.12.2019" in text and "31.05.2020" in text for text in texts)
    assert any("TEST-2019/01" in text for text in texts)
    assert len(document.tables) == 1


def test_docx_header_row_is_bold_and_repeats_on_every_page(app, register, client_as):
    document = open_docx(client_as(Role.LEAD).get(f"/risks/export.docx?period={register['first']}"))
    header = document.tables[0].rows[0]
    assert [cell.text for cell in header.cells] == LATVIAN_HEADINGS
    properties = header._tr.trPr
    assert properties is not None and properties.find(qn("w:tblHeader")) is not None
    runs = [run for cell in header.cells for paragraph in cell.paragraphs for run in paragraph.runs]
    assert runs and all(run.bold for run in runs)


def test_docx_headings_are_the_reports_latvian_words(app, register, client_as):
    document = open_docx(client_as(Role.LEAD).get(f"/risks/export.docx?period={register['first']}"))
    assert [cell.text for cell in document.tables[0].rows[0].cells] == LATVIAN_HEADINGS
    assert document.tables[0].rows[1].cells[0].text == "Augsts"  # agrees with "dalījums"


def test_docx_in_english_with_lang_en(app, register, client_as):
    url = f"/risks/export.docx?period={register['first']}&lang=en"
    document = open_docx(client_as(Role.LEAD).get(url))
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ENGLISH_HEADINGS
    assert document.paragraphs[0].text == "Risk analysis and assessment"
    assert table.rows[1].cells[0].text == "High"
    assert table.rows[1].cells[1].text == "Management"  # the type's English name
    assert any("01 Dec 2019" in paragraph.text for paragraph in document.paragraphs)


def test_docx_rows_follow_risk_table_high_priority_first(app, register, client_as):
    document = open_docx(client_as(Role.LEAD).get(f"/risks/export.docx?period={register['first']}"))
    expected = table_rows(app, register["first"])
    body = document.tables[0].rows[1:]
    assert len(body) == len(expected) == 3  # the risk added in July is not in this period
    assert [row["id"] for row in expected] == [
        register["management"],
        register["finances"],
        register["media"],
    ]
    for row, risk in zip(body, expected, strict=True):
        cells = row.cells
        assert cells[0].text == priority(app, "lv", risk["contract_priority"])
        assert cell_lines(cells[1])[0] == risk["type_name"]
        measures = [f"{m['position']}) {m['text']}" for m in risk["measures"]]
        assert cell_lines(cells[2]) == measures
    priorities = [row.cells[0].text for row in body]
    assert priorities == ["Augsts", "Augsts", "Vidējs"]


def test_docx_measures_keep_the_contracts_numbers_without_dropped_ones(register, client_as):
    document = open_docx(client_as(Role.LEAD).get(f"/risks/export.docx?period={register['first']}"))
    management = document.tables[0].rows[1].cells
    assert cell_lines(management[2]) == ["1) Iknedēļas sapulce.", "3) Ārkārtas sapulce."]
    assert cell_lines(management[1]) == ["Vadība"]  # a title equal to the type is not repeated
    finances = document.tables[0].rows[2].cells
    assert cell_lines(finances[1]) == ["Finanses", "Dubultais finansējums"]


def test_docx_assessment_is_in_its_risks_row(app, register, client_as):
    document = open_docx(client_as(Role.LEAD).get(f"/risks/export.docx?period={register['first']}"))
    body = document.tables[0].rows[1:]
    management, finances, media = (cell_lines(row.cells[3]) for row in body)
    assert management[:2] == MANAGEMENT_ASSESSMENT.splitlines()
    assert "08.06.2020" in management[2] and "Leadsocialworker" in management[2]
    assert finances == [translated(app, "lv", exports.not_assessed_text)]
    assert media[0] == FORMULA_TEXT


def test_docx_of_a_period_without_risks_says_so(app, register, client_as):
    document = open_docx(client_as(Role.LEAD).get(f"/risks/export.docx?period={register['empty']}"))
    assert document.tables == []
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert translated(app, "lv", exports.empty_text) in texts


def test_docx_of_the_second_period_holds_the_later_risk(app, register, client_as):
    url = f"/risks/export.docx?period={register['second']}"
    document = open_docx(client_as(Role.COORDINATOR).get(url))
    body = document.tables[0].rows[1:]
    assert len(body) == len(table_rows(app, register["second"])) == 4
    assert body[-1].cells[0].text == "Zems"
    not_assessed = translated(app, "lv", exports.not_assessed_text)
    assert all(cell_lines(row.cells[3]) == [not_assessed] for row in body)


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_holds_the_same_rows_with_scores_and_bands(app, register, client_as):
    response = client_as(Role.LEAD).get(f"/risks/export.xlsx?period={register['first']}")
    assert response.mimetype == XLSX_MIMETYPE
    assert 'filename="risks-2019-12-01_2020-05-31.xlsx"' in response.headers["Content-Disposition"]
    sheet = open_xlsx(response).active
    assert [cell.value for cell in sheet[2]] == translated(app, "lv", exports.xlsx_headings)
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["C"].width == 60
    assert sheet["C3"].alignment.wrap_text
    expected = table_rows(app, register["first"])
    body = list(sheet.iter_rows(min_row=3))
    assert len(body) == len(expected)
    with app.app_context():
        rules = BandRules.from_config()
    for cells, risk in zip(body, expected, strict=True):
        assert cells[0].value == priority(app, "lv", risk["contract_priority"])
        assert cells[1].value.splitlines()[0] == risk["type_name"]
        measures = [f"{m['position']}) {m['text']}" for m in risk["measures"]]
        assert cells[2].value.splitlines() == measures
        assessment = risk["assessment"]
        if assessment is None:
            assert cells[3].value == translated(app, "lv", exports.not_assessed_text)
            assert cells[6].value is None
            continue
        assert cells[3].value == assessment["text"]
        assert cells[4].data_type == "n" and cells[4].value == assessment["likelihood"]
        assert cells[6].value == assessment["likelihood"] * assessment["impact"]
        band = rules.band(assessment["likelihood"], assessment["impact"])
        assert cells[7].value == level(app, "lv", band)
        assert cells[8].is_date and cells[8].value.date() == date(2020, 6, 8)


def test_xlsx_keeps_formula_like_text_as_text(register, client_as):
    sheet = open_xlsx(client_as(Role.LEAD).get(f"/risks/export.xlsx?period={register['first']}"))
    media = list(sheet.active.iter_rows(min_row=3))[-1]
    assert media[3].value == FORMULA_TEXT and media[3].data_type == "s"


def test_xlsx_in_english_and_of_an_empty_period(app, register, client_as):
    client = client_as(Role.LEAD)
    sheet = open_xlsx(client.get(f"/risks/export.xlsx?period={register['first']}&lang=en")).active
    assert [cell.value for cell in sheet[2]][:4] == ENGLISH_XLSX_HEADINGS
    assert sheet["A3"].value == "High"
    empty = open_xlsx(client.get(f"/risks/export.xlsx?period={register['empty']}")).active
    assert empty["A3"].value == translated(app, "lv", exports.empty_text)
    assert empty.max_row == 3


# --- language ------------------------------------------------------------------------------


def test_the_readers_own_language_is_the_default(register, users, client_as):
    User.update(language="en").where(User.id == users[Role.LEAD].id).execute()
    client = client_as(Role.LEAD)
    document = open_docx(client.get(f"/risks/export.docx?period={register['first']}"))
    assert [cell.text for cell in document.tables[0].rows[0].cells] == ENGLISH_HEADINGS
    latvian = open_docx(client.get(f"/risks/export.docx?period={register['first']}&lang=lv"))
    assert latvian.tables[0].rows[1].cells[1].text == "Vadība"


@pytest.mark.parametrize("lang", ["xx", "", "EN-us", "de"])
def test_an_unknown_language_is_latvian(app, register, client_as, lang):
    url = f"/risks/export.docx?period={register['first']}&lang={lang}"
    document = open_docx(client_as(Role.LEAD).get(url))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header == LATVIAN_HEADINGS
    assert document.tables[0].rows[1].cells[1].text == "Vadība"


# --- access --------------------------------------------------------------------------------


@pytest.mark.parametrize("extension", ["docx", "xlsx"])
def test_the_auditor_gets_reported_periods_only(register, client_as, extension):
    client = client_as(Role.AUDITOR)
    assert client.get(f"/risks/export.{extension}?period={register['first']}").status_code == 200
    assert client.get(f"/risks/export.{extension}?period={register['second']}").status_code == 404


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN])
def test_staff_export_any_period(register, client_as, role):
    url = f"/risks/export.docx?period={register['second']}"
    assert client_as(role).get(url).status_code == 200


@pytest.mark.parametrize("extension", ["docx", "xlsx"])
def test_a_mentor_is_refused(register, client_as, extension):
    url = f"/risks/export.{extension}?period={register['first']}"
    assert client_as(Role.MENTOR).get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_login(app, register):
    response = app.test_client().get(f"/risks/export.docx?period={register['first']}")
    assert response.status_code in (302, 303)
    assert response.headers["Location"].startswith("/login")


# --- bad input -----------------------------------------------------------------------------


BAD_PERIODS = [
    "",
    "period=",
    "period=abc",
    "period=-1",
    "period=1.5",
    "period=１",
    "period=1e3",
    "period=" + "9" * 13,
    "period=%00",
    "lang=en",
]


@pytest.mark.parametrize("query", BAD_PERIODS)
@pytest.mark.parametrize("extension", ["docx", "xlsx"])
def test_a_missing_or_malformed_period_is_a_400_page_that_says_why(
    app, register, client_as, query, extension
):
    response = client_as(Role.LEAD).get(f"/risks/export.{extension}?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert translated(app, "lv", _, "No reporting period chosen") in response.get_data(as_text=True)


@pytest.mark.parametrize("period", ["999999", "0", "999999999999"])
def test_an_unknown_period_is_not_found(register, client_as, period):
    response = client_as(Role.LEAD).get(f"/risks/export.xlsx?period={period}")
    assert response.status_code == 404


@pytest.mark.parametrize("extension", ["docx", "xlsx"])
def test_a_month_is_not_a_period_with_a_risk_table(app, users, register, client_as, extension):
    with app.test_request_context():
        month = Period.get(Period.kind == PeriodKind.MONTH, Period.starts_on == date(2019, 12, 1))
        period_services.mark_reported(users[Role.COORDINATOR], month, date(2020, 1, 10))
    for role in (Role.LEAD, Role.AUDITOR):
        response = client_as(role).get(f"/risks/export.{extension}?period={month.id}")
        assert response.status_code == 404


# --- queries -------------------------------------------------------------------------------


@pytest.mark.parametrize("extension", ["docx", "xlsx"])
def test_the_export_query_count_does_not_grow_with_risks(
    app, users, register, client_as, extension
):
    client = client_as(Role.LEAD)
    url = f"/risks/export.{extension}?period={register['first']}"
    client.get(url)
    with count_queries() as counted:
        client.get(url).get_data()
    with app.app_context():
        first = Period.get_by_id(register["first"])
        for number in range(5):
            risk = add_risk("Personāls", f"Papildu {number}", Band.MEDIUM, 2, 2, date(2020, 1, 1))
            add_measures(risk, ("Viens.", "planned"), ("Divi.", "in_place"))
            assess(risk, first, "Novērtēts.", users[Role.LEAD])
    with assert_query_count(counted.count):
        response = client.get(url)
        response.get_data()
    assert response.status_code == 200
    assert len(table_rows(app, register["first"])) == 8
