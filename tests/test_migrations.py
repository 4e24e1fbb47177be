"""Migrations build exactly the models' schema, and upgrading keeps a filled database's data."""

import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from peewee import IntegrityError, SqliteDatabase, Table
from playhouse.schema_diff import diff_models

from app.accounts import User
from app.audit import AuditEvent
from app.auth.passwords import DEMO_PASSWORD
from app.cases.models import CaseClosure, CaseFile
from app.cli import backup, migration_runner, restore, upgrade_database
from app.clients.models import Client, Membership
from app.db import db
from app.demo import load_demo
from app.idempotency import REPLAY_HEADER, HandledRequest
from app.meetings.demo import EMERGENCY_DAY
from app.meetings.search import search
from app.models import ALL_MODELS
from app.permissions import Role
from app.timesheets.models import ActivityType
from tests.conftest import login, make_app
from tests.databases import ENGINE


def schema_of(database_file: Path) -> dict:
    """Columns (name, type, not null, primary key), foreign keys and indexes, per table."""
    with sqlite3.connect(database_file) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'schema_migration' "
                # the full-text index is SQL-only (FTS5), not a model
                "AND name NOT LIKE 'meeting_search%'"
            )
        ]
        schema = {}
        for table in tables:
            columns = {
                (row[1], row[2].upper(), row[3], row[5])
                for row in conn.execute(f'PRAGMA table_info("{table}")')
            }
            foreign_keys = {
                (row[3], row[2], row[4], row[6])
                for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')
            }
            indexes = set()
            for row in conn.execute(f'PRAGMA index_list("{table}")'):
                cols = tuple(c[2] for c in conn.execute(f"PRAGMA index_info('{row[1]}')"))
                indexes.add((cols, row[2]))
            schema[table] = (columns, foreign_keys, indexes)
    conn.close()
    return schema


def test_migrated_schema_equals_the_models(app):
    assert not diff_models(db.obj, ALL_MODELS)


@pytest.mark.skipif(ENGINE != "sqlite", reason="compares SQLite's own schema tables")
def test_migrated_sqlite_schema_equals_the_models_created_directly(app, tmp_path):
    """Also what diff_models does not compare: foreign keys' actions and index uniqueness."""
    migrated = Path(app.config["DATA_DIR"]) / "app.db"

    reference_file = tmp_path / "models.db"
    reference = SqliteDatabase(str(reference_file))
    with reference.bind_ctx(ALL_MODELS):
        reference.create_tables(ALL_MODELS)
    reference.close()
    assert schema_of(migrated) == schema_of(reference_file)


def test_every_migration_is_applied_and_a_second_upgrade_does_nothing(app):
    status = migration_runner().status()
    assert status and all(migration.applied for migration in status)
    assert upgrade_database() == []


def test_audit_events_cannot_be_changed_or_deleted(app):
    event = AuditEvent.create(action="test.event")
    with pytest.raises(IntegrityError):
        AuditEvent.update(action="forged").where(AuditEvent.id == event.id).execute()
    with pytest.raises(IntegrityError):
        AuditEvent.delete().where(AuditEvent.id == event.id).execute()
    assert AuditEvent.get_by_id(event.id).action == "test.event"


@pytest.mark.skipif(ENGINE != "sqlite", reason="backup and restore handle SQLite; pg_dump does PG")
def test_a_filled_database_survives_backup_restore_and_upgrade(tmp_path):
    source_dir, target_dir = tmp_path / "source", tmp_path / "target"
    source_dir.mkdir()
    target_dir.mkdir()
    source = make_app(source_dir)
    with source.app_context():
        load_demo()
        expected = sorted(User.select(User.username, User.role).tuples())
    runner = CliRunner()
    with source.app_context():
        result = runner.invoke(backup, ["--to", str(tmp_path)])
        assert result.exit_code == 0, result.output
    db.close_all()
    archive = next(tmp_path.glob("mentoru-*.tar.gz"))

    target = make_app(target_dir)
    with target.app_context():
        result = runner.invoke(restore, [str(archive), "--yes"])
        assert result.exit_code == 0, result.output
    db.close_all()
    upgrade_database()
    assert sorted(User.select(User.username, User.role).tuples()) == expected
    db.close_all()


def test_each_migration_upgrades_a_database_filled_at_the_previous_one(tmp_path):
    """Users created under 0001 keep everything through 0002 (which adds columns and tables)."""
    application = make_app(tmp_path, migrated=False, upgrade=False)
    with application.app_context():
        runner = migration_runner()
        runner.up(target="0001_initial")
        # the table as 0001 made it, not as the User model (which has later columns) sees it
        Table("user").bind(db).insert(
            username="keeper",
            display_name="Kept Person",
            role="mentor",
            active=True,
            language="en",
            password_hash="x",
            must_change_password=False,
            session_token="t",
            created_at=datetime(2020, 1, 1),
        ).execute()
        runner.up()
        kept = User.get(User.username == "keeper")
        assert (kept.display_name, kept.language, kept.email, kept.start_date) == (
            "Kept Person",
            "en",
            "",
            None,
        )
        assert not diff_models(db.obj, ALL_MODELS)
    db.close_all()


def insert_account(users: Table, username: str, display_name: str, role: str) -> None:
    """An account row as an older schema holds it (no model: the model is today's)."""
    users.insert(
        username=username,
        display_name=display_name,
        role=role,
        active=True,
        language="lv",
        password_hash="x",
        must_change_password=False,
        session_token=username,
        email="",
        created_at=datetime(2020, 1, 1),
    ).execute()


