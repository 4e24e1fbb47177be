"""Meetings: the list, a meeting's page, minutes, attendance, files, decisions, action items."""

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import (
    format_clock,
    iso_week_start,
    local_today,
    parse_month,
    week_start_of,
)
from app.forms import int_or_none
from app.htmx import redirect_to, render, wants_fragment
from app.meetings import queries, services
from app.meetings.forms import (
    ActionForm,
    ActionStatusForm,
    CoverageReasonForm,
    DecisionForm,
    FileForm,
    MeetingForm,
    MinutesForm,
    ReopenForm,
    SeriesForm,
)
from app.meetings.labels import event_label, label_context
from app.meetings.markdown import render as render_markdown
from app.meetings.models import (
    ActionItem,
    Decision,
    Meeting,
    MeetingFile,
    MeetingKind,
    MeetingStatus,
)
from app.periods.models import Contract
from app.permissions import acting_user, has_permission, requires
from app.refusals import Refused, show_refusal
from app.uploads.services import send_upload

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.app_template_global()
def meeting_action_items() -> list[dict]:
    """The signed-in person's open action items, for the home page."""
    return queries.open_action_items_for(current_user)


def human_size(size: int) -> str:
    if size < 1024:
        return _("%(size)d bytes", size=size)
    if size < 1024 * 1024:
        return _("%(size).1f KB", size=size / 1024)
    return _("%(size).1f MB", size=size / 1024 / 1024)


