"""The one upload service: check a file by content, scan it, read its text at a bounded cost,
store it outside static/, serve it safely.

What one upload may hold a worker for is bounded: the quick checks (app/uploads/inspect.py
`check`), then, at the same time, the malware scan (at most MALWARE_SCAN_TIMEOUT_SECONDS) and
reading the text in a forked child that is killed after UPLOAD_INSPECT_SECONDS
(app/uploads/bounded.py). A PDF whose text is not
read by then is stored without it, marked pending, and a background thread of the worker reads
it in a child with the larger UPLOAD_TEXT_LATER_SECONDS. A DOCX or ODT that cannot be read in
time is refused: its links and field codes are checked in the same pass as its text, and the
byte cap keeps every honest document far within the time.
"""

import hashlib
import logging
import os
import uuid
from datetime import timedelta
from pathlib import Path

from flask import Response, current_app, send_file
from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.db import utcnow, write_tx
from app.downloads import record_download
from app.jobs import services as jobs
from app.uploads import bounded, malware
from app.uploads.inspect import (
    ALL_KINDS,
    REASONS,
    Limits,
    UploadRejected,
    check,
    clean_name,
    extract,
)
from app.uploads.models import Upload

log = logging.getLogger(__name__)

MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
#: kinds whose text is read (images have none)
TEXT_KINDS = ("pdf", "docx", "odt")
#: pending texts a background thread takes on after the one it was started for
SWEEP_BATCH = 20
SCAN_UNAVAILABLE = _l(
    "Files cannot be checked for malware just now, so none are accepted. Try again later, or "
    "tell the administrator."
)
SCAN_FAILED = _l("The file could not be checked for malware and was not stored. Try again later.")


class TextPending(Exception):
    """The text could not be had within the time budget."""


def upload_dir() -> Path:
    return Path(current_app.config["UPLOADS_DIR"])


def path_of(upload: Upload) -> Path:
    return upload_dir() / upload.stored_name[:2] / upload.stored_name


def max_bytes() -> int:
    return current_app.config["UPLOAD_MAX_MB"] * 1024 * 1024


def limits() -> Limits:
    config = current_app.config
    return Limits(
        pages=config["UPLOAD_MAX_PAGES"],
        unpacked_bytes=config["UPLOAD_MAX_UNPACKED_MB"] * 1024 * 1024,
    )


