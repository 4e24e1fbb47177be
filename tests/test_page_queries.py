"""The ordinary pages read the database a handful of times, sign-in check and settings
included, on the demo organisation's filled records (N+1 reads would show here first)."""

import shutil

import pytest
from playhouse.test_utils import count_queries

from app.accounts import User
from app.auth.passwords import DEMO_PASSWORD
from app.db import db
from tests.conftest import login, make_app

#: the most reads an ordinary page may make: the user, the settings and the page's own
BUDGET = 6
#: the mentor's home page gathers seven lists of their own (reminders, this week with the
#: weeks sent back, the next supervision, plan tasks, action items) and so reads one more
MENTOR_HOME_BUDGET = 7


@pytest.fixture(scope="module")
def demo(demo_folder, tmp_path_factory):
    folder = tmp_path_factory.mktemp("page-queries") / "data"
    shutil.copytree(demo_folder, folder)
    application = make_app(folder, migrated=False, upgrade=False)
    yield application
    db.close_all()


def signed_in(application, username: str):
    client = application.test_client()
    assert login(client, username, DEMO_PASSWORD).status_code == 303
    return client


def reads_of(client, path: str, **headers) -> int:
    client.get(path, headers=headers)  # the first request may warm caches of its own
    with count_queries() as counted:
        response = client.get(path, headers=headers)
        response.get_data()
    assert response.status_code == 200, path
    return counted.count


def mentor_week(username: str = "mentor1") -> str:
    mentor = User.get(User.username == username)
    return f"/timesheets/{mentor.id}/2020/10"  # a demo week with entries and case files


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_the_week_page_stays_within_the_budget(demo, htmx):
    client = signed_in(demo, "mentor1")
    headers = {"HX-Request": "true"} if htmx else {}
    assert reads_of(client, mentor_week(), **headers) <= BUDGET


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("lead", "/timesheets/queue"),
        ("lead", "/meetings/"),
        ("lead", "/timesheets/team?week=2020-W10"),
        ("worker", "/timesheets/team?week=2020-W10"),
    ],
)
def test_the_lists_stay_within_the_budget(demo, username, path):
    assert reads_of(signed_in(demo, username), path) <= BUDGET


@pytest.mark.parametrize("username", ["admin", "auditor"])
def test_home_pages_with_few_lists_stay_within_the_budget(demo, username):
    assert reads_of(signed_in(demo, username), "/") <= BUDGET


def test_the_mentors_home_page_stays_within_its_budget(demo):
    assert reads_of(signed_in(demo, "mentor1"), "/") <= MENTOR_HOME_BUDGET
