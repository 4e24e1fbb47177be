"""Mentor timesheets: the week view, entries, the weekly workflow, team pages, month locks."""

from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import User
from app.calendar import (
    format_clock,
    iso_week_start,
    local_today,
    mondays_between,
    month_end,
    month_of,
    month_start,
    parse_week,
    previous_month,
    week_args,
    week_days,
    week_number,
    week_param,
    week_start_of,
)
from app.forms import int_or_none
from app.htmx import redirect_to, render, wants_fragment
from app.mail import send_reminders
from app.permissions import Role, acting_user, has_permission, requires
from app.refusals import Refused, show_refusal
from app.timesheets import queries, services
from app.timesheets.forms import CommentForm, EntryForm
from app.timesheets.labels import PLACE_LABELS, status_label
from app.timesheets.models import ActivityType, Entry, Week, WeekStatus

bp = Blueprint("timesheets", __name__, url_prefix="/timesheets")


def action_label(action: str) -> str:
    labels = {
        "submit": _("submitted"),
        "withdraw": _("withdrew to change"),
        "approve": _("approved"),
        "return": _("returned"),
        "reopen": _("reopened"),
        "justify": _("justified the conflict"),
    }
    return labels.get(action, action)


def language() -> str:
    return str(get_locale() or "lv")


def week_url(mentor_id: int, week_start: date, endpoint: str = "timesheets.week") -> str:
    return url_for(endpoint, mentor_id=mentor_id, **week_args(week_start))


def mentor_or_404(mentor_id: int) -> User:
    mentor = queries.visible_mentor(current_user, mentor_id)
    if mentor is None:
        abort(404)
    return mentor


def week_start_or_404(year: int, week: int) -> date:
    start = iso_week_start(year, week)
    if start is None:
        abort(404)
    return start


def own_entry_or_404(entry_id: int) -> Entry:
    """Entries are written only by the mentor they belong to; anyone else gets 404."""
    entry = Entry.get_or_none(Entry.id == entry_id, Entry.mentor == current_user.id)
    if entry is None:
        abort(404)
    return entry


def week_context(mentor: User, week_start: date) -> dict:
    """Everything the week page and its fragments show, in a fixed number of queries."""
    first, last = week_start, week_start + timedelta(days=6)
    entries = queries.entries_between([mentor.id], first, last, language())
    week = queries.find_week(mentor.id, week_start)
    locked = queries.locked_months(first, last)
    conflict_map = queries.conflicts(entries)
    today = local_today()
    own = current_user.id == mentor.id
    editable = own and services.week_is_editable(week)
    last_fileable = week_start_of(today) + timedelta(days=6)
    days = []
    for day in week_days(week_start):
        day_entries = [entry for entry in entries if entry["day"] == day]
        days.append(
            {
                "date": day,
                "entries": day_entries,
                "minutes": sum(e["end_minute"] - e["start_minute"] for e in day_entries),
                "open": editable and month_start(day) not in locked and day <= last_fileable,
            }
        )
    status = week.status if week else None
    reviewer = queries.can_review(current_user, mentor.id)
    return {
        "mentor": mentor,
        "week": week,
        "week_start": week_start,
        "week_number": week_number(week_start),
        "days": days,
        "total_minutes": sum(day["minutes"] for day in days),
        "conflicts": conflict_map,
        "justified": bool(week and week.conflict_justification),
        "history": queries.week_history(week.id) if week else [],
        "week_status": status,
        "status_label": status_label(status),
        "own": own,
        "editable": editable,
        "can_submit": editable and any(day["open"] for day in days),
        "copy_url": url_for(
            "timesheets.copy_last",
            mentor_id=mentor.id,
            **week_args(week_start),
        ),
        "can_withdraw": own and status == WeekStatus.SUBMITTED,
        "can_decide": reviewer and status == WeekStatus.SUBMITTED,
        "can_reopen": status == WeekStatus.APPROVED
        and has_permission(current_user, "timesheets.reopen"),
        "can_justify": bool(conflict_map)
        and status in (WeekStatus.SUBMITTED, WeekStatus.RETURNED, WeekStatus.DRAFT)
        and has_permission(current_user, "timesheets.justify"),
        "place_labels": PLACE_LABELS,
        "format_clock": format_clock,
        "action_label": action_label,
        "previous_url": week_url(mentor.id, week_start - timedelta(days=7)),
        "next_url": week_url(mentor.id, week_start + timedelta(days=7)),
        "month_url": url_for(
            "timesheets.month", mentor_id=mentor.id, year=week_start.year, month=week_start.month
        ),
        "comment_form": CommentForm(),
    }


