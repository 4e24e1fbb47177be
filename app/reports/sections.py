"""The reports as sections of tables, sentences and charts, in the current locale.

One structure for every output: the page renders it, documents.py writes it as DOCX and
exports.py as XLSX, so a number cannot differ between them. Per-person tables are added only
when the reader may see them (never for the auditor).
"""

from dataclasses import dataclass, field

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app import markdown
from app.accounts import User
from app.calendar import hours
from app.i18n import format_day, format_hours, format_money, format_month
from app.meetings.labels import KIND_LABELS as MEETING_LABELS
from app.periods.models import Period
from app.permissions import Role, has_permission
from app.reports.queries import Figures, Person
from app.risks import exports as risk_exports
from app.risks import queries as risk_queries
from app.timesheets.labels import PLACE_LABELS
from app.timesheets.queries import mentors_visible_to
from app.training.summary import sentence

#: who may read per-person rows: those who may read their team's timesheets
PEOPLE_PERMISSION = "timesheets.team"
#: how the weekly meeting's weeks are named in the meetings table
WEEK_STATES = {
    "held": _l("Weeks with the weekly meeting"),
    "excused": _l("Weeks without it, with a reason"),
    "missing": _l("Weeks without it and without a reason"),
}


@dataclass(frozen=True)
class Hours:
    """Minutes shown as decimal hours: '7,5' in Latvian; a number cell in a workbook."""

    minutes: int

    def __str__(self) -> str:
        return format_hours(self.minutes)

    @property
    def number(self) -> float:
        return hours(self.minutes)


@dataclass(frozen=True)
class Average:
    """A monthly average, to one decimal place."""

    value: float

    def __str__(self) -> str:
        return format_decimal(self.value, "0.#")

    @property
    def number(self) -> float:
        return round(self.value, 1)


@dataclass(frozen=True)
class Money:
    """Euro cents shown as '70 000,00' in Latvian; a number cell in a workbook."""

    cents: int

    def __str__(self) -> str:
        return format_money(self.cents / 100)

    @property
    def number(self) -> float:
        return self.cents / 100


@dataclass
class Table:
    key: str  #: stable across languages: tests and sheet order use it
    title: str
    headings: list[str]
    rows: list[list]
    total: list | None = None
    empty: str = ""  #: said instead of the table when it has no rows
    per_person: bool = False


@dataclass
class Chart:
    """A chart drawn from a table: categories are the rows' first cells and the series the
    columns `series` (by_row=False), or categories are the headings of the first `width`
    value columns and each row a series (by_row=True)."""

    table: Table
    series: tuple[int, ...] = (1,)
    by_row: bool = False
    width: int = 0
    stacked: bool = False
    horizontal: bool = False
    unit: str = ""
    name: str = ""  #: the chart's title when it shows less than its table

    @property
    def key(self) -> str:
        return self.table.key

    @property
    def title(self) -> str:
        return self.name or self.table.title

    def data(self) -> tuple[list[str], list[tuple[str, list[float], list[str]]]]:
        """(category labels, [(series name, values as numbers, values as the table shows
        them)])."""
        if self.by_row:
            categories = self.table.headings[1 : 1 + self.width]
            columns = [(str(row[0]), row[1 : 1 + self.width]) for row in self.table.rows]
        else:
            categories = [str(row[0]) for row in self.table.rows]
            columns = [
                (self.table.headings[column], [row[column] for row in self.table.rows])
                for column in self.series
            ]
        return categories, [
            (name, [_number(cell) for cell in cells], [str(cell) for cell in cells])
            for name, cells in columns
        ]


def _number(cell) -> float:
    number = getattr(cell, "number", None)  # Hours, Average, and a masked count (0)
    return float(number if number is not None else cell or 0)


@dataclass
class RiskTable:
    """The interim report's risk table of one reporting period (app/risks/exports.py)."""

    period: Period
    rows: list[dict]
    note: str = ""  #: said under the period line (the English document: whose words)

    def period_line(self) -> str:
        return risk_exports.period_line(self.period)


class Note(str):
    """How a figure is counted: a footnote in the document, a small note on the page."""


class Subheading(str):
    """A heading inside a section (the seed's "Statusa izskatīšanas procedūra …", an area of
    challenges in capitals)."""


