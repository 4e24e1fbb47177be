"""Creates that are safe to retry. A create form posts a key (app/forms.py: IdempotentForm), and
`@idempotent` answers a request it has handled already with the answer it gave then: a submit
whose answer was lost can be sent again, and gets neither a second record nor a refusal as an
overlap with the first.

A request is the same one when its user, key, endpoint (with the URL's arguments) and posted
input (without the CSRF token and the key) are: the same key with other input is a new request.
The view runs inside one write transaction that also stores its answer (the services' own
transactions nest in it as savepoints), so a record is committed with its key or not at all. A
refusal or an error (4xx, 5xx) is rolled back and not stored: the corrected form, sent with the
same key, runs again. Stored answers are forgotten after KEEP.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from flask import Response, flash, g, make_response, request, session
from flask_login import current_user
from peewee import BlobField, CharField, DateTimeField, IntegerField, IntegrityError, TextField

from app.db import BaseModel, db, utcnow, write_tx
from app.forms import IDEMPOTENCY_FIELD

KEEP = timedelta(days=7)
#: the headers of an answer that its replay repeats: htmx and the browser act on them
KEPT_HEADERS = (
    "Location",
    "HX-Redirect",
    "HX-Trigger",
    "HX-Location",
    "HX-Retarget",
    "HX-Reswap",
    "Content-Type",
)
#: marks a replayed answer
REPLAY_HEADER = "Idempotent-Replay"


class HandledRequest(BaseModel):
    """A create request that was answered, with its answer."""

    key = CharField(max_length=64, primary_key=True)  #: sha256 of user, key, endpoint and input
    status = IntegerField()
    headers = TextField()  #: JSON: the answer's KEPT_HEADERS
    body = BlobField()
    #: JSON [[category, message], ...]: what the answer flashed for the next page (a redirect's)
    flashes = TextField()
    created_at = DateTimeField(index=True)


class _NotKept(Exception):
    """Leaves the transaction rolled back, with the answer that is not stored."""

    def __init__(self, response: Response):
        super().__init__(response.status)
        self.response = response


def idempotent(view: Callable) -> Callable:
    """Apply under @requires to a view that creates: a request without a key runs as it is."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        posted = request.form.get(IDEMPOTENCY_FIELD, "") if request.method == "POST" else ""
        if not posted:
            return view(*args, **kwargs)
        key = request_key(posted)
        try:
            with write_tx():
                handled = _claim(key)
                if handled is not None:
                    return _replay(handled)
                pending = list(session.get("_flashes", []))
                response = make_response(view(*args, **kwargs))
                if not 200 <= response.status_code < 400:
                    raise _NotKept(response)
                _keep(key, response, pending)
                return response
        except _NotKept as not_kept:
            return not_kept.response

    return wrapper


def replay_instead(response: Response, message: str) -> None:
    """Store `response` and flash `message` for a retry of this request, instead of this answer:
    for an answer that shows a secret once (a temporary password), never kept in the database."""
    g.idempotent_replay = (response, [("info", str(message))])


def request_key(posted_key: str) -> str:
    """The stored key of this request: its user, posted key, endpoint and input."""
    form = sorted(
        (name, request.form.getlist(name))
        for name in request.form
        if name != IDEMPOTENCY_FIELD and name.rsplit("-", 1)[-1] != "csrf_token"
    )
    files = sorted(
        (
            name,
            [(sent.filename or "", _digest(sent.stream)) for sent in request.files.getlist(name)],
        )
        for name in request.files
    )
    view_args = sorted((request.view_args or {}).items())
    material = [current_user.id, posted_key, request.endpoint, view_args, form, files]
    return hashlib.sha256(json.dumps(material, default=str).encode()).hexdigest()


def _digest(stream) -> str:
    stream.seek(0)
    digest = hashlib.file_digest(stream, "sha256").hexdigest()
    stream.seek(0)  # the view reads the file after us
    return digest


def _claim(key: str) -> HandledRequest | None:
    """The stored answer for `key`, or None once this request holds the key. A concurrent
    request with the same key waits: on SQLite for the write lock, on PostgreSQL on the key's
    row, whose insert it then finds taken (it replays the committed answer)."""
    HandledRequest.delete().where(HandledRequest.created_at < utcnow() - KEEP).execute()
    handled = HandledRequest.get_or_none(HandledRequest.key == key)
    if handled is not None:
        return handled
    try:
        with db.atomic():
            HandledRequest.create(
                key=key, status=0, headers="{}", body=b"", flashes="[]", created_at=utcnow()
            )
    except IntegrityError:
        return HandledRequest.get(HandledRequest.key == key)
    return None


def _keep(key: str, response: Response, pending: list) -> None:
    """Store the answer in the claimed row, in the view's transaction."""
    answer, flashes = g.pop("idempotent_replay", (response, None))
    if flashes is None:
        after = session.get("_flashes", [])
        # flashes the view added for the next page; those it showed itself are in its body
        flashes = after[len(pending) :] if after[: len(pending)] == pending else after
    HandledRequest.update(
        status=answer.status_code,
        headers=json.dumps(
            {name: answer.headers[name] for name in KEPT_HEADERS if name in answer.headers}
        ),
        body=answer.get_data(),
        flashes=json.dumps([[category, str(message)] for category, message in flashes]),
    ).where(HandledRequest.key == key).execute()


def _replay(handled: HandledRequest) -> Response:
    response = Response(
        bytes(handled.body), status=handled.status, headers=json.loads(handled.headers)
    )
    response.headers[REPLAY_HEADER] = "true"
    for category, message in json.loads(handled.flashes):
        flash(message, category)
    return response
