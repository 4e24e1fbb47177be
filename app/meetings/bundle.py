"""The monthly protocol bundle for the funder (a ZIP of minutes PDFs, uploaded files and an
index) and the minutes PDF writer. No request objects here."""

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from html import escape
from pathlib import Path
from urllib.parse import quote

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from peewee import fn

from app.accounts import User
from app.calendar import format_clock
from app.markdown import render
from app.meetings.labels import FORMAT_LABELS, chair_label
from app.meetings.models import (
    Attendance,
    Decision,
    Meeting,
    MeetingFile,
    MeetingFormat,
    MonthSubmission,
)
from app.meetings.queries import (
    meeting_list,
    minutes_takers,
    protocol_numbers,
    visible_condition,
)
from app.spreadsheets import csv_cell, csv_writer
from app.uploads.models import Upload
from app.uploads.services import path_of

#: Debian's fonts-dejavu-core, where the machine has it
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
#: the index's columns (index.html leaves out the last)
INDEX_HEADINGS = (
    _l("Date"),
    _l("Protocol No."),
    _l("Kind"),
    _l("Chair"),
    _l("Present"),
    _l("File"),
    _l("SHA-256"),
    _l("Source"),
)
ENTRY_SOURCES = {"minutes": _l("Minutes"), "upload": _l("Uploaded file")}
#: the words of the bundle's own file names, in the reader's language
MINUTES_FILE = _l("minutes")
INDEX_FILE = _l("index")
BUNDLE_FILE = _l("protocols")
DAY = "%d.%m.%Y"
#: the last decisions printed on the page of the signatures, so that they never stand alone
KEEP_DECISIONS = 3
INDEX_STYLE = (
    "body{font-family:sans-serif}table{border-collapse:collapse}"
    "th,td{border:1px solid #999;padding:.2em .5em;text-align:left}"
)

#: progress(done, total): called after each meeting written to the bundle
Progress = Callable[[int, int], None]


@cache
def unicode_fonts() -> dict[str, Path] | None:
    """TTFs with the Latvian letters by style ("", "B", "I", "BI"): Open Sans from the
    ttf-opensans package, else DejaVu; None when neither is there."""
    try:
        import ttf_opensans as opensans
    except ImportError:  # pragma: no cover - the package is a dependency
        fonts = {}
    else:
        fonts = {
            "": opensans.OPENSANS_REGULAR.path,
            "B": opensans.OPENSANS_BOLD.path,
            "I": opensans.OPENSANS_ITALIC.path,
            "BI": opensans.OPENSANS_BOLDITALIC.path,
        }
    if not all(path.is_file() for path in fonts.values()) or not fonts:
        fonts = {
            "": DEJAVU / "DejaVuSans.ttf",
            "B": DEJAVU / "DejaVuSans-Bold.ttf",
            "I": DEJAVU / "DejaVuSans-Oblique.ttf",
            "BI": DEJAVU / "DejaVuSans-BoldOblique.ttf",
        }
    return fonts if all(path.is_file() for path in fonts.values()) else None


def latin1(text: str) -> str:
    """For the core PDF font: letters without their diacritics, anything else replaced."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return folded.encode("latin-1", "replace").decode("latin-1")


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def slug(text: str) -> str:
    """A label as a file-name word: ASCII, lowercase, words joined by "-" ("Kopsapulce",
    "Ārkārtas sapulce" -> "kopsapulce", "arkartas-sapulce")."""
    ascii_text = _fold(str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


def ascii_name(name: str) -> str:
    """An uploaded file's name safe in any ZIP tool: ASCII letters, digits, "-", "_" and one
    dot before the (lowercase) extension ("Pielikums ē 1.DOCX" -> "Pielikums_e_1.docx")."""
    base = re.split(r"[\\/]", _fold(name))[-1]  # never a folder of its own
    stem, dot, ext = base.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,10}", ext):
        stem, ext = base, ""
    stem = re.sub(r"[^A-Za-z0-9-]+", "_", stem.encode("ascii", "ignore").decode())
    stem = stem.strip("_-")[:80] or "file"
    ext = re.sub(r"[^a-z0-9]+", "", ext.lower())[:10]
    return f"{stem}.{ext}" if ext else stem


@dataclass
class MinutesSheet:
    """What the written protocol of one meeting says, in the reader's language already."""

    org_name: str
    kind: str  #: the kind's label, e.g. "Kopsapulce"
    number: str  #: "12/2020"
    day: date
    times: str  #: "10:00–11:30"
    where_label: str  #: "Place" or "Platform"
    where: str
    chair: str
    taker: str
    present: list[str]
    absent: list[tuple[str, str]] = field(default_factory=list)  #: (name, reason or "")
    guests: str = ""
    agenda: str = ""  #: Markdown
    minutes: str = ""  #: Markdown
    decisions: list[str] = field(default_factory=list)
    chair_gender: str | None = None  #: the chair's title agrees with it: "Vadītāja" / "Vadītājs"


