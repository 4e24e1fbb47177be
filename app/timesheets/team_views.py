"""The reviewers' pages: my mentors' week, the approval queue, reminders to submit, and the
mentor dismissing a reminder."""

from datetime import date, timedelta

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import User
from app.calendar import local_today, parse_week, week_end, week_number, week_param, week_start_of
from app.forms import int_or_none
from app.htmx import redirect_to, render
from app.mail import send_reminders
from app.permissions import acting_user, requires
from app.timesheets import queries, services
from app.timesheets.labels import status_label
from app.timesheets.views import language, week_url

bp = Blueprint("timesheets_team", __name__, url_prefix="/timesheets")


def parse_week_param(value: str | None) -> date:
    """'2026-W47' → its Monday; anything else → the current week's Monday."""
    return parse_week(value) or week_start_of(local_today())


@bp.get("/team")
@requires("timesheets.team")
def index():
    """My mentors for a week: who filed, submitted, was approved or returned, or filed nothing."""
    return render_team(parse_week_param(request.args.get("week")))


def render_team(week_start: date, status: int = 200, comment=None):
    """The team page or fragment; `comment` as render_week takes it."""
    # whether the reader may approve each mentor's week comes in the same query
    reviewable = User.id.in_(queries.mentors_reviewable_by(current_user).select(User.id))
    mentors = list(
        queries.mentors_visible_to(current_user)
        .select(User.id, User.display_name, User.active, reviewable.alias("reviewable"))
        .where(User.active)
        .order_by(User.display_name)
        .dicts()
    )
    ids = [mentor["id"] for mentor in mentors]
    entries = queries.entries_between(ids, week_start, week_end(week_start), language())
    states = services.week_states(ids, week_start, entries)
    today = local_today()
    rows = []
    for mentor in mentors:
        state = states[mentor["id"]]
        rows.append(
            {
                **mentor,
                "status": state.status,
                "status_label": status_label(state.status),
                "minutes": sum(e["minutes"] for e in entries if e["mentor"] == mentor["id"]),
                "conflict": state.conflicted and not state.justified,
                "allowed": services.allowed_actions(
                    state, current_user, today, reviews=bool(mentor["reviewable"])
                ),
                "url": week_url(mentor["id"], week_start),
            }
        )
    return render(
        "timesheets/team.html",
        "timesheets/_team_table.html",
        status=status,
        comment=comment,
        rows=rows,
        remindable=any(services.REMIND in row["allowed"] for row in rows),
        week_start=week_start,
        week_number=week_number(week_start),
        week_value=week_param(week_start),
        previous_week=week_param(week_start - timedelta(days=7)),
        next_week=week_param(week_start + timedelta(days=7)),
    )


@bp.get("/queue")
@requires("timesheets.review")
def queue():
    """Weeks waiting for my decision, oldest submission first."""
    rows = list(queries.submitted_queue(current_user))
    for row in rows:
        row["url"] = week_url(row["mentor"], row["week_start"])
        row["number"] = week_number(row["week_start"])
    return render("timesheets/queue.html", rows=rows)


@bp.post("/team/remind")
@requires("timesheets.review")
def remind():
    """Remind my mentors who have not submitted the week (in-app, and e-mail when set up)."""
    week_start = parse_week_param(request.form.get("week"))
    mentor_ids = [
        number for number in map(int_or_none, request.form.getlist("mentor")) if number is not None
    ]
    reminded = services.remind(acting_user(), mentor_ids, week_start)
    send_reminders(reminded, week_start)
    if reminded:
        flash(
            _(
                "Reminder sent to %(names)s.",
                names=", ".join(mentor.display_name for mentor in reminded),
            ),
            "success",
        )
    else:
        flash(_("Nobody needed a reminder."), "info")
    return redirect_to(url_for("timesheets_team.index", week=week_param(week_start)))


@bp.post("/notices/<int:notice_id>/dismiss")
@requires("home.view")
def dismiss_notice(notice_id: int):
    """Hide a reminder from my home page."""
    if not services.dismiss_notice(acting_user(), notice_id):
        abort(404)
    return redirect_to(url_for("core.index"))
