"""Meetings: the list, planning and editing a meeting, its page, weekly series."""

from flask import Blueprint, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import format_clock, local_today, parse_month, week_start_of
from app.forms import int_or_none
from app.htmx import redirect_to, render
from app.idempotency import idempotent
from app.meetings import queries, services
from app.meetings.forms import MeetingForm, SeriesForm
from app.meetings.labels import KIND_LABELS, label_context
from app.meetings.models import Meeting, MeetingKind
from app.meetings.pages import meeting_or_404, render_meeting
from app.permissions import acting_user, has_permission, requires
from app.refusals import Refused, show_refusal
from app.urls import url_for_ids

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.app_template_global()
def meeting_action_items() -> list[dict]:
    """The signed-in person's open action items, for the home page."""
    return queries.open_action_items_for(current_user)


# --- the list ----------------------------------------------------------------------------


@bp.get("/")
@requires("meetings.view")
def index():
    """All meetings the reader may see, newest first, filtered by kind and month."""
    kind = request.args.get("kind", "")
    if kind not in MeetingKind.ALL:
        kind = ""
    month = parse_month(request.args.get("month"))
    rows = list(queries.meeting_list(current_user, kind, month)[:200])
    return render(
        "meetings/index.html",
        "meetings/_list.html",
        rows=rows,
        kind=kind,
        month_value=month.strftime("%Y-%m") if month else "",
        can_edit=has_permission(current_user, "meetings.edit"),
        can_coverage=has_permission(current_user, "meetings.coverage"),
        kind_names={kind: str(label) for kind, label in KIND_LABELS.items()},
        meeting_url=url_for_ids("meetings.detail", "meeting_id"),
        **label_context(),
    )


# --- create and edit -------------------------------------------------------------------


def meeting_form(formdata=None, meeting: Meeting | None = None, **defaults) -> MeetingForm:
    invited = []
    if meeting is not None:
        invited = [row["user"] for row in queries.attendance_of(meeting.id)]
        if formdata is None:
            defaults.update(
                kind=meeting.kind,
                day=meeting.day,
                start=format_clock(meeting.start_minute),
                end=format_clock(meeting.end_minute),
                format=meeting.format,
                platform=meeting.platform,
                place=meeting.place,
                chair=meeting.chair_id or 0,
                attendees=invited,
                guests=meeting.guests,
                agenda=meeting.agenda,
                version=meeting.version,
            )
    keep = [*invited, *([meeting.chair_id] if meeting and meeting.chair_id else [])]
    return MeetingForm(queries.staff_choices(keep), formdata=formdata, **defaults)


def meeting_input(form: MeetingForm) -> services.MeetingInput:
    return services.MeetingInput(
        kind=form.kind.data,
        day=form.day.data,
        start_minute=form.start.minutes,
        end_minute=form.end.minutes,
        format=form.format.data,
        platform=form.platform.data or "",
        place=form.place.data or "",
        chair_id=form.chair.data or None,
        attendee_ids=list(form.attendees.data or []),
        guests=form.guests.data or "",
        agenda=form.agenda.data or "",
    )


def render_meeting_form(form: MeetingForm, meeting: Meeting | None = None, status: int = 200):
    return render(
        "meetings/form.html", "meetings/_form.html", status=status, form=form, meeting=meeting
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("meetings.edit")
@idempotent
def new():
    """Plan a meeting: details, chair, the people invited, the agenda."""
    if request.method == "GET":
        kind = request.args.get("kind", MeetingKind.WEEKLY)
        kind = kind if kind in MeetingKind.ALL else MeetingKind.WEEKLY
        # the weekly meeting is the whole team's: everyone active is invited unless unticked
        everyone = [uid for uid, _name in queries.staff_choices()]
        return render_meeting_form(
            meeting_form(
                kind=kind,
                day=local_today(),
                start="10:00",
                end="11:00",
                chair=current_user.id,
                attendees=everyone if kind == MeetingKind.WEEKLY else [],
            )
        )
    form = meeting_form(formdata=request.form)
    if form.validate():
        try:
            meeting = services.create_meeting(acting_user(), meeting_input(form))
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The meeting is saved."), "success")
            return redirect_to(url_for("meetings.detail", meeting_id=meeting.id))
    return render_meeting_form(form, status=422)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires("meetings.edit")
def edit(meeting_id: int):
    """Change a meeting's details, unless someone changed it meanwhile."""
    meeting = meeting_or_404(meeting_id)
    if request.method == "GET":
        return render_meeting_form(meeting_form(meeting=meeting), meeting)
    form = meeting_form(formdata=request.form, meeting=meeting)
    if form.validate():
        try:
            services.update_meeting(
                acting_user(), meeting, meeting_input(form), int_or_none(form.version.data) or 0
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The meeting is saved."), "success")
            return redirect_to(url_for("meetings.detail", meeting_id=meeting.id))
    return render_meeting_form(form, meeting, status=422)


# --- the meeting's page ------------------------------------------------------------------


@bp.get("/<int:meeting_id>")
@requires("meetings.view")
def detail(meeting_id: int):
    """One meeting: details, attendance, minutes, files, decisions, action items, history."""
    return render_meeting(meeting_or_404(meeting_id))


# --- series ------------------------------------------------------------------------------


@bp.route("/series/new", methods=["GET", "POST"])
@requires("meetings.edit")
@idempotent
def new_series():
    """A weekly series from a template: create the meetings of the next N weeks at once."""
    people = queries.staff_choices()
    if request.method == "GET":
        form = SeriesForm(
            people,
            formdata=None,
            weekday=0,
            start="10:00",
            end="11:00",
            chair=current_user.id,
            members=[uid for uid, _name in people],
            first_day=week_start_of(local_today()),
            weeks=4,
        )
        return render("meetings/series.html", "meetings/_series_form.html", form=form)
    form = SeriesForm(people)
    if form.validate():
        data = services.SeriesInput(
            weekday=form.weekday.data,
            start_minute=form.start.minutes,
            end_minute=form.end.minutes,
            format=form.format.data,
            platform=form.platform.data or "",
            place=form.place.data or "",
            chair_id=form.chair.data or None,
            member_ids=list(form.members.data or []),
            standing_agenda=form.standing_agenda.data or "",
        )
        try:
            _series, created, skipped = services.create_series(
                acting_user(), data, form.first_day.data, form.weeks.data
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(
                _(
                    "%(created)d meetings created; %(skipped)d dates skipped "
                    "(a weekly meeting was already there, or the month is submitted).",
                    created=len(created),
                    skipped=len(skipped),
                ),
                "success",
            )
            return redirect_to(url_for("meetings.index"))
    return render("meetings/series.html", "meetings/_series_form.html", status=422, form=form)
