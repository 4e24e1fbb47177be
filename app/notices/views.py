"""The log of notices to the funder: the coordinator records and marks them sent, the lead
reads, the funder reads the ones sent."""

from flask import Blueprint, abort, request, url_for
from flask_babel import gettext as _

from app.calendar import local_today
from app.htmx import render, saved_or_again
from app.idempotency import idempotent
from app.notices import queries, services
from app.notices.forms import NoticeEditForm, NoticeForm
from app.notices.labels import KIND_LABELS, STATE_LABELS
from app.notices.models import DEADLINE_DAYS, FunderNotice
from app.permissions import acting_user, requires

bp = Blueprint("notices", __name__, url_prefix="/notices")


@bp.get("/")
@requires("notices.view")
def index():
    """Every notice, newest event first, with its deadline and whether it went in time."""
    return render(
        "notices/index.html",
        rows=queries.notice_rows(acting_user(), local_today()),
        kind_labels=KIND_LABELS,
        state_labels=STATE_LABELS,
    )


def notice_input(form) -> services.NoticeInput:
    return services.NoticeInput(
        kind=form.kind.data or "",
        event_on=form.event_on.data,
        subject=form.subject.data or "",
        details=form.details.data or "",
        sent_on=form.sent_on.data,
        sent_how=form.sent_how.data or "",
    )


def render_form(form, notice: FunderNotice | None = None):
    return render(
        "notices/form.html",
        "notices/_form.html",
        form=form,
        notice=notice,
        deadlines=DEADLINE_DAYS,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("notices.edit")
@idempotent
def new():
    """Record a notice: what it is about, the day of the event, and when it was sent."""
    if request.method == "GET":
        return render_form(NoticeForm(formdata=None, event_on=local_today()))
    form = NoticeForm()
    return saved_or_again(
        form,
        lambda: services.create_notice(acting_user(), notice_input(form), local_today()),
        _("The notice is recorded."),
        url_for("notices.index"),
        lambda: render_form(form),
    )


@bp.route("/<int:notice_id>/edit", methods=["GET", "POST"])
@requires("notices.edit")
def edit(notice_id: int):
    """Change a notice, or mark it sent."""
    notice = FunderNotice.get_or_none(FunderNotice.id == notice_id)
    if notice is None:
        abort(404)
    if request.method == "GET":
        return render_form(NoticeEditForm(formdata=None, obj=notice), notice)
    form = NoticeEditForm()
    return saved_or_again(
        form,
        lambda: services.update_notice(acting_user(), notice.id, notice_input(form), local_today()),
        _("The notice is saved."),
        url_for("notices.index"),
        lambda: render_form(form, notice),
    )