@dataclass(frozen=True)
class Prose:
    """Staff-written Markdown: the page renders it sanitised, the DOCX as Word paragraphs."""

    markdown: str

    def html(self) -> Markup:
        return markdown.render(self.markdown)


@dataclass(frozen=True)
class Challenge:
    """One problem of section XII and the solution proposed for it."""

    problem: str
    solution: str


@dataclass
class Section:
    title: str
    #: str paragraphs, Note, Subheading, Prose, Challenge, Table, Chart, RiskTable
    blocks: list = field(default_factory=list)
    key: str = ""  #: the report's numeral ("I" … "XIV"), where the report numbers its sections


def no_data_text() -> str:
    return _("No data for this period.")


def range_line(figures: Figures) -> str:
    return _(
        "From %(first)s to %(last)s",
        first=format_day(figures.first),
        last=format_day(figures.last),
    )


def counting_note() -> Note:
    return Note(
        _(
            "What counts: mentors are those with at least one timesheet entry in the period, "
            "whatever the week's status, and their hours are the entries' hours; social workers "
            "(including the lead social worker) are the case managers of at least one case file "
            "open in the month, and their hours are not kept in timesheets; case files and people "
            "served are those named on the entries, each once."
        )
    )


# --- tables ----------------------------------------------------------------------------------


def summary_table(figures: Figures) -> Table:
    training = figures.training
    supervision_minutes = sum(training.supervision_minutes)
    training_minutes = sum(k.minutes for k in training.kinds if k.counts_as == "training")
    rows = [
        [_("Social workers (case managers)"), figures.months[0].social_workers]
        if len(figures.months) == 1
        else [_("Social workers a month, on average"), Average(figures.average_workers)],
        [_("Mentors who recorded hours"), len(figures.mentors)]
        if len(figures.months) == 1
        else [_("Mentors a month, on average"), Average(figures.average_mentors)],
        [_("Mentors' hours"), Hours(figures.mentor_minutes)],
        [_("of them in weeks not yet approved"), Hours(figures.unapproved_minutes)],
        [_("Case files served"), figures.cases],
        [_("People served"), figures.people],
        [
            _("People served a month per social worker, on average"),
            Average(figures.people_per_worker),
        ],
        [_("Meetings held"), sum(line.count for line in figures.meetings)],
        [_("Supervision sessions"), training.supervisions],
        [_("Supervision hours"), Hours(supervision_minutes)],
        [_("Qualification trainings"), training.trainings],
        [_("Training hours"), Hours(training_minutes)],
    ]
    return Table("summary", _("Summary"), [_("Figure"), _("Value")], rows)


def staff_table(figures: Figures) -> Table:
    rows = [
        [
            format_month(month.month),
            month.social_workers,
            month.mentors,
            Hours(month.mentor_minutes),
            month.cases,
            month.people,
        ]
        for month in figures.months
    ]
    count = len(figures.months)
    total = [
        _("Average a month"),
        Average(figures.average_workers),
        Average(figures.average_mentors),
        Hours(round(figures.mentor_minutes / count)),
        Average(sum(m.cases for m in figures.months) / count),
        Average(sum(m.people for m in figures.months) / count),
    ]
    return Table(
        "staff",
        _("Staff and people served per month"),
        [
            _("Month"),
            _("Social workers"),
            _("Mentors"),
            _("Mentors' hours"),
            _("Case files served"),
            _("People served"),
        ],
        rows,
        total,
    )


def average_staff_sentence(figures: Figures) -> str:
    """'On average 2 social workers and 11 mentors a month.'"""
    workers, mentors = figures.average_workers, figures.average_mentors
    return _(
        "On average %(workers)s and %(mentors)s a month.",
        workers=ngettext(
            "%(count)s social worker",
            "%(count)s social workers",
            round(workers),
            count=str(Average(workers)),
        ),
        mentors=ngettext(
            "%(count)s mentor", "%(count)s mentors", round(mentors), count=str(Average(mentors))
        ),
    )


