"""The list of all entries in the viewer's scope, newest first, 50 a page, of one month or of
all: for finding an entry without knowing its week."""

from flask import Blueprint, request
from flask_login import current_user

from app.calendar import format_clock, parse_month
from app.htmx import render
from app.paging import requested_page
from app.permissions import Role, requires
from app.timesheets import queries
from app.timesheets.labels import PLACE_LABELS, STATUS_LABELS
from app.timesheets.views import language, week_url

bp = Blueprint("timesheets_list", __name__, url_prefix="/timesheets")


@bp.get("/entries")
@requires("timesheets.view")
def index():
    """Entries newest first; `month` (YYYY-MM) narrows them to one month, `page` pages on."""
    month = parse_month(request.args.get("month"))
    page = requested_page()
    rows, has_next = queries.entries_page(current_user, month, page, language())
    for row in rows:
        row["week_url"] = week_url(row["mentor"], row["day"])
    return render(
        "timesheets/entries.html",
        "timesheets/_entries_table.html",
        rows=rows,
        has_next=has_next,
        page_number=page,
        month=month,
        shows_mentor=current_user.role != Role.MENTOR,  # a mentor's list is their own
        format_clock=format_clock,
        place_labels=PLACE_LABELS,
        status_labels=STATUS_LABELS,
    )