def render_week(mentor: User, week_start: date, status: int = 200):
    return render(
        "timesheets/week.html",
        "timesheets/_week.html",
        status=status,
        **week_context(mentor, week_start),
    )


@bp.get("/")
@requires("timesheets.view")
def index():
    """Mentors land on their current week, everyone else on their team's week."""
    if current_user.role == Role.MENTOR:
        return redirect(week_url(current_user.id, week_start_of(local_today())))
    return redirect(url_for("timesheets.team"))


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
    previous = previous_month(first)
    following = last + timedelta(days=1)
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


# --- entries -------------------------------------------------------------------------


def entry_form(formdata=None, entry: Entry | None = None, **defaults) -> EntryForm:
    if entry is not None and formdata is None:
        defaults.update(
            day=entry.day,
            start=format_clock(entry.start_minute),
            end=format_clock(entry.end_minute),
            activity=entry.activity_id,
            place=entry.place,
            cases=[link.case_file.code for link in entry.case_links],
            note=entry.note,
            paid_interpreting=entry.paid_interpreting,
            version=entry.version,
        )
    keep = entry.activity_id if entry is not None else None
    return EntryForm(ActivityType.choices(language(), keep), formdata=formdata, **defaults)


def render_entry_form(form: EntryForm, entry: Entry | None = None, status: int = 200):
    from app.cases.queries import open_cases_for_picker

    day = form.day.data if isinstance(form.day.data, date) else local_today()
    picker = open_cases_for_picker(current_user, day, "")
    selected = set(form.cases.data or [])
    listed = {case["code"] for case in picker}
    context = {
        "form": form,
        "entry": entry,
        "picker_cases": picker,
        "selected": selected,
        "extra_selected": sorted(selected - listed),
        "week_href": week_url(current_user.id, week_start_of(day)),
    }
    return render(
        "timesheets/entry_page.html", "timesheets/_entry_form.html", status=status, **context
    )


def entry_input(form: EntryForm) -> services.EntryInput:
    return services.EntryInput(
        day=form.day.data,
        start_minute=form.start.minutes,
        end_minute=form.end.minutes,
        activity_id=form.activity.data,
        place=form.place.data,
        case_codes=form.cases.data or [],
        note=form.note.data or "",
        paid_interpreting=bool(form.paid_interpreting.data),
    )


def after_entry_saved(day: date, warnings=()):
    """Back to the week: the whole week fragment for htmx (totals change), else a redirect."""
    for warning in warnings:
        flash(str(warning), "info")
    if not request.htmx:
        return redirect(week_url(current_user.id, week_start_of(day)), 303)
    response = render_week(acting_user(), week_start_of(day))
    response.headers["HX-Retarget"] = "#week"
    response.headers["HX-Reswap"] = "outerHTML"
    return response


@bp.get("/entries/new")
@requires("timesheets.file")
def new_entry():
    """A blank entry form for a day, or a copy of an entry ("duplicate")."""
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        day = local_today()
    source_id = int_or_none(request.args.get("from"))
    if source_id:
        source = own_entry_or_404(source_id)
        form = entry_form(entry=source)
        form.version.data = ""
        return render_entry_form(form)
    return render_entry_form(entry_form(day=day, start="09:00", end="10:00"))


@bp.post("/entries")
@requires("timesheets.file")
def create_entry():
    """Add an entry to the signed-in mentor's week."""
    form = entry_form(formdata=request.form)
    if form.validate():
        try:
            entry, warnings = services.save_entry(acting_user(), entry_input(form), local_today())
        except Refused as error:
            show_refusal(form, error)
        else:
            return after_entry_saved(entry.day, warnings)
    return render_entry_form(form, status=422)


@bp.get("/entries/<int:entry_id>/edit")
@requires("timesheets.file")
def edit_entry(entry_id: int):
    """The entry's form, in place of the entry."""
    entry = own_entry_or_404(entry_id)
    return render_entry_form(entry_form(entry=entry), entry)


