"""The benchmark's generator at a tiny size, so it cannot rot: its data must be what the app's
pages read, for the roles that read them (the benchmark itself stays out of the suite)."""

import pytest

from app.accounts import User
from app.cases.models import CaseFile
from app.meetings.models import Meeting
from app.timesheets.models import Entry, EntryCase, Week
from app.training.models import TrainingSession
from bench.generate import generate
from bench.pages import ABSENT, pages
from tests.conftest import make_app


@pytest.fixture
def generated(app):
    """One month of a staff of four: the lead, a social worker and two mentors."""
    with app.app_context():
        return generate(years=1 / 12, staff=4, seed=7)


def signed_in(app, username: str, password: str):
    client = app.test_client()
    client.get("/login")
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)
    client.get("/")  # the new session's CSRF token
    return client


def test_the_generator_writes_every_kind_of_record(generated):
    mentors = User.select().where(User.role == "mentor")
    assert mentors.count() == 2
    assert generated["counts"]["entries"] == Entry.select().count() > 0
    assert EntryCase.select().exists() and CaseFile.select().exists()
    assert Meeting.select().exists() and TrainingSession.select().exists()
    # every entry sits in the week of its mentor's Monday
    misplaced = (
        Entry.select()
        .join(Week, on=(Entry.week == Week.id))
        .where((Week.mentor != Entry.mentor) | (Week.week_start > Entry.day))
    )
    assert not misplaced.exists()


def entry_rows() -> list[tuple]:
    fields = (Entry.mentor, Entry.day, Entry.start_minute, Entry.end_minute, Entry.place)
    return list(Entry.select(*fields).order_by(Entry.id).tuples())


def test_the_same_seed_gives_the_same_data(app, tmp_path):
    with app.app_context():
        generate(years=1 / 12, staff=4, seed=3)
    first = entry_rows()
    (tmp_path / "other").mkdir()
    with make_app(tmp_path / "other").app_context():
        generate(years=1 / 12, staff=4, seed=3)
    assert entry_rows() == first != []


def test_the_benchmarks_pages_answer_on_the_generated_data(app, generated):
    clients = {}
    for page in pages(generated):
        role = page.role
        if role not in clients:
            clients[role] = signed_in(app, generated["users"][role], generated["password"])
        with clients[role].get(page.path) as response:
            if page.optional and response.status_code in ABSENT:
                continue
            assert response.status_code == 200, (page.name, response.status_code)
            body = response.get_data()
        assert (b"<html" in body) != page.download, page.name
