"""Crafted files that cost too much or link outside themselves: answered within the budget
(stored without text, or refused beside the file field), never a 500, never a worker held."""

import io
import threading
import zipfile
from contextlib import contextmanager
from datetime import datetime

import pytest
from flask_babel import force_locale
from fpdf import FPDF
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.db import db, utcnow
from app.meetings.models import MeetingFile
from app.meetings.search import search
from app.permissions import Role
from app.uploads import bounded, services
from app.uploads.inspect import Limits, UploadRejected, check, extract, inspect, points_outside
from app.uploads.models import Upload
from tests.factories import DOCX_TYPES, make_meeting, make_pdf
from tests.uploads import crafted

EXTERNAL = "links to files outside itself"


@contextmanager
def in_english(app):
    with app.test_request_context(), force_locale("en"):
        yield


def upload(client, meeting_id: int, data: bytes, name: str):
    """The minutes-file form of a meeting, as htmx posts it. (Encoded here: the test client
    spools a body over 500 KB to a temporary file it never closes.)"""
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), name)})
    return client.post(
        f"/meetings/{meeting_id}/files",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"HX-Request": "true"},
    )


def background_done() -> None:
    """Wait for the upload-text threads this test started (they are bounded themselves)."""
    for thread in threading.enumerate():
        if thread.name.startswith("upload-text-"):
            thread.join(60)
            assert not thread.is_alive()


@pytest.fixture
def quick(app):
    """Small budgets, so the tests stay short: the crafted PDF needs ~10 s a page."""
    app.config.update(
        UPLOAD_INSPECT_SECONDS=0.5,
        UPLOAD_TEXT_LATER_SECONDS=0.5,
        UPLOAD_MAX_UNPACKED_MB=8,
        MALWARE_SCAN="off",
    )
    return app


# --- the PDF of 100 pages sharing one 4 MiB stream -----------------------------------------


def test_the_shared_stream_pdf_is_stored_without_text_and_the_worker_freed(
    quick, client_as, english, last_week
):
    meeting = make_meeting(english, last_week)
    client = client_as(Role.COORDINATOR)
    response = upload(client, meeting.id, crafted.shared_stream_pdf(), "protokols.pdf")
    assert response.status_code == 200  # htmx: the meeting page fragment, the file added
    assert "The file is added." in response.get_data(as_text=True)
    stored = MeetingFile.get(MeetingFile.meeting == meeting.id).upload
    assert (stored.kind, stored.text) == ("pdf", "")
    # the background job gets its larger budget, runs out of it too, and keeps the file
    background_done()
    stored = Upload.get_by_id(stored.id)
    assert (stored.text, stored.text_pending) == ("", False)
    assert client.get(f"/meetings/{meeting.id}").status_code == 200


def test_a_page_cap_limits_the_pages_read(app):
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for number in (1, 2, 3):
        pdf.add_page()
        pdf.cell(text=f"Lapa numur {number}")
    data = bytes(pdf.output())
    with in_english(app):
        text = extract(data, "pdf", Limits(pages=2))
    assert "numur 1" in text and "numur 2" in text and "numur 3" not in text


def test_a_text_read_later_fills_the_file_and_the_search_finds_it(
    app, client_as, english, last_week, monkeypatch
):
    """A budget of zero: no text within the upload's time, whatever the file."""
    app.config.update(UPLOAD_INSPECT_SECONDS=0, UPLOAD_TEXT_LATER_SECONDS=30, MALWARE_SCAN="off")
    later = []
    monkeypatch.setattr(services, "read_text_later", later.append)  # hold the job back
    meeting = make_meeting(english, last_week)
    client = client_as(Role.COORDINATOR)
    response = upload(client, meeting.id, make_pdf("Lemums par grafiku"), "protokols.pdf")
    assert response.status_code == 200
    stored = MeetingFile.get(MeetingFile.meeting == meeting.id).upload
    assert stored.text_pending and stored.text == "" and later == [stored.id]
    assert search(english[Role.COORDINATOR], "grafiku") == []

    monkeypatch.undo()
    with app.test_request_context():
        services.read_text_later(stored.id).join(60)
    stored = Upload.get_by_id(stored.id)
    assert "grafiku" in stored.text and not stored.text_pending
    found = search(english[Role.COORDINATOR], "grafiku")
    assert [(row["meeting_id"], row["source"]) for row in found] == [
        (meeting.id, f"file:{stored.id}")
    ]
    page = client.get("/meetings/search?q=grafiku").get_data(as_text=True)
    assert "protokols.pdf" in page


