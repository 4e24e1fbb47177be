"""Timesheet settings: month locks (coordinator, admin); activity types are in activities_views."""

from datetime import date

from flask import Blueprint, abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import (
    local_today,
    month_of,
    month_start,
    months_touched,
    recent_months,
    week_start_of,
)
from app.htmx import redirect_to, render
from app.i18n import format_month
from app.permissions import acting_user, requires
from app.refusals import Refused
from app.timesheets import services
from app.timesheets.forms import UnlockForm
from app.timesheets.models import Entry, MonthLock, Week, WeekStatus

bp = Blueprint("timesheets_settings", __name__, url_prefix="/timesheets")

MONTHS_SHOWN = 18


def month_or_404(year: int, month: int) -> date:
    first = month_of(year, month)
    if first is None:
        abort(404)
    return first


@bp.get("/months")
@requires("timesheets.months")
def months():
    """Recent months with their lock and how many weeks in them are not approved yet."""
    today = local_today()
    firsts = recent_months(today, MONTHS_SHOWN)
    oldest = firsts[-1]
    locks = {lock.month: lock for lock in MonthLock.select().where(MonthLock.month >= oldest)}
    pending = (
        Week.select(Week.week_start)
        .where(Week.status != WeekStatus.APPROVED, Week.week_start >= week_start_of(oldest))
        .tuples()
    )
    waiting: dict[date, int] = {}
    for (monday,) in pending:
        for first in months_touched(monday):
            waiting[first] = waiting.get(first, 0) + 1
    with_entries = {
        month_start(first)
        for (first,) in Entry.select(Entry.day).where(Entry.day >= oldest).distinct().tuples()
    }
    rows = []
    for first in firsts:
        locked = bool(locks.get(first) and locks[first].locked)
        rows.append(
            {
                "first": first,
                "lock": locks.get(first),
                "locked": locked,
                "allowed": services.month_allowed_actions(first, current_user, today, locked),
                "waiting": waiting.get(first, 0),
                "has_entries": first in with_entries,
            }
        )
    return render("timesheets/months.html", rows=rows, unlock_form=UnlockForm())


@bp.post("/months/<int:year>/<int:month>/lock")
@requires("timesheets.lock")
def lock(year: int, month: int):
    """Lock a month once it is reported: nothing dated in it can change."""
    first = month_or_404(year, month)
    try:
        services.lock_month(acting_user(), first)
    except Refused as error:
        flash(str(error), "error")
    else:
        flash(_("%(month)s is locked.", month=format_month(first)), "success")
    return redirect_to(url_for("timesheets_settings.months"))


@bp.post("/months/<int:year>/<int:month>/unlock")
@requires("timesheets.unlock")
def unlock(year: int, month: int):
    """Unlock a month (administrator, with a reason kept with the lock)."""
    first = month_or_404(year, month)
    form = UnlockForm()
    if not form.validate():
        flash(_("Give the reason for unlocking."), "error")
        return redirect_to(url_for("timesheets_settings.months"))
    try:
        services.unlock_month(acting_user(), first, form.reason.data)
    except Refused as error:
        flash(str(error), "error")
    else:
        flash(_("%(month)s is unlocked.", month=format_month(first)), "success")
    return redirect_to(url_for("timesheets_settings.months"))
