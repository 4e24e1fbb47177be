"""People's training records, and each person's calendar feed at a secret address."""

from flask import Blueprint, Response, abort, flash, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.htmx import redirect_to, render
from app.i18n import reader_language
from app.permissions import acting_user, public, requires
from app.training import queries, services
from app.training.ics import build_feed
from app.training.labels import label_context, mark_label

bp = Blueprint("training_records", __name__, url_prefix="/training")

MAX_TOKEN_CHARS = 100


@bp.get("/people/")
@requires("training.view")
def index():
    """The people whose training records the reader may open."""
    return render("training/people.html", rows=queries.people_list(current_user))


@bp.get("/people/<int:user_id>")
@requires("training.view")
def detail(user_id: int):
    """A person's sessions with their marks, and their hours by month and reporting period."""
    person = queries.visible_person(current_user, user_id)
    if person is None:
        abort(404)
    own = person.id == current_user.id
    return render(
        "training/person.html",
        person=person,
        rows=queries.sessions_of_person(person.id, reader_language()),
        hours=queries.hours_of_person(person.id),
        feed_url=feed_url(services.own_feed_token(acting_user())) if own else None,
        mark_label=mark_label,
        **label_context(),
    )


def feed_url(token: str) -> str:
    return url_for("training_records.feed", token=token, _external=True)


@bp.post("/feed/renew")
@requires("training.view")
def renew_feed():
    """Replace the signed-in person's feed URL: the old one stops working at once."""
    services.renew_feed(acting_user())
    flash(_("Your calendar address is renewed. Update it in your calendar app."), "success")
    return redirect_to(url_for("training_records.detail", user_id=current_user.id))


@bp.get("/feed/<token>.ics")
@public
def feed(token: str):
    """A person's sessions as iCalendar, at a secret URL a calendar app polls without a login."""
    owner = services.feed_owner(token) if len(token) <= MAX_TOKEN_CHARS else None
    if owner is None:
        abort(404)
    with force_locale(owner.language):
        name = _("Supervision and training")
    body = build_feed(queries.feed_sessions(owner.id, owner.language), name)
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