def activity_table(figures: Figures) -> Table:
    """Hours by activity; with a column per month when the range has more than one."""
    months = figures.months if len(figures.months) > 1 else []
    rows = [
        [
            line.name,
            *(Hours(month.activity_minutes[line.key]) for month in months),
            Hours(line.minutes),
        ]
        for line in figures.activities
    ]
    total = [
        _("Total"),
        *(Hours(month.mentor_minutes) for month in months),
        Hours(figures.mentor_minutes),
    ]
    return Table(
        "activities",
        _("Hours by activity per month") if months else _("Hours by activity"),
        [_("Activity"), *(format_month(month.month) for month in months), _("Hours")],
        rows,
        total,
        empty=_("No timesheet entries in this period."),
    )


def place_table(figures: Figures) -> Table:
    rows = [
        [
            str(PLACE_LABELS[line.key]),
            Hours(line.minutes),
            Average(100 * line.minutes / figures.mentor_minutes),
        ]
        for line in figures.places
    ]
    return Table(
        "places",
        _("Hours by place"),
        [_("Place"), _("Hours"), _("Share, %")],
        rows,
        [_("Total"), Hours(figures.mentor_minutes), Average(100.0)] if rows else None,
        empty=_("No timesheet entries in this period."),
    )


def meetings_table(figures: Figures) -> Table:
    rows = [[str(MEETING_LABELS.get(line.key, line.key)), line.count] for line in figures.meetings]
    rows += [[str(label), figures.weekly[state]] for state, label in WEEK_STATES.items()]
    return Table("meetings", _("Meetings held"), [_("Meetings"), _("Number")], rows)


def training_table(figures: Figures) -> Table:
    rows = [[line.name, line.sessions, Hours(line.minutes)] for line in figures.training.kinds]
    return Table(
        "training",
        _("Supervision and training by kind"),
        [_("Kind"), _("Sessions"), _("Hours")],
        rows,
        empty=_("No supervision or training was held in this period."),
    )


def supervision_table(figures: Figures) -> Table:
    """Supervision and training per month (the supervision-hours chart reads column 2)."""
    rows = []
    for month in figures.months:
        summary = month.training
        training_minutes = sum(k.minutes for k in summary.kinds if k.counts_as == "training")
        rows.append(
            [
                format_month(month.month),
                summary.supervisions,
                Hours(sum(summary.supervision_minutes)),
                summary.trainings,
                Hours(training_minutes),
            ]
        )
    return Table(
        "supervision",
        _("Supervision and training per month"),
        [
            _("Month"),
            _("Supervisions"),
            _("Supervision hours"),
            _("Trainings"),
            _("Training hours"),
        ],
        rows,
    )


def risk_changes_table(figures: Figures) -> Table:
    changes = figures.risks
    rows = [
        [label, len(items), ", ".join(item["title"] for item in items)]
        for label, items in (
            (_("Risks added"), changes.added),
            (_("Risks closed"), changes.closed),
            (_("Assessments written"), changes.assessed),
            (_("Risks re-scored (likelihood or impact changed)"), changes.rescored),
        )
    ]
    return Table("risks", _("Risk register changes"), [_("Change"), _("Number"), _("Risks")], rows)


def mentors_table(people: list[Person]) -> Table:
    return Table(
        "mentors",
        _("Hours per mentor"),
        [_("Mentor"), _("Hours"), _("Case files")],
        [[p.name, Hours(p.minutes), p.cases] for p in people],
        empty=_("No timesheet entries in this period."),
        per_person=True,
    )


def workers_table(people: list[Person]) -> Table:
    return Table(
        "workers",
        _("Case files and people served per social worker"),
        [_("Social worker"), _("Case files served"), _("People served")],
        [[p.name, p.cases, p.people] for p in people],
        empty=_("No case file was served in this period."),
        per_person=True,
    )


# --- the two reports -------------------------------------------------------------------------


@dataclass
class People:
    """Which per-person rows the reader may see: None = none (the auditor, the admin); and
    whether small groups of clients are merged for them (the auditor: app/reports/clients.py)."""

    mentor_ids: set[int] | None = None
    worker_ids: set[int] | None = None
    merged: bool = False

    @property
    def shown(self) -> bool:
        return self.mentor_ids is not None

    def aggregates(self) -> "People":
        """The same reader on a page of aggregates only: no per-person rows, groups merged as
        for them."""
        return People(merged=self.merged)


