"""Timesheet settings: month locks (coordinator, admin) and the activity-type list (lead)."""

from datetime import date

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import audit
from app.calendar import (
    local_today,
    month_of,
    month_start,
    months_touched,
    recent_months,
    week_start_of,
)
from app.db import write_tx
from app.htmx import redirect_to, render
from app.permissions import acting_user, requires
from app.refusals import Refused
from app.timesheets import services
from app.timesheets.forms import ActivityTypeForm, UnlockForm
from app.timesheets.models import ActivityType, Entry, MonthLock, Week, WeekStatus

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
        flash(_("%(month)s is locked.", month=first.strftime("%m.%Y")), "success")
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
        flash(_("%(month)s is unlocked.", month=first.strftime("%m.%Y")), "success")
    return redirect_to(url_for("timesheets_settings.months"))


# --- activity types --------------------------------------------------------------------


def activity_rows():
    return list(
        ActivityType.select().order_by(
            ActivityType.active.desc(), ActivityType.sort_order, ActivityType.id
        )
    )


@bp.route("/activities", methods=["GET", "POST"])
@requires("activities.manage")
def activities():
    """The list of activity types mentors choose from; add new ones here."""
    form = ActivityTypeForm()
    if form.validate_on_submit():
        with write_tx():
            activity = ActivityType.create(
                name_lv=form.name_lv.data.strip(),
                name_en=form.name_en.data.strip(),
                sort_order=form.sort_order.data or 0,
            )
            audit.record(current_user, "activity.create", activity, ["name_lv", "name_en"])
        flash(_("The activity type is added."), "success")
        return redirect_to(url_for("timesheets_settings.activities"))
    status = 422 if request.method == "POST" else 200
    return render("timesheets/activities.html", form=form, rows=activity_rows(), status=status)


@bp.post("/activities/<int:activity_id>/retire")
@requires("activities.manage")
def retire_activity(activity_id: int):
    """Retire a type: kept on old entries, no longer offered."""
    return _set_activity_active(activity_id, False)


@bp.post("/activities/<int:activity_id>/restore")
@requires("activities.manage")
def restore_activity(activity_id: int):
    """Offer a retired type again."""
    return _set_activity_active(activity_id, True)


def _set_activity_active(activity_id: int, active: bool):
    activity = ActivityType.get_or_none(ActivityType.id == activity_id)
    if activity is None:
        abort(404)
    with write_tx():
        activity.active = active
        activity.save(only=[ActivityType.active])
        audit.record(
            current_user, "activity.restore" if active else "activity.retire", activity, ["active"]
        )
    return redirect_to(url_for("timesheets_settings.activities"))
