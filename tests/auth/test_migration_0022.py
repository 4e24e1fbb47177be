"""0022 gives a filled database's accounts the second factor's columns (off) and writes the
default requirement, so an existing administrator sets it up at the next sign-in."""

from datetime import datetime

from peewee import Table

from app.accounts import User
from app.auth import passwords
from app.auth.models import LoginAttempt
from app.auth.services import TWO_FACTOR_ROLES_KEY
from app.cli import migration_runner
from app.core.models import get_setting
from app.db import db
from tests.conftest import PASSWORD, login, make_app


def test_0022_upgrades_accounts_and_requires_a_second_factor_of_admin_lead_coordinator(
    tmp_path,
):
    application = make_app(tmp_path, migrated=False, upgrade=False)
    with application.app_context():
        runner = migration_runner()
        runner.up(target="0021_interim_report")
        Table("user").bind(db).insert(
            username="keeper",
            display_name="Kept Admin",
            role="admin",
            active=True,
            language="en",
            grammatical_gender="m",
            password_hash=passwords.hash_password(PASSWORD),
            must_change_password=False,
            session_token="t",
            email="",
            created_at=datetime(2020, 1, 1),
        ).execute()
        Table("login_attempt").bind(db).insert(
            username="keeper", ip="10.0.0.1", at=datetime(2020, 1, 1), succeeded=True
        ).execute()
        runner.up()
        kept = User.get(User.username == "keeper")
        assert (kept.totp_enabled, kept.totp_secret, kept.recovery_codes) == (False, "", "")
        assert LoginAttempt.get().device == ""
        assert get_setting(TWO_FACTOR_ROLES_KEY) == "admin,lead_social_worker,coordinator"
    client = application.test_client()
    assert login(client, "keeper").headers["Location"] == "/account/two-factor"
    db.close_all()
