"""The week's roster as the DOCX the coordinator sends to the funder: the organisation, the
contract, the week, and a table of the people (rows) by the days (columns) with their times at
the reception centre, the duty mentor marked. One landscape A4 page.

A writer only: no request objects here; it takes the rows of queries.shifts_between."""

from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _

from app.accounts import role_title
from app.calendar import format_clock, week_days, week_end, week_number
from app.i18n import format_day, format_weekday, language_of
from app.periods.models import Contract
from app.roster.queries import people_of

#: the person's column and the seven days' on a landscape A4 page (257 mm between the margins)
#: column widths in millimetres and the table's type size in points (python-docx is imported
#: by the writer: the roster's pages, which import this module, need none of it)
PERSON_WIDTH_MM = 54
DAY_WIDTH_MM = 29
CELL_POINTS = 9
DUTY_MARK = "*"


def contract_of(week_start: date) -> Contract | None:
    """The contract in force during the week (1 query)."""
    return (
        Contract.select()
        .where(Contract.starts_on <= week_end(week_start), Contract.ends_on >= week_start)
        .order_by(Contract.starts_on.desc())
        .first()
    )


def title() -> str:
    return _("Staff roster at the reception centre")


def shift_text(shift: dict) -> str:
    text = f"{format_clock(shift['start_minute'])}–{format_clock(shift['end_minute'])}"
    return f"{text} {DUTY_MARK}" if shift["duty"] else text


def write_docx(
    week_start: date,
    shifts: list[dict],
    *,
    org_name: str,
    contract: Contract | None,
    sent_on: date | None = None,
    language: str = "lv",
) -> bytes:
    """The roster of the week: heading lines, then one row per person and a column per day."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from app import documents  # python-docx: loaded when a document is written

    cell_size = Pt(CELL_POINTS)
    language = language_of(language)
    days = week_days(week_start)
    with force_locale(language):
        document = documents.new_document(title(), language, landscape=True)
        section = document.sections[0]
        section.top_margin = section.bottom_margin = Mm(15)
        document.add_heading(title(), level=1)
        if org_name:
            document.add_paragraph(org_name)
        number = contract.number if contract else "—"
        document.add_paragraph(_("Contract No. %(number)s", number=number))
        document.add_paragraph(
            _(
                "Week %(number)d: %(start)s – %(end)s",
                number=week_number(week_start),
                start=format_day(week_start),
                end=format_day(week_end(week_start)),
            )
        )
        people = people_of(shifts)
        headings = [_("Person")] + [f"{format_weekday(day)} {format_day(day)}" for day in days]
        table = documents.add_table(
            document,
            [Mm(PERSON_WIDTH_MM)] + [Mm(DAY_WIDTH_MM)] * len(days),
            headings,
            size=cell_size,
        )
        for person in people:
            cells = table.add_row().cells
            documents.fill(cells[0], [person["name"]], bold=True, size=cell_size)
            documents.add_line(cells[0], role_title(person), size=cell_size)
            own = [shift for shift in shifts if shift["person"] == person["id"]]
            for cell, day in zip(cells[1:], days, strict=True):
                lines = [shift_text(shift) for shift in own if shift["day"] == day]
                documents.fill(cell, lines or [""], size=cell_size, align=WD_ALIGN_PARAGRAPH.CENTER)
        if not people:
            document.add_paragraph(_("No one is planned at the reception centre this week."))
        duty = document.add_paragraph()
        duty.paragraph_format.space_before = Pt(6)
        legend = _("%(mark)s the duty mentor of the day, who connects clients to their own mentor.")
        documents.styled_run(duty, legend % {"mark": DUTY_MARK}, size=cell_size)
        if sent_on is not None:
            sent = _("Sent on %(day)s.", day=format_day(sent_on))
            documents.styled_run(document.add_paragraph(), sent, size=cell_size)
    return documents.saved(document)
