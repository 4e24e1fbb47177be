"""Organisation-wide settings kept in the database (name, demo marker)."""

from flask import current_app
from peewee import CharField, TextField

from app.db import BaseModel


class Setting(BaseModel):
    key = CharField(max_length=64, unique=True)
    value = TextField(default="")


def get_setting(key: str, default: str = "") -> str:
    row = Setting.select(Setting.value).where(Setting.key == key).tuples().first()
    return row[0] if row else default


def organisation_name() -> str:
    """The organisation's name, as pages and documents give it: the setting the administrator
    (or the demo) keeps, else the configuration's ORG_NAME."""
    return get_setting("org_name") or current_app.config.get("ORG_NAME", "")


def set_setting(key: str, value: str) -> None:
    """Create or change a setting (inside the caller's write_tx)."""
    updated = Setting.update(value=value).where(Setting.key == key).execute()
    if not updated:
        Setting.create(key=key, value=value)
