"""The monthly report's extraordinary-situation addendum (the COVID-19 addenda of spring 2020),
for a month an addendum covers: the mentors' remote share of hours (from the report's own
figures), who was on site by the roster, the month's extraordinary meetings and the measures
the staff wrote — in the current locale."""

from datetime import date

from flask_babel import gettext as _

from app.addenda import queries as addendum_queries
from app.calendar import format_clock
from app.i18n import format_day, format_month
from app.meetings.labels import FORMAT_LABELS
from app.meetings.models import MeetingKind
from app.meetings.queries import held_meetings
from app.permissions import Role
from app.reports.queries import Figures
from app.reports.sections import Average, Hours, People, Section, Table
from app.roster.queries import presence
from app.timesheets.models import Place


def addendum_section(first: date, figures: Figures, people: People) -> Section | None:
    """The addendum of the month starting `first`, None when no addendum covers it."""
    addendum = addendum_queries.addendum_covering(first)
    if addendum is None:
        return None
    remote = sum(line.minutes for line in figures.places if line.key == Place.REMOTE)
    share = _(
        "Mentors worked %(share)s %% of their hours remotely (%(remote)s h of %(total)s h).",
        share=Average(100 * remote / figures.mentor_minutes if figures.mentor_minutes else 0),
        remote=Hours(remote),
        total=Hours(figures.mentor_minutes),
    )
    measures = addendum_queries.measures_of(addendum.id, first)
    paragraphs = [text.strip() for text in measures.split("\n\n") if text.strip()]
    return Section(
        _("Addendum: %(title)s, %(month)s", title=addendum.title, month=format_month(first)),
        [
            share,
            on_site_table(first, figures.last, people),
            meetings_table(first, figures.last),
            _("Measures taken:"),
            *(paragraphs or [_("The measures of this month are not written yet.")]),
        ],
    )


def on_site_table(first: date, last: date, people: People) -> Table:
    """Who was at the reception centre by the roster: per person (planned days, days the
    social worker confirmed — mentors confirm none, their timesheets say where they worked)
    for readers who see people, else per role."""
    planned: dict[int, list] = {}
    for day in presence(first, last):
        confirmed = {person.person for person in day.confirmed}
        for person in day.planned:
            row = planned.setdefault(person.person, [person.name, person.role, 0, 0])
            row[2] += 1
            row[3] += person.person in confirmed
    headings = [_("Days on the roster"), _("Days confirmed")]
    if people.shown:
        visible = (people.mentor_ids or set()) | (people.worker_ids or set())
        rows = [
            [name, str(Role.LABELS[role]), days, confirmed if role != Role.MENTOR else "—"]
            for person_id, (name, role, days, confirmed) in sorted(
                planned.items(), key=lambda item: item[1][0]
            )
            if person_id in visible
        ]
        return Table(
            "on_site",
            _("Staff on site by the roster"),
            [_("Person"), _("Role"), *headings],
            rows,
            empty=_("No one was on the roster this month."),
            per_person=True,
        )
    by_role: dict[str, list[int]] = {}
    for _name, role, days, confirmed in planned.values():
        group = Role.MENTOR if role == Role.MENTOR else Role.SOCIAL_WORKER
        totals = by_role.setdefault(group, [0, 0])
        totals[0] += days
        totals[1] += confirmed
    return Table(
        "on_site_roles",
        _("Staff-days on site by the roster"),
        [_("Role"), *headings],
        [
            [role_name(role), by_role[role][0], by_role[role][1] if role != Role.MENTOR else "—"]
            for role in (Role.SOCIAL_WORKER, Role.MENTOR)
            if role in by_role
        ],
        empty=_("No one was on the roster this month."),
    )


def role_name(role: str) -> str:
    return str(Role.LABELS[Role.MENTOR if role == Role.MENTOR else Role.SOCIAL_WORKER])


def meetings_table(first: date, last: date) -> Table:
    """The month's extraordinary meetings."""
    rows = [
        [
            format_day(meeting["day"]),
            f"{format_clock(meeting['start_minute'])}–{format_clock(meeting['end_minute'])}",
            str(FORMAT_LABELS.get(meeting["format"], meeting["format"])),
        ]
        for meeting in held_meetings(MeetingKind.EXTRAORDINARY, first, last)
    ]
    return Table(
        "extraordinary_meetings",
        _("Extraordinary meetings"),
        [_("Day"), _("Time"), _("Format")],
        rows,
        empty=_("No extraordinary meeting was held this month."),
    )
