"""The weekly reception-centre roster: the list of weeks, a week's grid with its shifts edited in
place, copying last week, sending the week to the funder (its DOCX), the social workers' "I was
there", the cap's settings and the list of breaches."""

from datetime import date, timedelta

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import (
    format_clock,
    local_today,
    month_end,
    month_start,
    parse_range,
    parse_week,
    week_days,
    week_end,
    week_number,
    week_param,
    week_start_of,
)
from app.core.models import organisation_name
from app.downloads import DOCX_MIMETYPE, as_download
from app.htmx import after_change, redirect_to, render
from app.idempotency import idempotent
from app.permissions import Role, acting_user, requires
from app.refusals import Refused, show_refusal
from app.roster import exports, queries, services
from app.roster.forms import CapForm, CopyWeekForm, ReopenForm, ShiftForm
from app.roster.labels import LIMIT_LABELS, SOURCE_LABELS, status_label
from app.roster.models import RosterShift, RosterStatus

bp = Blueprint("roster", __name__, url_prefix="/roster")


def week_url(week_start: date, endpoint: str = "roster.week") -> str:
    return url_for(endpoint, week=week_param(week_start))


def week_or_404(week: str) -> date:
    """The Monday of a week named as 2020-W12 that the user may see; anything else is a 404."""
    week_start = parse_week(week)
    if week_start is None or not queries.may_see_week(current_user, queries.find_week(week_start)):
        abort(404)
    return week_start


def shift_or_404(shift_id: int) -> RosterShift:
    shift = RosterShift.get_or_none(RosterShift.id == shift_id)
    if shift is None:
        abort(404)
    return shift


def week_context(week_start: date, reopen_form: ReopenForm | None = None) -> dict:
    """Everything the week page shows, in 6 queries whatever its number of shifts."""
    today = local_today()
    week = queries.find_week(week_start)
    shifts = queries.shifts_between(week_start, week_end(week_start))
    people = queries.people_of(shifts)
    allowed = services.allowed_actions(week, current_user, bool(shifts))
    days = []
    for day in week_days(week_start):
        of_day = [shift for shift in shifts if shift["day"] == day]
        duty = next((shift["name"] for shift in of_day if shift["duty"]), None)
        cells = [[s for s in of_day if s["person"] == person["id"]] for person in people]
        days.append({"date": day, "cells": cells, "duty": duty, "today": day == today})
    known = queries.caps()
    return {
        "week": week,
        "week_start": week_start,
        "week_number": week_number(week_start),
        "roster_status": week.status if week else None,
        "status_label": status_label(week.status if week else None),
        "people": people,
        "days": days,
        "shifts": shifts,
        "allowed": allowed,
        "breaches": queries.week_breaches(week_start),
        "caps": {day["date"]: queries.cap_on(day["date"], known) for day in days},
        "limit_labels": LIMIT_LABELS,
        "source_labels": SOURCE_LABELS,
        "worker_roles": ("social_worker", "lead_social_worker"),
        "may_confirm": lambda shift: services.may_confirm(shift, current_user, today),
        "format_clock": format_clock,
        "previous_url": week_url(week_start - timedelta(days=7)),
        "next_url": week_url(week_start + timedelta(days=7)),
        "this_url": week_url(week_start),
        "week_arg": week_param(week_start),
        "copy_url": week_url(week_start, "roster.copy_last"),
        "send_url": week_url(week_start, "roster.send"),
        "download_url": week_url(week_start, "roster.download"),
        "reopen_url": week_url(week_start, "roster.reopen"),
        "reopen_form": reopen_form or ReopenForm(formdata=None),
        "current_url": week_url(week_start_of(today)),
    }


def render_week(week_start: date, status: int = 200, reopen_form: ReopenForm | None = None):
    context = week_context(week_start, reopen_form)
    return render("roster/week.html", "roster/_week.html", status=status, **context)


def back_to_week(week_start: date, message: str = ""):
    """After a change: the whole week fragment for htmx (its grid and breaches change), else
    a redirect to the week."""
    response = after_change(
        week_url(week_start), lambda status: render_week(week_start, status), message=message
    )
    if request.htmx:
        response.headers["HX-Retarget"] = "#roster"
        response.headers["HX-Reswap"] = "outerHTML"
    return response


def refused_on_week(week_start: date, refused: Refused):
    """The refusal flashed above the week, drawn again (422) or redirected to."""
    return after_change(
        week_url(week_start), lambda status: render_week(week_start, status), refused
    )


