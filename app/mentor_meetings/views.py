"""Social worker–mentor meetings: a social worker logs a meeting from a phone in seconds; the
weeks short of the rule are listed beside the log; mentors see their own meetings."""

from datetime import timedelta

from flask import Blueprint, abort, request, url_for
from flask_babel import gettext as _

from app.calendar import local_today, week_end, week_start_of
from app.htmx import render, saved_or_again
from app.idempotency import idempotent
from app.mentor_meetings import queries, services
from app.mentor_meetings.forms import MeetingEditForm, MeetingForm, PerWeekForm
from app.mentor_meetings.labels import MODE_LABELS
from app.mentor_meetings.models import MentorMeeting, meetings_per_week
from app.permissions import Role, acting_user, has_permission, requires

bp = Blueprint("mentor_meetings", __name__, url_prefix="/mentor-meetings")


def _page(form=None, per_week_form=None):
    user, today = acting_user(), local_today()
    this_monday = week_start_of(today)
    first = this_monday - timedelta(weeks=queries.LOG_WEEKS - 1)
    ended = [first + timedelta(weeks=back) for back in range(queries.LOG_WEEKS - 1)]
    needed = meetings_per_week()
    may_log = has_permission(user, "mentor_meetings.log")
    mentors = queries.mentor_choices(user) if may_log else []
    if may_log and form is None:
        only = mentors[0][0] if len(mentors) == 1 else None
        form = MeetingForm(mentors, formdata=None, mentor=only, day=today)
    return render(
        "mentor_meetings/index.html",
        form=form,
        rows=queries.meeting_rows(user, first, week_end(this_monday)),
        shortfalls=queries.shortfalls(
            queries.mentor_weeks(queries.supervised_mentors(user), ended), needed
        ),
        needed=needed,
        weeks=len(ended),
        per_week_form=per_week_form or PerWeekForm(formdata=None, count=needed),
        mode_labels=MODE_LABELS,
    )


@bp.get("/")
@requires("mentor_meetings.view")
def index():
    """The log of the last weeks, the weeks short of the rule, and (for a social worker) the
    form to log a meeting."""
    return _page()


def meeting_input(form) -> services.MeetingInput:
    return services.MeetingInput(
        mentor_id=form.mentor.data,
        day=form.day.data,
        mode=form.mode.data or "",
        note=form.note.data or "",
    )


@bp.post("/")
@requires("mentor_meetings.log")
@idempotent
def create():
    """Log a meeting with one of the social worker's mentors."""
    form = MeetingForm(queries.mentor_choices(acting_user()))
    return saved_or_again(
        form,
        lambda: services.log_meeting(acting_user(), meeting_input(form), local_today()),
        _("The meeting is logged."),
        url_for("mentor_meetings.index"),
        lambda: _page(form=form),
    )


def own_meeting_or_404(meeting_id: int) -> MentorMeeting:
    """A meeting the user logged (the lead: any they may see); anything else is a 404."""
    user = acting_user()
    meeting = queries.meetings_visible_to(user).where(MentorMeeting.id == meeting_id).first()
    if meeting is None or (meeting.social_worker_id != user.id and user.role != Role.LEAD):
        abort(404)
    return meeting


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires("mentor_meetings.log")
def edit(meeting_id: int):
    """Correct a meeting the social worker logged."""
    meeting = own_meeting_or_404(meeting_id)
    mentors = queries.mentor_choices(acting_user())
    if request.method == "GET":
        form = MeetingEditForm(mentors, formdata=None, obj=meeting, mentor=meeting.mentor_id)
        return render("mentor_meetings/edit.html", form=form, meeting=meeting)
    form = MeetingEditForm(mentors)
    return saved_or_again(
        form,
        lambda: services.update_meeting(acting_user(), meeting, meeting_input(form), local_today()),
        _("The meeting is saved."),
        url_for("mentor_meetings.index"),
        lambda: render("mentor_meetings/edit.html", form=form, meeting=meeting),
    )


@bp.post("/per-week")
@requires("mentor_meetings.settings")
def per_week():
    """Set how many meetings a week each mentor should have."""
    form = PerWeekForm()
    return saved_or_again(
        form,
        lambda: services.set_per_week(acting_user(), form.count.data),
        _("The weekly number is saved."),
        url_for("mentor_meetings.index"),
        lambda: _page(per_week_form=form),
    )
