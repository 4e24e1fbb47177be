"""Command-line tools: flask db, users, demo, setup, backup and restore."""

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from playhouse.migrations import Runner

from app import backups
from app.admin.services import create_user
from app.auth import passwords, services
from app.db import db
from app.demo import database_is_empty, is_demo, load_demo, print_logins
from app.refusals import Refused

db_cli = AppGroup("db", help="Database schema migrations.")
users_cli = AppGroup("users", help="User accounts.")
demo_cli = AppGroup("demo", help="The fictional demo organisation.")


def migration_runner() -> Runner:
    return Runner(db.obj, directory=str(backups.MIGRATIONS_DIR))


def upgrade_database() -> list[str]:
    """Apply every pending migration in order; returns their names."""
    with db.connection_context():
        return migration_runner().up()


@db_cli.command("upgrade")
def db_upgrade():
    """Apply pending migrations."""
    applied = upgrade_database()
    click.echo(f"Applied: {', '.join(applied)}" if applied else "The database is up to date.")


@db_cli.command("status")
def db_status():
    """List migrations and whether each is applied."""
    with db.connection_context():
        for migration in migration_runner().status():
            state = migration.applied.isoformat(" ", "seconds") if migration.applied else "pending"
            click.echo(f"{migration.name:40} {state}")


@db_cli.command("new")
@click.argument("name")
def db_new(name: str):
    """Write a numbered, empty migration file."""
    with db.connection_context():
        click.echo(migration_runner().create(name))


@users_cli.command("create")
@click.option("--role", required=True, type=click.Choice(["admin", "coordinator", "auditor"]))
@click.option("--username", required=True)
@click.option("--display-name", required=True)
@click.password_option(help="At least 12 characters; asked for when not given.")
def users_create(role: str, username: str, display_name: str, password: str):
    """Create an account from the shell (the first administrator, typically)."""
    problem = passwords.password_problem(password, username)
    if problem:
        raise click.ClickException(str(problem))
    values = {
        "username": services.normalise_username(username),
        "display_name": display_name.strip(),
        "role": role,
        "language": "lv",
        "supervisor": None,
    }
    with db.connection_context():
        try:
            user, _temporary = create_user(None, values)
        except Refused as refused:
            raise click.ClickException(str(refused.message)) from refused
        services.change_password(user, password)
    click.echo(f"Created {role} {user.username}.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
def demo_load(if_empty: bool):
    """Create the fictional demo organisation (only into an empty database)."""
    with db.connection_context():
        if not database_is_empty():
            if if_empty:
                return
            raise click.ClickException("The database already has users; demo data not loaded.")
        load_demo()
    print_logins(click.echo)


@click.command("setup")
@click.option("--demo/--no-demo", default=True, help="Load the demo organisation if empty.")
@with_appcontext
def setup(demo: bool):
    """Migrate, load the demo when the database is empty, and say how to sign in."""
    upgrade_database()
    with db.connection_context():
        if demo and database_is_empty():
            load_demo()
        empty, demo_present = database_is_empty(), is_demo()
    if demo_present:
        print_logins(click.echo)
    elif empty:
        click.echo(
            "The database is empty. Create the first administrator with:\n"
            "  .venv/bin/flask --app wsgi users create --role admin "
            '--username admin --display-name "Administrator"'
        )


GPG_HOME_HELP = "gpg's home folder (default: $GNUPGHOME, else ~/.gnupg)."


@click.command("backup")
@click.option(
    "--to",
    "target_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the archives; $DATA_DIR/backups when not given.",
)
@click.option("--keep", type=click.IntRange(min=1), help="Keep only the newest N archives there.")
@click.option(
    "--verify",
    "to_verify",
    type=click.Path(path_type=Path),
    metavar="ARCHIVE",
    help="Check an archive instead of making one.",
)
@click.option(
    "--encrypt-to",
    metavar="RECIPIENT",
    help="Encrypt for this gpg public key (default: the BACKUP_ENCRYPT_TO setting).",
)
@click.option("--homedir", type=click.Path(file_okay=False, path_type=Path), help=GPG_HOME_HELP)
@with_appcontext
def backup(
    target_dir: Path | None,
    keep: int | None,
    to_verify: Path | None,
    encrypt_to: str | None,
    homedir: Path | None,
):
    """A consistent snapshot of the database and uploads (safe while the app runs), or with
    --verify the check of one."""
    if to_verify:
        if target_dir or keep or encrypt_to:
            raise click.UsageError("--verify checks an archive: no --to, --keep or --encrypt-to.")
        click.echo(_or_one_line("Not a good backup", backups.verify_archive, to_verify, homedir))
        return
    target_dir = target_dir or Path(current_app.config["DATA_DIR"]) / "backups"
    if encrypt_to is None:
        encrypt_to = current_app.config["BACKUP_ENCRYPT_TO"]
    archive = _or_one_line(
        "No backup was made",
        backups.create_backup,
        target_dir,
        keep=keep,
        encrypt_to=encrypt_to,
        gnupg_home=homedir,
    )
    click.echo(str(archive))


@click.command("restore")
@click.argument("archive", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the current database and uploads.")
@click.option(
    "--stop-with",
    metavar="COMMAND",
    default="",
    help="Run this to stop the app (e.g. 'systemctl stop mentoru'), then wait for it to stop.",
)
@click.option("--homedir", type=click.Path(file_okay=False, path_type=Path), help=GPG_HOME_HELP)
@with_appcontext
def restore(archive: Path, yes: bool, stop_with: str, homedir: Path | None):
    """Replace the database and uploads with a verified backup; the current ones are kept
    aside. Refused while the app serves (stop it, or pass --stop-with)."""
    if not (yes or _confirmed("Replace the current database and uploads with this backup?")):
        raise click.ClickException("Nothing was restored: not confirmed (pass --yes).")
    restored = _or_one_line(
        "Nothing was restored",
        backups.restore_archive,
        archive,
        stop_with=stop_with,
        gnupg_home=homedir,
    )
    kept = [str(path) for path in (restored.kept_database, restored.kept_uploads) if path]
    click.echo(
        f"Restored {archive} into {restored.database}"
        + (f"; the previous data is kept as {' and '.join(kept)}" if kept else "")
        + ". Start the app again."
    )


def _or_one_line(failure: str, action, *args, **kwargs):
    """The action's result; its refusal (or an error of the file system) as one line on stderr
    and exit code 1, never a traceback."""
    try:
        return action(*args, **kwargs)
    except Refused as refused:
        raise click.ClickException(f"{failure}: {refused.message}") from refused
    except OSError as error:
        raise click.ClickException(f"{failure}: {error}") from error


def _confirmed(question: str) -> bool:
    """Asked only at a terminal; anywhere else (cron, a pipe) --yes is the confirmation."""
    if not sys.stdin.isatty():
        return False
    try:
        return click.confirm(question)
    except click.Abort:
        return False


def register_cli(app: Flask) -> None:
    for command in (db_cli, users_cli, demo_cli, setup, backup, restore):
        app.cli.add_command(command)
