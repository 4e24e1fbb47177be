"""Timesheet settings: month locks (coordinator, admin); activity types are in activities_views."""

from datetime import date

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from peewee import fn

from app.calendar import (
    local_today,
    month_end,
    month_of,
    months_between,
    months_touched,
    previous_month,
    week_args,
    week_start_of,
)
from app.htmx import redirect_to, render
from app.i18n import format_month
from app.meetings.labels import KIND_LABELS
from app.periods.models import Contract
from app.permissions import acting_user, requires
from app.refusals import Refused, show_refusal
from app.timesheets import services
from app.timesheets.forms import LockForm, UnlockForm
from app.timesheets.labels import status_label
from app.timesheets.models import Entry, MonthLock, Week, WeekStatus

bp = Blueprint("timesheets_settings", __name__, url_prefix="/timesheets")

MONTHS_PER_PAGE = 12


def month_or_404(year: int, month: int) -> date:
    first = month_of(year, month)
    if first is None:
        abort(404)
    return first


def lockable_months(today: date) -> list[date]:
    """Every month from the first contract's or the first entry's, whichever is older, to this
    one, newest first: the months a lock could concern (last month at least, the one most
    often locked)."""
    oldest = min(
        day
        for day in (
            Contract.select(fn.MIN(Contract.starts_on)).scalar(),
            Entry.select(fn.MIN(Entry.day)).scalar(),
            previous_month(today),
        )
        if day is not None
    )
    return list(reversed(months_between(oldest, today)))


def page_number() -> int:
    text = request.args.get("page", "1")
    return int(text) if text.isascii() and text.isdecimal() and 0 < len(text) < 6 else 0


@bp.get("/months")
@requires("timesheets.months")
def months():
    """The months, newest first, a page of them at a time: each with its lock and how many of
    its weeks are not approved yet."""
    today = local_today()
    every = lockable_months(today)
    pages = max(1, -(-len(every) // MONTHS_PER_PAGE))
    page = page_number()
    if not 1 <= page <= pages:
        abort(404)
    firsts = every[(page - 1) * MONTHS_PER_PAGE : page * MONTHS_PER_PAGE]
    oldest, newest = firsts[-1], month_end(firsts[0])
    locks = {
        lock.month: lock
        for lock in MonthLock.select().where(MonthLock.month.between(oldest, newest))
    }
    pending = (
        Week.select(Week.week_start)
        .where(
            Week.status != WeekStatus.APPROVED,
            Week.week_start.between(week_start_of(oldest), newest),
        )
        .tuples()
    )
    waiting: dict[date, int] = {}
    for (monday,) in pending:
        for first in months_touched(monday):
            waiting[first] = waiting.get(first, 0) + 1
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
            }
        )
    return render(
        "timesheets/months.html", rows=rows, unlock_form=UnlockForm(), number=page, pages=pages
    )


@bp.route("/months/<int:year>/<int:month>/lock", methods=["GET", "POST"])
@requires("timesheets.lock")
def lock(year: int, month: int):
    """Lock a month once it is reported: nothing dated in it can change. The page first lists
    what of the month is still open; locking it anyway needs a reason, kept with the lock."""
    first = month_or_404(year, month)
    form = LockForm()
    if form.validate_on_submit():
        try:
            services.lock_month(acting_user(), first, form.reason.data or "")
        except Refused as refused:
            show_refusal(form, refused)
        else:
            flash(_("%(month)s is locked.", month=format_month(first)), "success")
            return redirect_to(url_for("timesheets_settings.months"))
    allowed = services.month_allowed_actions(first, current_user, local_today())
    return render(
        "timesheets/lock.html",
        first=first,
        form=form,
        open_items=services.month_open(first),
        allowed=allowed,
        week_url=week_url,
        status_label=status_label,
        kind_label=lambda kind: str(KIND_LABELS.get(kind, kind)),
        status=422 if request.method == "POST" else 200,
    )


def week_url(mentor_id: int, monday: date) -> str:
    return url_for("timesheets.week", mentor_id=mentor_id, **week_args(monday))


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
