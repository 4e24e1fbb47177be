"""Organisation-wide settings kept in the database (name, demo marker)."""

from flask import current_app, g, has_request_context
from peewee import CharField, TextField

from app.db import BaseModel
from app.statements import statement


class Setting(BaseModel):
    key = CharField(max_length=64, unique=True)
    value = TextField(default="")


@statement()
def _setting_rows():
    return Setting.select(Setting.key, Setting.value).tuples()


def _all_settings() -> dict[str, str]:
    """Every setting: the table holds a handful of rows, so one query reads them all."""
    if not has_request_context():
        return dict(_setting_rows.rows())
    # Read once per request, never kept across requests: another app server may change them.
    if "settings" not in g:
        g.settings = dict(_setting_rows.rows())
    return g.settings


def forget_settings() -> None:
    """Drop the request's copy of the settings, so the next read sees the table again."""
    if has_request_context():
        g.pop("settings", None)


def get_setting(key: str, default: str = "") -> str:
    return _all_settings().get(key, default)


def organisation_name() -> str:
    """The organisation's name, as pages and documents give it: the setting the administrator
    (or the demo) keeps, else the configuration's ORG_NAME."""
    return get_setting("org_name") or current_app.config.get("ORG_NAME", "")


def set_setting(key: str, value: str) -> None:
    """Create or change a setting (inside the caller's write_tx)."""
    forget_settings()
    updated = Setting.update(value=value).where(Setting.key == key).execute()
    if not updated:
        Setting.create(key=key, value=value)
