"""Fixtures: an app on a temporary SQLite file, users of every role, browser-like clients, the
English UI, a contract around today, and the demo organisation.

Test code queries without `db.connection_context()`: peewee connects on a query when no
connection is open (its autoconnect), a request's teardown closes the connection it used, the
next query opens another, and the `app` fixture closes every one of them at teardown.
"""

import importlib
import pkgutil
import re
import shutil
import time
from collections import defaultdict
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask.testing import FlaskClient
from hypothesis import settings
from wtforms import FieldList, FormField
from wtforms.fields.core import UnboundField

import app as app_package
from app import create_app
from app.accounts import User
from app.auth import passwords
from app.auth.services import TWO_FACTOR_ROLES_KEY
from app.calendar import add_months, local_today, week_start_of
from app.cli import upgrade_database
from app.core.models import set_setting
from app.db import db, write_tx
from app.forms import BaseForm
from app.periods.models import Period, PeriodKind
from app.periods.services import create_contract
from app.permissions import Role
from tests.databases import (
    ENGINE,
    POSTGRES_ADMIN_URL,
    PostgresCluster,
    scrub_environment,
    sqlite_url,
)

# Falsifying examples are printed with the failure: no example database in the checkout; no
# deadline on a machine that runs other work meanwhile.
settings.register_profile("tests", database=None, deadline=None)
settings.load_profile("tests")

PASSWORD = "correct horse battery staple"
CSRF_META = re.compile(rb'<meta name="csrf-token" content="([^"]+)"')
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """The production argon2 parameters cost ~50 ms a hash; tests use light ones."""
    original = passwords.hasher
    passwords.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    passwords.dummy_hash.cache_clear()
    yield
    passwords.hasher = original
    passwords.dummy_hash.cache_clear()


class BrowserLikeClient(FlaskClient):
    """Sends the CSRF token of the last page it read, as the app's own script does."""

    csrf_token: str | None = None

    def open(self, *args, **kwargs):
        method = kwargs.get("method", "GET").upper()
        send_token = kwargs.pop("csrf", True)
        if send_token and method in UNSAFE_METHODS and self.csrf_token:
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRFToken", self.csrf_token)
            kwargs["headers"] = headers
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html":
            found = CSRF_META.search(response.get_data())
            if found:
                self.csrf_token = found.group(1).decode()
        return response


#: the folder of a database with every migration applied, made once per run (below)
MIGRATED: dict[str, Path] = {}
#: the environment's settings, removed before any app is built (tests/databases.py)
SCRUBBED = scrub_environment()
#: the throwaway PostgreSQL cluster, when the suite runs on PostgreSQL
CLUSTER: list[PostgresCluster] = []


@pytest.fixture(autouse=True, scope="session")
def postgres_cluster():
    """On PostgreSQL: the cluster's connection, and every database the run made dropped at its
    end (a test's own is dropped at the test's end already)."""
    if ENGINE != "postgresql":
        yield None
        return
    CLUSTER.append(PostgresCluster(POSTGRES_ADMIN_URL))
    yield CLUSTER[0]
    db.close_all()
    CLUSTER.pop().drop_all()


@pytest.fixture(autouse=True, scope="session")
def migrated_database(postgres_cluster, tmp_path_factory):
    """Migrating a new database costs about half a second, most of a test's setup; copying a
    migrated one costs a millisecond. Each test still gets a database of its own."""
    folder = tmp_path_factory.mktemp("migrated")
    make_app(folder, migrated=False)
    db.close_all()  # the last connection out checkpoints the WAL into app.db
    MIGRATED["folder"] = folder
    yield
    MIGRATED.clear()


def make_app(tmp_path, migrated: bool = True, upgrade: bool = True, **overrides):
    """The app on a database of `tmp_path`'s own (its app.db file, or on PostgreSQL a database
    recorded in the folder): a copy of the migrated one unless `migrated` is False; upgraded,
    as `flask db upgrade` would, unless `upgrade` is False."""
    tmp_path = Path(tmp_path)
    if "DATABASE_URL" not in overrides:
        overrides["DATABASE_URL"] = own_database_url(tmp_path, migrated and bool(MIGRATED))
    config = {"TESTING": True, "DATA_DIR": tmp_path, "SECRET_KEY": "test-secret", **overrides}
    application = create_app(config)
    assert application.config["DATABASE_URL"] == overrides["DATABASE_URL"]
    assert db.autoconnect, "test code queries without a connection context (see the docstring)"
    application.test_client_class = BrowserLikeClient
    if upgrade:
        upgrade_database()
        # no role must use a second factor unless a test says so (tests/auth/test_two_factor.py)
        require_two_factor()
    return application


def require_two_factor(*roles: str) -> None:
    """Make these roles (none: no role) use a second factor, as the administrator's page does."""
    with write_tx():
        set_setting(TWO_FACTOR_ROLES_KEY, ",".join(roles))


def own_database_url(folder: Path, from_migrated: bool) -> str:
    """The URL of the folder's own database, copied from the migrated one if asked."""
    if ENGINE == "postgresql":
        cluster = CLUSTER[0]
        template = None
        if from_migrated:
            cluster.forget(folder)
            template = cluster.database_for(MIGRATED["folder"], None)
        return cluster.url(cluster.database_for(folder, template))
    if from_migrated:
        for name in ("app.db", "app.db-wal"):
            if (MIGRATED["folder"] / name).exists():
                shutil.copy(MIGRATED["folder"] / name, folder / name)
    return sqlite_url(folder)


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory) -> Path:
    """A data folder (database and uploads) with the demo organisation loaded by `flask demo
    load`, made once; an app of a test's own runs on a copy (shutil.copytree)."""
    folder = tmp_path_factory.mktemp("demo")
    result = make_app(folder).test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    db.close_all()  # the last connection out checkpoints the WAL into app.db
    return folder


