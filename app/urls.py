"""URL helpers shared by features."""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import url_for

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


#: an id no record has, standing for the id in a URL built once for many records
_ID_MARKER = 7364829105


def url_for_ids(endpoint: str, field: str, **values) -> Callable[[int], str]:
    """`url_for(endpoint, field=id, **values)` for many ids, with the route built once: a list
    of hundreds of rows would otherwise spend more on building links than on its query."""
    head, _, tail = url_for(endpoint, **values, **{field: _ID_MARKER}).partition(str(_ID_MARKER))
    return lambda record_id: f"{head}{int(record_id)}{tail}"
