"""The monthly protocol bundle for the funder (a ZIP of minutes PDFs, uploaded files and an
index) and the minutes PDF writer. No request objects here."""

import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from html import escape
from pathlib import Path

from flask_babel import lazy_gettext as _l
from fpdf import FPDF
from peewee import fn

from app.accounts import User
from app.calendar import format_clock
from app.meetings.labels import FORMAT_LABELS
from app.meetings.models import (
    Attendance,
    Decision,
    Meeting,
    MeetingFile,
    MeetingFormat,
    MonthSubmission,
)
from app.meetings.queries import meeting_list, visible_condition
from app.spreadsheets import defuse
from app.uploads.models import Upload
from app.uploads.services import path_of

#: Debian's fonts-dejavu-core, where the machine has it
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
#: the index's columns (index.html leaves out the last)
INDEX_HEADINGS = (
    _l("Date"),
    _l("Kind"),
    _l("Chair"),
    _l("Present"),
    _l("File"),
    _l("SHA-256"),
    _l("Source"),
)
ENTRY_SOURCES = {"minutes": _l("Minutes"), "upload": _l("Uploaded file")}

#: progress(done, total): called after each meeting written to the bundle
Progress = Callable[[int, int], None]


@cache
def unicode_font() -> Path | None:
    """A TTF with the Latvian letters: Open Sans from the ttf-opensans package, else DejaVu."""
    try:
        from ttf_opensans import OPENSANS_REGULAR
    except ImportError:  # pragma: no cover - the package is a dependency
        pass
    else:
        if OPENSANS_REGULAR.path.is_file():
            return OPENSANS_REGULAR.path
    return DEJAVU if DEJAVU.is_file() else None


