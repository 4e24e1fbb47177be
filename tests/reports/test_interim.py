"""The interim-report pack for the demo period: the supervision sentence with the four
supervisions' hours, the staff average, the risk table, the charts; the auditor's pack holds
aggregates only."""

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from flask_babel import force_locale
from flask_babel import gettext as _

from tests.reports.conftest import docx_blocks, docx_tables, docx_text

PERIOD = "from=2019-12-01&to=2020-05-31"


def test_the_english_pack_has_the_sentences_of_the_report(demo_as):
    body = demo_as("coordinator").get(f"/reports/interim.docx?{PERIOD}&lang=en").get_data()
    text = docx_text(body)
    assert (
        "In the period there were 9 qualification trainings and 4 supervisions "
        "(5 h, 6 h, 3 h and 4 h; 18 h in all)." in text
    )
    assert "On average 2 social workers and 11 mentors a month." in text
    headings = [b[1] for b in docx_blocks(body) if isinstance(b, tuple) and b[0] == "Heading 2"]
    assert headings == ENGLISH_SECTIONS


#: the funder's report's sections, in its order
ENGLISH_SECTIONS = [
    "I. General information",
    "II. Portrait of the target group",
    "III. Number of clients served",
    "IV. Description of the individual socio-economic inclusion plans (SEIP) drawn up, "
    "coordinated and managed, and their implementation",
    "V. Socio-economic inclusion plans (SEIP) fulfilled",
    "VI. Assessment of the complexity of social case management",
    "VII. Description of the services provided by social workers and social mentors, tasks",
    "VIII. Action strategies and the evaluation methodology at the close of social case management",
    "IX. Risk analysis (according to the technical specification), including how the "
    "identified risks affected the course, delivery and quality of results of the service",
    "X. Finance",
    "XI. Cooperation partners, activities carried out and publicity measures",
    "XII. Challenges and difficulties, actions needed in future",
    "XIII. Results achieved",
    "XIV. Conclusions and recommendations, proposals / suggestions for the further delivery "
    "of the service",
]


def test_the_latvian_pack_lists_the_supervision_hours(demo_as, in_demo):
    body = demo_as("coordinator").get(f"/reports/interim.docx?{PERIOD}&lang=lv").get_data()
    assert "5 h, 6 h, 3 h" in docx_text(body)
    with in_demo(), force_locale("lv"):
        title = _("Supervision and training per month")
    supervision = docx_tables(body)[title]
    hours = [row[2] for row in supervision[1:]]
    assert hours == ["0", "5", "0", "6", "7", "0"]  # March 6 h; April 3 h + 4 h


#: the demo's charts: gender, age groups, countries, decisions (II); households, clients per month
#: and per social worker (III); case complexity per month (VI); staff and activities per month
#: (VII); supervision hours (XIII)
CHARTS = 11


def test_the_pack_holds_the_risk_table_and_its_charts(demo_as):
    body = demo_as("coordinator").get(f"/reports/interim.docx?{PERIOD}&lang=en").get_data()
    blocks = docx_blocks(body)
    assert sum(1 for b in blocks if b == ("image", "")) == CHARTS
    risk_tables = [
        b
        for b in blocks
        if isinstance(b, list)
        and b[0][:2] == ["Priority (rating: high, medium, low)", "Types of risk"]
    ]
    assert len(risk_tables) == 1
    assert len(risk_tables[0]) == 1 + 7  # the header and the demo's seven risks
    assert risk_tables[0][1][0] == "High"


def test_the_auditors_pack_has_no_per_person_rows(demo_as):
    body = demo_as("auditor").get(f"/reports/interim.docx?{PERIOD}&lang=en").get_data()
    tables = docx_tables(body)
    assert "Hours per mentor" not in tables
    assert "Case files and people served per social worker" not in tables
    text = docx_text(body) + str(tables)
    assert "Mentore-Paraudziņa" not in text and "Mentors-Paraugs" not in text
    assert "Staff and people served per month" in tables
    assert any(  # the reported period's risk table
        isinstance(b, list) and b[0][0].startswith("Priority") for b in docx_blocks(body)
    )


def test_the_interim_page_shows_charts_with_their_tables(demo_as):
    page = demo_as("coordinator").get(f"/reports/interim?{PERIOD}").get_data(as_text=True)
    assert page.count('<figure class="chart') == CHARTS
    assert page.count('role="img"') == CHARTS
    assert "style=" not in page and "<style" not in page
    assert 'hx-post="/reports/interim/jobs"' in page


def test_the_pack_sets_its_tables_across_the_page_and_wide_ones_on_landscape(demo_as):
    body = demo_as("coordinator").get(f"/reports/interim.docx?{PERIOD}&lang=en").get_data()
    document = docx.Document(io.BytesIO(body))
    orientations = [section.orientation for section in document.sections]
    # portrait, the clients per social worker by month (eight columns), portrait, the activities
    # by month (eight columns), portrait, the risk table, portrait
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE] * 3 + [WD_ORIENT.PORTRAIT]
    for table in document.tables:
        widths = [cell.width for cell in table.rows[0].cells]
        assert None not in widths and table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Month")
    assert round(sum(c.width for c in summary.rows[0].cells) / 36000) == 170  # mm, to the margins
    number = summary.rows[1].cells[1].paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert 'w:instr="PAGE"' in document.sections[0].footer._element.xml
