"""Reports fixtures: one demo-filled app for the session (December 2019 – May 2020), clients
signed in as its staff, and readers of the documents the reports write."""

import io
from contextlib import contextmanager
from datetime import date

import docx
import openpyxl
import pytest
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from app.accounts import User
from app.auth.passwords import DEMO_PASSWORD
from app.db import db
from tests.conftest import login, make_app

FIRST_INTERIM = (date(2019, 12, 1), date(2020, 5, 31))
MARCH = "2020-03"
#: a month the demo holds nothing for
EMPTY_MONTH = "2031-01"


@pytest.fixture(scope="session")
def demo_setup(tmp_path_factory):
    """The demo loaded once: (the app, its database)."""
    application = make_app(tmp_path_factory.mktemp("reports-demo"))
    result = application.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with application.app_context():
        # the English UI, so tests can quote its messages; documents ask for lang=lv
        User.update(language="en").execute()
    database = db.obj
    yield application, database
    database.close()


@pytest.fixture
def demo_app(demo_setup):
    """The demo app, with the shared database proxy bound to its database again (every other
    test's app binds it to its own)."""
    application, database = demo_setup
    db.initialize(database)
    return application


@pytest.fixture
def demo_as(demo_app):
    """demo_as(username) -> a client signed in as that demo account."""

    def make(username: str):
        client = demo_app.test_client()
        response = login(client, username, DEMO_PASSWORD)
        assert response.status_code == 303
        return client

    return make


@pytest.fixture
def in_demo(demo_app):
    """in_demo() -> a request context with a connection, for calling the data functions.
    Not around a test client's request: Flask would reuse its `g`, and the locale cached there."""

    @contextmanager
    def context():
        with demo_app.test_request_context():
            yield

    return context


def docx_blocks(body: bytes) -> list:
    """The document's paragraphs (as (style, text)) and tables (as lists of row texts), in
    order; an image is ("image", "")."""
    document = docx.Document(io.BytesIO(body))
    blocks = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            if element.findall(".//{*}drawing"):
                blocks.append(("image", ""))
            elif paragraph.text.strip():
                blocks.append((paragraph.style.name, paragraph.text))
        elif tag == "tbl":
            table = DocxTable(element, document)
            blocks.append([[cell.text for cell in row.cells] for row in table.rows])
    return blocks


def docx_tables(body: bytes) -> dict[str, list[list[str]]]:
    """Each table under its level-3 heading (the report's tables), by that heading."""
    found, heading = {}, None
    for block in docx_blocks(body):
        if isinstance(block, tuple):
            heading = block[1] if block[0] == "Heading 3" else heading
        elif heading:
            found[heading] = block
            heading = None
    return found


def docx_text(body: bytes) -> str:
    return "\n".join(block[1] for block in docx_blocks(body) if isinstance(block, tuple))


def xlsx_sheets(body: bytes) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}
