"""What a file really is, judged by its content, and the text inside it, at a bounded cost.
No request objects, no database: `extract` runs in a forked child (app/uploads/bounded.py).

Two steps, so that the costly one can run where a time limit holds:
- `check(data, allowed)`: the kind by content; for an archive (DOCX, ODT) its listing (number of
  members, declared sizes and ratio: a ZIP bomb is refused unopened) and its macro members.
  Quick whatever the file is.
- `extract(data, kind, limits)`: the text, each cost capped: a PDF's first `limits.pages` pages;
  a DOCX's or ODT's XML parsed as a stream (defusedxml: no DTD entities, no external ones) while
  counting the bytes actually inflated, since the sizes an archive declares are the attacker's
  word; and the checks that need the XML: a DOCX's relationships (every .rels member) and
  linking field codes, an ODT's links.

Every refusal carries a `reason` code, so a child process can name it without translating it.
"""

import io
import itertools
import posixpath
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from flask_babel import lazy_gettext as _l

MAX_MEMBERS = 2000
#: what the archive's headers may declare at most (checked before anything is inflated)
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_TEXT_CHARS = 2_000_000
MAX_NAME_CHARS = 200
#: a relationships member is a few KB; one of more is not a document's
MAX_RELS_BYTES = 1024 * 1024
READ_CHUNK = 64 * 1024

DOCX_MACRO_MEMBERS = re.compile(r"(^|/)vbaProject\.bin$|(^|/)vbaData\.xml$", re.I)
ODT_MACRO_MEMBERS = re.compile(r"^(Basic|Scripts)/", re.I)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
#: bidirectional controls can make "evil\u202Efdp.exe" look like "evilexe.pdf"
BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}

ALL_KINDS = ("pdf", "docx", "odt", "png", "jpeg")
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "odt": ".odt", "png": ".png", "jpeg": ".jpg"}

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
DRAW_NS = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
SCRIPT_NS = "{urn:oasis:names:tc:opendocument:xmlns:script:1.0}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: A hyperlink to a web page is harmless: the program opens nothing until the reader clicks it
#: (and then asks). Every other external relationship — an attached template, a linked picture,
#: frame, sub-document or OLE object — is fetched by Word when the file opens, which tells the
#: sender who opened it and from where, or brings in what the file did not carry.
HYPERLINK_TYPE = "/hyperlink"
ODT_HYPERLINKS = {f"{TEXT_NS}a", f"{DRAW_NS}a"}
#: DOCX fields that pull in another file or a remote resource when Word updates them
LINKING_FIELD = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|IMPORT|DDE|DDEAUTO)\b", re.I)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)

REASONS = {
    "not_supported": _l("This is not a PDF, DOCX, ODT, PNG or JPEG file."),
    "not_allowed": _l("This kind of file is not accepted here."),
    "pdf_damaged": _l("The PDF file is damaged and cannot be read."),
    "damaged": _l("The document is damaged and cannot be read."),
    "too_much": _l("The document unpacks to too much data and is refused."),
    "macros": _l("Documents with macros are not accepted."),
    "external": _l(
        "This document links to files outside itself (a remote template, linked picture or "
        "object). Save a copy without links and upload that."
    ),
    "too_slow": _l(
        "This document takes too long to check and is refused. Save it again (for example as "
        "PDF) and upload that."
    ),
}


class UploadRejected(ValueError):
    """A file that is not kept, with the message to show beside the file field."""

    def __init__(self, message, reason: str = ""):
        super().__init__(str(message))
        self.message = message
        self.reason = reason

    @classmethod
    def because(cls, reason: str) -> "UploadRejected":
        return cls(REASONS[reason], reason)


@dataclass(frozen=True)
class Limits:
    """What reading one file may cost (besides the time, which the caller bounds)."""

    #: PDF pages read for text
    pages: int = 300
    #: bytes inflated out of an archive's members, counted as they are read
    unpacked_bytes: int = 16 * 1024 * 1024
    text_chars: int = MAX_TEXT_CHARS


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


def inspect(data: bytes, allowed: tuple[str, ...] = ALL_KINDS, limits: Limits = Limits()):
    """The file's kind by content and its text; UploadRejected with a clear reason otherwise.
    (With no time limit: the upload service runs `extract` in a bounded child instead.)"""
    kind = check(data, allowed, limits)
    return Inspected(kind=kind, text=extract(data, kind, limits))


