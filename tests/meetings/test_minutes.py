"""Minutes: sanitised Markdown, files through the upload service, finalize, reopen, history."""

import io
import json

from app.audit import AuditEvent
from app.markdown import render
from app.meetings.models import Attendance, Meeting, MeetingFile, MeetingStatus, MinutesEvent
from app.permissions import Role
from app.uploads.models import Upload
from tests.factories import make_docx, make_meeting, make_pdf


def test_markdown_renders_the_allowed_tags():
    html = str(
        render("### Plan\n\n- **one**\n- [site](https://example.org)\n\n| a |\n|---|\n| 1 |")
    )
    assert "<h3>Plan</h3>" in html and "<strong>one</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">site</a>' in html
    assert "<table>" in html and "<td>1</td>" in html


def test_markdown_makes_scripts_handlers_javascript_links_and_htmx_inert():
    html = str(
        render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
            "[click](javascript:alert(3))\n\n<a href='/x' hx-get='/meetings/1/finalize'>x</a>\n\n"
            '<p onclick="alert(4)" style="color:red">p</p>'
        )
    )
    for bad in ("<script", "alert(1)", "<img", "onerror", "javascript:", "hx-get", "onclick"):
        assert bad not in html, bad
    assert "style" not in html


def test_minutes_are_saved_rendered_and_version_checked(client_as, meeting):
    client = client_as(Role.COORDINATOR)
    url = f"/meetings/{meeting.id}/minutes"
    ok = client.post(url, data={"minutes": "**Agreed** <script>x()</script>", "version": "1"})
    assert ok.status_code == 303
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "<strong>Agreed</strong>" in page and "<script>x()" not in page
    stale = client.post(
        url, data={"minutes": "Other tab"}, headers={"HX-Request": "true"}
    )  # no version
    assert stale.status_code == 422
    body = stale.get_data(as_text=True)
    assert "changed meanwhile" in body and "Other tab" in body and "<html" not in body


def upload(client, meeting_id, data: bytes, name: str, **extra):
    return client.post(
        f"/meetings/{meeting_id}/files",
        data={"file": (io.BytesIO(data), name), **extra},
        content_type="multipart/form-data",
    )


def test_pdf_upload_listing_and_download(client_as, users, meeting):
    client = client_as(Role.COORDINATOR)
    response = upload(client, meeting.id, make_pdf(), "protokols.pdf")
    assert response.status_code == 303
    row = MeetingFile.get()
    sha = row.upload.sha256
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "protokols.pdf" in page and sha[:12] in page and "Coordinator" in page
    download = client_as(Role.MENTOR).get(f"/meetings/{meeting.id}/files/{row.id}")
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.headers["Content-Security-Policy"] == "sandbox"
    assert download.data.startswith(b"%PDF")
    download.close()
    # the download is in the audit log: who, which file
    event = AuditEvent.get(AuditEvent.action == "download")
    assert (event.actor_id, event.object_type, event.object_id) == (
        users[Role.MENTOR].id,
        "upload",
        row.upload_id,
    )
    assert json.loads(event.detail) == {
        "route": "meetings_minutes.download",
        "file": "protokols.pdf",
    }


def test_another_meetings_file_id_is_404(client_as, english, meeting):
    other = make_meeting(english, meeting.day)
    client = client_as(Role.COORDINATOR)
    upload(client, meeting.id, make_pdf(), "a.pdf")
    file_id = MeetingFile.get().id
    assert client.get(f"/meetings/{other.id}/files/{file_id}").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/files/{file_id + 99}").status_code == 404


def test_renamed_exe_is_refused_beside_the_field(client_as, meeting):
    client = client_as(Role.COORDINATOR)
    response = client.post(
        f"/meetings/{meeting.id}/files",
        data={"file": (io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200), "minutes.pdf")},
        content_type="multipart/form-data",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="file-new-error"' in page and 'aria-invalid="true"' in page
    assert MeetingFile.select().count() == 0 and Upload.select().count() == 0
    missing = client.post(f"/meetings/{meeting.id}/files", data={})
    assert missing.status_code == 422


def test_replacing_a_file_keeps_the_old_version(client_as, meeting):
    client = client_as(Role.COORDINATOR)
    upload(client, meeting.id, make_pdf("first"), "v1.pdf")
    first = MeetingFile.get()
    response = upload(client, meeting.id, make_docx(), "v2.docx", replaces=str(first.id))
    assert response.status_code == 303
    first = MeetingFile.get_by_id(first.id)
    second = MeetingFile.get(MeetingFile.id != first.id)
    assert first.superseded and not second.superseded
    assert second.upload.replaces_id == first.upload_id
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Older versions" in page and "v1.pdf" in page and "v2.docx" in page
    again = upload(client, meeting.id, make_pdf(), "v3.pdf", replaces=str(first.id))
    assert again.status_code == 422
    assert upload(client, meeting.id, make_pdf(), "x.pdf", replaces="999").status_code == 404


def test_finalize_needs_attendance_then_read_only_reopen_and_history(client_as, english, meeting):
    client = client_as(Role.COORDINATOR)
    base = f"/meetings/{meeting.id}"
    client.post(f"{base}/minutes", data={"minutes": "First version", "version": "1"})
    refused = client.post(f"{base}/finalize", headers={"HX-Request": "true"})
    assert refused.status_code == 422
    assert "Mark the attendance" in refused.get_data(as_text=True)

    client.post(f"{base}/attendance", data={"attended": [str(english[Role.MENTOR].id)]})
    marks = {a.user_id: a.attended for a in Attendance.select()}
    assert marks == {english[Role.MENTOR].id: True, english[Role.SOCIAL_WORKER].id: False}
    assert client.post(f"{base}/finalize").status_code == 303
    version = Meeting.get_by_id(meeting.id).version
    assert Meeting.get_by_id(meeting.id).status == MeetingStatus.FINAL

    edit = client.post(f"{base}/minutes", data={"minutes": "Changed", "version": str(version)})
    assert edit.status_code == 422
    assert "final and read-only" in edit.get_data(as_text=True)
    assert upload(client, meeting.id, make_pdf(), "late.pdf").status_code == 422

    no_reason = client.post(f"{base}/reopen", data={"reason": " "})
    assert no_reason.status_code == 422
    assert client.post(f"{base}/reopen", data={"reason": "Typo in a name"}).status_code == 303
    assert client.post(f"{base}/finalize").status_code == 303
    events = list(MinutesEvent.select().order_by(MinutesEvent.id))
    assert [e.action for e in events] == ["finalize", "reopen", "finalize"]
    assert events[0].minutes == "First version" and events[1].reason == "Typo in a name"
    page = client.get(base).get_data(as_text=True)
    assert "finalized the minutes" in page and "Typo in a name" in page


def test_mentor_cannot_finalize_or_upload(client_as, meeting):
    client = client_as(Role.MENTOR)
    assert client.post(f"/meetings/{meeting.id}/finalize").status_code == 403
    assert upload(client, meeting.id, make_pdf(), "a.pdf").status_code == 403
