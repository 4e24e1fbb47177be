"""Whom a reader may see by name: the one rule every per-person list, figure and export applies.

- the lead social worker, the coordinator and the administrator: every person of the service;
- a social worker: themself and the mentors they supervise (their team);
- a mentor: themself;
- the funder (auditor): nobody (reports give it aggregates only).

Pages that DOMAIN.md shares with all staff (the weekly reception-centre roster, the all-staff
meetings' attendance and minutes) do not apply it. Where a line necessarily involves a person
outside the reader's scope, `label_for` gives that person anonymised ("a mentor of another
team"), never the name. The rule lives below the features: they call it in their queries and
pages (tests/test_scope.py walks every page and export as each role)."""

from dataclasses import dataclass

from flask_babel import gettext as _
from peewee import SQL

from app.accounts import User
from app.permissions import Role

#: roles that see every person of the service by name
EVERYONE = frozenset({Role.LEAD, Role.COORDINATOR, Role.ADMIN})


def sees_everyone(viewer) -> bool:
    return getattr(viewer, "role", None) in EVERYONE


def people_condition(viewer, column=User.id):
    """The condition "the person whose id is in `column` is one `viewer` may see by name"."""
    role = getattr(viewer, "role", None)
    if role in EVERYONE:
        return SQL("1 = 1")
    if role == Role.SOCIAL_WORKER:
        team = User.select(User.id).where((User.id == viewer.id) | (User.supervisor == viewer.id))
        return column.in_(team)
    if role == Role.MENTOR:
        return column == viewer.id
    return SQL("1 = 0")


def people_visible_to(viewer):
    """The accounts `viewer` may see by name (a User query)."""
    return User.select().where(people_condition(viewer))


@dataclass(frozen=True)
class Scope:
    """The people one reader may see by name, read once (one query, none for those who see
    everyone): `user_id in scope`."""

    everyone: bool
    ids: frozenset[int]

    def __contains__(self, user_id) -> bool:
        return self.everyone or user_id in self.ids

    def filter(self, rows, key: str = "id") -> list:
        """The rows (dicts or objects) whose `key` is a person in scope."""
        if self.everyone:
            return list(rows)
        return [row for row in rows if _value(row, key) in self.ids]


def _value(row, key: str):
    return row.get(key) if isinstance(row, dict) else getattr(row, key, None)


def scope_of(viewer) -> Scope:
    if sees_everyone(viewer):
        return Scope(True, frozenset())
    ids = people_visible_to(viewer).select(User.id).tuples()
    return Scope(False, frozenset(uid for (uid,) in ids))


def anonymous(role: str | None) -> str:
    """A person outside the reader's scope, by role only."""
    if role == Role.MENTOR:
        return _("a mentor of another team")
    if role in Role.SUPERVISORS:
        return _("a social worker of another team")
    return _("a colleague")


def label_for(scope: Scope, user_id, name: str, role: str | None) -> str:
    """The person's name for a reader with this scope, or the person anonymised."""
    return name if user_id in scope else anonymous(role)