def check(data: bytes, allowed: tuple[str, ...] = ALL_KINDS, limits: Limits = Limits()) -> str:
    """The file's kind, after the quick checks; UploadRejected otherwise."""
    kind = sniff(data[:8])
    if kind == "zip":
        kind = _check_archive(data, limits)
    elif kind is None:
        raise UploadRejected.because("not_supported")
    if kind not in allowed:
        raise UploadRejected.because("not_allowed")
    return kind


def extract(data: bytes, kind: str, limits: Limits = Limits()) -> str:
    """The text of a file that passed `check`, within `limits`; UploadRejected otherwise."""
    if kind == "pdf":
        text = _pdf_text(data, limits)
    elif kind in ("docx", "odt"):
        archive = _open_archive(data)
        budget = _Budget(limits.unpacked_bytes)
        if kind == "docx":
            for name in sorted(archive.namelist()):
                if name.endswith(".rels"):
                    _parse(archive, name, _DocxRelationships(), budget, MAX_RELS_BYTES)
            text = _parse(archive, "word/document.xml", _DocxText(limits.text_chars), budget)
        else:
            text = _parse(archive, "content.xml", _OdtText(limits.text_chars), budget)
            for name in _odt_xml_members(archive):
                _parse(archive, name, _OdtText(0), budget)
    else:
        text = ""
    # PostgreSQL text cannot hold NUL, and in a document's text it never means anything.
    return text.replace("\x00", "")[: limits.text_chars]


# --- PDF -----------------------------------------------------------------------------------


def _pdf_text(data: bytes, limits: Limits) -> str:
    # imported here: pypdf is large, and only an uploaded PDF needs it
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = list(itertools.islice(reader.pages, limits.pages))
    except LimitReachedError as error:  # pypdf's own caps on inflated streams
        raise UploadRejected.because("too_much") from error
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError, zlib.error) as error:
        raise UploadRejected.because("pdf_damaged") from error
    parts, total = [], 0
    for page in pages:
        try:
            text = page.extract_text() or ""
        except LimitReachedError as error:
            raise UploadRejected.because("too_much") from error
        except Exception:  # noqa: S112 - a page pypdf cannot read leaves no text; the file stays
            continue
        parts.append(text)
        total += len(text)
        if total >= limits.text_chars:
            break
    return "\n".join(parts)


# --- archives ------------------------------------------------------------------------------