@pytest.fixture
def app(tmp_path):
    """The app on a database of the test's own; every connection to it (the test's, its
    requests', its threads') is closed at teardown."""
    application = make_app(tmp_path)
    yield application
    db.close_all()
    if CLUSTER:
        CLUSTER[0].forget(tmp_path)


def create_user(username: str, role: str, **fields) -> User:
    return User.create(
        username=username,
        display_name=fields.pop("display_name", username.title()),
        role=role,
        password_hash=passwords.hash_password(fields.pop("password", PASSWORD)),
        session_token=passwords.new_session_token(),
        **fields,
    )


@pytest.fixture
def users(app) -> dict[str, User]:
    """One active user per role (the mentor supervised by the social worker)."""
    made = {role: create_user(role.replace("_", ""), role) for role in Role.ALL}
    made[Role.MENTOR].supervisor = made[Role.SOCIAL_WORKER]
    made[Role.MENTOR].save()
    return made


@pytest.fixture
def english(app, users):
    """Everyone reads the English UI, so assertions can quote the messages."""
    User.update(language="en").execute()
    return users


def login(client: FlaskClient, username: str, password: str = PASSWORD):
    client.get("/login")
    response = client.post("/login", data={"username": username, "password": password})
    client.get("/")  # pick up the new session's CSRF token
    return response


def wait_for(client, url: str, seconds: float = 30) -> str:
    """Poll the job's fragment at `url` until it stops polling, as the page's htmx does; its
    last fragment."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
        if "hx-trigger" not in page:
            return page
        assert "every 1s" in page and f'href="{url}"' in page  # polls, and a plain link
        time.sleep(0.2)
    raise AssertionError("the job did not finish")


@pytest.fixture
def client_as(app, users):
    """client_as(role) -> a client signed in as that role's user."""

    def make(role: str) -> FlaskClient:
        client = app.test_client()
        response = login(client, users[role].username)
        assert response.status_code == 303, response.get_data(as_text=True)
        return client

    return make


@pytest.fixture
def last_week() -> date:
    """Tuesday of last week: past (attendance can be marked), and in a whole past week."""
    return week_start_of(local_today()) - timedelta(days=6)


@pytest.fixture
def contract(app):
    """A contract that began on the first of the month 13 months ago and runs two more years:
    three six-month periods have begun, two of them are over."""
    starts = add_months(local_today(), -13)
    return create_contract(
        None,
        {
            "number": "SAM-2024/1",
            "funder": "The ministry",
            "starts_on": starts,
            "ends_on": starts.replace(year=starts.year + 3) - timedelta(days=1),
            "amount_cents": 0,
        },
    )


@pytest.fixture
def interims(contract) -> list[Period]:
    """The contract's six-month periods, oldest first: [0] and [1] are over, [2] holds today."""
    return list(
        Period.select()
        .where(Period.contract == contract.id, Period.kind == PeriodKind.INTERIM)
        .order_by(Period.starts_on)
    )


# --- every name a request can carry, for the garbage-input tests ------------------------------

#: a value read straight from the request by a view (`request.args.get("month")`, ...)
REQUEST_PARAMETER = re.compile(r'\b(?:args|form|values)\.get(?:list)?\(\s*"([^"]+)"')
#: a form built under a fixed prefix (`CommentForm(prefix="comment")`, `prefix=CLOSE_PREFIX`)
FORM_PREFIX = re.compile(r'\b(\w+Form)\([^()]*\bprefix=(?:"(\w+)"|([A-Z_]+)\b)')


def field_names(form_class: type[BaseForm], prefix: str = "") -> list[str]:
    """The names a form reads from a request, under `prefix`: its fields, a FieldList's first
    entry (`marks-0`) and a FormField's subfields (`marks-0-hours`)."""
    names = []
    for attribute in dir(form_class):
        unbound = getattr(form_class, attribute)
        if isinstance(unbound, UnboundField):
            names += _unbound_names(unbound, f"{prefix}-{attribute}" if prefix else attribute)
    return sorted(names)


def _unbound_names(unbound: UnboundField, name: str) -> list[str]:
    if issubclass(unbound.field_class, FieldList):
        return _unbound_names(unbound.args[0], f"{name}-0")
    if issubclass(unbound.field_class, FormField):
        return field_names(unbound.args[0], name)
    return [name]


def _subclasses(cls: type) -> list[type]:
    return [found for sub in cls.__subclasses__() for found in (sub, *_subclasses(sub))]


@cache
def input_names() -> list[str]:
    """Every name the app reads from a request: the fields of every form under app/ (also under
    the fixed prefixes the views give them) and the parameters views read themselves."""
    for module in pkgutil.walk_packages(app_package.__path__, "app."):
        importlib.import_module(module.name)
    names, prefixes = set(), defaultdict(set)
    for path in Path(app_package.__file__).parent.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        names.update(REQUEST_PARAMETER.findall(source))
        for form, literal, constant in FORM_PREFIX.findall(source):
            value = literal or re.search(rf'^{constant} = "(\w+)"', source, re.MULTILINE)[1]
            prefixes[form].add(value)
    for form_class in _subclasses(BaseForm):
        for prefix in ("", *prefixes[form_class.__name__]):
            names.update(field_names(form_class, prefix))
    return sorted(names)
