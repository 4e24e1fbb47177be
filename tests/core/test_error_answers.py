"""What a person is told when the server cannot save: a 503 in plain words, never a 500; to an
htmx request every error answer carries its message (HX-Error-Message) for the page's script."""

import errno
from datetime import timedelta
from urllib.parse import unquote

import pytest
from peewee import IntegrityError

from app.calendar import local_today, week_start_of
from app.db import Trouble
from app.permissions import Role, public
from app.refusals import refuse
from app.timesheets import services
from app.timesheets.models import ActivityType, Entry
from tests.core.failures import english_visitor, write_too_much

HX = {"HX-Request": "true"}
SAYS = {
    Trouble.DISK_FULL: "The server's disk is full, so nothing was saved.",
    Trouble.READ_ONLY: "The database is read-only just now, so nothing was saved",
    Trouble.LOCKED: "The database is busy, so nothing was saved. Try again in a moment.",
}


def error_message(response) -> str:
    return unquote(response.headers.get("HX-Error-Message", ""))


@pytest.fixture
def entry():
    """A valid new entry on last Monday."""
    activity = ActivityType.select().order_by(ActivityType.id).first()
    monday = week_start_of(local_today()) - timedelta(days=7)
    return {
        "day": monday.isoformat(),
        "start": "09:00",
        "end": "10:00",
        "activity": str(activity.id),
        "place": "pmc",
        "note": "L-0001 at the centre",
    }


@pytest.mark.parametrize("trouble", [Trouble.DISK_FULL, Trouble.READ_ONLY, Trouble.LOCKED])
def test_a_save_that_fails_gets_a_503_saying_why(
    english, client_as, failing_writes, monkeypatch, entry, trouble, caplog
):
    mentor = client_as(Role.MENTOR)
    if trouble is Trouble.DISK_FULL:  # an entry may still fit a page: write more than fits
        monkeypatch.setattr(services, "save_entry", write_too_much)
    failing_writes(trouble)

    page = mentor.post("/timesheets/entries", data=entry)
    assert page.status_code == 503
    text = page.get_data(as_text=True)
    assert "Nothing was saved" in text and SAYS[trouble] in text
    assert "Back to the form" in text
    assert '<html lang="en">' in text  # the person's language, though the database failed

    fragment = mentor.post("/timesheets/entries", data=entry, headers=HX)
    assert fragment.status_code == 503
    assert "<html" not in fragment.get_data(as_text=True)
    assert error_message(fragment).startswith(SAYS[trouble])

    assert Entry.select().count() == 0
    assert f"POST /timesheets/entries answered 503: database {trouble}" in caplog.text


def test_every_error_answer_to_htmx_carries_its_message(english, client_as):
    mentor = client_as(Role.MENTOR)
    cases = [
        (mentor.get("/admin/users", headers=HX), 403, "Your role does not allow this page."),
        (mentor.get("/no-such-page", headers=HX), 404, "This page does not exist"),
        (mentor.post("/language", headers=HX, csrf=False), 400, "The page was open too long"),
        (mentor.get("/timesheets/export.csv?month=13", headers=HX), 400, "YYYY-MM"),
    ]
    for response, status, message in cases:
        assert response.status_code == status
        assert message in error_message(response), response.request.path
    assert "HX-Error-Message" not in mentor.get("/no-such-page").headers  # a page says it itself


def test_a_too_large_request_to_htmx_says_so(app, english, client_as, entry):
    mentor = client_as(Role.MENTOR)
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = mentor.post("/timesheets/entries", data={**entry, "note": "x" * 2000}, headers=HX)
    assert response.status_code == 413
    assert error_message(response) == "The upload is larger than the allowed size."


def test_messages_keep_their_letters(client_as, users):
    """Latvian diacritics survive the header's percent-encoding."""
    mentor = client_as(Role.MENTOR)  # the Latvian UI
    message = error_message(mentor.get("/no-such-page", headers=HX))
    assert message == "Šādas lapas nav vai arī jums to nav atļauts skatīt."


@pytest.fixture
def raising_app(app, tmp_path):
    """The app with routes that fail as views can: refused, a full or read-only disk for a
    file, another file error, a database error that names no cause."""
    failures = {
        "/refused": refuse("Not with this month."),
        "/no-space": OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "f.part")),
        "/read-only-disk": OSError(errno.EROFS, "Read-only file system", str(tmp_path / "f")),
        "/denied": PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "f")),
        "/duplicate": IntegrityError("UNIQUE constraint failed: setting.key"),
    }
    for path, error in failures.items():

        def fail(error=error):
            raise error

        app.add_url_rule(path, path.strip("/"), public(fail))
    return app


def test_a_refusal_no_view_caught_answers_htmx_with_its_message(raising_app):
    response = english_visitor(raising_app).get("/refused", headers=HX)
    assert response.status_code == 422
    assert error_message(response) == "Not with this month."


@pytest.mark.parametrize(
    ("path", "trouble"), [("/no-space", Trouble.DISK_FULL), ("/read-only-disk", Trouble.READ_ONLY)]
)
def test_a_file_that_cannot_be_written_gets_the_503(raising_app, path, trouble, caplog):
    response = english_visitor(raising_app).get(path, headers=HX)
    assert response.status_code == 503
    assert error_message(response).startswith(SAYS[trouble])
    assert f"file write failed: {trouble} (" in caplog.text


@pytest.mark.parametrize(("path", "error"), [("/denied", OSError), ("/duplicate", IntegrityError)])
def test_other_errors_stay_errors(raising_app, path, error):
    """No 503 for a bug: the error goes on to the 500 page (in tests, to the test)."""
    with pytest.raises(error):
        english_visitor(raising_app).get(path)
