"""Organisation-wide settings kept in the database (name, demo marker)."""

from peewee import CharField, TextField

from app.db import BaseModel


class Setting(BaseModel):
    key = CharField(max_length=64, unique=True)
    value = TextField(default="")


def get_setting(key: str, default: str = "") -> str:
    row = Setting.select(Setting.value).where(Setting.key == key).tuples().first()
    return row[0] if row else default


def set_setting(key: str, value: str) -> None:
    """Create or change a setting (inside the caller's write_tx)."""
    updated = Setting.update(value=value).where(Setting.key == key).execute()
    if not updated:
        Setting.create(key=key, value=value)
