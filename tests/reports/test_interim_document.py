"""The interim report as the funder's document: sections I–XIV in the seed's order, the staff's
Markdown and challenges in their sections, every figure the same on the page and in the DOCX,
footnotes and numbered figures, the header line, the Draft line, and file names."""

import io
import re
import zipfile
from datetime import date
from types import SimpleNamespace

import docx
from flask_babel import force_locale

from app.accounts import User
from app.calendar import local_today
from app.reports import documents
from app.reports.views import people_for
from tests.reports.conftest import docx_blocks, docx_tables, docx_text
from tests.reports.test_interim import CHARTS, ENGLISH_SECTIONS
from tests.reports.test_numbers import page_tables

FIRST, LAST = date(2019, 12, 1), date(2020, 5, 31)
PERIOD = "from=2019-12-01&to=2020-05-31"
NARRATIVE = {
    "II": "Lietas izskata **5–6 mēnešus**.",
    "XI": "### Valsts iestādes\n\n- PMC administrācija\n- Ropažu novada dome",
}
CHALLENGES = [
    SimpleNamespace(area="Izglītība", problem="Kursi pārtraukti.", solution="Mācīt attālināti."),
    SimpleNamespace(area="Veselība", problem="Nav psihologa.", solution="Pastāvīgs finansējums."),
    SimpleNamespace(area="izglītība", problem="Tāls ceļš uz skolu.", solution="Skolas autobuss."),
]


def interim_docx(language="en", **extra) -> bytes:
    coordinator = User.get(User.username == "coordinator")
    with force_locale(language):
        report = documents.interim(
            FIRST, LAST, people_for(coordinator), local_today(), False, language, **extra
        )
        return documents.write_docx(report, language)


def headings_of(body: bytes, style: str = "Heading 2") -> list[str]:
    return [b[1] for b in docx_blocks(body) if isinstance(b, tuple) and b[0] == style]


def test_sections_one_to_fourteen_in_order_with_the_staffs_text(in_demo):
    with in_demo():
        body = interim_docx(narrative=NARRATIVE, challenges=CHALLENGES)
    assert headings_of(body) == ENGLISH_SECTIONS
    blocks = [b for b in docx_blocks(body) if isinstance(b, tuple)]
    texts = [text for _style, text in blocks]
    # II: the status procedure's sub-heading, then the staff's Markdown with its bold
    at = texts.index("Status determination procedure and appeals against refusals")
    assert blocks[at][0] == "Heading 3" and texts[at + 1] == "Lietas izskata 5–6 mēnešus."
    assert texts.index("III. Number of clients served") > at
    # XI: a Markdown heading and a bullet list
    eleventh = texts.index(
        "XI. Cooperation partners, activities carried out and publicity measures"
    )
    assert texts[eleventh + 1 : eleventh + 4] == [
        "Valsts iestādes",
        "PMC administrācija",
        "Ropažu novada dome",
    ]
    # XII: each area once, in capitals, with its problems and solutions
    twelfth = texts.index("XII. Challenges and difficulties, actions needed in future")
    assert texts[twelfth + 1 : twelfth + 8] == [
        "IZGLĪTĪBA",
        "Problem: Kursi pārtraukti.",
        "Solution: Mācīt attālināti.",
        "Problem: Tāls ceļš uz skolu.",
        "Solution: Skolas autobuss.",
        "VESELĪBA",
        "Problem: Nav psihologa.",
    ]
    # XIV: nothing written yet, and it says so (never an empty heading)
    assert texts[-1] == "Nothing is recorded or written for this section yet."


def test_section_one_comes_from_the_contract(in_demo):
    with in_demo():
        text = docx_text(interim_docx())
    assert "Contract: No. DEMO-2019/01 of 04 Nov 2019" in text
    assert "Subject of the contract: Sociālā darbinieka un sociālā mentora" in text
    assert "The interim report covers the period: 01 Dec 2019–31 May 2020" in text


def test_the_page_shows_the_same_sections_and_figures_as_the_document(demo_as):
    client = demo_as("coordinator")
    page = client.get(f"/reports/interim?{PERIOD}").get_data(as_text=True)
    body = client.get(f"/reports/interim.docx?{PERIOD}&lang=en").get_data()
    shown = re.findall(r'<h2 id="section-\d+">([^<]*)</h2>', page)
    assert [heading.replace("&amp;", "&") for heading in shown] == headings_of(body)
    written = docx_tables(body)
    tables = page_tables(client, f"/reports/interim?{PERIOD}")
    assert tables, "the page has tables"
    compared = 0
    for _key, rows in tables.items():
        match = [title for title, written_rows in written.items() if written_rows == rows]
        assert match, rows[:2]
        compared += 1
    assert compared >= 10
    sentence = "On average 2 social workers and 11 mentors a month."
    assert sentence in page and sentence in docx_text(body)


