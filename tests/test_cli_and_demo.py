"""The command line: demo organisation, first administrator, setup."""

import re

import pytest
from peewee import AutoField, fn

from app.accounts import User
from app.auth.passwords import DEMO_PASSWORD
from app.config import PROJECT_ROOT
from app.db import db
from app.demo import DEMO_STAFF
from app.models import ALL_MODELS
from app.permissions import Role
from tests.conftest import login
from tests.databases import ENGINE

SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"
#: ordinary Latvian words in the demo names, not names of people
ORDINARY_WORDS = {"mentors", "mentore", "fonda", "demo", "pārbaudītājs"}


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_demo_load_creates_the_fictional_staff(app):
    result = run(app, "demo", "load")
    assert result.exit_code == 0, result.output
    assert DEMO_PASSWORD in result.output
    staff = {user.username: user for user in User.select()}
    expected = {"admin", "coordinator", "lead", "worker", *(f"mentor{n}" for n in range(1, 12))}
    assert expected <= set(staff)
    for number in range(1, 12):
        mentor = staff[f"mentor{number}"]
        assert mentor.role == Role.MENTOR
        assert mentor.supervisor_id == staff["lead" if number <= 6 else "worker"].id
    assert login(app.test_client(), "mentor7", DEMO_PASSWORD).status_code == 303


def test_demo_is_marked_on_every_page(app):
    run(app, "demo", "load")
    page = app.test_client().get("/login").get_data(as_text=True)
    assert 'class="demo-banner"' in page
    assert "fiktīva" in page


def test_demo_load_refuses_a_database_with_users(app, users):
    result = run(app, "demo", "load")
    assert result.exit_code != 0
    assert run(app, "demo", "load", "--if-empty").exit_code == 0


def test_demo_names_are_not_from_the_source_documents():
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    text = " ".join(p.read_text().lower() for p in SEEDS.glob("*.txt"))
    words = set(re.findall(r"\w+", text))
    for _username, display_name, _role, _supervisor in DEMO_STAFF:
        for part in re.split(r"[\s\-()]+", display_name.lower()):
            if part and part not in ORDINARY_WORDS:
                assert part not in words, f"{part!r} appears in the source documents"


def create_admin(app, *password_args, input=None):
    command = ["users", "create", "--role", "admin", "--username", "Boss", "--display-name", "B"]
    return run(app, *command, *password_args, input=input)


def test_users_create_makes_an_admin_who_can_sign_in(app):
    result = create_admin(app, input="a long enough passphrase\na long enough passphrase\n")
    assert result.exit_code == 0, result.output
    assert login(app.test_client(), "boss", "a long enough passphrase").status_code == 303


def test_users_create_refuses_a_weak_password(app):
    result = create_admin(app, "--password", "short")
    assert result.exit_code != 0
    assert not User.select().exists()


def test_setup_without_demo_says_how_to_create_the_first_admin(app):
    result = run(app, "setup", "--no-demo")
    assert result.exit_code == 0
    assert "users create --role admin" in result.output
    assert not User.select().exists()


def test_setup_loads_the_demo_once(app):
    assert "mentor11" in run(app, "setup").output
    assert "mentor11" in run(app, "setup").output
    assert User.select().count() == len(DEMO_STAFF)


@pytest.mark.skipif(ENGINE != "postgresql", reason="SQLite numbers new rows past the largest id")
def test_after_the_demo_every_table_numbers_new_rows_past_its_largest_id(app):
    """The demo inserts rows with explicit ids; PostgreSQL's sequences must follow them, or the
    first entry a user writes collides with a demo row (a 500)."""
    run(app, "demo", "load")
    for model in ALL_MODELS:
        primary_key = model._meta.primary_key
        if not isinstance(primary_key, AutoField):
            continue
        largest = model.select(fn.MAX(primary_key)).scalar() or 0
        (next_id,) = db.execute_sql(
            "SELECT nextval(pg_get_serial_sequence(%s, %s))",
            (f'"{model._meta.table_name}"', primary_key.column_name),
        ).fetchone()
        assert next_id > largest, model.__name__
