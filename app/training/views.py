"""Supervision and training: the calendar, sessions, attendance, files, people's records, kinds,
and each person's calendar feed."""

from datetime import date, timedelta

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import (
    format_clock,
    local_today,
    month_end,
    month_of,
    month_start,
    next_month,
    parse_day,
    week_days,
    week_start_of,
)
from app.forms import int_or_none
from app.htmx import redirect_to, render, wants_fragment
from app.i18n import format_hours, reader_language
from app.meetings.forms import FORMAT_LABELS
from app.meetings.queries import staff_choices
from app.permissions import Role, acting_user, has_permission, public, requires
from app.refusals import Refused, show_refusal
from app.training import queries, services
from app.training.forms import (
    ABSENT,
    AUDIENCE_LABELS,
    COUNTS_LABELS,
    FILE_ROLE_LABELS,
    FULL,
    PARTLY,
    AttendanceForm,
    FileForm,
    SessionForm,
)
from app.training.ics import build_feed
from app.training.models import Audience, SessionFile, TrainingKind, TrainingSession
from app.uploads.services import send_upload

bp = Blueprint("training", __name__, url_prefix="/training")

MAX_TOKEN_CHARS = 100


def label_context() -> dict:
    return {
        "format_labels": FORMAT_LABELS,
        "audience_labels": AUDIENCE_LABELS,
        "counts_labels": COUNTS_LABELS,
        "file_role_labels": FILE_ROLE_LABELS,
        "format_clock": format_clock,
    }


def session_or_404(session_id: int) -> TrainingSession:
    session = TrainingSession.get_or_none(TrainingSession.id == session_id)
    if session is None:
        abort(404)
    return session


# --- the calendar ------------------------------------------------------------------------


def month_url(first: date) -> str:
    return url_for("training.month", year=first.year, month=first.month)


def covers(row: dict, first: date, last: date) -> bool:
    """Whether a session (maybe over several days) falls on any day from `first` to `last`."""
    return row["day"] <= last and (row["end_day"] or row["day"]) >= first


def calendar_context(first: date) -> dict:
    """A month as weeks of days (Monday first) with the sessions on each, and as a list."""
    last = month_end(first)
    mondays = range(0, (week_start_of(last) - week_start_of(first)).days + 1, 7)
    grid = [week_days(week_start_of(first) + timedelta(days=offset)) for offset in mondays]
    sessions = queries.sessions_between(grid[0][0], grid[-1][-1], reader_language())
    return {
        "first": first,
        "weeks": [
            [{"day": day, "sessions": [r for r in sessions if covers(r, day, day)]} for day in week]
            for week in grid
        ],
        "rows": [row for row in sessions if covers(row, first, last)],
        "today": local_today(),
        "previous_url": month_url(month_start(first - timedelta(days=1))),
        "next_url": month_url(next_month(first)),
        "this_month_url": url_for("training.index"),
        **label_context(),
    }


def render_month(first: date):
    return render("training/index.html", "training/_calendar.html", **calendar_context(first))


@bp.get("/")
@requires("training.view")
def index():
    """This month's sessions, past and planned."""
    return render_month(month_start(local_today()))


@bp.get("/<int:year>/<int:month>")
@requires("training.view")
def month(year: int, month: int):
    """The sessions of another month."""
    first = month_of(year, month)
    if first is None:
        abort(404)
    return render_month(first)


# --- create and edit ---------------------------------------------------------------------


def session_form(formdata=None, session: TrainingSession | None = None, **defaults) -> SessionForm:
    invited = []
    if session is not None:
        invited = [row["user"] for row in queries.participants_of(session.id)]
        if formdata is None:
            defaults.update(
                kind=session.kind_id,
                topic=session.topic,
                day=session.day,
                end_day=session.end_day,
                start=format_clock(session.start_minute),
                end=format_clock(session.end_minute),
                hours=format_hours(session.minutes) if session.minutes_overridden else "",
                facilitator=session.facilitator,
                format=session.format,
                platform=session.platform,
                place=session.place,
                audience=session.audience,
                participants=invited,
                objectives=session.objectives,
                results=session.results,
                follow_up=session.follow_up,
                version=session.version,
            )
    kinds = TrainingKind.choices(reader_language(), session.kind_id if session else None)
    return SessionForm(kinds, staff_choices(invited), formdata=formdata, **defaults)


