"""A mentor's entries: add, duplicate, edit, delete, and copy last week's into this week."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import format_clock, local_today, week_start_of
from app.cases.queries import open_cases_for_picker
from app.forms import int_or_none
from app.htmx import render
from app.i18n import format_day
from app.idempotency import idempotent
from app.permissions import acting_user, requires
from app.plans.queries import goal_choices
from app.refusals import Refused, show_refusal
from app.timesheets import services
from app.timesheets.forms import CopyWeekForm, EntryForm
from app.timesheets.labels import PLACE_LABELS
from app.timesheets.models import ActivityType, Entry
from app.timesheets.views import (
    language,
    render_week,
    render_week_changes,
    week_start_or_404,
    week_url,
)

bp = Blueprint("timesheets_entry", __name__, url_prefix="/timesheets")


def own_entry_or_404(entry_id: int) -> Entry:
    """Entries are written only by the mentor they belong to; anyone else gets 404."""
    entry = Entry.get_or_none(Entry.id == entry_id, Entry.mentor == current_user.id)
    if entry is None:
        abort(404)
    return entry


def entry_form(formdata=None, entry: Entry | None = None, **defaults) -> EntryForm:
    if entry is not None and formdata is None:
        defaults.update(
            day=entry.day,
            start=format_clock(entry.start_minute),
            end=format_clock(entry.end_minute),
            activity=entry.activity_id,
            place=entry.place,
            cases=[link.case_file.code for link in entry.case_links],
            goals={
                link.case_file.code: str(link.goal_id)
                for link in entry.case_links
                if link.goal_id is not None
            },
            note=entry.note,
            paid_interpreting=entry.paid_interpreting,
            version=entry.version,
        )
    keep = entry.activity_id if entry is not None else None
    return EntryForm(ActivityType.choices(language(), keep), formdata=formdata, **defaults)


def form_day(form: EntryForm) -> date:
    return form.day.data if isinstance(form.day.data, date) else local_today()


def goals_context(codes, day: date, chosen: dict[str, str], errors=(), notice="") -> dict:
    """What the "Goal served" selects need: the goals of the chosen case files' plans."""
    return {
        "goal_choices": goal_choices(codes, day),
        "chosen_goals": chosen,
        "goal_errors": list(errors),
        "goals_notice": notice,
        "goals_url": url_for("timesheets_entry.goals"),
    }


def render_entry_form(form: EntryForm, entry: Entry | None = None, status: int = 200):
    day = form_day(form)
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
        **goals_context(
            selected,
            day,
            form.goals.data or {},
            form.goals.errors,
            getattr(form, "goals_notice", ""),
        ),
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
        goals=form.goals.data or {},
    )


def goals_not_yet_offered(form: EntryForm) -> bool:
    """Chosen case files with a plan whose goal select the form did not show yet (the cases
    changed without JavaScript): the form comes back with the selects instead of saving."""
    offered = form.goals.data or {}
    choices = goal_choices(form.cases.data or [], form_day(form))
    missing = sorted(code for code in choices if code not in offered)
    if missing:
        form.goals_notice = _(
            "The plan of %(codes)s has goals: choose the goal served (optional), then save again.",
            codes=", ".join(missing),
        )
    return bool(missing)


def after_entry_saved(day: date, warnings=(), saved: Entry | None = None, changed=()):
    """Back to the week, a redirect without htmx. With htmx, when the `changed` days (and
    `day`) lie in one week, the parts of it they touch (render_week_changes); else the whole
    week. A saved entry is said so (the page's status region reads it out) and shown
    highlighted."""
    if saved is not None:
        flash(
            _(
                "The entry is saved: %(day)s, %(start)s–%(end)s.",
                day=format_day(saved.day),
                start=format_clock(saved.start_minute),
                end=format_clock(saved.end_minute),
            ),
            "success",
        )
    for warning in warnings:
        flash(str(warning), "info")
    if not request.htmx:
        return redirect(week_url(current_user.id, week_start_of(day)), 303)
    days = {day, *changed}
    if changed and {week_start_of(each) for each in days} == {week_start_of(day)}:
        response = render_week_changes(acting_user(), week_start_of(day), days, saved)
        response.headers["HX-Retarget"] = "#editor"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    response = render_week(acting_user(), week_start_of(day), saved_entry=saved)
    response.headers["HX-Retarget"] = "#week"
    response.headers["HX-Reswap"] = "outerHTML"
    return response


@bp.get("/entries/new")
@requires("timesheets.file")
def new():
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
@idempotent
def create():
    """Add an entry to the signed-in mentor's week."""
    form = entry_form(formdata=request.form)
    if form.validate() and not goals_not_yet_offered(form):
        try:
            entry, warnings = services.save_entry(acting_user(), entry_input(form), local_today())
        except Refused as error:
            show_refusal(form, error)
        else:
            return after_entry_saved(entry.day, warnings, saved=entry, changed=[entry.day])
    return render_entry_form(form, status=422)


@bp.get("/entries/<int:entry_id>/edit")
@requires("timesheets.file")
def edit(entry_id: int):
    """The entry's form, in place of the entry."""
    entry = own_entry_or_404(entry_id)
    return render_entry_form(entry_form(entry=entry), entry)


@bp.post("/entries/<int:entry_id>")
@requires("timesheets.file")
def update(entry_id: int):
    """Save an edited entry, unless it changed meanwhile in another tab."""
    entry = own_entry_or_404(entry_id)
    old_day = entry.day
    form = entry_form(formdata=request.form, entry=entry)
    if form.validate() and not goals_not_yet_offered(form):
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
            return after_entry_saved(saved.day, warnings, saved=saved, changed=[old_day])
    return render_entry_form(form, entry, status=422)


@bp.get("/entries/goals")
@requires("timesheets.file")
def goals():
    """The "Goal served" selects for the case codes chosen on the entry form (a fragment)."""
    form = entry_form(formdata=request.args)
    context = goals_context(form.cases.data or [], form_day(form), form.goals.data or {})
    return render("timesheets/_goal_choices.html", **context)


@bp.post("/entries/<int:entry_id>/delete")
@requires("timesheets.file")
def delete(entry_id: int):
    """Delete an entry of a day that is still open."""
    entry = own_entry_or_404(entry_id)
    try:
        services.delete_entry(acting_user(), entry, local_today())
    except Refused as error:
        flash(str(error), "error")
    return after_entry_saved(entry.day, changed=[entry.day])


@bp.route("/<int:mentor_id>/<int:year>/<int:week>/copy-last", methods=["GET", "POST"])
@requires("timesheets.file")
@idempotent
def copy_last(mentor_id: int, year: int, week: int):
    """Copy last week's entries into this week's empty days: first show what, then do it."""
    if mentor_id != current_user.id:
        abort(404)
    week_start = week_start_or_404(year, week)
    mentor = acting_user()
    if request.method == "POST":
        try:
            added = services.copy_last_week(mentor, week_start, local_today())
        except Refused as error:
            flash(str(error), "error")
        else:
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
        action=url_for("timesheets_entry.copy_last", mentor_id=mentor.id, year=year, week=week),
        form=CopyWeekForm(),
        place_labels=PLACE_LABELS,
        format_clock=format_clock,
    )
