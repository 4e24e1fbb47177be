"""The one upload service: check a file by content, store it outside static/, serve it safely."""

import hashlib
import os
import uuid
from pathlib import Path

from flask import Response, current_app, send_file
from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.db import write_tx
from app.uploads.inspect import ALL_KINDS, UploadRejected, clean_name, inspect
from app.uploads.models import Upload

MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpeg": "image/jpeg",
}


def upload_dir() -> Path:
    return Path(current_app.config["UPLOADS_DIR"])


def path_of(upload: Upload) -> Path:
    return upload_dir() / upload.stored_name[:2] / upload.stored_name


def max_bytes() -> int:
    return current_app.config["UPLOAD_MAX_MB"] * 1024 * 1024


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
    found = inspect(data, allowed)
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
                original_name=clean_name(filename, found.kind),
                stored_name=stored_name,
                kind=found.kind,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                text=found.text,
                uploaded_by=actor.id,
                replaces=replaces.id if replaces else None,
            )
            audit.record(actor, "upload.create", upload, ["kind", "size", "sha256"])
    except Exception:
        target.unlink(missing_ok=True)
        raise
    return upload


def send_upload(upload: Upload) -> Response:
    """Always a download, never rendered by the browser, sandboxed if it is."""
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