@cache
def _minutes_pdf_class() -> type:
    """fpdf2's document on A4 with the protocol number and "page x / y" in the footer. fpdf2 is
    imported with the first PDF a worker writes: at start-up it would cost every worker ~50 MB."""
    from fpdf import FPDF

    class MinutesPdf(FPDF):
        footer_text = ""

        def footer(self):
            self.set_y(-12)
            self.set_font(self.font_family, size=8)
            self.set_text_color(90)
            self.cell(0, 5, self.footer_text, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, f"{self.page_no()} / {{nb}}", align="R")

    return MinutesPdf


class _Pdf:
    """The protocol's writer: headings, label/value facts, lists, Markdown through
    app.markdown's sanitiser into fpdf2's HTML renderer, Unicode when the TTFs are there."""

    def __init__(self, footer: str = ""):
        self.pdf = _minutes_pdf_class()(format="A4")
        self.pdf.set_margins(20, 15, 20)
        self.pdf.set_auto_page_break(auto=True, margin=18)
        fonts = unicode_fonts()
        if fonts:
            for style, path in fonts.items():
                self.pdf.add_font("body", style=style, fname=str(path))
            self.family, self.clean = "body", str
        else:
            self.family, self.clean = "helvetica", latin1
        self.pdf.footer_text = self.clean(footer)
        self.pdf.add_page()
        self.pdf.set_font(self.family, size=10)

    def centred(self, text: str, size: float, style: str = "") -> None:
        self.pdf.set_font(self.family, style=style, size=size)
        self.pdf.multi_cell(
            0, size * 0.5, self.clean(text), align="C", new_x="LMARGIN", new_y="NEXT"
        )

    def heading(self, text: str, size: int = 12, page_check: bool = True) -> None:
        if page_check and self.pdf.will_page_break(size * 0.55 + 12):
            self.pdf.add_page()  # never a heading alone at the foot of a page
        self.pdf.ln(3)
        self.pdf.set_font(self.family, style="B", size=size)
        self.pdf.multi_cell(0, size * 0.55, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def facts(self, rows: list[tuple[str, str]], label_width: float = 45) -> None:
        for label, value in rows:
            self.pdf.set_font(self.family, style="B", size=10)
            self.pdf.cell(label_width, 5.5, self.clean(f"{label}:"))
            self.pdf.set_font(self.family, size=10)
            self.pdf.multi_cell(0, 5.5, self.clean(value), new_x="LMARGIN", new_y="NEXT")

    def lines(self, items: list[str], numbered: bool = True, first: int = 1) -> None:
        """One item a line, left-aligned (never a justified run of names)."""
        self.pdf.set_font(self.family, size=10)
        for number, item in enumerate(items, first):
            mark = f"{number}." if numbered else "•"
            self.pdf.set_x(self.pdf.l_margin + 2)
            self.pdf.cell(8, 5.5, self.clean(mark).replace("?", "-"))
            self.pdf.multi_cell(0, 5.5, self.clean(item), new_x="LMARGIN", new_y="NEXT")

    def markdown(self, text: str) -> None:
        html = str(render(text))
        self.pdf.set_font(self.family, size=10)
        self.pdf.write_html(
            self.clean(html),
            font_family=self.family,
            li_prefix_color=(0, 0, 0),
            ul_bullet_char="disc" if self.family == "body" else "-",
            tag_styles=self._tag_styles(),
        )

    def _tag_styles(self) -> dict:
        from fpdf import FontFace, TextStyle

        black = "#000000"
        return {
            "h3": TextStyle(font_style="B", color=black, font_size_pt=11, t_margin=3, b_margin=1),
            "h4": TextStyle(font_style="BI", color=black, font_size_pt=10, t_margin=2, b_margin=1),
            "li": TextStyle(l_margin=4, t_margin=1),
            "code": FontFace(family=self.family),
            "pre": TextStyle(font_family=self.family, t_margin=2),
            "blockquote": TextStyle(color="#333333", l_margin=6, t_margin=2, b_margin=2),
            "a": FontFace(color="#1a4d8f", emphasis="UNDERLINE"),
        }

    def signatures(self, rows: list[tuple[str, str]], caption: str) -> None:
        """A signature line for each (role, name)."""
        self.pdf.ln(10)
        left = self.pdf.l_margin
        for label, name in rows:
            self.pdf.set_font(self.family, style="B", size=10)
            self.pdf.cell(45, 6, self.clean(f"{label}:"))
            self.pdf.set_font(self.family, size=10)
            self.pdf.cell(60, 6, "_" * 32)
            self.pdf.cell(0, 6, self.clean(name), new_x="LMARGIN", new_y="NEXT")
            self.pdf.set_font(self.family, size=7)
            self.pdf.set_x(left + 45)
            self.pdf.cell(60, 4, self.clean(f"({caption})"), align="C")
            self.pdf.ln(10)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def minutes_pdf(sheet: MinutesSheet) -> bytes:
    """The written protocol of one meeting as a PDF, fit to send: the organisation, "Protokols
    Nr. 12/2020", the facts, who attended (one a line), who did not, the agenda and minutes
    with their headings, lists and bold, the decisions, and the two signature lines."""
    title = str(_l("Minutes No. %(number)s", number=sheet.number))
    doc = _Pdf(footer=f"{title} · {sheet.day:{DAY}}")
    doc.pdf.set_title(doc.clean(f"{title} — {sheet.kind} {sheet.day:{DAY}}"))
    doc.pdf.set_author(doc.clean(sheet.org_name))
    doc.pdf.set_creation_date(datetime.combine(sheet.day, time(12), tzinfo=UTC))
    if sheet.org_name:
        doc.centred(sheet.org_name, 12, "B")
        doc.pdf.ln(4)
    doc.centred(title, 16, "B")
    doc.centred(sheet.kind, 12)
    doc.pdf.ln(5)
    doc.facts(
        [
            (str(_l("Date")), f"{sheet.day:{DAY}}"),
            (str(_l("Time")), sheet.times),
            (sheet.where_label, sheet.where),
            (chair_label(sheet.chair_gender), sheet.chair),
            (str(_l("Minutes taken by")), sheet.taker),
        ]
    )
    doc.heading("{} ({})".format(_l("Present"), len(sheet.present)))
    doc.lines(sheet.present)
    if sheet.absent:
        doc.heading("{} ({})".format(_l("Absent"), len(sheet.absent)))
        doc.lines([f"{name} — {reason}" if reason else name for name, reason in sheet.absent])
    if sheet.guests:
        doc.heading(str(_l("Guests")))
        doc.lines(sheet.guests.splitlines(), numbered=False)
    if sheet.agenda.strip():
        doc.heading(str(_l("Agenda")))
        doc.markdown(sheet.agenda)
    if sheet.minutes.strip():
        doc.heading(str(_l("Proceedings")))
        doc.markdown(sheet.minutes)
    signatures = [
        (chair_label(sheet.chair_gender), sheet.chair),
        (str(_l("Minutes taken by")), sheet.taker),
    ]
    # the signatures never stand alone on a page: the decisions (or the last few) go with them
    kept = sheet.decisions[-KEEP_DECISIONS:]
    if len(sheet.decisions) > len(kept):
        doc.heading(str(_l("Decisions")))
        doc.lines(sheet.decisions[: -len(kept)])
    with doc.pdf.unbreakable():
        if kept and len(kept) == len(sheet.decisions):
            doc.heading(str(_l("Decisions")), page_check=False)
        doc.lines(kept, first=len(sheet.decisions) - len(kept) + 1)
        doc.signatures(signatures, str(_l("signature")))
    return doc.output()


def where_of(meeting: dict) -> tuple[str, str]:
    """(label, value) of where a meeting was held: its place, or the online platform."""
    if meeting["format"] == MeetingFormat.ONLINE:
        return str(_l("Platform")), "{}: {}".format(
            FORMAT_LABELS[MeetingFormat.ONLINE], meeting["platform"]
        )
    return str(_l("Place")), meeting["place"]


def times_of(meeting: dict) -> str:
    return f"{format_clock(meeting['start_minute'])}–{format_clock(meeting['end_minute'])}"


# --- the month -------------------------------------------------------------------------


def month_meetings(user, month: date) -> list[dict]:
    """The month's meetings `user` may read, oldest first, with chair and attendee count."""
    present = Attendance.select(fn.COUNT(Attendance.id)).where(
        Attendance.meeting == Meeting.id,
        Attendance.attended == True,  # noqa: E712
    )
    return list(
        meeting_list(user, month=month)
        .select_extend(
            Meeting.chair,
            Meeting.guests,
            Meeting.agenda,
            Meeting.minutes,
            present.alias("present"),
        )
        .order_by(Meeting.day, Meeting.start_minute, Meeting.id)
    )


def month_overview(user) -> list[dict]:
    """Every month with meetings `user` may read, or submitted: counts, submission, newest first."""
    counts: dict[date, int] = {}
    for (day,) in Meeting.select(Meeting.day).where(visible_condition(user)).tuples():
        first = day.replace(day=1)
        counts[first] = counts.get(first, 0) + 1
    submissions = {row["month"]: row for row in MonthSubmission.select().dicts()}
    months = sorted(set(counts) | set(submissions), reverse=True)
    return [
        {"month": m, "meetings": counts.get(m, 0), "submission": submissions.get(m)} for m in months
    ]


@dataclass
class Bundle:
    """What went into a ZIP: its member names and their SHA-256, for the index and tests."""

    members: dict[str, str] = field(default_factory=dict)


def _folder(meeting: dict, kind_word: str, taken: set[str]) -> str:
    """`<date>_<kind>`, numbered when the day had two meetings of a kind."""
    base = folder = f"{meeting['day']:%Y-%m-%d}_{kind_word}"
    number = 2
    while folder in taken:
        folder, number = f"{base}-{number}", number + 1
    taken.add(folder)
    return folder


def _unique(name: str, taken: dict[str, str]) -> str:
    if name not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    number = 2
    while True:
        candidate = f"{stem}-{number}{dot}{ext}"
        if candidate not in taken:
            return candidate
        number += 1


def write_bundle(
    user,
    month: date,
    target,
    kind_labels: dict,
    progress: Progress | None = None,
    org_name: str = "",
) -> Bundle:
    """Write the month's ZIP to `target` (a path or binary file) in the current locale (the
    reader's language): one folder per meeting with its current files as uploaded and the
    written protocol as PDF, then the index as CSV and HTML (each file linked) with every
    file's SHA-256. All names are ASCII. `progress` hears of each meeting."""
    language = str(get_locale() or "lv")
    meetings = month_meetings(user, month)
    ids = [m["id"] for m in meetings]
    present: dict[int, list[str]] = {}
    absent: dict[int, list[tuple[str, str]]] = {}
    there = set()  # (meeting, user) of everyone marked present
    for meeting_id, user_id, name, attended in (
        Attendance.select(Attendance.meeting, User.id, User.display_name, Attendance.attended)
        .join(User, on=(Attendance.user == User.id))
        .where(Attendance.meeting.in_(ids), Attendance.attended.is_null(False))
        .order_by(User.display_name, User.id)
        .tuples()
    ):
        if attended:
            present.setdefault(meeting_id, []).append(name)
            there.add((meeting_id, user_id))
        else:
            absent.setdefault(meeting_id, []).append((name, ""))  # no reason is recorded yet
    decisions: dict[int, list[str]] = {}
    for meeting_id, text in (
        Decision.select(Decision.meeting, Decision.text)
        .where(Decision.meeting.in_(ids))
        .order_by(Decision.position, Decision.id)
        .tuples()
    ):
        decisions.setdefault(meeting_id, []).append(text)
    files: dict[int, list[Upload]] = {}
    for row in (
        MeetingFile.select(MeetingFile.meeting, Upload)
        .join(Upload, on=(MeetingFile.upload == Upload.id))
        .where(MeetingFile.meeting.in_(ids), ~MeetingFile.superseded)
        .order_by(MeetingFile.added_at, MeetingFile.id)
    ):
        files.setdefault(row.meeting_id, []).append(row.upload)
    for meeting in meetings:  # a chair who was not invited was there all the same
        if meeting["chair"] and (meeting["id"], meeting["chair"]) not in there:
            present.setdefault(meeting["id"], []).insert(0, meeting["chair_name"])
    numbers = protocol_numbers(meetings)
    takers = minutes_takers(ids)
    minutes_word = slug(MINUTES_FILE)

    bundle = Bundle()
    index_rows = []
    folders: set[str] = set()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, meeting in enumerate(meetings, 1):
            kind = str(kind_labels.get(meeting["kind"], meeting["kind"]))
            folder = _folder(meeting, slug(kind), folders)
            number = numbers.get(meeting["id"], "")
            entries: list[tuple[str, str]] = []
            if meeting["minutes"].strip() or decisions.get(meeting["id"]):
                data = minutes_pdf(
                    sheet_of(
                        meeting,
                        kind=kind,
                        number=number,
                        org_name=org_name,
                        taker=takers.get(meeting["id"], ""),
                        present=present.get(meeting["id"], []),
                        absent=absent.get(meeting["id"], []),
                        decisions=decisions.get(meeting["id"], []),
                    )
                )
                name = f"{folder}/{minutes_word}_{meeting['day']:%Y-%m-%d}.pdf"
                archive.writestr(name, data)
                bundle.members[name] = hashlib.sha256(data).hexdigest()
                entries.append((name, "minutes"))
            for upload in files.get(meeting["id"], []):
                name = _unique(f"{folder}/{ascii_name(upload.original_name)}", bundle.members)
                archive.write(path_of(upload), name)
                bundle.members[name] = upload.sha256
                entries.append((name, "upload"))
            for name, source in entries or [("", "")]:
                index_rows.append(
                    [
                        f"{meeting['day']:{DAY}}",
                        number,
                        kind,
                        meeting["chair_name"] or "",
                        len(present.get(meeting["id"], [])),
                        name,
                        bundle.members.get(name, ""),
                        str(ENTRY_SOURCES.get(source, "")),
                    ]
                )
            if progress:
                progress(done, len(meetings))
        index = slug(INDEX_FILE)
        archive.writestr(f"{index}.csv", index_csv(index_rows, language))
        archive.writestr(f"{index}.html", index_html(month, index_rows, org_name, language))
    return bundle


def sheet_of(meeting: dict, **facts) -> MinutesSheet:
    """A meeting row of `month_meetings` (or a Meeting's data) and what was looked up for it,
    as its protocol."""
    where_label, where = where_of(meeting)
    return MinutesSheet(
        day=meeting["day"],
        times=times_of(meeting),
        where_label=where_label,
        where=where,
        chair=meeting.get("chair_name") or "",
        chair_gender=meeting.get("chair_gender"),
        guests=meeting.get("guests") or "",
        agenda=meeting.get("agenda") or "",
        minutes=meeting.get("minutes") or "",
        **facts,
    )


def index_csv(rows: list[list], language: str) -> str:
    """The index for a spreadsheet: semicolons for Latvian Excel, commas in English; BOM."""
    text = io.StringIO()
    writer = csv_writer(text, language)
    writer.writerow([str(heading) for heading in INDEX_HEADINGS])
    writer.writerows([[csv_cell(cell, language) for cell in row] for row in rows])
    return text.getvalue()


def index_html(month: date, rows: list[list], org_name: str = "", language: str = "lv") -> str:
    """The index to open in a browser once the ZIP is unpacked: each file a relative link."""
    headings = INDEX_HEADINGS[:7]
    body = []
    for row in rows:
        cells = [escape(str(cell)) for cell in row[:7]]
        if row[5]:
            cells[5] = f'<a href="{escape(quote(row[5]))}">{cells[5]}</a>'
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>\n")
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headings)
    title = escape(str(_l("Meeting protocols %(month)s", month=f"{month:%m.%Y}")))
    org = f"<p>{escape(org_name)}</p>\n" if org_name else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{INDEX_STYLE}</style></head>"
        f"<body>{org}<h1>{title}</h1>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>\n{''.join(body)}</tbody></table>"
        "</body></html>\n"
    )
