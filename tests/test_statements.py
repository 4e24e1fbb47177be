"""Statements written once (app/statements.py) give what their query gives, for every value."""

from datetime import date

import pytest
from peewee import JOIN

from app.accounts import User
from app.core.models import Setting
from app.permissions import Role
from app.statements import IDS, statement
from app.timesheets.models import MonthLock
from tests.conftest import create_user


@pytest.fixture
def people(app):
    lead = create_user("lead", Role.LEAD, display_name="Lead")
    mentors = [
        create_user(f"mentor{n}", Role.MENTOR, display_name=f"Mentor {n}", supervisor=lead)
        for n in range(4)
    ]
    return lead, mentors


def test_rows_are_the_querys_own_for_each_value(people):
    lead, mentors = people
    built = []

    @statement(int)
    def with_supervisor(user_id):
        built.append(user_id)
        supervisor = User.alias()
        return (
            User.select(User, supervisor.id, supervisor.display_name)
            .join(supervisor, JOIN.LEFT_OUTER, on=User.supervisor == supervisor.id, attr="boss")
            .where(User.id == user_id)
        )

    for person in [*mentors, lead]:
        (row,) = with_supervisor.rows(person.id)
        assert (row.id, row.username) == (person.id, person.username)
        assert (row.boss.display_name if row.boss else None) == ("Lead" if person != lead else None)
    assert with_supervisor.first(10**6) is None
    assert len(built) == 1  # written once, run six times


def test_lists_of_ids_and_shapes_each_get_their_own_statement(people):
    lead, mentors = people

    @statement(IDS, str)
    def names(ids, role, *, descending):
        order = User.display_name.desc() if descending else User.display_name
        return (
            User.select(User.display_name)
            .where(User.id.in_(ids), User.role == role)
            .tuples()
            .order_by(order)
        )

    ids = [mentor.id for mentor in mentors]
    assert names.rows(ids[:1], Role.MENTOR, descending=False) == [("Mentor 0",)]
    assert names.rows(ids[1:3], Role.MENTOR, descending=False) == [("Mentor 1",), ("Mentor 2",)]
    assert names.rows(ids[1:3], Role.MENTOR, descending=True) == [("Mentor 2",), ("Mentor 1",)]
    assert names.rows([*ids, lead.id], Role.MENTOR, descending=True)[0] == ("Mentor 3",)
    assert names.rows([lead.id], Role.LEAD, descending=True) == [("Lead",)]


def test_dates_and_dicts(people):
    lead, _ = people
    for month in (date(2026, 1, 1), date(2026, 3, 1)):
        MonthLock.create(month=month, locked_by=lead)

    @statement(date, date)
    def locks_between(first, last):
        return MonthLock.select(MonthLock.month).where(MonthLock.month.between(first, last)).dicts()

    assert locks_between.rows(date(2026, 1, 1), date(2026, 2, 28)) == [{"month": date(2026, 1, 1)}]
    assert len(locks_between.rows(date(2025, 1, 1), date(2026, 12, 31))) == 2
    assert locks_between.rows(date(2026, 4, 1), date(2026, 12, 31)) == []


def test_a_value_the_field_turns_into_another_is_refused(app):
    """A date compared with a text column reaches the SQL as text: the marker is lost, so the
    statement is refused rather than run with a stale value."""

    @statement(date)
    def settings_from(day):
        return Setting.select(Setting.key).where(Setting.value >= day)

    with pytest.raises(ValueError, match="not a parameter"):
        settings_from.rows(date(2026, 1, 1))


def test_a_value_that_never_reaches_the_sql_is_refused(app):
    @statement(int)
    def ignores_its_value(user_id):
        return User.select().where(User.id > 0)

    with pytest.raises(ValueError, match="not a parameter"):
        ignores_its_value.rows(1)


@pytest.mark.parametrize(
    "value", [True, "1", 1.0, None, date(2026, 1, 1)], ids=["bool", "str", "float", "none", "date"]
)
def test_values_of_another_kind_are_refused(app, value):
    @statement(int)
    def by_id(user_id):
        return User.select().where(User.id == user_id)

    with pytest.raises(TypeError):
        by_id.rows(value)


def test_an_empty_list_of_ids_is_refused(app):
    @statement(IDS)
    def by_ids(ids):
        return User.select().where(User.id.in_(ids))

    with pytest.raises(TypeError):
        by_ids.rows([])
