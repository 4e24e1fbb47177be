"""Two app servers on one database, each with its own DATA_DIR and one SHARED_DIR: a file
uploaded through one is served by the other, and a build started on one is followed and
downloaded on the other (README: "With PostgreSQL, on several app servers")."""

import io

import pytest

from app import create_app
from app.jobs import services as jobs
from app.permissions import Role
from app.uploads.services import send_upload, store
from tests.conftest import BrowserLikeClient, login, wait_for
from tests.factories import make_pdf


@pytest.fixture
def servers(app, users, tmp_path):
    """(first, second): the test's app on a shared folder, and a second one beside it."""
    shared = tmp_path / "shared"
    app.config.update(SHARED_DIR=shared, UPLOADS_DIR=shared / "uploads", JOBS_DIR=shared / "jobs")
    (tmp_path / "second").mkdir()
    second = create_app(
        {
            "TESTING": True,
            "DATA_DIR": tmp_path / "second",
            "SECRET_KEY": app.config["SECRET_KEY"],
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SHARED_DIR": shared,
        }
    )
    second.test_client_class = BrowserLikeClient
    return app, second


def test_an_upload_through_one_server_is_served_by_the_other(servers, users):
    first, second = servers
    with first.app_context():
        upload = store(users[Role.COORDINATOR], io.BytesIO(make_pdf()), "Protokols.pdf")
    with second.test_request_context():
        response = send_upload(upload)
        response.direct_passthrough = False
        assert response.status_code == 200 and response.get_data() == make_pdf()
        response.close()


def test_a_build_started_on_one_server_is_followed_and_downloaded_on_the_other(servers, english):
    first, second = servers
    with first.app_context():
        job = jobs.start(english[Role.MENTOR].id, "a.txt", "text/plain", lambda progress: b"ok")
    client = second.test_client()
    login(client, english[Role.MENTOR].username)
    assert "The file is ready." in wait_for(client, f"/jobs/{job.name}")
    assert client.get(f"/jobs/{job.name}/download").data == b"ok"