def latin1(text: str) -> str:
    """For the core PDF font: letters without their diacritics, anything else replaced."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return folded.encode("latin-1", "replace").decode("latin-1")


class _Pdf:
    """A plain A4 document: headings and wrapped paragraphs, Unicode when a TTF is there."""

    def __init__(self):
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_page()
        font = unicode_font()
        if font:
            self.pdf.add_font("body", fname=str(font))
            self.family, self.clean = "body", str
        else:
            self.family, self.clean = "helvetica", latin1
        self.pdf.set_title("")

    def heading(self, text: str, size: int = 14) -> None:
        self.pdf.set_font(self.family, size=size)
        self.pdf.multi_cell(0, size * 0.55, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)

    def paragraph(self, text: str, size: int = 10) -> None:
        self.pdf.set_font(self.family, size=size)
        for line in (text or "").splitlines() or [""]:
            self.pdf.multi_cell(0, size * 0.5, self.clean(line), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def plain_markdown(text: str) -> str:
    """Markdown minutes as readable plain text: heading marks and emphasis stars dropped."""
    text = re.sub(r"(?m)^#{1,6}\s*", "", text or "")
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", text)
    return re.sub(r"(?m)^(\s*)[-*] ", "\\1• ", text)


def minutes_pdf(meeting: dict, attendees: list[str], decisions: list[str], kind_label) -> bytes:
    """The written minutes of one meeting as a PDF."""
    doc = _Pdf()
    doc.heading(f"{kind_label} — {meeting['day']:%d.%m.%Y}")
    # labels outside the f-strings: Babel's extractor does not look inside them
    where = meeting["place"]
    if meeting["format"] == MeetingFormat.ONLINE:
        where = "{}: {}".format(FORMAT_LABELS[MeetingFormat.ONLINE], meeting["platform"])
    times = f"{format_clock(meeting['start_minute'])}–{format_clock(meeting['end_minute'])}"
    facts = [
        (_l("Time"), times),
        (_l("Place"), where),
        (_l("Chair"), meeting.get("chair_name") or ""),
        (_l("Present"), ", ".join(attendees)),
    ]
    if meeting.get("guests"):
        facts.append((_l("Guests"), meeting["guests"]))
    doc.paragraph("\n".join(f"{label}: {value}" for label, value in facts))
    if meeting.get("agenda"):
        doc.heading(str(_l("Agenda")), 12)
        doc.paragraph(plain_markdown(meeting["agenda"]))
    if meeting.get("minutes"):
        doc.heading(str(_l("Minutes")), 12)
        doc.paragraph(plain_markdown(meeting["minutes"]))
    if decisions:
        doc.heading(str(_l("Decisions")), 12)
        doc.paragraph("\n".join(f"{n}. {text}" for n, text in enumerate(decisions, 1)))
    return doc.output()


# --- the month -------------------------------------------------------------------------


def month_meetings(user, month: date) -> list[dict]:
    """The month's meetings `user` may read, oldest first, with chair and attendee count."""
    present = Attendance.select(fn.COUNT(Attendance.id)).where(
        Attendance.meeting == Meeting.id,
        Attendance.attended == True,  # noqa: E712
    )
    return list(
        meeting_list(user, month=month)
        .select_extend(Meeting.guests, Meeting.agenda, Meeting.minutes, present.alias("present"))
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


def _folder(meeting: dict, taken: set[str]) -> str:
    """`<date>_<kind>`, numbered when the day had two meetings of a kind."""
    base = folder = f"{meeting['day']:%Y-%m-%d}_{meeting['kind']}"
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
    user, month: date, target, kind_labels: dict, progress: Progress | None = None
) -> Bundle:
    """Write the month's ZIP to `target` (a path or binary file): one folder per meeting with
    its current files as uploaded and the written minutes as PDF, then index.csv and
    index.html listing every file with its SHA-256. `progress` hears of each meeting."""
    meetings = month_meetings(user, month)
    ids = [m["id"] for m in meetings]
    attendees: dict[int, list[str]] = {}
    for meeting_id, name in (
        Attendance.select(Attendance.meeting, User.display_name)
        .join(User, on=(Attendance.user == User.id))
        .where(Attendance.meeting.in_(ids), Attendance.attended == True)  # noqa: E712
        .order_by(User.display_name)
        .tuples()
    ):
        attendees.setdefault(meeting_id, []).append(name)
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

    bundle = Bundle()
    index_rows = []
    folders: set[str] = set()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, meeting in enumerate(meetings, 1):
            folder = _folder(meeting, folders)
            kind = str(kind_labels.get(meeting["kind"], meeting["kind"]))
            entries: list[tuple[str, str]] = []
            if meeting["minutes"].strip() or decisions.get(meeting["id"]):
                data = minutes_pdf(
                    meeting,
                    attendees.get(meeting["id"], []),
                    decisions.get(meeting["id"], []),
                    kind,
                )
                name = f"{folder}/minutes_{meeting['day']:%Y-%m-%d}.pdf"
                archive.writestr(name, data)
                bundle.members[name] = hashlib.sha256(data).hexdigest()
                entries.append((name, "minutes"))
            for upload in files.get(meeting["id"], []):
                name = _unique(f"{folder}/{upload.original_name}", bundle.members)
                archive.write(path_of(upload), name)
                bundle.members[name] = upload.sha256
                entries.append((name, "upload"))
            for name, source in entries or [("", "")]:
                index_rows.append(
                    [
                        f"{meeting['day']:%Y-%m-%d}",
                        kind,
                        meeting["chair_name"] or "",
                        meeting["present"],
                        name,
                        bundle.members.get(name, ""),
                        str(ENTRY_SOURCES.get(source, "")),
                    ]
                )
            if progress:
                progress(done, len(meetings))
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([str(heading) for heading in INDEX_HEADINGS])
        writer.writerows([[defuse(str(cell)) for cell in row] for row in index_rows])
        archive.writestr("index.csv", "\ufeff" + text.getvalue())
        archive.writestr("index.html", index_html(month, index_rows))
    return bundle


def index_html(month: date, rows: list[list]) -> str:
    headings = INDEX_HEADINGS[:6]
    cells = "".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row[:6]) + "</tr>\n"
        for row in rows
    )
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headings)
    title = escape("{} {}".format(_l("Meeting protocols"), f"{month:%Y-%m}"))
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>\n{cells}</tbody></table></body></html>\n"
    )