def store(
    actor: User,
    stream,
    filename: str,
    allowed: tuple[str, ...] = ALL_KINDS,
    replaces: Upload | None = None,
) -> Upload:
    """Check and keep one file; UploadRejected (nothing kept) when it does not pass."""
    limit = max_bytes()
    data = stream.read(limit + 1)
    if not data:
        raise UploadRejected(_l("The file is empty."))
    if len(data) > limit:
        raise UploadRejected(
            _l("The file is larger than %(mb)d MB.", mb=current_app.config["UPLOAD_MAX_MB"])
        )
    kind = check(data, allowed, limits())
    sha256 = hashlib.sha256(data).hexdigest()
    # The text is read in a child on the other core while clamd scans: the upload costs the
    # longer of the two, not their sum.
    reading = start_reading(data, kind, current_app.config["UPLOAD_INSPECT_SECONDS"])
    try:
        scan_for_malware(actor, data, sha256)
    except BaseException:
        if reading is not None:
            reading.cancel()
        raise
    try:
        text, pending = text_read(reading, kind), False
    except TextPending:
        if kind != "pdf":
            raise UploadRejected.because("too_slow") from None
        text, pending = "", True
    stored_name = uuid.uuid4().hex
    target = upload_dir() / stored_name[:2] / stored_name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    with open(partial, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(partial, target)
    try:
        with write_tx():
            upload = Upload.create(
                original_name=clean_name(filename, kind),
                stored_name=stored_name,
                kind=kind,
                size=len(data),
                sha256=sha256,
                text=text,
                text_pending=pending,
                uploaded_by=actor.id,
                replaces=replaces.id if replaces else None,
            )
            audit.record(actor, "upload.create", upload, ["kind", "size", "sha256"])
    except Exception:
        target.unlink(missing_ok=True)
        raise
    if pending:
        log.warning(
            "upload %s: text not read within the budget, left to a background job", upload.id
        )
        read_text_later(upload.id)
    return upload


def start_reading(data: bytes, kind: str, seconds: float) -> bounded.Child | None:
    """The child that reads the file's text within `seconds` (None: an image has none)."""
    if kind not in TEXT_KINDS:
        return None
    return bounded.start(
        extract,
        data,
        kind,
        limits(),
        seconds=seconds,
        memory_mb=current_app.config["UPLOAD_INSPECT_MEMORY_MB"],
    )


def text_read(reading: bounded.Child | None, kind: str) -> str:
    """The text the child read; TextPending when its time ran out, UploadRejected when the
    content is refused (damaged, a bomb, links outside)."""
    if reading is None:
        return ""
    try:
        answer = reading.answer()
    except bounded.OverBudget:
        raise TextPending() from None
    except bounded.ChildFailed:
        # No answer at all: the child ran out of its memory, which only a bomb does.
        raise UploadRejected.because("too_much") from None
    if "error" in answer:
        reason = answer.get("reason", "")
        if reason not in REASONS:
            log.warning("reading a %s failed in the child: %s", kind, answer["error"])
            reason = "pdf_damaged" if kind == "pdf" else "damaged"
        raise UploadRejected.because(reason)
    return answer["result"]


def read_text(data: bytes, kind: str, seconds: float) -> str:
    """The file's text, read in a child given `seconds` (see `text_read`)."""
    return text_read(start_reading(data, kind, seconds), kind)


# --- malware -------------------------------------------------------------------------------


def scan_for_malware(actor: User, data: bytes, sha256: str) -> None:
    """Refuse (and audit) a file clamd finds malware in; MALWARE_SCAN says what to do when
    clamd does not answer ("auto": go on, with a warning in the log; "on": refuse)."""
    config = current_app.config
    mode = config["MALWARE_SCAN"]
    if mode == "off":
        return
    address = config["CLAMD_SOCKET"]
    try:
        found = malware.scan(data, address, config["MALWARE_SCAN_TIMEOUT_SECONDS"])
    except malware.Unavailable as error:
        if mode == "on":
            log.error(
                "malware scanning is required but clamd does not answer at %s: %s", address, error
            )
            raise UploadRejected(SCAN_UNAVAILABLE) from None
        log.warning("malware scanning skipped: clamd does not answer at %s (%s)", address, error)
        return
    except malware.ScanFailed as error:
        # clamd is there and did not give a verdict: a file it chokes on is not let through
        log.warning("malware scan of %s gave no verdict: %s", sha256, error)
        raise UploadRejected(SCAN_FAILED) from None
    if found is None:
        return
    log.warning("upload refused: clamd found %s in a file with sha256 %s", found, sha256)
    with write_tx():
        # what was found and the file's hash, never its name (typed by the user) or content
        audit.record(actor, "upload.malware", None, (), detail={"malware": found, "sha256": sha256})
    raise UploadRejected(
        _l("This file contains malware (%(name)s) and was not stored.", name=found),
        "malware",
    )


# --- text read later -----------------------------------------------------------------------


def read_text_later(upload_id: int):
    """Start the background thread that reads this upload's text (and any left stale)."""
    return jobs.background(f"upload-text-{upload_id}", lambda: fill_pending_texts(upload_id))


def fill_pending_texts(first: int | None = None) -> int:
    """Read the text of pending uploads, `first` first, then those whose last try went stale
    (its worker stopped meanwhile); each is taken by one worker only. How many were read."""
    cutoff = utcnow() - timedelta(seconds=2 * current_app.config["UPLOAD_TEXT_LATER_SECONDS"] + 60)
    stale = (
        Upload.select(Upload.id)
        .where(
            Upload.text_pending,
            Upload.text_tried_at.is_null() | (Upload.text_tried_at < cutoff),
            Upload.id != (first or 0),
        )
        .order_by(Upload.id)
        .limit(SWEEP_BATCH)
        .tuples()
    )
    ids = ([first] if first else []) + [upload_id for (upload_id,) in stale]
    read = 0
    for upload_id in ids:
        if _take(upload_id, cutoff):
            read += _fill(upload_id)
    return read


def _take(upload_id: int, cutoff) -> bool:
    """Claim a pending upload for this thread: one UPDATE, so two workers never both do."""
    with write_tx():
        claimed = (
            Upload.update(text_tried_at=utcnow())
            .where(
                Upload.id == upload_id,
                Upload.text_pending,
                Upload.text_tried_at.is_null() | (Upload.text_tried_at < cutoff),
            )
            .execute()
        )
    return claimed == 1


def _fill(upload_id: int) -> int:
    upload = Upload.get_by_id(upload_id)
    text = ""
    try:
        data = path_of(upload).read_bytes()
        text = read_text(data, upload.kind, current_app.config["UPLOAD_TEXT_LATER_SECONDS"])
    except TextPending:
        log.warning(
            "upload %s: text not read within the background budget; kept without", upload_id
        )
    except (UploadRejected, OSError) as error:
        log.warning("upload %s: text cannot be read (%s); kept without", upload_id, error)
    with write_tx():
        Upload.update(text=text, text_pending=False).where(Upload.id == upload_id).execute()
    if text:
        _reindex(upload_id)
    return 1 if text else 0


def _reindex(upload_id: int) -> None:
    """The meetings search indexes the text of the meetings' files (app/meetings/search.py):
    those holding this file are indexed again. Imported here, as meetings imports this module."""
    from app.meetings.models import MeetingFile
    from app.meetings.search import index_meeting

    query = MeetingFile.select(MeetingFile.meeting).where(MeetingFile.upload == upload_id)
    for meeting_id in sorted({meeting for (meeting,) in query.tuples()}):
        index_meeting(meeting_id)


# --- serving -------------------------------------------------------------------------------


def send_upload(upload: Upload) -> Response:
    """Always a download, never rendered by the browser, sandboxed if it is; audited."""
    record_download(upload.original_name, obj=upload)
    response = send_file(
        path_of(upload),
        mimetype=MIMETYPES[upload.kind],
        as_attachment=True,
        download_name=upload.original_name,
        max_age=0,
    )
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
