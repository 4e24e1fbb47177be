"""The account every record names: a person of the service with a role. Every feature refers to
it, so it lives below them all (signing in and out is the auth feature's)."""

from flask_login import UserMixin
from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, TextField

from app.db import BaseModel, utcnow


class User(UserMixin, BaseModel):
    username = CharField(max_length=64, unique=True)  #: stored lower-case
    display_name = CharField(max_length=120)
    role = CharField(max_length=32, index=True)
    active = BooleanField(default=True)
    language = CharField(max_length=8, default="lv")
    #: for mentors: the social worker (or lead) who supervises them and approves their weeks
    supervisor = ForeignKeyField("self", null=True, backref="mentors", on_delete="SET NULL")
    password_hash = TextField()
    must_change_password = BooleanField(default=False)
    #: rotated at logout, password change and deactivation; ends every other open session
    session_token = CharField(max_length=64)
    email = CharField(max_length=254, default="")  #: for reminders, when SMTP is configured
    #: the first day this person works for the service; no timesheet entry before it
    start_date = DateField(null=True)
    created_at = DateTimeField(default=utcnow)
    last_login_at = DateTimeField(null=True)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.active
