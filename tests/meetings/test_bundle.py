"""The monthly protocol bundle and the month submission."""

import csv
import hashlib
import io
import re
import zipfile

from pypdf import PdfReader

from app.meetings import bundle
from app.meetings.labels import KIND_LABELS
from app.meetings.models import Attendance, Decision, MeetingFile, MonthSubmission
from app.permissions import Role
from app.uploads.services import store
from tests.conftest import wait_for
from tests.factories import make_docx, make_meeting, make_pdf
from tests.meetings.conftest import submit_month


def month_of(day) -> str:
    return f"{day:%Y-%m}"


def fill(app, users, meeting) -> dict[str, bytes]:
    """Minutes, a decision, attendance and two uploaded files (one replaced by a newer one)."""
    files = {
        "Protokols.pdf": make_pdf("Sapulces protokols"),
        "Pielikums.docx": make_docx("Pielikums"),
    }
    with app.test_request_context():
        meeting.minutes = "### Lēmumi\n\nNolēma **pārcelt** ziemas pasākumu; atbild koordinatore."
        meeting.save()
        Decision.create(meeting=meeting.id, position=1, text="Iesniegt grafiku līdz piektdienai")
        Attendance.update(attended=True).where(Attendance.meeting == meeting.id).execute()
        old = store(users[Role.COORDINATOR], io.BytesIO(make_pdf("old")), "Protokols.pdf")
        MeetingFile.create(meeting=meeting.id, upload=old.id, superseded=True)
        for name, data in files.items():
            upload = store(users[Role.COORDINATOR], io.BytesIO(data), name)
            MeetingFile.create(meeting=meeting.id, upload=upload.id)
    return files


def read_zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/zip"
    data = response.get_data()
    response.close()  # as a WSGI server does: closes the temporary file
    return zipfile.ZipFile(io.BytesIO(data))


def test_bundle_holds_files_minutes_pdf_and_a_true_index(app, client_as, english, meeting):
    files = fill(app, english, meeting)
    archive = read_zip(
        client_as(Role.COORDINATOR).get(f"/meetings/{month_of(meeting.day)}/bundle.zip")
    )
    names = set(archive.namelist())
    rows = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    listed = {row["File"]: row["SHA-256"] for row in rows}
    assert set(listed) == names - {"index.csv", "index.html"}
    for name, sha in listed.items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == sha
    folder = f"{meeting.day:%Y-%m-%d}_weekly-all-staff-meeting"
    for name, data in files.items():
        assert archive.read(f"{folder}/{name}") == data
    assert len(names) == 5  # two uploads, the minutes PDF, two indexes: the old version is not in
    [pdf_name] = [n for n in names if n.startswith(f"{folder}/minutes_")]
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(archive.read(pdf_name))).pages
    )
    assert "pārcelt" in text and "ziemas pasākumu" in text
    assert "Iesniegt grafiku" in text
    assert rows[0]["Chair"] == english[Role.COORDINATOR].display_name
    assert rows[0]["Present"] == "3"  # the two invited and the chair, who was not invited
    assert rows[0]["Date"] == f"{meeting.day:%d.%m.%Y}"
    assert rows[0]["Protocol No."] == f"1/{meeting.day.year}"
    assert {row["Source"] for row in rows} == {"Minutes", "Uploaded file"}
    html = archive.read("index.html").decode()
    assert all(sha in html for sha in listed.values())


def test_bad_month_is_400(client_as, english):
    client = client_as(Role.MENTOR)
    for month in ("2020-13", "2020-1", "abc", "2020-01-01", "1999-12"):
        response = client.get(f"/meetings/{month}/bundle.zip")
        assert response.status_code == 400, month
        assert "YYYY-MM" in response.get_data(as_text=True)


def test_auditor_gets_only_submitted_months(client_as, english, meeting):
    url = f"/meetings/{month_of(meeting.day)}/bundle.zip"
    auditor = client_as(Role.AUDITOR)
    assert auditor.get(url).status_code == 404
    assert month_of(meeting.day) not in auditor.get("/meetings/months").get_data(as_text=True)
    submit_month(english, meeting.day)
    archive = read_zip(auditor.get(url))
    rows = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    assert [row["Date"] for row in rows] == [f"{meeting.day:%d.%m.%Y}"]
    assert month_of(meeting.day) in auditor.get("/meetings/months").get_data(as_text=True)


def test_submit_a_month_once(client_as, english, meeting):
    client = client_as(Role.COORDINATOR)
    page = client.get("/meetings/months").get_data(as_text=True)
    key = month_of(meeting.day)
    assert f"/meetings/months/{key}/submit" in page and f"/meetings/{key}/bundle.zip" in page
    data = {"submitted_on": meeting.day.isoformat(), "note": "Nosūtīts e-pastā"}
    response = client.post(f"/meetings/months/{key}/submit", data=data)
    assert response.status_code == 303
    again = client.post(f"/meetings/months/{key}/submit", data=data)
    assert again.status_code == 422
    assert "already submitted" in again.get_data(as_text=True)
    assert MonthSubmission.select().count() == 1
    assert client.post("/meetings/months/2020-00/submit", data=data).status_code == 400


