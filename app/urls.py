"""URL helpers shared by features."""

import re
from urllib.parse import urlsplit

#: control characters and whitespace: a header cannot carry CR or LF (a 500 once the session was
#: made), and a browser drops tabs and newlines from a URL, which can turn a path into a host
UNSAFE_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\s]")


def safe_next(target: str | None) -> str | None:
    """A same-site path to continue to, or None for anything that could leave the site."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if UNSAFE_CHARACTERS.search(target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
