"""Mentor timesheets: the week page and the month overview, and the helpers the other timesheet
view modules share (entries, the workflow and the team pages render or link to the week)."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple

from flask import Blueprint, abort, make_response, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user

from app.accounts import User
from app.calendar import (
    format_clock,
    iso_week_start,
    local_today,
    mondays_between,
    month_end,
    month_of,
    next_month,
    previous_month,
    week_args,
    week_days,
    week_end,
    week_number,
    week_start_of,
)
from app.htmx import render
from app.permissions import Role, acting_user, requires
from app.timesheets import queries, services
from app.timesheets.labels import PLACE_LABELS, action_label, status_label
from app.urls import url_for_ids

bp = Blueprint("timesheets", __name__, url_prefix="/timesheets")


def language() -> str:
    return str(get_locale() or "lv")


def week_url(mentor_id: int, week_start: date, endpoint: str = "timesheets.week") -> str:
    return url_for(endpoint, mentor_id=mentor_id, **week_args(week_start))


def mentor_or_404(mentor_id: int) -> User:
    mentor = queries.visible_mentor(acting_user(), mentor_id)
    if mentor is None:
        abort(404)
    return mentor


def week_start_or_404(year: int, week: int) -> date:
    start = iso_week_start(year, week)
    if start is None:
        abort(404)
    return start


class EntryUrls(NamedTuple):
    edit: Callable[[int], str]
    copy: Callable[[int], str]
    delete: Callable[[int], str]


def entry_urls() -> EntryUrls:
    """The addresses each entry of a week links to, each route built once for all entries."""
    return EntryUrls(
        url_for_ids("timesheets_entry.edit", "entry_id"),
        url_for_ids("timesheets_entry.new", "from"),
        url_for_ids("timesheets_entry.delete", "entry_id"),
    )


def week_context(mentor: User, week_start: date) -> dict:
    """Everything the week page and its fragments show, in a fixed number of queries."""
    entries = queries.entries_between([mentor.id], week_start, week_end(week_start), language())
    weeks = queries.weeks_of([mentor.id], week_start, week_start)
    week = weeks.get((mentor.id, week_start))
    conflict_map = queries.conflicts(entries)
    state = services.week_states([mentor.id], week_start, entries, weeks)[mentor.id]
    allowed = services.allowed_actions(state, current_user, local_today())
    days = []
    for day in week_days(week_start):
        day_entries = [entry for entry in entries if entry["day"] == day]
        days.append(
            {
                "date": day,
                "entries": day_entries,
                "minutes": sum(entry["minutes"] for entry in day_entries),
                "open": day in allowed.open_days,
            }
        )
    return {
        "mentor": mentor,
        "week": week,
        "week_start": week_start,
        "week_number": week_number(week_start),
        "days": days,
        "total_minutes": sum(day["minutes"] for day in days),
        "conflicts": conflict_map,
        "justified": state.justified,
        "history": queries.week_history(week["id"]) if week else [],
        "week_status": state.status,
        "status_label": status_label(state.status),
        "own": current_user.id == mentor.id,
        "allowed": allowed,
        "transitions": allowed.actions.intersection(services.TRANSITIONS),
        "copy_url": week_url(mentor.id, week_start, "timesheets_entry.copy_last"),
        "entry_urls": entry_urls(),
        "place_labels": PLACE_LABELS,
        "format_clock": format_clock,
        "action_label": action_label,
        "previous_url": week_url(mentor.id, week_start - timedelta(days=7)),
        "next_url": week_url(mentor.id, week_start + timedelta(days=7)),
        "month_url": url_for(
            "timesheets.month", mentor_id=mentor.id, year=week_start.year, month=week_start.month
        ),
    }


def render_week_changes(mentor: User, week_start: date, days: set[date], saved_entry=None):
    """After an entry's save or deletion, for htmx: only the parts of the week `days` touch
    (templates/timesheets/_week_changes.html), as out-of-band swaps."""
    return make_response(
        render_template(
            "timesheets/_week_changes.html",
            saved_entry_id=saved_entry.id if saved_entry else None,
            changed_days=days,
            **week_context(mentor, week_start),
        )
    )


def render_week(mentor: User, week_start: date, status: int = 200, saved_entry=None, comment=None):
    """The week page or fragment; `saved_entry`, just saved, is highlighted; `comment`, the
    (address, CommentForm) of a comment to draw again, is open with what was typed."""
    return render(
        "timesheets/week.html",
        "timesheets/_week.html",
        status=status,
        saved_entry_id=saved_entry.id if saved_entry else None,
        comment=comment,
        **week_context(mentor, week_start),
    )


@bp.get("/")
@requires("timesheets.view")
def index():
    """Mentors land on their current week, everyone else on their team's week."""
    if current_user.role == Role.MENTOR:
        return redirect(week_url(current_user.id, week_start_of(local_today())))
    return redirect(url_for("timesheets_team.index"))


@bp.get("/<int:mentor_id>/<int:year>/<int:week>")
@requires("timesheets.view")
def week(mentor_id: int, year: int, week: int):
    """One mentor's ISO week: seven days of entries, totals, status and history."""
    return render_week(mentor_or_404(mentor_id), week_start_or_404(year, week))


@bp.get("/<int:mentor_id>/month/<int:year>/<int:month>")
@requires("timesheets.view")
def month(mentor_id: int, year: int, month: int):
    """A month at a glance: each week's status and the hours that fall in the month."""
    mentor = mentor_or_404(mentor_id)
    first = month_of(year, month)
    if first is None:
        abort(404)
    last = month_end(first)
    mondays = mondays_between(first, last)
    weeks = queries.weeks_of([mentor.id], mondays[0], mondays[-1])
    minutes = queries.minutes_by_mentor_week([mentor.id], first, last)
    rows = [
        {
            "monday": monday,
            "number": week_number(monday),
            "status_label": status_label(weeks.get((mentor.id, monday), {}).get("status")),
            "status": weeks.get((mentor.id, monday), {}).get("status"),
            "minutes": minutes.get((mentor.id, monday), 0),
            "url": week_url(mentor.id, monday),
        }
        for monday in mondays
    ]
    previous, following = previous_month(first), next_month(first)
    return render(
        "timesheets/month.html",
        mentor=mentor,
        first=first,
        rows=rows,
        total_minutes=sum(row["minutes"] for row in rows),
        locked=first in queries.locked_months(first, last),
        previous_url=url_for(
            "timesheets.month", mentor_id=mentor.id, year=previous.year, month=previous.month
        ),
        next_url=url_for(
            "timesheets.month", mentor_id=mentor.id, year=following.year, month=following.month
        ),
    )