def test_a_submission_date_must_be_sane(client_as, english, meeting):
    client = client_as(Role.COORDINATOR)
    url = f"/meetings/months/{month_of(meeting.day)}/submit"
    for day in ("9999-12-31", "1999-01-01"):
        response = client.post(url, data={"submitted_on": day})
        assert response.status_code == 422
        assert "Enter a date between 2000 and 2099." in response.get_data(as_text=True)
    early = client.post(url, data={"submitted_on": "2000-01-01"})
    assert early.status_code == 422
    assert "cannot be submitted before it begins" in early.get_data(as_text=True)
    assert not MonthSubmission.select().exists()


def test_only_the_coordinator_submits(client_as, english, meeting):
    data = {"submitted_on": meeting.day.isoformat(), "note": ""}
    for role in (Role.LEAD, Role.MENTOR, Role.AUDITOR):
        response = client_as(role).post(
            f"/meetings/months/{month_of(meeting.day)}/submit", data=data
        )
        assert response.status_code == 403
    assert not MonthSubmission.select().exists()


def test_other_meetings_in_the_month_are_all_in(app, client_as, english, meeting):
    make_meeting(english, meeting.day, agenda="Otrā")
    archive = read_zip(client_as(Role.MENTOR).get(f"/meetings/{month_of(meeting.day)}/bundle.zip"))
    rows = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    assert len(rows) == 2  # meetings without files are listed with an empty file cell
    assert {row["File"] for row in rows} == {""}


def test_the_bundle_is_built_as_a_job(app, client_as, english, meeting):
    fill(app, english, meeting)
    make_meeting(english, meeting.day, agenda="Otrā")
    client = client_as(Role.COORDINATOR)
    key = month_of(meeting.day)
    page = client.get("/meetings/months").get_data(as_text=True)
    assert f'hx-post="/meetings/{key}/bundle/jobs"' in page and "Build the bundle" in page
    assert f'hx-target="#bundle-{key}"' in page and f'id="bundle-{key}"' in page
    started = client.post(f"/meetings/{key}/bundle/jobs", headers={"HX-Request": "true"})
    assert started.status_code == 200
    fragment = started.get_data(as_text=True)
    assert "<html" not in fragment and 'class="job' in fragment
    url = "/jobs/" + re.search(r"/jobs/([0-9a-f]{32})", fragment).group(1)
    done = wait_for(client, url)
    assert f"Download protocols-{key}.zip" in done
    built = client.get(url + "/download")
    assert built.headers["Content-Disposition"].endswith(f'filename="protocols-{key}.zip"')
    direct = read_zip(client.get(f"/meetings/{key}/bundle.zip"))
    job_zip = read_zip(built)
    assert sorted(job_zip.namelist()) == sorted(direct.namelist())
    kinds = [  # the labels in the reader's language, though the thread had no request
        [row["Kind"] for row in csv.DictReader(io.StringIO(text))]
        for text in (z.read("index.csv").decode("utf-8-sig") for z in (job_zip, direct))
    ]
    assert kinds[0] == kinds[1] and "Weekly all-staff meeting" in kinds[0]


def test_the_bundle_job_without_htmx_goes_to_its_page(client_as, english, meeting):
    client = client_as(Role.MENTOR)
    client.get("/meetings/months")
    started = client.post(f"/meetings/{month_of(meeting.day)}/bundle/jobs")
    assert started.status_code == 303
    url = started.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert "<html" in page and 'href="/meetings/months"' in page
    wait_for(client, url)
    assert client_as(Role.LEAD).get(url + "/download").status_code == 404  # not theirs
    assert read_zip(client.get(url + "/download")).namelist()


def test_the_bundle_job_refuses_as_the_download_does(client_as, english, meeting):
    client = client_as(Role.MENTOR)
    client.get("/meetings/months")
    for month in ("2020-13", "abc", "1999-12"):
        response = client.post(f"/meetings/{month}/bundle/jobs")
        assert response.status_code == 400, month
        assert "YYYY-MM" in response.get_data(as_text=True)
    auditor = client_as(Role.AUDITOR)
    auditor.get("/meetings/months")
    url = f"/meetings/{month_of(meeting.day)}/bundle/jobs"
    assert auditor.post(url).status_code == 404
    submit_month(english, meeting.day)
    assert auditor.post(url).status_code == 303


def test_the_bundle_reports_progress_per_meeting(app, english, meeting):
    make_meeting(english, meeting.day, agenda="Otrā")
    heard = []
    with app.test_request_context():
        bundle.write_bundle(
            english[Role.COORDINATOR],
            meeting.day.replace(day=1),
            io.BytesIO(),
            KIND_LABELS,
            lambda done, total: heard.append((done, total)),
        )
    assert heard == [(1, 2), (2, 2)]