@bp.get("/")
@requires("roster.view")
def index():
    """The weeks of the roster with their state; the funder sees the ones sent to it."""
    rows = queries.week_rows(current_user)
    for row in rows:
        row["url"] = week_url(row["week_start"])
        row["number"] = week_number(row["week_start"])
        row["status_label"] = status_label(row["status"])
    return render(
        "roster/index.html",
        rows=rows,
        current_url=week_url(week_start_of(local_today())),
        is_auditor=current_user.role == Role.AUDITOR,
    )


@bp.get("/<week>")
@requires("roster.view")
def week(week: str):
    """One week's roster: days x people, the duty mentor, the cap's breaches."""
    return render_week(week_or_404(week))


# --- shifts -----------------------------------------------------------------------------------


def shift_form(formdata=None, shift: RosterShift | None = None, **defaults) -> ShiftForm:
    if shift is not None and formdata is None:
        defaults.update(
            day=shift.day,
            person=shift.person_id,
            start=format_clock(shift.start_minute),
            end=format_clock(shift.end_minute),
            duty=shift.duty,
        )
    keep = shift.person_id if shift is not None else None
    people = [
        (person_id, f"{name} ({Role.title(role, gender)})")
        for person_id, name, role, gender in queries.roster_staff(keep)
    ]
    return ShiftForm(people, formdata=formdata, **defaults)


def render_shift_form(
    form: ShiftForm, week_start: date, shift: RosterShift | None = None, status: int = 200
):
    return render(
        "roster/shift_page.html",
        "roster/_shift_form.html",
        status=status,
        form=form,
        shift=shift,
        week_start=week_start,
        week_end=week_end(week_start),
        week_href=week_url(week_start),
        week_arg=week_param(week_start),
    )


def shift_input(form: ShiftForm) -> services.ShiftInput:
    return services.ShiftInput(
        day=form.day.data,
        person_id=form.person.data,
        start_minute=form.start.minutes,
        end_minute=form.end.minutes,
        duty=bool(form.duty.data),
    )


@bp.get("/<week>/shifts/new")
@requires("roster.edit")
def new_shift(week: str):
    """A blank shift form for a day of the week."""
    week_start = week_or_404(week)
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        day = week_start
    if not week_start <= day <= week_end(week_start):
        day = week_start
    return render_shift_form(shift_form(day=day, start="09:00", end="17:30"), week_start)


@bp.post("/<week>/shifts")
@requires("roster.edit")
@idempotent
def create_shift(week: str):
    """Add a shift to the week's draft roster."""
    week_start = week_or_404(week)
    form = shift_form(formdata=request.form)
    if form.validate():
        try:
            services.add_shift(acting_user(), week_start, shift_input(form))
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return back_to_week(week_start)
    return render_shift_form(form, week_start, status=422)


@bp.get("/shifts/<int:shift_id>/edit")
@requires("roster.edit")
def edit_shift(shift_id: int):
    """The shift's form, in the editor above the grid."""
    shift = shift_or_404(shift_id)
    return render_shift_form(shift_form(shift=shift), shift.week.week_start, shift)


@bp.post("/shifts/<int:shift_id>")
@requires("roster.edit")
def update_shift(shift_id: int):
    """Save a changed shift of a draft week."""
    shift = shift_or_404(shift_id)
    week_start = shift.week.week_start
    form = shift_form(formdata=request.form, shift=shift)
    if form.validate():
        try:
            services.update_shift(acting_user(), shift.id, shift_input(form))
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return back_to_week(week_start)
    return render_shift_form(form, week_start, shift, status=422)


@bp.post("/shifts/<int:shift_id>/delete")
@requires("roster.edit")
def delete_shift(shift_id: int):
    """Remove a shift of a draft week."""
    shift = shift_or_404(shift_id)
    week_start = shift.week.week_start
    try:
        services.delete_shift(acting_user(), shift.id)
    except Refused as refused:
        return refused_on_week(week_start, refused)
    return back_to_week(week_start, _("The shift is removed."))


@bp.route("/<week>/copy-last", methods=["GET", "POST"])
@requires("roster.edit")
@idempotent
def copy_last(week: str):
    """Copy last week's shifts into this week's empty days: first show what, then do it."""
    week_start = week_or_404(week)
    if request.method == "POST":
        try:
            added = services.copy_last_week(acting_user(), week_start)
        except Refused as refused:
            return refused_on_week(week_start, refused)
        return back_to_week(week_start, _("%(count)d shifts copied from last week.", count=added))
    try:
        plan = services.copy_plan(week_start)
    except Refused as refused:
        return refused_on_week(week_start, refused)
    return render(
        "roster/copy_page.html",
        "roster/_copy_preview.html",
        plan=[
            {
                "day": values.day,
                "name": shift.person.display_name,
                "start": values.start_minute,
                "end": values.end_minute,
                "duty": values.duty,
            }
            for values, shift in plan
        ],
        week_start=week_start,
        week_href=week_url(week_start),
        action=week_url(week_start, "roster.copy_last"),
        form=CopyWeekForm(),
        format_clock=format_clock,
    )


