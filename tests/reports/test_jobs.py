"""The pack as a job: a POST starts it, the page polls its progress, then offers the file to
the person who started it (and nobody else)."""

import json
import os
import time

from app.auth.models import User
from app.db import db
from app.reports import jobs
from tests.reports.conftest import docx_text

FORM = {"from": "2019-12-01", "to": "2020-05-31", "lang": "en"}


def wait_for(client, url: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
        if "hx-trigger" not in page:
            return page
        assert "every 1s" in page and f'href="{url}"' in page  # polls, and a plain link
        time.sleep(0.2)
    raise AssertionError("the job did not finish")


def test_the_pack_is_built_as_a_job_and_downloaded(demo_as):
    client = demo_as("coordinator")
    started = client.post("/reports/interim/jobs", data=FORM)
    assert started.status_code == 303
    url = started.headers["Location"]
    page = client.get(url)
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    done = wait_for(client, url)
    assert "<html" not in done
    download = client.get(url + "/download")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].endswith(
        'filename="interim-report-2019-12-01_2020-05-31.docx"'
    )
    assert "4 supervisions (5 h, 6 h, 3 h and 4 h; 18 h in all)" in docx_text(download.data)


def test_an_htmx_start_answers_with_the_fragment(demo_as):
    client = demo_as("coordinator")
    response = client.post("/reports/interim/jobs", data=FORM, headers={"HX-Request": "true"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<html" not in text and 'class="job' in text


def test_someone_elses_job_is_a_404(demo_as):
    started = demo_as("coordinator").post("/reports/interim/jobs", data=FORM)
    url = started.headers["Location"]
    other = demo_as("lead")
    assert other.get(url).status_code == 404
    assert other.get(url + "/download").status_code == 404
    assert other.get("/reports/jobs/not-a-job").status_code == 404
    assert other.get("/reports/jobs/" + "0" * 32).status_code == 404


def test_a_job_whose_worker_died_is_reported_as_failed(demo_app, demo_as):
    client = demo_as("coordinator")
    job_id = "f" * 32
    with demo_app.app_context(), db.connection_context():
        path = jobs.folder() / f"{job_id}.json"
        owner = User.get(User.username == "coordinator").id
    state = {"id": job_id, "owner": owner, "status": "running", "done": 1, "total": 4}
    path.write_text(json.dumps({**state, "filename": "x.docx", "mimetype": "x"}))
    page = client.get(f"/reports/jobs/{job_id}").get_data(as_text=True)
    assert "Building… 1 of 4 sections" in page
    old = time.time() - jobs.STALE_SECONDS - 5
    os.utime(path, (old, old))
    page = client.get(f"/reports/jobs/{job_id}").get_data(as_text=True)
    assert "Building the document failed." in page
    assert client.get(f"/reports/jobs/{job_id}/download").status_code == 404
