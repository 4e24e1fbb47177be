"""The export, the month overview and the week views agree on every mentor's hours."""

from collections import Counter
from datetime import date, timedelta

from app.accounts import User
from app.calendar import week_start_of
from app.demo import load_demo
from app.permissions import Role
from app.timesheets import exports, queries


def test_export_totals_equal_the_week_and_month_views_for_the_demo_month(app):
    with app.test_request_context():
        load_demo()
        mentors = [m.id for m in User.select().where(User.role == Role.MENTOR)]
        first, last = date(2020, 1, 1), date(2020, 1, 31)

        exported = Counter()
        for row in exports.month_rows(mentors, first, "lv"):
            exported[row.mentor_id] += row.minutes

        month_view = Counter()
        for (mentor_id, _monday), minutes in queries.minutes_by_mentor_week(
            mentors, first, last
        ).items():
            month_view[mentor_id] += minutes

        week_views = Counter()
        monday = week_start_of(first)
        while monday <= last:
            for entry in queries.entries_between(mentors, monday, monday + timedelta(days=6)):
                if first <= entry["day"] <= last:
                    week_views[entry["mentor"]] += entry["end_minute"] - entry["start_minute"]
            monday += timedelta(days=7)

    assert sum(exported.values()) > 0
    assert exported == month_view == week_views
