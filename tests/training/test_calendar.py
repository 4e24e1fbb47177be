"""The month calendar: past and planned sessions, month navigation by htmx with real links."""

import re
from datetime import timedelta

from playhouse.test_utils import assert_query_count, count_queries

from app.calendar import local_today, month_start, next_month
from app.permissions import Role
from tests.factories import make_session


def test_this_month_shows_past_and_planned_sessions(client_as, english):
    today = local_today()
    make_session(english, today, topic="Planned today")
    make_session(english, month_start(today) - timedelta(days=10), topic="Last month")
    page = client_as(Role.MENTOR).get("/training/").get_data(as_text=True)
    assert "<html" in page and "Planned today" in page and "Last month" not in page
    assert "Group supervision: Planned today" in page
    assert "New session" not in page  # a mentor does not plan


def test_previous_and_next_month_are_links_and_htmx_fragments(client_as, english):
    first = month_start(local_today())
    previous = month_start(first - timedelta(days=1))
    make_session(english, previous + timedelta(days=2), topic="Earlier one")
    client = client_as(Role.COORDINATOR)
    page = client.get("/training/").get_data(as_text=True)
    previous_url = f"/training/{previous.year}/{previous.month}"
    following = next_month(first)
    next_url = f"/training/{following.year}/{following.month}"
    for url in (previous_url, next_url):
        assert re.search(rf'href="{url}" hx-get="{url}"', page), url
    fragment = client.get(previous_url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and 'id="training-calendar"' in fragment
    assert "Earlier one" in fragment
    full = client.get(previous_url).get_data(as_text=True)
    assert "<html" in full and "Earlier one" in full and "This month" in full


def test_a_multi_day_event_shows_on_each_of_its_days(client_as, english):
    first = month_start(local_today())
    make_session(
        english,
        first + timedelta(days=9),
        topic="Three-day course",
        end_day=first + timedelta(days=11),
        minutes=18 * 60,
    )
    page = client_as(Role.MENTOR).get("/training/").get_data(as_text=True)
    assert page.count("Three-day course") == 4  # three grid days and the list


def test_impossible_months_are_404(client_as, english):
    client = client_as(Role.MENTOR)
    assert client.get("/training/2026/13").status_code == 404
    assert client.get("/training/1999/5").status_code == 404
    assert client.get("/training/2100/1").status_code == 404


def test_cancelled_sessions_are_marked_in_the_calendar(client_as, english):
    session = make_session(english, local_today(), topic="Called off")
    client = client_as(Role.COORDINATOR)
    client.post(f"/training/{session.id}/cancel")
    page = client.get("/training/").get_data(as_text=True)
    assert "training-cancelled" in page and "Called off (cancelled)" in page


def test_a_new_session_can_start_from_a_calendar_day(client_as, english):
    day = local_today() + timedelta(days=5)
    form = client_as(Role.LEAD).get("/training/new", query_string={"day": day.isoformat()})
    assert f'value="{day.isoformat()}"' in form.get_data(as_text=True)
    for bad_day in ("2026-13-45", "1999-05-01", "junk"):
        bad = client_as(Role.LEAD).get("/training/new", query_string={"day": bad_day})
        assert bad.status_code == 200
        assert f'value="{local_today().isoformat()}"' in bad.get_data(as_text=True), bad_day


def test_calendar_and_record_query_counts_do_not_grow_with_sessions(client_as, english):
    first = month_start(local_today())
    make_session(english, first, topic="One")
    client = client_as(Role.MENTOR)
    record = f"/training/people/{english[Role.MENTOR].id}"
    baselines = {}
    for url in ("/training/", record):
        client.get(url)  # the first visit of one's record creates the calendar-feed secret
        with count_queries() as baseline:
            assert client.get(url).status_code == 200
        baselines[url] = baseline.count
    for offset in range(1, 8):
        make_session(english, first + timedelta(days=offset % 20), topic=f"More {offset}")
    for url, expected in baselines.items():
        with assert_query_count(expected):
            assert client.get(url).status_code == 200