def test_a_pending_text_left_by_a_stopped_worker_is_taken_again_once(app, users, monkeypatch):
    app.config.update(UPLOAD_INSPECT_SECONDS=0, MALWARE_SCAN="off")
    monkeypatch.setattr(services, "read_text_later", lambda upload_id: None)
    with app.test_request_context():
        stored = services.store(users[Role.COORDINATOR], io.BytesIO(make_pdf()), "a.pdf")
        # a worker took it on and stopped before it finished: its try is old
        Upload.update(text_tried_at=datetime(2000, 1, 1)).execute()
        assert services.fill_pending_texts() == 1
        assert "protokols" in Upload.get_by_id(stored.id).text
        assert services.fill_pending_texts() == 0  # nothing is left pending


def test_a_pending_text_taken_by_a_running_job_is_not_taken_twice(app, users, monkeypatch):
    app.config.update(UPLOAD_INSPECT_SECONDS=0, MALWARE_SCAN="off")
    monkeypatch.setattr(services, "read_text_later", lambda upload_id: None)
    with app.test_request_context():
        stored = services.store(users[Role.COORDINATOR], io.BytesIO(make_pdf()), "a.pdf")
        Upload.update(text_tried_at=utcnow()).execute()  # another worker is on it
        assert services.fill_pending_texts() == 0
        assert Upload.get_by_id(stored.id).text_pending


# --- the DOCX whose document.xml unpacks to 92 MB ------------------------------------------


def test_the_inflated_docx_passes_the_declared_checks_but_not_the_bytes_read(app):
    data = crafted.inflated_docx()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sum(i.file_size for i in archive.infolist()) / len(data) < 100  # the ratio cap
    limits = Limits(unpacked_bytes=8 * 1024 * 1024)
    with in_english(app):
        assert check(data, limits=limits) == "docx"
        with pytest.raises(UploadRejected, match="unpacks to too much data"):
            extract(data, "docx", limits)


def test_the_inflated_docx_is_refused_beside_the_field(quick, client_as, english, last_week):
    # the byte cap refuses it long before the time would run out
    quick.config.update(UPLOAD_INSPECT_SECONDS=30, UPLOAD_MAX_UNPACKED_MB=2)
    meeting = make_meeting(english, last_week)
    response = upload(
        client_as(Role.COORDINATOR), meeting.id, crafted.inflated_docx(), "protokols.docx"
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="file-new-error"' in body and "unpacks to too much data" in body
    assert not Upload.select().exists()


def test_streamed_docx_text_keeps_paragraphs_and_text_boxes_once(app):
    body = (
        "<w:p><w:r><w:t>Pirmais</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Otrais </w:t></w:r><w:r><w:txbxContent><w:p><w:r><w:t>kastē</w:t>"
        "</w:r></w:p></w:txbxContent></w:r></w:p><w:p/>"
    )
    with in_english(app):
        assert inspect(crafted.docx(body)).text == "Pirmais\nOtrais kastē"


# --- external relationships ----------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        crafted.remote_template_docx(),
        crafted.linked_image_docx(),
        crafted.docx(
            rels={
                "word/_rels/document.xml.rels": crafted.relationship(
                    "oleObject", "file:///C:/x.xlsx"
                )
            }
        ),
        crafted.docx(rels={"_rels/.rels": crafted.relationship("subDocument", "../x.docx")}),
        crafted.docx(
            '<w:p><w:r><w:instrText> INCLUDEPICTURE "http://attacker.example/p.png" \\d'
            "</w:instrText></w:r></w:p>"
        ),
        crafted.docx('<w:p><w:fldSimple w:instr=" DDEAUTO c:\\\\x.exe "/></w:p>'),
        crafted.linked_image_odt(),
        crafted.linked_image_odt("../secret.png"),
        crafted.odt(
            '<text:p><draw:frame><draw:object xlink:href="file:///share/x.ods"/></draw:frame>'
            "</text:p>"
        ),
    ],
    ids=[
        "remote-template",
        "linked-image",
        "ole-link",
        "sub-document",
        "includepicture",
        "dde",
        "odt-image-url",
        "odt-image-outside",
        "odt-object",
    ],
)
def test_documents_linking_outside_themselves_are_refused(app, data):
    with in_english(app), pytest.raises(UploadRejected, match=EXTERNAL):
        inspect(data)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (crafted.hyperlink_docx(), "Skatīt vietni"),
        (crafted.hyperlink_odt(), "Skatīt vietni"),
        (crafted.linked_image_odt("Pictures/1.png"), "Attēls"),
        (
            crafted.docx(
                "<w:p><w:r><w:t>Attēls</w:t></w:r></w:p>",
                rels={
                    "word/_rels/document.xml.rels": crafted.relationship(
                        "image", "media/image1.png", external=False
                    )
                },
            ),
            "Attēls",
        ),
    ],
    ids=["docx-hyperlink", "odt-hyperlink", "odt-image-inside", "docx-image-inside"],
)
def test_hyperlinks_and_pictures_inside_the_file_are_accepted(app, data, text):
    with in_english(app):
        assert inspect(data).text == text


