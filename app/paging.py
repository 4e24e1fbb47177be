"""Lists read a page at a time: the page asked for in the address, and one page of a query
with whether another follows (one row more than the page is read to tell)."""

from flask import request

#: the deepest page a list goes to: an address cannot make the database skip further
LAST_PAGE = 10_000


def requested_page() -> int:
    """The `page` argument, 1 when it is missing or no page number."""
    page = request.args.get("page", 1, type=int) or 1
    return min(max(page, 1), LAST_PAGE)


def page_of(query, page: int, size: int) -> tuple[list, bool]:
    """The rows of page `page` (from 1) of `size` rows, and whether a next page has any."""
    rows = list(query.limit(size + 1).offset((page - 1) * size))
    return rows[:size], len(rows) > size