def test_counting_notes_are_footnotes_and_figures_are_numbered(demo_as):
    body = demo_as("coordinator").get(f"/reports/interim.docx?{PERIOD}&lang=en").get_data()
    package = zipfile.ZipFile(io.BytesIO(body))
    notes = package.read("word/footnotes.xml").decode()
    main = package.read("word/document.xml").decode()
    assert "What counts: mentors are those" in notes
    assert "What counts" not in main and "<w:footnoteReference" in main
    captions = [b[1] for b in docx_blocks(body) if isinstance(b, tuple) and b[0] == "Caption"]
    assert captions[0] == "Figure 1. Clients served by gender"
    assert [c.split(".")[0] for c in captions] == [f"Figure {n}" for n in range(1, CHARTS + 1)]


def test_the_header_names_organisation_contract_and_period(demo_as):
    body = demo_as("coordinator").get(f"/reports/interim.docx?{PERIOD}&lang=en").get_data()
    document = docx.Document(io.BytesIO(body))
    line = document.sections[0].header.paragraphs[0].text
    assert line.endswith(" · Contract No. DEMO-2019/01 · 01 Dec 2019–31 May 2020")
    assert document.core_properties.author == line.split(" · ")[0] != ""
    assert document.core_properties.title == "Interim report"


def test_the_funders_risk_table_leaves_the_assessor_out_and_says_whose_words(demo_as):
    body = demo_as("coordinator").get(f"/reports/interim.docx?{PERIOD}&lang=en").get_data()
    risks = next(b for b in docx_blocks(body) if isinstance(b, list) and "Types of risk" in b[0])
    assert risks[0][3].endswith("from 01 Dec 2019 to 31 May 2020")
    assert risks[1][0] == "High"
    assert re.match(r"1\) ", risks[1][2])
    text = docx_text(body) + str(risks)
    assert "Assessed on" not in text
    assert "the staff's own words in Latvian" in text


def test_unapproved_weeks_and_unlocked_months_make_a_draft(in_demo, demo_as):
    with in_demo(), force_locale("en"):
        missing = documents.missing_for_final(FIRST, LAST)
        empty = documents.missing_for_final(date(2031, 1, 1), date(2031, 1, 31))
    assert missing and all(line.endswith(".") for line in missing)
    assert empty == ["January 2031 is not locked."]
    body = demo_as("coordinator").get(f"/reports/interim.docx?{PERIOD}&lang=en").get_data()
    draft = next(t for t in docx_text(body).split("\n") if t.startswith("Draft: not final yet."))
    assert missing[0] in draft
    page = demo_as("coordinator").get(f"/reports/interim?{PERIOD}").get_data(as_text=True)
    assert "Draft: not final yet." in page


def test_file_names_are_in_the_documents_language():
    name = documents.filename
    assert name("interim", FIRST, LAST, "docx", "lv") == (
        "starpposma-zinojums-2019-12-01_2020-05-31.docx"
    )
    assert name("interim", FIRST, LAST, "docx", "en") == "interim-report-2019-12-01_2020-05-31.docx"
    march = (date(2020, 3, 1), date(2020, 3, 31))
    assert name("monthly", *march, "docx", "lv") == "menesa-zinojums-2020-03.docx"
    assert name("monthly", *march, "xlsx", "en") == "monthly-report-2020-03.xlsx"
    assert name("yearly", date(2019, 1, 1), date(2020, 12, 31), "docx", "lv") == (
        "gada-kopsavilkums-2019-2020.docx"
    )


def test_the_page_renders_every_block_type(demo_app):
    from flask import render_template_string

    from app.reports import sections

    items = [
        sections.Section(
            "XII",
            [
                sections.Subheading("IZGLĪTĪBA"),
                sections.Challenge("Kursi <b>pārtraukti</b>.", "Mācīt attālināti."),
                sections.Prose("Teksts ar **treknu**.\n\n<script>x()</script>"),
                sections.Note("How it is counted."),
                "A sentence.",
            ],
            key="XII",
        )
    ]
    with demo_app.test_request_context():
        html = render_template_string(
            '{% from "reports/_blocks.html" import sections with context %}{{ sections(items) }}',
            items=items,
            block_kind=sections.block_kind,
            no_data="",
        )
    assert "<h3>IZGLĪTĪBA</h3>" in html
    assert "</strong> Kursi &lt;b&gt;pārtraukti&lt;/b&gt;.</p>" in html  # plain text, escaped
    assert "<strong>treknu</strong>" in html and "<script" not in html
    assert "How it is counted." in html and "<p>A sentence.</p>" in html


def test_the_report_built_twice_at_one_time_is_byte_identical(in_demo):
    from datetime import UTC, datetime

    coordinator_now = datetime(2020, 6, 1, 9, 0, tzinfo=UTC)
    with in_demo(), force_locale("lv"):
        coordinator = User.get(User.username == "coordinator")
        people = people_for(coordinator)
        bodies = [
            documents.write_docx(
                documents.interim(FIRST, LAST, people, date(2020, 6, 1), False, "lv", NARRATIVE),
                "lv",
                now=coordinator_now,
            )
            for _ in range(2)
        ]
    assert bodies[0] == bodies[1]