def session_input(form: SessionForm) -> services.SessionInput:
    return services.SessionInput(
        kind_id=form.kind.data,
        topic=form.topic.data or "",
        day=form.day.data,
        end_day=form.end_day.data,
        start_minute=form.start.minutes,
        end_minute=form.end.minutes,
        minutes=form.hours.minutes,
        facilitator=form.facilitator.data or "",
        format=form.format.data,
        platform=form.platform.data or "",
        place=form.place.data or "",
        audience=form.audience.data,
        objectives=form.objectives.data or "",
        results=form.results.data or "",
        follow_up=form.follow_up.data or "",
        participant_ids=list(form.participants.data or []),
        invite_audience=bool(form.invite_audience.data),
    )


def render_session_form(form: SessionForm, session: TrainingSession | None = None, status=200):
    return render(
        "training/form.html", "training/_form.html", status=status, form=form, session=session
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("training.edit")
def new():
    """Plan a session: kind, topic, time, place, audience and the people invited."""
    if request.method == "GET":
        kinds = TrainingKind.choices(reader_language())
        return render_session_form(
            session_form(
                kind=kinds[0][0] if kinds else None,
                day=parse_day(request.args.get("day")) or local_today(),
                start="10:00",
                end="13:00",
                audience=Audience.ALL_STAFF,
            )
        )
    form = session_form(formdata=request.form)
    if form.validate():
        try:
            session = services.create_session(acting_user(), session_input(form))
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The session is saved."), "success")
            return redirect_to(url_for("training.detail", session_id=session.id))
    return render_session_form(form, status=422)


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@requires("training.edit")
def edit(session_id: int):
    """Change a session's details, invitations or report, unless changed meanwhile."""
    session = session_or_404(session_id)
    if request.method == "GET":
        return render_session_form(session_form(session=session), session)
    form = session_form(formdata=request.form, session=session)
    if form.validate():
        try:
            services.update_session(
                acting_user(), session, session_input(form), int_or_none(form.version.data) or 0
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The session is saved."), "success")
            return redirect_to(url_for("training.detail", session_id=session.id))
    return render_session_form(form, session, status=422)


# --- the session's page ------------------------------------------------------------------


def mark_of(minutes: int | None, session_minutes: int) -> str:
    if minutes is None:
        return ""
    if minutes == 0:
        return ABSENT
    return FULL if minutes >= session_minutes else PARTLY


def attendance_form(session: TrainingSession, participants: list[dict]) -> AttendanceForm:
    marks = []
    for row in participants:
        mark = mark_of(row["attended_minutes"], session.minutes)
        hours = format_hours(row["attended_minutes"]) if mark == PARTLY else ""
        marks.append({"user": str(row["user"]), "mark": mark, "hours": hours})
    return AttendanceForm(formdata=None, data={"marks": marks})


def session_context(session: TrainingSession, **forms) -> dict:
    """Everything the session page shows; `forms` replace the blank ones (kept input on 422)."""
    participants = queries.participants_of(session.id)
    can_edit = has_permission(current_user, "training.edit")
    kind = TrainingKind.get_by_id(session.kind_id)
    context = {
        "session": session,
        "kind_name": kind.name(reader_language()),
        "counts_as": kind.counts_as,
        "individual": kind.individual,
        "participants": participants,
        "names": {str(row["user"]): row["display_name"] for row in participants},
        "visible_marks": queries.visible_ids(current_user, [row["user"] for row in participants]),
        "files": queries.files_of(session.id),
        "can_edit": can_edit,
        "editable": can_edit and not session.cancelled,
        "can_mark": can_edit and not session.cancelled and session.day <= local_today(),
        "attendance_form": attendance_form(session, participants),
        "file_form": FileForm(formdata=None),
        "mark_label": mark_label,
        **label_context(),
    }
    context.update(forms)
    return context


def mark_label(minutes: int | None, session_minutes: int) -> str:
    mark = mark_of(minutes, session_minutes)
    if mark == PARTLY:
        return _("attended %(hours)s h", hours=format_hours(minutes))
    return {
        "": _("not marked"),
        FULL: _("attended fully"),
        ABSENT: _("absent"),
    }[mark]


def render_session(session: TrainingSession, status: int = 200, **forms):
    return render(
        "training/detail.html",
        "training/_session.html",
        status=status,
        **session_context(session, **forms),
    )


def done(session_id: int, error: Refused | None = None, message: str = ""):
    """After a change on the session page: the page again (htmx) or a redirect to it."""
    if error is not None:
        flash(str(error), "error")
    elif message:
        flash(message, "success")
    if not wants_fragment():
        return redirect(url_for("training.detail", session_id=session_id), 303)
    return render_session(session_or_404(session_id), status=200 if error is None else 422)


@bp.get("/<int:session_id>")
@requires("training.view")
def detail(session_id: int):
    """One session: details, the short report, who was invited and attended, files."""
    return render_session(session_or_404(session_id))


@bp.post("/<int:session_id>/attendance")
@requires("training.edit")
def attendance(session_id: int):
    """Mark each invited person: attended fully, for some hours, or absent."""
    session = session_or_404(session_id)
    form = AttendanceForm()
    if form.validate():
        user_ids = form.user_ids()
        if None in user_ids:
            form.form_errors.append(_("Mark only the people invited to the session."))
        else:
            marks = {
                uid: entry.form.minutes(session.minutes)
                for uid, entry in zip(user_ids, form.marks, strict=True)
            }
            try:
                services.mark_attendance(acting_user(), session, marks, local_today())
            except Refused as error:
                rows = dict(zip(user_ids, form.marks, strict=True))
                for key, messages in error.errors.items():
                    if key in rows:
                        rows[key].form.hours.errors = list(messages)
                    else:
                        form.form_errors.extend(messages)
            else:
                return done(session.id, message=_("Attendance is saved."))
    return render_session(session, status=422, attendance_form=form)


@bp.post("/<int:session_id>/cancel")
@requires("training.edit")
def cancel(session_id: int):
    """Cancel a session: kept for the record, its hours no longer count."""
    session = services.set_cancelled(acting_user(), session_or_404(session_id), True)
    return done(session.id, message=_("The session is cancelled."))


@bp.post("/<int:session_id>/restore")
@requires("training.edit")
def restore(session_id: int):
    """Undo a cancellation."""
    session = services.set_cancelled(acting_user(), session_or_404(session_id), False)
    return done(session.id, message=_("The session is restored."))


@bp.post("/<int:session_id>/files")
@requires("training.edit")
def files(session_id: int):
    """Attach an agenda, material or the signed attendance sheet."""
    session = session_or_404(session_id)
    form = FileForm()
    if form.validate():
        upload = form.file.data
        try:
            services.add_file(
                acting_user(), session, upload.stream, upload.filename, form.role.data
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            return done(session.id, message=_("The file is added."))
    return render_session(session, status=422, file_form=form)


@bp.get("/<int:session_id>/files/<int:file_id>")
@requires("training.view")
def download(session_id: int, file_id: int):
    """Download one of the session's files (always as an attachment)."""
    session = session_or_404(session_id)
    row = SessionFile.get_or_none(SessionFile.id == file_id, SessionFile.session == session.id)
    if row is None:
        abort(404)
    return send_upload(row.upload)


# --- people ------------------------------------------------------------------------------


@bp.get("/people/")
@requires("training.view")
def people():
    """The people whose training records the reader may open."""
    return render(
        "training/people.html", rows=queries.people_list(current_user), role_labels=Role.LABELS
    )


@bp.get("/people/<int:user_id>")
@requires("training.view")
def person(user_id: int):
    """A person's sessions with their marks, and their hours by month and reporting period."""
    person = queries.visible_person(current_user, user_id)
    if person is None:
        abort(404)
    own = person.id == current_user.id
    return render(
        "training/person.html",
        person=person,
        rows=queries.sessions_of_person(person.id, reader_language()),
        hours=queries.hours_of_person(person.id),
        feed_url=feed_url(services.own_feed_token(acting_user())) if own else None,
        mark_label=mark_label,
        **label_context(),
    )


def feed_url(token: str) -> str:
    return url_for("training.feed", token=token, _external=True)


@bp.post("/feed/renew")
@requires("training.view")
def renew_feed():
    """Replace the signed-in person's feed URL: the old one stops working at once."""
    services.renew_feed(acting_user())
    flash(_("Your calendar address is renewed. Update it in your calendar app."), "success")
    return redirect_to(url_for("training.person", user_id=current_user.id))


@bp.get("/feed/<token>.ics")
@public
def feed(token: str):
    """A person's sessions as iCalendar, at a secret URL a calendar app polls without a login."""
    owner = services.feed_owner(token) if len(token) <= MAX_TOKEN_CHARS else None
    if owner is None:
        abort(404)
    with force_locale(owner.language):
        name = _("Supervision and training")
    body = build_feed(queries.feed_sessions(owner.id, owner.language), name)
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
