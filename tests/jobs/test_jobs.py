"""Jobs: a build in a thread whose page shows its progress, then offers the file to the person
who started it (and nobody else)."""

import json
import os
import threading
import time

import pytest

from app.accounts import User
from app.jobs import services as jobs
from app.permissions import Role
from tests.conftest import wait_for


def start(app, owner: User, build, **options) -> str:
    """Start `build` as `owner`'s job, as a feature's view does; the job's page."""
    with app.app_context():
        thread = jobs.start(owner.id, "notes.txt", "text/plain", build, **options)
    return f"/jobs/{thread.name}"


def wait_until(client, url: str, text: str, seconds: float = 10) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
        if text in page:
            return page
        time.sleep(0.05)
    raise AssertionError(f"never showed {text!r}")


def held_build(release: threading.Event):
    """A build that reports its first of three steps, then waits for `release`."""

    def build(progress) -> bytes:
        progress(1, 3)
        assert release.wait(10)
        return "Sveiki, ā".encode()

    return build


@pytest.mark.parametrize("unit", [jobs.SECTIONS, jobs.MEETINGS])
def test_the_page_shows_progress_then_the_download(app, english, client_as, unit):
    client = client_as(Role.MENTOR)
    release = threading.Event()
    url = start(app, english[Role.MENTOR], held_build(release), unit=unit, back="/meetings/months")
    try:
        fragment = wait_until(client, url, f"Building… 1 of 3 {unit}")
        assert "<html" not in fragment and 'max="3" value="1"' in fragment
        page = client.get(url).get_data(as_text=True)
        assert "<html" in page and 'href="/meetings/months"' in page
    finally:
        release.set()
    done = wait_for(client, url)
    assert "The file is ready." in done and f'href="{url}/download"' in done
    download = client.get(url + "/download")
    assert download.status_code == 200 and download.data == "Sveiki, ā".encode()
    assert download.headers["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert download.headers["Cache-Control"] == "private, no-store"


def test_someone_elses_job_is_a_404(app, english, client_as):
    url = start(app, english[Role.COORDINATOR], lambda progress: b"x")
    owner = client_as(Role.COORDINATOR)
    wait_for(owner, url)
    assert owner.get(url + "/download").status_code == 200
    other = client_as(Role.LEAD)
    assert other.get(url).status_code == 404
    assert other.get(url + "/download").status_code == 404
    assert other.get("/jobs/not-a-job").status_code == 404
    assert other.get("/jobs/" + "0" * 32).status_code == 404


def test_a_failed_build_says_so(app, english, client_as):
    def build(progress) -> bytes:
        raise RuntimeError("the disk is full")

    client = client_as(Role.AUDITOR)
    url = start(app, english[Role.AUDITOR], build)
    page = wait_for(client, url)
    assert "Building the file failed." in page and 'role="alert"' in page
    assert client.get(url + "/download").status_code == 404


def test_a_job_whose_worker_died_is_reported_as_failed(app, english, client_as):
    client = client_as(Role.COORDINATOR)
    job_id = "f" * 32
    with app.app_context():
        path = jobs.folder() / f"{job_id}.json"
    owner = english[Role.COORDINATOR].id
    state = {"id": job_id, "owner": owner, "status": "running", "done": 1, "total": 4}
    path.write_text(json.dumps({**state, "filename": "x.docx", "mimetype": "x"}))
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Building… 1 of 4 sections" in page
    old = time.time() - jobs.STALE_SECONDS - 5
    os.utime(path, (old, old))
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Building the file failed." in page
    assert client.get(f"/jobs/{job_id}/download").status_code == 404
