"""Supervision and training: the calendar, planning and editing a session, its page."""

from datetime import date, timedelta

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _

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
from app.htmx import redirect_to, render
from app.i18n import format_hours, reader_language
from app.idempotency import idempotent
from app.meetings.queries import staff_choices
from app.permissions import acting_user, requires
from app.refusals import Refused, show_refusal
from app.training import queries, services
from app.training.forms import SessionForm
from app.training.labels import label_context
from app.training.models import Audience, TrainingKind, TrainingSession
from app.training.pages import done, render_session, session_or_404

bp = Blueprint("training", __name__, url_prefix="/training")


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
@idempotent
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


@bp.get("/<int:session_id>")
@requires("training.view")
def detail(session_id: int):
    """One session: details, the short report, who was invited and attended, files."""
    return render_session(session_or_404(session_id))


@bp.post("/<int:session_id>/cancel")
@requires("training.edit")
def cancel(session_id: int):
    """Cancel a session: kept for the record, its hours no longer count."""
    session = session_or_404(session_id)
    try:
        services.set_cancelled(acting_user(), session, True)
    except Refused as error:
        return done(session.id, error)
    return done(session.id, message=_("The session is cancelled."))


@bp.post("/<int:session_id>/restore")
@requires("training.edit")
def restore(session_id: int):
    """Undo a cancellation."""
    session = session_or_404(session_id)
    try:
        services.set_cancelled(acting_user(), session, False)
    except Refused as error:
        return done(session.id, error)
    return done(session.id, message=_("The session is restored."))
