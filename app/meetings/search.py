"""Full-text search over meetings: agenda, minutes, decisions and the text of uploaded files.

SQLite FTS5 (migrations/0005_meetings.py) with `remove_diacritics 2`, or on PostgreSQL a
tsvector under a configuration with unaccent (0008), so on both "arkartas" finds "ārkārtas" and
the other way round. Every word of the query must occur, as a word or a word's beginning.
"""

import re
import unicodedata
from contextlib import nullcontext

from markupsafe import Markup, escape
from peewee import Table

from app.db import db, is_sqlite, write_tx
from app.meetings.models import Decision, Meeting, MeetingFile
from app.meetings.queries import meetings_visible_to
from app.uploads.models import Upload

#: snippet() markers: control characters that cannot survive escaping or come from users' text
MARK_START = "\x02"
MARK_END = "\x03"
SNIPPET_TOKENS = 16
WORD = re.compile(r"\w+")
#: the index's table, written through peewee on both engines (its search SQL differs)
SEARCH_COLUMNS = ("meeting_id", "source", "body")
SEARCH_INDEX = Table("meeting_search", SEARCH_COLUMNS).bind(db)


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
    rows = [(meeting_id, source, text) for source, text in sources_of(meeting_id)]
    with nullcontext() if db.in_transaction() else write_tx():
        SEARCH_INDEX.delete().where(SEARCH_INDEX.meeting_id == meeting_id).execute()
        if rows:
            SEARCH_INDEX.insert(
                rows, columns=[getattr(SEARCH_INDEX, name) for name in SEARCH_COLUMNS]
            ).execute()


def query_words(query: str) -> list[str]:
    """The user's words with no quote, backslash or control character (FTS5 reads a NUL as the
    end of the expression), so no operator, column or quote of either engine gets through."""
    words = (
        "".join(ch for ch in word if ch not in "\"'\\" and ch.isprintable())
        for word in (query or "").split()
    )
    return [word for word in words if word]


def match_expression(query: str) -> str:
    """The user's words as FTS5 prefix phrases."""
    return " ".join(f'"{word}"*' for word in query_words(query))


def tsquery_expression(query: str) -> str:
    """The user's words as PostgreSQL prefix lexemes, all required."""
    return " & ".join(f"'{word}':*" for word in query_words(query))


def folded(text: str) -> str:
    """Lower case without diacritics, as both engines' indexes compare words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def snippet_of(body: str, words: list[str]) -> str:
    """About SNIPPET_TOKENS words of `body` around its first match, each word that begins with
    one of `words` between the markers, as FTS5's snippet() gives them."""
    spans = [match.span() for match in WORD.finditer(body)]
    hits = [
        i
        for i, (start, end) in enumerate(spans)
        if folded(body[start:end]).startswith(tuple(words))
    ]
    if not hits:
        return ""
    first = max(0, min(hits[0] - SNIPPET_TOKENS // 4, len(spans) - SNIPPET_TOKENS))
    window = spans[first : first + SNIPPET_TOKENS]
    text, position = [], window[0][0] if first > 0 else 0
    for i, (start, end) in enumerate(window, start=first):
        text.append(body[position:start])
        word = body[start:end]
        text.append(f"{MARK_START}{word}{MARK_END}" if i in hits else word)
        position = end
    before = "…" if first > 0 else ""
    after = "…" if first + len(window) < len(spans) else body[position:]
    return before + "".join(text) + after


def highlight(snippet: str) -> Markup:
    """The snippet HTML-escaped, with only our own <mark> tags as markup."""
    return (
        escape(snippet or "")
        .replace(MARK_START, Markup("<mark>"))
        .replace(MARK_END, Markup("</mark>"))
    )


def search(user, query: str, limit: int = 30) -> list[dict]:
    """Best matches first: meeting id, day, kind, source ("agenda", "file:12" …), snippet."""
    if not query_words(query):
        return []
    visible_sql, visible_params = meetings_visible_to(user).select(Meeting.id).sql()
    # Only constants and peewee's own parameterised SQL are interpolated below.
    if is_sqlite():
        sql = (
            "SELECT meeting_search.meeting_id, meeting_search.source, "  # noqa: S608
            f"snippet(meeting_search, 2, ?, ?, '…', {SNIPPET_TOKENS}), m.day, m.kind "
            'FROM meeting_search JOIN "meeting" AS m ON m.id = meeting_search.meeting_id '
            f"WHERE meeting_search MATCH ? AND meeting_search.meeting_id IN ({visible_sql}) "
            "ORDER BY meeting_search.rank, m.day DESC LIMIT ?"
        )
        params = [MARK_START, MARK_END, match_expression(query), *visible_params, limit]
    else:
        sql = (
            "SELECT s.meeting_id, s.source, s.body, m.day, m.kind "  # noqa: S608
            'FROM meeting_search AS s JOIN "meeting" AS m ON m.id = s.meeting_id '
            "CROSS JOIN (SELECT to_tsquery('mentoru_search', %s) AS query) AS q "
            f"WHERE s.document @@ q.query AND s.meeting_id IN ({visible_sql}) "
            "ORDER BY ts_rank(s.document, q.query) DESC, m.day DESC LIMIT %s"
        )
        params = [tsquery_expression(query), *visible_params, limit]
    rows = db.execute_sql(sql, params).fetchall()
    if not is_sqlite():
        # ts_headline() drops whatever looks like an HTML tag; users' text is shown as typed.
        words = [folded(word) for word in query_words(query)]
        rows = [(row[0], row[1], snippet_of(row[2], words), *row[3:]) for row in rows]
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