def test_a_remote_template_is_refused_beside_the_file_field(app, client_as, english, last_week):
    app.config["MALWARE_SCAN"] = "off"
    meeting = make_meeting(english, last_week)
    response = upload(
        client_as(Role.COORDINATOR), meeting.id, crafted.remote_template_docx(), "p.docx"
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="file-new-error"' in body
    assert "Save a copy without links and upload that." in body
    assert not Upload.select().exists()


@pytest.mark.parametrize(
    ("href", "outside"),
    [
        ("http://x.example/a.png", True),
        ("file:///etc/passwd", True),
        ("C:\\x.png", True),
        ("/etc/x.png", True),
        ("\\\\server\\share\\x.png", True),
        ("../x.png", True),
        ("Pictures/../../x.png", True),
        ("Pictures/1.png", False),
        ("./Object 1", False),
        ("#Bookmark", False),
    ],
)
def test_what_points_outside_an_odt(href, outside):
    assert points_outside(href) is outside


def test_an_odt_event_script_is_a_macro(app):
    data = crafted.odt(
        '<text:p>x<office:event-listeners xmlns:script="urn:oasis:names:tc:opendocument:xmlns:'
        'script:1.0"><script:event-listener script:event-name="dom:load" '
        'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic"/>'
        "</office:event-listeners></text:p>"
    )
    with in_english(app), pytest.raises(UploadRejected, match="macros"):
        inspect(data)


def test_a_docx_with_a_huge_relationships_member_is_refused(app):
    huge = crafted.relationship("styles", "styles.xml", external=False) * 30_000
    data = crafted.docx(rels={"word/_rels/document.xml.rels": huge})
    with in_english(app), pytest.raises(UploadRejected, match="too much data"):
        inspect(data)


def test_an_odt_that_takes_too_long_to_check_is_refused(app, users):
    app.config.update(UPLOAD_INSPECT_SECONDS=0, MALWARE_SCAN="off")
    with in_english(app), pytest.raises(UploadRejected, match="takes too long to check"):
        services.store(users[Role.COORDINATOR], io.BytesIO(crafted.hyperlink_odt()), "a.odt")
    assert not Upload.select().exists()


# --- the child ------------------------------------------------------------------------------


def _forever():
    while True:
        pass


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def test_the_child_is_killed_at_its_time_and_memory_limits(app):
    with pytest.raises(bounded.OverBudget):
        bounded.run(_forever, seconds=0.2, memory_mb=64)
    with pytest.raises(bounded.ChildFailed):
        bounded.run(_allocate, 256, seconds=5, memory_mb=64)
    assert bounded.run(_allocate, 8, seconds=5, memory_mb=64) == {"result": 8 * 1024 * 1024}


def test_the_child_leaves_the_parents_database_connection_alone(app, users):
    """The child inherits the open connection (on PostgreSQL a socket): used after it, as
    before, the same connection still answers."""
    with app.app_context():
        before = db.connection()
        assert db.execute_sql("SELECT 1").fetchone()[0] == 1
        assert bounded.run(_allocate, 1, seconds=5, memory_mb=64)["result"] == 1024 * 1024
        with pytest.raises(bounded.OverBudget):
            bounded.run(_forever, seconds=0.1, memory_mb=64)
        assert db.connection() is before
        assert db.execute_sql("SELECT 2").fetchone()[0] == 2


def test_an_exception_in_the_child_comes_back_named(app):
    with in_english(app):
        answer = bounded.run(
            extract, b"%PDF-1.4 nothing", "pdf", Limits(), seconds=5, memory_mb=256
        )
    assert answer == {
        "error": "UploadRejected",
        "detail": "The PDF file is damaged and cannot be read.",
        "reason": "pdf_damaged",
    }


def test_a_bad_zip_member_is_damaged_not_a_500(app):
    data = crafted.docx("<w:p><w:r><w:t>x</w:t></w:r></w:p>")
    broken = data.replace(b"word/document.xml", b"word/documenX.xml", 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
    with in_english(app):
        for bad in (broken, buffer.getvalue()):
            with pytest.raises(UploadRejected):
                inspect(bad)