def people_for(user) -> People:
    """The per-person rows this reader may see: their mentors' and (for a social worker) their
    own, everyone's for the lead and the coordinator, none for the auditor and the admin."""
    if not has_permission(user, PEOPLE_PERMISSION):
        return People(merged=user.role == Role.AUDITOR)
    mentors = {user_id for (user_id,) in mentors_visible_to(user).select(User.id).tuples()}
    if user.role == Role.SOCIAL_WORKER:
        return People(mentors, {user.id})
    workers = User.select(User.id).where(User.role.in_(Role.SUPERVISORS))
    return People(mentors, {user_id for (user_id,) in workers.tuples()})


def person_section(figures: Figures, people: People) -> Section:
    """Hours per mentor and case files per social worker, of the people the reader may see."""
    return Section(
        _("Per person"),
        [
            mentors_table([p for p in figures.mentors if p.user_id in people.mentor_ids]),
            workers_table([p for p in figures.workers if p.user_id in people.worker_ids]),
        ],
    )


def monthly_sections(figures: Figures, people: People) -> list[Section]:
    """The monthly report; the per-person section only for a reader who may see it."""
    activities, places = activity_table(figures), place_table(figures)
    hours = Section(_("Hours"), [])
    if figures.mentor_minutes:
        hours.blocks = [
            Chart(activities, horizontal=True, unit=_("hours")),
            Chart(places, horizontal=True, unit=_("hours")),
        ]
    else:
        hours.blocks = [activities, places]
    return [
        Section(_("Summary"), [summary_table(figures), counting_note()]),
        hours,
        Section(
            _("Meetings, supervision and training"),
            [
                meetings_table(figures),
                sentence(figures.training),
                training_table(figures),
            ],
        ),
        Section(_("Risk register"), [risk_changes_table(figures)]),
        *([person_section(figures, people)] if people.shown else []),
    ]


def interim_sections(
    figures: Figures, people: People, risk_periods: list[Period], lang: str
) -> list[Section]:
    """The data-driven sections of the interim report, numbered as the report numbers them."""
    staff, activities = staff_table(figures), activity_table(figures)
    supervision = supervision_table(figures)
    charted = figures.has_data
    services = Section(
        _("VII. Description of the services provided by social workers and social mentors, tasks"),
        [
            average_staff_sentence(figures),
            counting_note(),
            Chart(staff, series=(1, 2), unit=_("people"), name=_("Staff per month"))
            if charted
            else staff,
            Chart(activities, by_row=True, width=len(figures.months), stacked=True, unit=_("hours"))
            if charted and figures.activities and len(figures.months) > 1
            else activities,
            place_table(figures),
            *(
                [mentors_table([p for p in figures.mentors if p.user_id in people.mentor_ids])]
                if people.shown
                else []
            ),
        ],
    )
    risks = Section(
        _(
            "IX. Risk analysis (according to the technical specification), including how the "
            "identified risks affected the course, delivery and quality of results of the service"
        ),
        [RiskTable(period, risk_queries.risk_table(period, lang)) for period in risk_periods]
        or [_("No reporting period of the contract covers these dates.")],
    )
    results = Section(
        _("XIII. Results achieved"),
        [
            sentence(figures.training),
            Chart(supervision, series=(2,), unit=_("hours"), name=_("Supervision hours per month"))
            if charted
            else supervision,
            training_table(figures),
            meetings_table(figures),
        ],
        key="XIII",
    )
    services.key, risks.key = "VII", "IX"
    return [services, risks, results]


def interim_title() -> str:
    return _("Interim report")


def monthly_title(figures: Figures) -> str:
    return _("Monthly report: %(month)s", month=format_month(figures.first))


def tables_of(sections: list[Section]) -> list[Table]:
    """Every table of the sections, a chart's own table included, in order."""
    found = []
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Chart):
                found.append(block.table)
            elif isinstance(block, Table):
                found.append(block)
    return found


def block_kind(block) -> str:
    """What a section's block is, for the page's template."""
    if isinstance(block, Note):
        return "note"
    if isinstance(block, Subheading):
        return "subheading"
    if isinstance(block, Prose):
        return "prose"
    if isinstance(block, Challenge):
        return "challenge"
    if isinstance(block, str):
        return "text"
    if isinstance(block, Chart):
        return "chart"
    return "risks" if isinstance(block, RiskTable) else "table"
