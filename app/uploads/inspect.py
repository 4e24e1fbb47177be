"""What a file really is, judged by its content, and the text inside it. No request objects.

Archives (DOCX, ODT) are checked before anything is extracted: number of members, their total
uncompressed size and the compression ratio are capped (a ZIP bomb is refused unopened), and
macro-carrying members are refused.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_MEMBERS = 2000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_TEXT_CHARS = 2_000_000
MAX_NAME_CHARS = 200

DOCX_MACRO_MEMBERS = re.compile(r"(^|/)vbaProject\.bin$|(^|/)vbaData\.xml$", re.I)
ODT_MACRO_MEMBERS = re.compile(r"^(Basic|Scripts)/", re.I)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
#: bidirectional controls can make "evil\u202Efdp.exe" look like "evilexe.pdf"
BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}

ALL_KINDS = ("pdf", "docx", "odt", "png", "jpeg")
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "odt": ".odt", "png": ".png", "jpeg": ".jpg"}


class UploadRejected(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Inspected:
    kind: str
    text: str


def clean_name(name: str, kind: str) -> str:
    """A display name: no folders, no control or direction characters, bounded, right ending."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in name if ch not in BIDI_CONTROLS and unicodedata.category(ch)[0] != "C"
    ).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    extension = EXTENSIONS[kind]
    stem = stem[: MAX_NAME_CHARS - len(extension)] or "file"
    return stem + extension


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def inspect(data: bytes, allowed: tuple[str, ...] = ALL_KINDS) -> Inspected:
    """The file's kind by content and its text; UploadRejected with a clear reason otherwise."""
    kind = sniff(data[:8])
    if kind == "zip":
        kind, text = _inspect_archive(data)
    elif kind == "pdf":
        text = _pdf_text(data)
    elif kind in ("png", "jpeg"):
        text = ""
    else:
        raise UploadRejected(_l("This is not a PDF, DOCX, ODT, PNG or JPEG file."))
    if kind not in allowed:
        raise UploadRejected(_l("This kind of file is not accepted here."))
    # PostgreSQL text cannot hold NUL, and in a document's text it never means anything.
    return Inspected(kind=kind, text=text.replace("\x00", "")[:MAX_TEXT_CHARS])


def _pdf_text(data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join((page.extract_text() or "") for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise UploadRejected(_l("The PDF file is damaged and cannot be read.")) from error


def _inspect_archive(data: bytes) -> tuple[str, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise UploadRejected(_l("The document is damaged and cannot be read.")) from error
    unpacked = sum(member.file_size for member in members)
    packed = max(sum(member.compress_size for member in members), 1)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise UploadRejected(_l("The document unpacks to too much data and is refused."))
    names = {member.filename for member in members}
    if "word/document.xml" in names and "[Content_Types].xml" in names:
        if any(DOCX_MACRO_MEMBERS.search(name) for name in names) or b"macroEnabled" in (
            _read(archive, "[Content_Types].xml")
        ):
            raise UploadRejected(_l("Documents with macros are not accepted."))
        return "docx", _xml_text(_read(archive, "word/document.xml"), paragraph="p")
    if "mimetype" in names and _read(archive, "mimetype").strip() == ODT_MIMETYPE:
        if any(ODT_MACRO_MEMBERS.search(name) for name in names):
            raise UploadRejected(_l("Documents with macros are not accepted."))
        return "odt", _xml_text(_read(archive, "content.xml"), paragraph="p")
    raise UploadRejected(_l("This is not a PDF, DOCX, ODT, PNG or JPEG file."))


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (KeyError, zipfile.BadZipFile, RuntimeError, ValueError) as error:
        raise UploadRejected(_l("The document is damaged and cannot be read.")) from error


def _xml_text(xml: bytes, paragraph: str) -> str:
    """All text nodes, a line per paragraph element (w:p in DOCX, text:p in ODT)."""
    try:
        root = ElementTree.fromstring(xml)
    except Exception as error:  # defusedxml raises several kinds for hostile or broken XML
        raise UploadRejected(_l("The document is damaged and cannot be read.")) from error
    lines = []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == paragraph:
            lines.append("".join(element.itertext()))
    return "\n".join(line for line in lines if line.strip())
