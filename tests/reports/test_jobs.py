"""The pack as a job (app/jobs): a POST starts it, the jobs page polls its progress, then
offers the file."""

from tests.conftest import wait_for
from tests.reports.conftest import docx_text

FORM = {"from": "2019-12-01", "to": "2020-05-31", "lang": "en"}


def test_the_pack_is_built_as_a_job_and_downloaded(demo_as):
    client = demo_as("coordinator")
    started = client.post("/reports/interim/jobs", data=FORM)
    assert started.status_code == 303
    url = started.headers["Location"]
    assert url.startswith("/jobs/")
    page = client.get(url).get_data(as_text=True)
    assert "<html" in page
    assert 'href="/reports/interim?from=2019-12-01&amp;to=2020-05-31"' in page  # the way back
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


def test_someone_elses_pack_is_a_404(demo_as):
    started = demo_as("coordinator").post("/reports/interim/jobs", data=FORM)
    url = started.headers["Location"]
    other = demo_as("lead")
    assert other.get(url).status_code == 404
    assert other.get(url + "/download").status_code == 404