def _open_archive(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UploadRejected.because("damaged") from error


def _check_archive(data: bytes, limits: Limits) -> str:
    archive = _open_archive(data)
    members = archive.infolist()
    unpacked = sum(member.file_size for member in members)
    packed = max(sum(member.compress_size for member in members), 1)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise UploadRejected.because("too_much")
    names = {member.filename for member in members}
    budget = _Budget(limits.unpacked_bytes)
    if "word/document.xml" in names and "[Content_Types].xml" in names:
        if any(DOCX_MACRO_MEMBERS.search(name) for name in names) or b"macroEnabled" in (
            _read(archive, "[Content_Types].xml", budget, MAX_RELS_BYTES)
        ):
            raise UploadRejected.because("macros")
        return "docx"
    if "mimetype" in names and _read(archive, "mimetype", budget, 1024).strip() == ODT_MIMETYPE:
        if any(ODT_MACRO_MEMBERS.search(name) for name in names):
            raise UploadRejected.because("macros")
        if "content.xml" not in names:
            raise UploadRejected.because("damaged")
        return "odt"
    raise UploadRejected.because("not_supported")


def _odt_xml_members(archive: zipfile.ZipFile) -> list[str]:
    """Every XML member but content.xml (already read for the text): styles (background and
    fill images), embedded objects' own content and styles; the manifest lists files only."""
    return sorted(
        info.filename
        for info in archive.infolist()
        if info.filename.endswith(".xml")
        and info.filename not in ("content.xml", "META-INF/manifest.xml")
    )


class _Budget:
    """The bytes that may still be inflated out of one archive, counted as they are read."""

    def __init__(self, left: int):
        self.left = left

    def take(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise UploadRejected.because("too_much")


def _chunks(archive: zipfile.ZipFile, name: str, budget: _Budget, cap: int | None = None):
    """The member's inflated bytes, chunk by chunk, charged to the budget (and its own cap)."""
    read = 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(READ_CHUNK):
                read += len(chunk)
                budget.take(len(chunk))
                if cap is not None and read > cap:
                    raise UploadRejected.because("too_much")
                yield chunk
    except UploadRejected:
        raise
    except (KeyError, zipfile.BadZipFile, RuntimeError, ValueError, OSError, EOFError) as error:
        raise UploadRejected.because("damaged") from error
    except zlib.error as error:
        raise UploadRejected.because("damaged") from error


def _read(archive: zipfile.ZipFile, name: str, budget: _Budget, cap: int) -> bytes:
    return b"".join(_chunks(archive, name, budget, cap))


def _parse(archive, name: str, target, budget: _Budget, cap: int | None = None) -> str:
    """Feed the member to a defused streaming parser whose `target` sees each element as it
    opens and closes (no tree is built); the target's result."""
    parser = DefusedXMLParser(target=target, forbid_dtd=False)
    try:
        for chunk in _chunks(archive, name, budget, cap):
            parser.feed(chunk)
        return parser.close()
    except UploadRejected:
        raise
    except (ParseError, DefusedXmlException, ValueError, UnicodeError) as error:
        raise UploadRejected.because("damaged") from error


class _Text:
    """Collects the text of paragraphs, a line each; paragraphs nested in a paragraph (a text
    box) belong to the outer one's line. Stops collecting (not parsing) at `limit` characters."""

    paragraph = ""
    text_element = None

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.depth = 0
        self.line: list[str] = []
        self.lines: list[str] = []

    def start(self, tag: str, attrs: dict) -> None:
        if tag == self.paragraph:
            self.depth += 1

    def end(self, tag: str) -> None:
        if tag == self.paragraph and self.depth:
            self.depth -= 1
            if self.depth == 0:
                line = "".join(self.line)
                self.line.clear()
                if line.strip() and self.size < self.limit:
                    self.lines.append(line)
                    self.size += len(line) + 1

    def data(self, text: str) -> None:
        if self.depth and self.size < self.limit:
            self.line.append(text)

    def close(self) -> str:
        return "\n".join(self.lines)


class _DocxText(_Text):
    paragraph = f"{W_NS}p"

    def __init__(self, limit: int):
        super().__init__(limit)
        self.in_text = False
        self.field: list[str] | None = None

    def start(self, tag: str, attrs: dict) -> None:
        super().start(tag, attrs)
        if tag == f"{W_NS}t":
            self.in_text = True
        elif tag == f"{W_NS}instrText":
            self.field = []
        elif tag == f"{W_NS}fldSimple":
            _refuse_linking_field(attrs.get(f"{W_NS}instr", ""))

    def end(self, tag: str) -> None:
        if tag == f"{W_NS}t":
            self.in_text = False
        elif tag == f"{W_NS}instrText" and self.field is not None:
            _refuse_linking_field("".join(self.field))
            self.field = None
        super().end(tag)

    def data(self, text: str) -> None:
        if self.field is not None:
            self.field.append(text)
        elif self.in_text:
            super().data(text)


def _refuse_linking_field(instruction: str) -> None:
    if LINKING_FIELD.match(instruction):
        raise UploadRejected.because("external")


class _OdtText(_Text):
    """An ODT's paragraphs (and headings); refuses a link to anything outside the file on any
    element but a hyperlink, and scripts bound to events."""

    paragraph = f"{TEXT_NS}p"

    def start(self, tag: str, attrs: dict) -> None:
        if tag == f"{TEXT_NS}h":
            tag = self.paragraph
        super().start(tag, attrs)
        if tag.startswith(SCRIPT_NS) or tag.endswith("}event-listener"):
            raise UploadRejected.because("macros")
        href = attrs.get(XLINK_HREF)
        if href and tag not in ODT_HYPERLINKS and points_outside(href):
            raise UploadRejected.because("external")

    def end(self, tag: str) -> None:
        super().end(self.paragraph if tag == f"{TEXT_NS}h" else tag)


def points_outside(href: str) -> bool:
    """True for an absolute URL or a path that leaves the package ("../x.png", "/etc/x", "C:")."""
    href = href.strip()
    if not href or href.startswith("#"):
        return False
    if SCHEME.match(href) or href.startswith(("/", "\\", "~")):
        return True
    normal = posixpath.normpath(href.replace("\\", "/"))
    return normal == ".." or normal.startswith("../")


class _DocxRelationships:
    """Refuses any relationship whose target is outside the package, hyperlinks aside."""

    def start(self, tag: str, attrs: dict) -> None:
        if tag != f"{REL_NS}Relationship":
            return
        external = attrs.get("TargetMode", "").strip().lower() == "external"
        if external and not attrs.get("Type", "").endswith(HYPERLINK_TYPE):
            raise UploadRejected.because("external")

    def end(self, tag: str) -> None:
        pass

    def data(self, text: str) -> None:
        pass

    def close(self) -> str:
        return ""
