"""The double-funding check reads the days with paid interpreting through their own index
(migration 0026), and finds the same conflicts as reading every entry would."""

from datetime import date

import pytest

from app.db import db, is_sqlite
from app.permissions import Role
from app.timesheets import queries
from app.timesheets.models import EntryCase
from tests.databases import ENGINE
from tests.factories import add_entry, create_user, make_case, make_week

MONDAY = date(2026, 3, 2)
INDEX = "entry_paid_interpreting_day"


def test_the_migration_makes_a_partial_index_of_the_paid_interpreting_entries(app):
    if is_sqlite():
        (definition,) = db.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (INDEX,)
        ).fetchone()
    else:
        (definition,) = db.execute_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", (INDEX,)
        ).fetchone()
    assert "paid_interpreting" in definition.split("WHERE", 1)[1]


@pytest.mark.skipif(
    ENGINE != "sqlite", reason="SQLite's own plan; PostgreSQL's follows its statistics"
)
def test_the_days_are_found_in_the_index_not_by_scanning_the_entries(app):
    sql, params = queries.interpreting_day_keys(MONDAY, date(2026, 8, 31)).sql()
    plan = " ".join(row[3] for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
    assert f"USING INDEX {INDEX}" in plan or f"USING COVERING INDEX {INDEX}" in plan


def test_only_the_days_with_paid_interpreting_are_read_and_their_conflicts_found(users):
    mentor, worker = users[Role.MENTOR], users[Role.SOCIAL_WORKER]
    other = create_user("othermentor", Role.MENTOR)
    own_case = make_case("L-0900", worker, mentor)
    week = make_week(mentor, MONDAY)
    interpreting = add_entry(week, MONDAY, 540, 660, paid_interpreting=True)
    overlapped = add_entry(week, MONDAY, 600, 720)
    add_entry(week, date(2026, 3, 3), 540, 600)  # a day without interpreting: never read
    for_own_client = add_entry(week, date(2026, 3, 4), 540, 600, paid_interpreting=True)
    EntryCase.create(entry=for_own_client, case_file=own_case)
    beside = add_entry(week, date(2026, 3, 4), 600, 660)
    # paid interpreting of another mentor on the same day does not bring this mentor's day in
    add_entry(make_week(other, MONDAY), date(2026, 3, 3), 540, 600, paid_interpreting=True)
    entries = queries.interpreting_days(MONDAY, date(2026, 3, 8))
    read = {(entry["mentor"], entry["id"]) for entry in entries}
    mine = {entry_id for mentor_id, entry_id in read if mentor_id == mentor.id}
    assert mine == {interpreting.id, overlapped.id, for_own_client.id, beside.id}
    assert queries.conflicts(entries) == {
        interpreting.id: ["overlap"],
        overlapped.id: ["overlap"],
        for_own_client.id: ["own_case"],
    }
    assert queries.interpreting_days(date(2026, 3, 9), date(2026, 3, 15)) == []
    assert queries.unjustified_conflicts(MONDAY, date(2026, 3, 8)) == {(mentor.id, MONDAY): 3}
