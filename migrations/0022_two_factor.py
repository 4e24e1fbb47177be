"""Two-factor sign-in (TOTP and recovery codes on the account), the known device an attempt
came from, and the roles that must use a second factor.

Existing installations get the default requirement (administrator, lead social worker,
coordinator): those people enrol at their next sign-in. The role codes are frozen here, not
imported, as a migration must not change when the app does.
"""

from peewee import BooleanField, CharField, IntegerField, Model, TextField

DEFAULT_REQUIRED_ROLES = "admin,lead_social_worker,coordinator"


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Setting(Base):
        key = CharField(max_length=64, unique=True)
        value = TextField(default="")

    migrator.add_column("user", "totp_secret", CharField(max_length=64, default="")).run()
    migrator.add_column("user", "totp_enabled", BooleanField(default=False)).run()
    migrator.add_column("user", "totp_last_step", IntegerField(default=0)).run()
    migrator.add_column("user", "recovery_codes", TextField(default="")).run()
    migrator.add_column("login_attempt", "device", CharField(max_length=32, default="")).run()

    key = "two_factor_roles"
    if not Setting.select().where(Setting.key == key).exists():
        Setting.create(key=key, value=DEFAULT_REQUIRED_ROLES)