@bp.post("/entries/<int:entry_id>")
@requires("timesheets.file")
def update_entry(entry_id: int):
    """Save an edited entry, unless it changed meanwhile in another tab."""
    entry = own_entry_or_404(entry_id)
    form = entry_form(formdata=request.form, entry=entry)
    if form.validate():
        try:
            version = int(form.version.data or 0)
        except ValueError:
            version = 0
        try:
            saved, warnings = services.save_entry(
                acting_user(),
                entry_input(form),
                local_today(),
                entry=entry,
                expected_version=version,
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            return after_entry_saved(saved.day, warnings)
    return render_entry_form(form, entry, status=422)


@bp.post("/entries/<int:entry_id>/delete")
@requires("timesheets.file")
def delete_entry(entry_id: int):
    """Delete an entry of a week that is still a draft or returned."""
    entry = own_entry_or_404(entry_id)
    try:
        services.delete_entry(acting_user(), entry)
    except Refused as error:
        flash(str(error), "error")
    return after_entry_saved(entry.day)


@bp.route("/<int:mentor_id>/<int:year>/<int:week>/copy-last", methods=["GET", "POST"])
@requires("timesheets.file")
def copy_last(mentor_id: int, year: int, week: int):
    """Copy last week's entries into this week's empty days: first show what, then do it."""
    if mentor_id != current_user.id:
        abort(404)
    week_start = week_start_or_404(year, week)
    mentor = acting_user()
    if request.method == "POST":
        added = services.copy_last_week(mentor, week_start, local_today())
        flash(_("%(count)d entries copied from last week.", count=added), "success")
        return after_entry_saved(week_start)
    plan = services.copy_plan(mentor, week_start, local_today())
    return render(
        "timesheets/copy_page.html",
        "timesheets/_copy_preview.html",
        plan=[row for _data, row in plan],
        moved=[data.day for data, _row in plan],
        week_start=week_start,
        week_href=week_url(mentor.id, week_start),
        action=url_for("timesheets.copy_last", mentor_id=mentor.id, year=year, week=week),
        place_labels=PLACE_LABELS,
        format_clock=format_clock,
    )


# --- the weekly workflow ---------------------------------------------------------------


def decided(mentor: User, week_start: date, error: Refused | None = None):
    """After a transition: the team row or the week, depending on where the button was."""
    if error is not None:
        flash(str(error), "error")
    if request.form.get("back") == "team":
        return redirect_to(url_for("timesheets.team", week=week_param(week_start)))
    if not wants_fragment():
        return redirect(week_url(mentor.id, week_start), 303)
    return render_week(mentor, week_start, status=200 if error is None else 422)


def existing_week_or_404(mentor: User, week_start: date) -> Week:
    week = queries.find_week(mentor.id, week_start)
    if week is None:
        abort(404)
    return week


@bp.post("/<int:mentor_id>/<int:year>/<int:week>/submit")
@requires("timesheets.file")
def submit(mentor_id: int, year: int, week: int):
    """The mentor submits the week for approval."""
    if mentor_id != current_user.id:
        abort(404)
    week_start = week_start_or_404(year, week)
    mentor = acting_user()
    try:
        services.submit_week(mentor, week_start)
    except Refused as error:
        return decided(mentor, week_start, error)
    flash(_("The week is submitted for approval."), "success")
    return decided(mentor, week_start)


@bp.post("/<int:mentor_id>/<int:year>/<int:week>/withdraw")
@requires("timesheets.file")
def withdraw(mentor_id: int, year: int, week: int):
    """The mentor takes a submitted week back to change it."""
    if mentor_id != current_user.id:
        abort(404)
    week_start = week_start_or_404(year, week)
    mentor = acting_user()
    try:
        services.withdraw_week(mentor, existing_week_or_404(mentor, week_start))
    except Refused as error:
        return decided(mentor, week_start, error)
    return decided(mentor, week_start)


def reviewed_week(mentor_id: int, year: int, week: int) -> tuple[User, date, Week]:
    mentor = mentor_or_404(mentor_id)
    if not queries.can_review(current_user, mentor.id):
        abort(404)
    week_start = week_start_or_404(year, week)
    return mentor, week_start, existing_week_or_404(mentor, week_start)


@bp.post("/<int:mentor_id>/<int:year>/<int:week>/approve")
@requires("timesheets.review")
def approve(mentor_id: int, year: int, week: int):
    """The mentor's social worker (or the lead) approves a submitted week."""
    mentor, week_start, week_row = reviewed_week(mentor_id, year, week)
    try:
        services.approve_week(acting_user(), week_row)
    except Refused as error:
        return decided(mentor, week_start, error)
    flash(_("Approved: %(name)s, week %(week)d.", name=mentor.display_name, week=week), "success")
    return decided(mentor, week_start)


def with_comment(mentor: User, week_start: date, transition, done_message: str = ""):
    """Run a transition that takes the CommentForm's comment, then go back where we came from."""
    form = CommentForm()
    try:
        if not form.validate():
            raise services.refuse(_("The comment is too long."), "comment")
        transition(acting_user(), form.comment.data or "")
    except Refused as error:
        return decided(mentor, week_start, error)
    if done_message:
        flash(done_message, "success")
    return decided(mentor, week_start)


def any_week(mentor_id: int, year: int, week: int) -> tuple[User, date, Week]:
    mentor = mentor_or_404(mentor_id)
    week_start = week_start_or_404(year, week)
    return mentor, week_start, existing_week_or_404(mentor, week_start)


@bp.post("/<int:mentor_id>/<int:year>/<int:week>/return")
@requires("timesheets.review")
def return_(mentor_id: int, year: int, week: int):
    """Send a submitted week back to the mentor with a comment."""
    mentor, week_start, week_row = reviewed_week(mentor_id, year, week)
    return with_comment(
        mentor,
        week_start,
        lambda actor, comment: services.return_week(actor, week_row, comment),
        _("Returned to %(name)s with your comment.", name=mentor.display_name),
    )


@bp.post("/<int:mentor_id>/<int:year>/<int:week>/reopen")
@requires("timesheets.reopen")
def reopen(mentor_id: int, year: int, week: int):
    """The lead reopens an approved week, with a reason the mentor sees."""
    mentor, week_start, week_row = any_week(mentor_id, year, week)
    return with_comment(
        mentor, week_start, lambda actor, reason: services.reopen_week(actor, week_row, reason)
    )


@bp.post("/<int:mentor_id>/<int:year>/<int:week>/justify")
@requires("timesheets.justify")
def justify(mentor_id: int, year: int, week: int):
    """The lead records why a double-funding conflict is acceptable."""
    mentor, week_start, week_row = any_week(mentor_id, year, week)
    return with_comment(
        mentor, week_start, lambda actor, text: services.justify_conflict(actor, week_row, text)
    )


# --- team pages: my mentors, the approval queue, reminders -----------------------------


def parse_week_param(value: str | None) -> date:
    """'2026-W47' → its Monday; anything else → the current week's Monday."""
    return parse_week(value) or week_start_of(local_today())


@bp.get("/team")
@requires("timesheets.team")
def team():
    """My mentors for a week: who filed, submitted, was approved or returned, or filed nothing."""
    week_start = parse_week_param(request.args.get("week"))
    mentors = list(
        queries.mentors_visible_to(current_user)
        .select(User.id, User.display_name, User.active)
        .where(User.active)
        .order_by(User.display_name)
        .dicts()
    )
    ids = [mentor["id"] for mentor in mentors]
    first, last = week_start, week_start + timedelta(days=6)
    weeks = queries.weeks_of(ids, first, first)
    entries = queries.entries_between(ids, first, last, language())
    conflict_map = queries.conflicts(entries)
    reviewable = {
        mentor_id
        for (mentor_id,) in queries.mentors_reviewable_by(current_user)
        .select(User.id)
        .where(User.id.in_(ids))
        .tuples()
    }
    rows = []
    for mentor in mentors:
        mine = [entry for entry in entries if entry["mentor"] == mentor["id"]]
        week_row = weeks.get((mentor["id"], week_start))
        status = week_row["status"] if week_row else None
        rows.append(
            {
                **mentor,
                "status": status,
                "status_label": status_label(status),
                "minutes": sum(e["end_minute"] - e["start_minute"] for e in mine),
                "conflict": any(e["id"] in conflict_map for e in mine)
                and not (week_row and week_row["conflict_justification"]),
                "can_decide": mentor["id"] in reviewable and status == WeekStatus.SUBMITTED,
                "can_remind": mentor["id"] in reviewable
                and status in (None, WeekStatus.DRAFT, WeekStatus.RETURNED),
                "url": week_url(mentor["id"], week_start),
            }
        )
    return render(
        "timesheets/team.html",
        "timesheets/_team_table.html",
        rows=rows,
        week_start=week_start,
        week_number=week_number(week_start),
        week_value=week_param(week_start),
        previous_week=week_param(week_start - timedelta(days=7)),
        next_week=week_param(week_start + timedelta(days=7)),
        comment_form=CommentForm(),
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
    return redirect_to(url_for("timesheets.team", week=week_param(week_start)))


@bp.post("/notices/<int:notice_id>/dismiss")
@requires("home.view")
def dismiss_notice(notice_id: int):
    """Hide a reminder from my home page."""
    if not services.dismiss_notice(acting_user(), notice_id):
        abort(404)
    return redirect_to(url_for("core.index"))
