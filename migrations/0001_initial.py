"""Accounts, login attempts, settings and the append-only audit log."""

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        username = CharField(max_length=64, unique=True)
        display_name = CharField(max_length=120)
        role = CharField(max_length=32, index=True)
        active = BooleanField(default=True)
        language = CharField(max_length=8, default="lv")
        supervisor = ForeignKeyField("self", null=True, backref="mentors", on_delete="SET NULL")
        password_hash = TextField()
        must_change_password = BooleanField(default=False)
        session_token = CharField(max_length=64)
        created_at = DateTimeField()
        last_login_at = DateTimeField(null=True)

    class LoginAttempt(Base):
        username = CharField(max_length=64, index=True)
        ip = CharField(max_length=64, index=True)
        at = DateTimeField(index=True)
        succeeded = BooleanField(default=False)

    class Setting(Base):
        key = CharField(max_length=64, unique=True)
        value = TextField(default="")

    class AuditEvent(Base):
        at = DateTimeField(index=True)
        actor = ForeignKeyField(User, null=True, on_delete="RESTRICT")
        action = CharField(max_length=64, index=True)
        object_type = CharField(max_length=64, default="")
        object_id = IntegerField(null=True)
        changes = TextField(default="")
        ip = CharField(max_length=64, default="")

    db.create_tables([User, LoginAttempt, Setting, AuditEvent])
    make_append_only(db, "audit_event")


def make_append_only(db, table):
    """A trigger that rejects UPDATE and DELETE, so history cannot be rewritten through the app."""
    if isinstance(db, SqliteDatabase):
        for verb in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        return
    db.execute_sql(
        f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
    )
    db.execute_sql(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
    )