def meeting_or_404(meeting_id: int) -> Meeting:
    meeting = queries.visible_meeting(current_user, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


# --- the list ----------------------------------------------------------------------------


@bp.get("/")
@requires("meetings.view")
def index():
    """All meetings the reader may see, newest first, filtered by kind and month."""
    kind = request.args.get("kind", "")
    if kind not in MeetingKind.ALL:
        kind = ""
    month = parse_month(request.args.get("month"))
    rows = list(queries.meeting_list(current_user, kind, month)[:200])
    return render(
        "meetings/index.html",
        "meetings/_list.html",
        rows=rows,
        kind=kind,
        month_value=month.strftime("%Y-%m") if month else "",
        can_edit=has_permission(current_user, "meetings.edit"),
        can_coverage=has_permission(current_user, "meetings.coverage"),
        **label_context(),
    )


# --- create and edit -------------------------------------------------------------------


def meeting_form(formdata=None, meeting: Meeting | None = None, **defaults) -> MeetingForm:
    invited = []
    if meeting is not None:
        invited = [row["user"] for row in queries.attendance_of(meeting.id)]
        if formdata is None:
            defaults.update(
                kind=meeting.kind,
                day=meeting.day,
                start=format_clock(meeting.start_minute),
                end=format_clock(meeting.end_minute),
                format=meeting.format,
                platform=meeting.platform,
                place=meeting.place,
                chair=meeting.chair_id or 0,
                attendees=invited,
                guests=meeting.guests,
                agenda=meeting.agenda,
                version=meeting.version,
            )
    keep = [*invited, *([meeting.chair_id] if meeting and meeting.chair_id else [])]
    return MeetingForm(queries.staff_choices(keep), formdata=formdata, **defaults)


def meeting_input(form: MeetingForm) -> services.MeetingInput:
    return services.MeetingInput(
        kind=form.kind.data,
        day=form.day.data,
        start_minute=form.start.minutes,
        end_minute=form.end.minutes,
        format=form.format.data,
        platform=form.platform.data or "",
        place=form.place.data or "",
        chair_id=form.chair.data or None,
        attendee_ids=list(form.attendees.data or []),
        guests=form.guests.data or "",
        agenda=form.agenda.data or "",
    )


def render_meeting_form(form: MeetingForm, meeting: Meeting | None = None, status: int = 200):
    return render(
        "meetings/form.html", "meetings/_form.html", status=status, form=form, meeting=meeting
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("meetings.edit")
def new():
    """Plan a meeting: details, chair, the people invited, the agenda."""
    if request.method == "GET":
        kind = request.args.get("kind", MeetingKind.WEEKLY)
        return render_meeting_form(
            meeting_form(
                kind=kind if kind in MeetingKind.ALL else MeetingKind.WEEKLY,
                day=local_today(),
                start="10:00",
                end="11:00",
                chair=current_user.id,
            )
        )
    form = meeting_form(formdata=request.form)
    if form.validate():
        try:
            meeting = services.create_meeting(acting_user(), meeting_input(form))
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The meeting is saved."), "success")
            return redirect_to(url_for("meetings.detail", meeting_id=meeting.id))
    return render_meeting_form(form, status=422)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires("meetings.edit")
def edit(meeting_id: int):
    """Change a meeting's details, unless someone changed it meanwhile."""
    meeting = meeting_or_404(meeting_id)
    if request.method == "GET":
        return render_meeting_form(meeting_form(meeting=meeting), meeting)
    form = meeting_form(formdata=request.form, meeting=meeting)
    if form.validate():
        try:
            services.update_meeting(
                acting_user(), meeting, meeting_input(form), int_or_none(form.version.data) or 0
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The meeting is saved."), "success")
            return redirect_to(url_for("meetings.detail", meeting_id=meeting.id))
    return render_meeting_form(form, meeting, status=422)


# --- the meeting's page ------------------------------------------------------------------


def meeting_context(meeting: Meeting, **forms) -> dict:
    """Everything the meeting page shows; `forms` replace the blank ones (kept input on 422)."""
    attendance = queries.attendance_of(meeting.id)
    items = queries.action_items_of(meeting.id)
    decisions = list(
        Decision.select(Decision.id, Decision.position, Decision.text)
        .where(Decision.meeting == meeting.id)
        .order_by(Decision.position, Decision.id)
        .dicts()
    )
    for decision in decisions:
        decision["items"] = [item for item in items if item["decision"] == decision["id"]]
    people = queries.staff_choices()
    submitted = queries.month_submitted(meeting.day)
    can_edit = has_permission(current_user, "meetings.edit")
    final = meeting.status == MeetingStatus.FINAL
    editable = can_edit and not final and not submitted
    files = queries.files_of(meeting.id)
    for row in files:
        row["size_label"] = human_size(row["size"])
    chair = meeting.chair.display_name if meeting.chair_id else ""
    context = {
        "meeting": meeting,
        "chair_name": chair,
        "attendance": attendance,
        "unmarked": sum(1 for row in attendance if row["attended"] is None),
        "files": [row for row in files if not row["superseded"]],
        "older_files": [row for row in files if row["superseded"]],
        "decisions": decisions,
        "loose_items": [item for item in items if item["decision"] is None],
        "earlier_items": queries.open_items_before(current_user, meeting),
        "history": queries.history_of(meeting.id),
        "minutes_html": render_markdown(meeting.minutes),
        "final": final,
        "submitted": submitted,
        "can_edit": can_edit,
        "editable": editable,
        "can_reopen": can_edit and final and not submitted,
        "event_label": event_label,
        "minutes_form": MinutesForm(minutes=meeting.minutes, version=meeting.version),
        "file_form": FileForm(formdata=None),
        "decision_form": DecisionForm(people, formdata=None),
        "action_form": ActionForm(people, formdata=None),
        "reopen_form": ReopenForm(formdata=None),
        "status_form": ActionStatusForm(formdata=None),
        **label_context(),
    }
    context.update(forms)
    return context


def render_meeting(meeting: Meeting, status: int = 200, **forms):
    return render(
        "meetings/detail.html",
        "meetings/_meeting.html",
        status=status,
        **meeting_context(meeting, **forms),
    )


def done(meeting_id: int, error: Refused | None = None, message: str = ""):
    """After a change on the meeting page: the page again (htmx) or a redirect to it."""
    if error is not None:
        flash(str(error), "error")
    elif message:
        flash(message, "success")
    if not wants_fragment():
        return redirect(url_for("meetings.detail", meeting_id=meeting_id), 303)
    return render_meeting(meeting_or_404(meeting_id), status=200 if error is None else 422)


@bp.get("/<int:meeting_id>")
@requires("meetings.view")
def detail(meeting_id: int):
    """One meeting: details, attendance, minutes, files, decisions, action items, history."""
    return render_meeting(meeting_or_404(meeting_id))


@bp.post("/<int:meeting_id>/attendance")
@requires("meetings.edit")
def attendance(meeting_id: int):
    """Mark who of the invited attended (ticked) and who did not (unticked)."""
    meeting = meeting_or_404(meeting_id)
    attended = {int(v) for v in request.form.getlist("attended") if v.isdecimal() and len(v) < 12}
    try:
        services.mark_attendance(acting_user(), meeting, attended)
    except Refused as error:
        return done(meeting.id, error)
    return done(meeting.id, message=_("Attendance is saved."))


@bp.post("/<int:meeting_id>/minutes")
@requires("meetings.edit")
def minutes(meeting_id: int):
    """Save the minutes (Markdown), unless they changed meanwhile."""
    meeting = meeting_or_404(meeting_id)
    form = MinutesForm()
    if form.validate():
        try:
            services.save_minutes(
                acting_user(), meeting, form.minutes.data or "", int_or_none(form.version.data) or 0
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            return done(meeting.id, message=_("The minutes are saved."))
    return render_meeting(meeting, status=422, minutes_form=form)


@bp.post("/<int:meeting_id>/files")
@requires("meetings.edit")
def files(meeting_id: int):
    """Attach a minutes file (PDF, DOCX, ODT), or a new version of one."""
    meeting = meeting_or_404(meeting_id)
    form = FileForm()
    replaces = None
    if form.replaces.data:
        replaces = MeetingFile.get_or_none(
            MeetingFile.id == (int_or_none(form.replaces.data) or 0),
            MeetingFile.meeting == meeting.id,
        )
        if replaces is None:
            abort(404)
    if form.validate():
        upload = form.file.data
        try:
            services.add_file(acting_user(), meeting, upload.stream, upload.filename, replaces)
        except Refused as error:
            show_refusal(form, error)
        else:
            return done(meeting.id, message=_("The file is added."))
    return render_meeting(meeting, status=422, file_form=form)


@bp.get("/<int:meeting_id>/files/<int:file_id>")
@requires("meetings.view")
def download(meeting_id: int, file_id: int):
    """Download one of the meeting's files (always as an attachment)."""
    meeting = meeting_or_404(meeting_id)
    row = MeetingFile.get_or_none(MeetingFile.id == file_id, MeetingFile.meeting == meeting.id)
    if row is None:
        abort(404)
    return send_upload(row.upload)


@bp.post("/<int:meeting_id>/decisions")
@requires("meetings.edit")
def decisions(meeting_id: int):
    """Record a decision, with an action item (owner, due date) when given."""
    meeting = meeting_or_404(meeting_id)
    form = DecisionForm(queries.staff_choices())
    if form.validate():
        try:
            services.add_decision(
                acting_user(),
                meeting,
                form.text.data,
                form.action_text.data or "",
                form.owner.data or None,
                form.due_on.data,
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            return done(meeting.id, message=_("The decision is recorded."))
    return render_meeting(meeting, status=422, decision_form=form)


@bp.post("/<int:meeting_id>/actions")
@requires("meetings.edit")
def actions(meeting_id: int):
    """Add an action item that follows no particular decision."""
    meeting = meeting_or_404(meeting_id)
    form = ActionForm(queries.staff_choices())
    if form.validate():
        try:
            services.add_action(
                acting_user(), meeting, form.text.data, form.owner.data or None, form.due_on.data
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            return done(meeting.id, message=_("The action item is added."))
    return render_meeting(meeting, status=422, action_form=form)


@bp.post("/actions/<int:item_id>/status")
@requires("meetings.view")
def action_status(item_id: int):
    """The item's owner or an editor marks it done, dropped, or open again."""
    item = (
        ActionItem.select(ActionItem)
        .join(Meeting)
        .where(ActionItem.id == item_id, queries.visible_condition(current_user))
        .first()
    )
    if item is None:
        abort(404)
    if not services.can_set_status(current_user, item):
        abort(403)
    form = ActionStatusForm()
    error = None
    if form.validate():
        try:
            services.set_action_status(acting_user(), item, form.status.data)
        except Refused as refused:
            error = refused
    else:
        error = services.refuse(_("Choose a status from the list."))
    if request.form.get("back") == "home":
        if error is not None:
            flash(str(error), "error")
        return redirect_to(url_for("core.index"))
    page_meeting = int_or_none(request.form.get("meeting")) or item.meeting_id
    if queries.visible_meeting(current_user, page_meeting) is None:
        page_meeting = item.meeting_id
    return done(page_meeting, error, _("The action item is updated.") if error is None else "")


@bp.post("/<int:meeting_id>/finalize")
@requires("meetings.edit")
def finalize(meeting_id: int):
    """Make the minutes final (read-only), once attendance is marked for everyone invited."""
    meeting = meeting_or_404(meeting_id)
    try:
        services.finalize(acting_user(), meeting)
    except Refused as error:
        return done(meeting.id, error)
    return done(meeting.id, message=_("The minutes are final."))


@bp.post("/<int:meeting_id>/reopen")
@requires("meetings.edit")
def reopen(meeting_id: int):
    """Reopen final minutes, with a reason kept in the history."""
    meeting = meeting_or_404(meeting_id)
    form = ReopenForm()
    if form.validate():
        try:
            services.reopen(acting_user(), meeting, form.reason.data)
        except Refused as error:
            show_refusal(form, error)
        else:
            return done(meeting.id, message=_("The minutes are reopened."))
    return render_meeting(meeting, status=422, reopen_form=form)


# --- series ------------------------------------------------------------------------------


@bp.route("/series/new", methods=["GET", "POST"])
@requires("meetings.edit")
def new_series():
    """A weekly series from a template: create the meetings of the next N weeks at once."""
    people = queries.staff_choices()
    if request.method == "GET":
        form = SeriesForm(
            people,
            formdata=None,
            weekday=0,
            start="10:00",
            end="11:00",
            chair=current_user.id,
            members=[uid for uid, _name in people],
            first_day=week_start_of(local_today()),
            weeks=4,
        )
        return render("meetings/series.html", "meetings/_series_form.html", form=form)
    form = SeriesForm(people)
    if form.validate():
        data = services.SeriesInput(
            weekday=form.weekday.data,
            start_minute=form.start.minutes,
            end_minute=form.end.minutes,
            format=form.format.data,
            platform=form.platform.data or "",
            place=form.place.data or "",
            chair_id=form.chair.data or None,
            member_ids=list(form.members.data or []),
            standing_agenda=form.standing_agenda.data or "",
        )
        try:
            _series, created, skipped = services.create_series(
                acting_user(), data, form.first_day.data, form.weeks.data
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(
                _(
                    "%(created)d meetings created; %(skipped)d dates skipped "
                    "(a weekly meeting was already there, or the month is submitted).",
                    created=len(created),
                    skipped=len(skipped),
                ),
                "success",
            )
            return redirect_to(url_for("meetings.index"))
    return render("meetings/series.html", "meetings/_series_form.html", status=422, form=form)


# --- weekly coverage -----------------------------------------------------------------------


def coverage_row_context(week: dict, form: CoverageReasonForm | None = None) -> dict:
    return {"week": week, "form": form, **label_context()}


@bp.get("/coverage")
@requires("meetings.coverage")
def coverage():
    """Every ISO week of the contract: the weekly all-staff meeting held, excused or missing."""
    contract_id = int_or_none(request.args.get("contract"))
    if contract_id is not None:
        contract = Contract.get_or_none(Contract.id == contract_id)
        if contract is None:
            abort(404)
    else:
        contract = queries.default_contract()
    today = local_today()
    first, last = queries.coverage_range(today, contract)
    weeks = queries.coverage(first, last, today)
    weeks.reverse()  # the latest week first: that is where action is needed
    return render(
        "meetings/coverage.html",
        contract=contract,
        weeks=weeks,
        first=first,
        last=last,
        missing=sum(1 for week in weeks if week["state"] == "missing"),
        **label_context(),
    )


@bp.post("/coverage/<int:year>/<int:week>/reason")
@requires("meetings.coverage")
def coverage_reason(year: int, week: int):
    """Record why a week had no weekly all-staff meeting."""
    monday = iso_week_start(year, week)
    if monday is None:
        abort(404)
    form = CoverageReasonForm()
    today = local_today()
    if form.validate():
        services.set_coverage_reason(acting_user(), monday, form.kind.data, form.text.data or "")
        flash(_("The reason is saved."), "success")
        if not wants_fragment():
            return redirect(url_for("meetings.coverage"), 303)
        row = queries.coverage(monday, monday, today)[0]
        return render("meetings/_coverage_row.html", **coverage_row_context(row), oob_flashes=True)
    row = queries.coverage(monday, monday, today)[0]
    if not wants_fragment():
        return render(
            "meetings/coverage_reason.html", status=422, **coverage_row_context(row, form)
        )
    return render("meetings/_coverage_row.html", status=422, **coverage_row_context(row, form))
