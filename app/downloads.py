"""Every generated file (exports, reports) leaves as a private download with its own name."""

from flask import Response


def as_download(response: Response, filename: str) -> Response:
    """Mark a response as an attachment that no shared cache may keep."""
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
