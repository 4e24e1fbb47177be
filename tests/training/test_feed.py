"""The personal calendar feed: a secret URL, valid iCalendar in Riga time, renewable."""

import re
from datetime import timedelta

from icalendar import Calendar

from app.permissions import Role
from app.training.models import CalendarFeed
from app.training.services import token_hash
from tests.factories import make_session

FEED_URL = re.compile(r'value="http://localhost(/training/feed/([A-Za-z0-9_-]+)\.ics)"')


def own_feed(client, user) -> tuple[str, str]:
    page = client.get(f"/training/people/{user.id}").get_data(as_text=True)
    found = FEED_URL.search(page)
    assert found, "the record page shows the feed URL"
    return found.group(1), found.group(2)


def events(body: bytes) -> dict:
    calendar = Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_lists_invited_sessions_in_riga_time(app, client_as, english, last_week):
    session = make_session(english, last_week)
    make_session(english, last_week, topic="Not for me", participants=[english[Role.LEAD].id])
    multi = make_session(
        english, last_week, topic="Course", end_day=last_week + timedelta(days=1), minutes=600
    )
    client = client_as(Role.MENTOR)
    url, token = own_feed(client, english[Role.MENTOR])
    assert own_feed(client, english[Role.MENTOR])[0] == url, "the URL is stable"
    stored = CalendarFeed.get(CalendarFeed.user == english[Role.MENTOR].id)
    assert stored.token_hash == token_hash(token) and token not in stored.token_hash
    response = app.test_client().get(url)  # no login: a calendar app polls it
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.get_data()
    assert b"TZID=Europe/Riga" in body and b"BEGIN:VTIMEZONE" in body
    found = events(body)
    assert set(found) == {
        f"training-session-{session.id}@mentoru-intranet",
        f"training-session-{multi.id}@mentoru-intranet",
    }
    event = found[f"training-session-{session.id}@mentoru-intranet"]
    start = event.decoded("DTSTART")
    assert (start.date(), start.hour, start.minute) == (last_week, 10, 0)
    assert str(start.tzinfo) == "Europe/Riga"
    assert event.decoded("DTEND").hour == 13
    assert str(event["SUMMARY"]) == "Group supervision: Burnout and boundaries"
    assert str(event["STATUS"]) == "CONFIRMED" and str(event["LOCATION"]) == "Office"
    course = found[f"training-session-{multi.id}@mentoru-intranet"]
    assert course.decoded("DTEND").date() == last_week + timedelta(days=1)


def test_cancelled_sessions_stay_in_the_feed_as_cancelled(app, client_as, english, last_week):
    session = make_session(english, last_week)
    client_as(Role.COORDINATOR).post(f"/training/{session.id}/cancel")
    url, _token = own_feed(client_as(Role.MENTOR), english[Role.MENTOR])
    event = events(app.test_client().get(url).get_data())[
        f"training-session-{session.id}@mentoru-intranet"
    ]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2


def test_renewing_revokes_the_old_url(app, client_as, english):
    client = client_as(Role.SOCIAL_WORKER)
    old_url, _token = own_feed(client, english[Role.SOCIAL_WORKER])
    response = client.post("/training/feed/renew")
    assert response.status_code == 303
    new_url, _token = own_feed(client, english[Role.SOCIAL_WORKER])
    assert new_url != old_url
    anonymous = app.test_client()
    assert anonymous.get(old_url).status_code == 404
    assert anonymous.get(new_url).status_code == 200
    assert CalendarFeed.select().count() == 1


def test_unknown_tokens_and_other_people_pages_give_no_feed(app, client_as, english):
    anonymous = app.test_client()
    assert anonymous.get("/training/feed/nonsense.ics").status_code == 404
    assert anonymous.get("/training/feed/" + "a" * 500 + ".ics").status_code == 404
    page = client_as(Role.COORDINATOR).get(f"/training/people/{english[Role.MENTOR].id}")
    assert "/training/feed/" not in page.get_data(as_text=True)
    assert CalendarFeed.select().count() == 0


def test_a_deactivated_person_feed_stops(app, client_as, english):
    from app.accounts import User

    url, _token = own_feed(client_as(Role.MENTOR), english[Role.MENTOR])
    User.update(active=False).where(User.id == english[Role.MENTOR].id).execute()
    assert app.test_client().get(url).status_code == 404
