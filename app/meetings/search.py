"""Full-text search over meetings: agenda, minutes, decisions and the text of uploaded files.

SQLite FTS5 (migrations/0005_meetings.py) with `remove_diacritics 2`, so "arkartas" finds
"ārkārtas" and the other way round. On another database the index is simply not kept.
"""

from contextlib import nullcontext

from markupsafe import Markup, escape

from app.db import db, is_sqlite, write_tx
from app.meetings.models import Decision, Meeting, MeetingFile
from app.meetings.queries import meetings_visible_to
from app.uploads.models import Upload

#: snippet() markers: control characters that cannot survive escaping or come from users' text
MARK_START = "\x02"
MARK_END = "\x03"
SNIPPET_TOKENS = 16


def sources_of(meeting_id: int) -> list[tuple[str, str]]:
    """(source, text) pairs the index holds for one meeting; empty texts left out."""
    meeting = Meeting.get_by_id(meeting_id)
    decisions = "\n".join(
        text
        for (text,) in Decision.select(Decision.text)
        .where(Decision.meeting == meeting_id)
        .order_by(Decision.position, Decision.id)
        .tuples()
    )
    files = (
        MeetingFile.select(Upload.id, Upload.text)
        .join(Upload, on=(MeetingFile.upload == Upload.id))
        .where(MeetingFile.meeting == meeting_id, ~MeetingFile.superseded)
        .order_by(MeetingFile.id)
        .tuples()
    )
    sources = [("agenda", meeting.agenda), ("minutes", meeting.minutes), ("decisions", decisions)]
    sources += [(f"file:{upload_id}", text) for upload_id, text in files]
    return [(source, text) for source, text in sources if (text or "").strip()]


def index_meeting(meeting_id: int) -> None:
    """Replace the meeting's rows in the index (inside the caller's transaction, if any)."""
    if not is_sqlite():
        return
    rows = sources_of(meeting_id)
    with nullcontext() if db.in_transaction() else write_tx():
        db.execute_sql("DELETE FROM meeting_search WHERE meeting_id = ?", (meeting_id,))
        for source, text in rows:
            db.execute_sql(
                "INSERT INTO meeting_search (meeting_id, source, body) VALUES (?, ?, ?)",
                (meeting_id, source, text),
            )


def match_expression(query: str) -> str:
    """The user's words as FTS5 prefix phrases: no operator, column, quote or control character
    (FTS5 reads a NUL as the end of the expression) gets through."""
    words = (
        "".join(ch for ch in word if ch != '"' and ch.isprintable())
        for word in (query or "").split()
    )
    return " ".join(f'"{word}"*' for word in words if word)


def highlight(snippet: str) -> Markup:
    """The snippet HTML-escaped, with only our own <mark> tags as markup."""
    return (
        escape(snippet or "")
        .replace(MARK_START, Markup("<mark>"))
        .replace(MARK_END, Markup("</mark>"))
    )


def search(user, query: str, limit: int = 30) -> list[dict]:
    """Best matches first: meeting id, day, kind, source ("agenda", "file:12" …), snippet."""
    expression = match_expression(query)
    if not expression or not is_sqlite():
        return []
    visible_sql, visible_params = meetings_visible_to(user).select(Meeting.id).sql()
    # Only constants and peewee's own parameterised SQL are interpolated here.
    sql = (
        "SELECT meeting_search.meeting_id, meeting_search.source, "  # noqa: S608
        f"snippet(meeting_search, 2, ?, ?, '…', {SNIPPET_TOKENS}), m.day, m.kind "
        'FROM meeting_search JOIN "meeting" AS m ON m.id = meeting_search.meeting_id '
        f"WHERE meeting_search MATCH ? AND meeting_search.meeting_id IN ({visible_sql}) "
        "ORDER BY meeting_search.rank, m.day DESC LIMIT ?"
    )
    params = [MARK_START, MARK_END, expression, *visible_params, limit]
    rows = db.execute_sql(sql, params).fetchall()
    names = _file_names([source for _id, source, *_rest in rows])
    results = []
    for meeting_id, source, snippet, day, kind in rows:
        if isinstance(day, str):
            day = Meeting.day.python_value(day)
        results.append(
            {
                "meeting_id": int(meeting_id),
                "day": day,
                "kind": kind,
                "source": source,
                "file_name": names.get(source, ""),
                "snippet": highlight(snippet),
            }
        )
    return results


def _file_names(sources: list[str]) -> dict[str, str]:
    ids = [int(s.split(":", 1)[1]) for s in sources if s.startswith("file:")]
    if not ids:
        return {}
    query = Upload.select(Upload.id, Upload.original_name).where(Upload.id.in_(ids)).tuples()
    return {f"file:{upload_id}": name for upload_id, name in query}
