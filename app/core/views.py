"""Home page, language switch and health check."""

from flask import Blueprint, redirect, session, url_for
from flask_login import current_user

from app.auth.services import set_language
from app.calendar import local_today
from app.core.forms import LanguageForm
from app.core.health import report
from app.dashboards.services import dashboard
from app.db import connects_on_demand
from app.htmx import render
from app.permissions import acting_user, public, requires
from app.timesheets.queries import open_notices
from app.urls import safe_next

bp = Blueprint("core", __name__)


@bp.get("/")
@requires("home.view")
def index():
    """The signed-in person's start page: reminders waiting for them, then their role's
    dashboard."""
    return render(
        "core/index.html",
        notices=open_notices(current_user),
        dashboard=dashboard(acting_user(), local_today()),
    )


@bp.post("/language")
@public
def language():
    """Switch the interface language: remembered on the account, or in the session before login."""
    form = LanguageForm()
    if form.validate_on_submit():
        chosen = form.language.data
        session["lang"] = chosen
        if current_user.is_authenticated:
            if current_user.language != chosen:
                set_language(acting_user(), chosen)
        else:
            session["lang_picked"] = True
    return redirect(safe_next(form.next.data) or url_for("core.index"), 303)


@bp.get("/health")
@public
@connects_on_demand
def health():
    """200 while the database answers and takes a write and the disks have room, else 503 with
    the reasons (for monitoring and load balancers)."""
    answer = report()
    return answer, 200 if answer["status"] == "ok" else 503
