"""The upload service: every rule with a crafted file; stored safely; served as a download."""

import hashlib
import io
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_babel import force_locale

from app.permissions import Role
from app.uploads.inspect import UploadRejected, clean_name, inspect
from app.uploads.models import Upload
from app.uploads.services import path_of, send_upload, store
from tests.factories import DOCX_TYPES, make_docx, make_pdf
from tests.uploads import crafted


@contextmanager
def in_english(app):
    """A request in English, so the assertions can quote the messages."""
    with app.test_request_context(), force_locale("en"):
        yield


def make_odt(text: str = "Darba kārtība", extra: dict | None = None) -> bytes:
    return crafted.odt(f"<text:p>{text}</text:p>", extra=extra)


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("word/document.xml", b"0" * (150 * 1024 * 1024))
    return buffer.getvalue()


def test_pdf_docx_odt_are_recognised_by_content_with_their_text(app):
    with in_english(app):
        assert inspect(make_pdf()).kind == "pdf"
        assert "protokols" in inspect(make_pdf()).text
        docx = inspect(make_docx())
        assert (docx.kind, docx.text) == ("docx", "Lēmums: iesniegt protokolu")
        odt = inspect(make_odt())
        assert (odt.kind, odt.text) == ("odt", "Darba kārtība")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"MZ\x90\x00 an exe renamed to .pdf", "not a PDF"),
        (b"<!doctype html><script>alert(1)</script>", "not a PDF"),
        (make_docx(extra={"word/vbaProject.bin": b"macro"}), "macros"),
        (
            make_docx(types=DOCX_TYPES.replace("document.main", "document.macroEnabled.main")),
            "macros",
        ),
        (make_odt(extra={"Basic/Standard/Module1.xml": "<x/>"}), "macros"),
        (b"PK\x03\x04 not really a zip", "damaged"),
        (b"%PDF-1.4 garbage that is no pdf", "damaged"),
        (make_docx(text="<broken"), "damaged"),
    ],
)
def test_bad_files_are_refused_with_a_reason(app, data, reason):
    with in_english(app), pytest.raises(UploadRejected) as refused:
        inspect(data)
    assert reason in str(refused.value)


def test_zip_bomb_is_refused_before_extracting(app):
    with in_english(app), pytest.raises(UploadRejected, match="too much data"):
        inspect(zip_bomb())


def test_xml_entity_expansion_is_refused(app):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
        '"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&lol2;</w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("word/document.xml", laughs)
    with in_english(app), pytest.raises(UploadRejected, match="damaged"):
        inspect(buffer.getvalue())


def test_only_the_allowed_kinds_pass(app):
    with in_english(app), pytest.raises(UploadRejected, match="not accepted"):
        inspect(b"\x89PNG\r\n\x1a\n" + b"0" * 20, allowed=("pdf",))


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("../../etc/passwd.pdf", "pdf", "passwd.pdf"),
        ("..\\..\\boot.ini", "docx", "boot.docx"),
        ("evil\u202efdp.exe", "pdf", "evilfdp.pdf"),
        ("line\nbreak\x00.odt", "odt", "linebreak.odt"),
        ("x" * 300 + ".pdf", "pdf", "x" * 196 + ".pdf"),
        ("", "pdf", "file.pdf"),
        ("protokols.docx", "pdf", "protokols.pdf"),
    ],
)
def test_names_are_cleaned_for_display(name, kind, expected):
    assert clean_name(name, kind) == expected


def test_store_keeps_the_file_outside_static_with_its_hash(app, users):
    data = make_pdf()
    with in_english(app):
        upload = store(users[Role.COORDINATOR], io.BytesIO(data), "../Protokols 1.pdf")
        path = path_of(upload)
        assert path.read_bytes() == data
        assert Path(app.config["DATA_DIR"]) in path.parents
        assert "static" not in path.parts
        assert upload.sha256 == hashlib.sha256(data).hexdigest()
        assert (upload.original_name, upload.size, upload.kind) == (
            "Protokols 1.pdf",
            len(data),
            "pdf",
        )
        newer = store(users[Role.COORDINATOR], io.BytesIO(make_docx()), "v2.docx", replaces=upload)
        assert newer.replaces_id == upload.id and path.exists()  # the old version stays


def test_too_large_or_empty_files_leave_nothing_behind(app, users):
    app.config["UPLOAD_MAX_MB"] = 1
    with in_english(app):
        for data, reason in ((b"%PDF-" + b"0" * (1024 * 1024), "larger than 1 MB"), (b"", "empty")):
            with pytest.raises(UploadRejected, match=reason):
                store(users[Role.COORDINATOR], io.BytesIO(data), "big.pdf")
        assert not Upload.select().exists()
    uploads = Path(app.config["DATA_DIR"]) / "uploads"
    assert not uploads.exists() or not any(p.is_file() for p in uploads.rglob("*"))


def test_served_as_a_sandboxed_download(app, users):
    with in_english(app):
        upload = store(users[Role.COORDINATOR], io.BytesIO(make_pdf()), "Protokols ā.pdf")
        response = send_upload(upload)
        response.direct_passthrough = False
        assert response.headers["Content-Security-Policy"] == "sandbox"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.mimetype == "application/pdf"
        response.close()
