"""URL helpers shared by features."""

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """A same-site path to continue to, or None for anything that could leave the site."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