@pytest.mark.skipif(ENGINE != "postgresql", reason="0008 builds PostgreSQL's search index")
def test_0008_indexes_the_meetings_a_postgresql_database_already_holds(demo_folder, tmp_path):
    """The demo organisation as its database was before 0008 (the search index, its text-search
    configuration and the migration's record gone): the upgrade indexes the meetings it holds."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_folder, folder)
    application = make_app(folder, migrated=False, upgrade=False)
    with application.app_context():
        db.execute_sql("DROP TABLE meeting_search")
        db.execute_sql("DROP TEXT SEARCH CONFIGURATION mentoru_search")
        runner = migration_runner()
        runner.History.delete().where(runner.History.name == "0008_postgresql").execute()
        assert upgrade_database() == ["0008_postgresql"]
        coordinator = User.get(User.role == Role.COORDINATOR)
        assert {result["day"] for result in search(coordinator, "arkarteja")} == {EMERGENCY_DAY}
    db.close_all()


def test_0007_upgrades_a_filled_database_and_its_creates_are_then_answered_once(
    demo_folder, tmp_path
):
    """The demo organisation as its database was before 0007 (the table and its migration's
    record gone): the upgrade adds the table and keeps every row."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_folder, folder)
    application = make_app(folder, migrated=False, upgrade=False)
    with application.app_context():
        db.drop_tables([HandledRequest])
        runner = migration_runner()
        runner.History.delete().where(runner.History.name == "0007_idempotency").execute()
        kept = [model for model in ALL_MODELS if model is not HandledRequest]
        before = {model.__name__: model.select().count() for model in kept}
        assert upgrade_database() == ["0007_idempotency"]
        assert {model.__name__: model.select().count() for model in kept} == before
        assert not diff_models(db.obj, ALL_MODELS)
        lead = User.get(User.role == Role.LEAD).username
    client = application.test_client()
    assert login(client, lead, DEMO_PASSWORD).status_code == 303
    form = {"name_lv": "Pārbaude", "name_en": "Check", "idempotency_key": "k"}
    first = client.post("/timesheets/activities", data=form)
    second = client.post("/timesheets/activities", data=form)
    assert first.status_code == second.status_code == 303
    assert second.headers[REPLAY_HEADER] == "true"
    assert ActivityType.select().count() == before["ActivityType"] + 1
    db.close_all()


def table_rows(name: str) -> list[tuple]:
    """Every row of a table as it is stored, in id order where there is one."""
    table = Table(name).bind(db)
    columns = [column.name for column in db.get_columns(name)]
    query = table.select(*[getattr(table.c, column) for column in columns]).tuples()
    if "id" in columns:
        query = query.order_by(table.c.id)
    return list(query)


def test_0009_gives_a_filled_databases_case_files_their_members_and_closings(tmp_path):
    """Case files of 1, 3 and 5 people (one closed) made under 0008: after the upgrade each has
    as many members as its head count, details unknown, numbered from its opening; the closed
    one a closing without a reason; every row before is still there as it was."""
    application = make_app(tmp_path, migrated=False, upgrade=False)
    with application.app_context():
        runner = migration_runner()
        runner.up(target="0008_postgresql")
        users = Table("user").bind(db)
        for username, role in (("worker", "social_worker"), ("mentor", "mentor")):
            insert_account(users, username, username.title(), role)
        people = dict(users.select(users.c.username, users.c.id).tuples())
        case_files = Table("case_file").bind(db)
        heads = {"L-0001": 1, "L-0002": 3, "L-0003": 5}
        for code, head_count in heads.items():
            case_files.insert(
                code=code,
                kind="individual" if head_count == 1 else "family",
                people=head_count,
                social_worker_id=people["worker"],
                mentor_id=people["mentor"],
                opened_on=date(2019, 12, 2),
                closed_on=date(2020, 3, 31) if code == "L-0002" else None,
            ).execute()
        ids = dict(case_files.select(case_files.c.code, case_files.c.id).tuples())
        history = runner.History._meta.table_name
        before = {name: table_rows(name) for name in db.get_tables() if name != history}

        assert runner.up(target="0009_clients") == ["0009_clients"]

        assert {name: table_rows(name) for name in before} == before
        for code, head_count in heads.items():
            case = CaseFile.get_by_id(ids[code])
            assert case.people == head_count
            joined = list(case.memberships.order_by(Membership.number))
            assert [m.number for m in joined] == list(range(1, head_count + 1))
            assert {m.joined_on for m in joined} == {date(2019, 12, 2)}
            for membership in joined:
                client = membership.client
                unknown = (client.gender, client.birth_year, client.country)
                assert unknown == (None, None, None)
                assert (client.arrival_route, client.arrived_on, client.school_grade) == (
                    None,
                    None,
                    None,
                )
                assert not client.legal_events.exists() and not client.residences.exists()
        assert Client.select().count() == Membership.select().count() == 1 + 3 + 5
        assert [(c.case_id, c.closed_on, c.reason) for c in CaseClosure.select()] == [
            (ids["L-0002"], date(2020, 3, 31), None)
        ]
        runner.up()  # the later migrations on the upgraded rows
        assert not diff_models(db.obj, ALL_MODELS)
    db.close_all()
