"""The demo's social worker–mentor meetings: each supervisor meets each of their mentors on
Tuesday and Thursday (in person until the centre closed on 16 March 2020, then mostly remote),
so every week meets the rule of two — but one: mentor4 met the lead only once in the week of
6 April 2020, which the compliance panel shows."""

from datetime import date, datetime, time, timedelta

from app.accounts import User
from app.mentor_meetings.models import MentorMeeting, Mode
from app.permissions import Role

FIRST_MONDAY = date(2019, 12, 2)
LAST_DAY = date(2020, 5, 31)
REMOTE_FROM = date(2020, 3, 16)
#: (mentor, Monday): the week with one meeting only
SHORT_WEEK = ("mentor4", date(2020, 4, 6))
#: public holidays on a Tuesday or Thursday: the meeting moves to the next day
HOLIDAYS = {date(2019, 12, 24), date(2019, 12, 26), date(2019, 12, 31)}
NOTES = ["", "", "Klientu lietu pārrunāšana", "Nedēļas plāns", "Sarežģīts gadījums"]


def load_mentor_meeting_demo() -> None:
    mentors = list(User.select().where(User.role == Role.MENTOR).order_by(User.id))
    rows = []
    monday = FIRST_MONDAY
    while monday <= LAST_DAY:
        for mentor in mentors:
            meetings = (1, 3) if (mentor.username, monday) != SHORT_WEEK else (1,)
            for offset in meetings:
                day = monday + timedelta(days=offset)
                while day in HOLIDAYS:
                    day += timedelta(days=1)
                remote = day >= REMOTE_FROM and (mentor.id + offset) % 4 != 0
                rows.append(
                    {
                        "social_worker": mentor.supervisor_id,
                        "mentor": mentor.id,
                        "day": day,
                        "mode": Mode.REMOTE if remote else Mode.IN_PERSON,
                        "note": NOTES[(mentor.id + day.toordinal()) % len(NOTES)],
                        "created_at": datetime.combine(day, time(16, 0)),
                    }
                )
        monday += timedelta(weeks=1)
    for start in range(0, len(rows), 200):
        MentorMeeting.insert_many(rows[start : start + 200]).execute()
