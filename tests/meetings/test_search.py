"""Full-text search: uploaded files' text, Latvian letters with or without diacritics, safe
queries and snippets, the auditor's scope."""

import io

from app.meetings.models import Meeting, MeetingFile, MeetingKind
from app.meetings.search import index_meeting, match_expression, search
from app.permissions import Role
from app.uploads.services import store
from tests.factories import make_docx, make_meeting, make_pdf
from tests.meetings.conftest import submit_month


def attach(app, users, meeting: Meeting, data: bytes, name: str) -> None:
    with app.test_request_context():
        upload = store(users[Role.COORDINATOR], io.BytesIO(data), name)
        MeetingFile.create(meeting=meeting.id, upload=upload.id)
        index_meeting(meeting.id)


def found(user, query: str) -> list[dict]:
    return search(user, query)


def test_finds_words_inside_uploaded_docx_and_pdf(app, english, meeting):
    attach(app, english, meeting, make_docx("Lēmums: pārcelt zvejnieku sanāksmi"), "a.docx")
    attach(app, english, meeting, make_pdf("Protocol about the lighthouse visit"), "b.pdf")
    coordinator = english[Role.COORDINATOR]
    in_docx = found(coordinator, "zvejnieku")
    assert [(r["meeting_id"], r["source"][:5], r["file_name"]) for r in in_docx] == [
        (meeting.id, "file:", "a.docx")
    ]
    assert "<mark>zvejnieku</mark>" in in_docx[0]["snippet"]
    in_pdf = found(coordinator, "lighthouse")
    assert [r["file_name"] for r in in_pdf] == ["b.pdf"]
    assert found(coordinator, "nonexistentword") == []


def test_a_replaced_file_leaves_the_index(app, english, meeting):
    attach(app, english, meeting, make_docx("vecais kalendārs"), "old.docx")
    MeetingFile.update(superseded=True).execute()
    index_meeting(meeting.id)
    assert found(english[Role.COORDINATOR], "kalendārs") == []


def test_letters_match_with_or_without_diacritics(english, last_week):
    make_meeting(english, last_week, kind=MeetingKind.EXTRAORDINARY, agenda="Ārkārtas sapulce")
    make_meeting(english, last_week, agenda="Arkartas plans bez garumzimem")
    user = english[Role.MENTOR]
    assert len(found(user, "arkartas")) == 2
    assert len(found(user, "ārkārtas")) == 2
    assert len(found(user, "ĀRKĀRTAS sapulce")) == 1  # every word must match


def test_fts_syntax_in_the_query_is_only_text(english, meeting):
    user = english[Role.MENTOR]
    for query in ['"', 'sched" OR "x', "NEAR(a b)", "agenda:*", "a AND", "-x", "^*", "(", "'"]:
        assert found(user, query) == [], query
    assert found(user, "sched\x00ule") == found(user, "schedule") != []  # NUL ends FTS5 input
    assert match_expression('sched" OR x') == '"sched"* "OR"* "x"*'
    assert match_expression("   ") == match_expression("\x00 \x02") == ""
    assert found(user, "") == []
    assert found(user, "sched")  # a prefix of "Schedule" in the agenda


def test_snippets_escape_html_but_keep_the_marks(english, last_week):
    make_meeting(english, last_week, agenda='<script>alert("x")</script> budžets & <b>plāns</b>')
    [row] = found(english[Role.MENTOR], "budzets")
    snippet = str(row["snippet"])
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;" in snippet and "&amp;" in snippet
    assert "<mark>budžets</mark>" in snippet


def test_auditor_sees_only_submitted_months(english, last_week):
    make_meeting(english, last_week, agenda="Slepenais darba plāns")
    make_meeting(english, last_week.replace(year=last_week.year - 1), agenda="Vecais darba plāns")
    auditor = english[Role.AUDITOR]
    assert found(auditor, "plāns") == []
    assert len(found(english[Role.MENTOR], "plāns")) == 2
    submit_month(english, last_week.replace(year=last_week.year - 1))
    assert [r["day"].year for r in found(auditor, "plāns")] == [last_week.year - 1]


def test_search_page_full_and_htmx(client_as, english, last_week):
    make_meeting(english, last_week, agenda="Sezonas apģērbi <i>klientiem</i>")
    client = client_as(Role.AUDITOR)
    assert "apģērbi" not in client.get("/meetings/search?q=apgerbi").get_data(as_text=True)
    client = client_as(Role.MENTOR)
    page = client.get("/meetings/search?q=apgerbi")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in text
    assert "<mark>apģērbi</mark>" in text and "&lt;i&gt;" in text
    assert 'hx-push-url="true"' in text and 'action="/meetings/search"' in text
    fragment = client.get("/meetings/search?q=apgerbi", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and '<div id="search-results">' in body
    assert "/meetings/" in body
    assert client.get('/meetings/search?q="%22NEAR(').status_code == 200