# --- sending, the document, presence ----------------------------------------------------------


@bp.post("/<week>/send")
@requires("roster.send")
def send(week: str):
    """Mark the week's roster sent to the funder today: it is read-only from then on."""
    week_start = week_or_404(week)
    try:
        services.send_week(acting_user(), week_start, local_today())
    except Refused as refused:
        return refused_on_week(week_start, refused)
    return back_to_week(week_start, _("The roster is marked sent to the funder."))


@bp.post("/<week>/reopen")
@requires("roster.send")
def reopen(week: str):
    """Reopen a sent week to correct it, with the reason: a draft again until sent again."""
    week_start = week_or_404(week)
    form = ReopenForm()
    if form.validate():
        try:
            services.reopen_week(acting_user(), week_start, form.reason.data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return back_to_week(week_start, _("The roster is reopened: send it again when done."))
    if not request.htmx:
        flash(" ".join(str(m) for m in form.reason.errors or form.form_errors), "error")
        return redirect(week_url(week_start), 303)
    return render_week(week_start, 422, form)


def document_language() -> str:
    """Latvian, the funder's language, unless English is asked for."""
    return "en" if request.args.get("lang") == "en" else "lv"


@bp.get("/<week>/roster.docx")
@requires("roster.view")
def download(week: str):
    """The week's roster as the DOCX sent to the funder: one landscape A4 page."""
    week_start = week_or_404(week)
    found = queries.find_week(week_start)
    shifts = queries.shifts_between(week_start, week_end(week_start))
    if services.DOWNLOAD not in services.allowed_actions(found, current_user, bool(shifts)):
        abort(404)
    body = exports.write_docx(
        week_start,
        shifts,
        org_name=organisation_name(),
        contract=exports.contract_of(week_start),
        sent_on=found.sent_on if found and found.status == RosterStatus.SENT else None,
        language=document_language(),
    )
    filename = f"roster-{week_param(week_start)}.docx"
    response = Response(body, mimetype=DOCX_MIMETYPE)
    days = (week_start, week_end(week_start))
    return as_download(response, filename, period=days, rows=len(shifts), obj=found)


@bp.post("/shifts/<int:shift_id>/confirm")
@requires("roster.confirm")
def confirm(shift_id: int):
    """ "I was there": a social worker confirms their own presence on a shift of today or before."""
    shift = shift_or_404(shift_id)
    if shift.person_id != current_user.id:
        abort(404)
    week_start = shift.week.week_start
    try:
        services.confirm_presence(acting_user(), shift.id, local_today())
    except Refused as refused:
        return refused_on_week(week_start, refused)
    return back_to_week(week_start, _("Your presence is confirmed."))


# --- the cap and its breaches -----------------------------------------------------------------


def render_caps(form: CapForm, status: int = 200):
    known = list(reversed(queries.caps()))
    return render("roster/caps.html", "roster/_cap_form.html", status=status, form=form, caps=known)


@bp.route("/caps", methods=["GET", "POST"])
@requires("roster.caps")
@idempotent
def caps():
    """The cap on staff on site, each from its day; add the next one."""
    if request.method == "GET":
        return render_caps(CapForm(formdata=None))
    form = CapForm()
    if form.validate():
        values = services.CapInput(
            form.valid_from.data, form.max_staff.data, form.max_workers.data, form.max_mentors.data
        )
        try:
            services.add_cap(acting_user(), values)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            flash(_("The cap is saved."), "success")
            return redirect_to(url_for("roster.caps"))
    return render_caps(form, status=422)


@bp.get("/breaches")
@requires("roster.breaches")
def breaches():
    """The days on which the roster or the timesheets show more staff on site than the cap."""
    today = local_today()
    if not request.args.get("from") and not request.args.get("to"):
        first, last = month_start(today), month_end(today)
    else:
        first, last = parse_range(request.args.get("from"), request.args.get("to"))
    return render(
        "roster/breaches.html",
        rows=queries.breaches(first, last),
        first=first,
        last=last,
        limit_labels=LIMIT_LABELS,
        source_labels=SOURCE_LABELS,
        week_of=lambda day: week_url(week_start_of(day)),
    )
