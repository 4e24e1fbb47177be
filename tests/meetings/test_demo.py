"""The demo meetings: weekly all-staff meetings Dec 2019 – May 2020, in person then online."""

from datetime import date

import pytest

from app.accounts import User
from app.demo import load_demo
from app.meetings.demo import EMERGENCY_DAY, NO_MEETING
from app.meetings.models import (
    ActionItem,
    Attendance,
    CoverageReason,
    Meeting,
    MeetingFile,
    MeetingFormat,
    MeetingKind,
    MonthSubmission,
)
from app.meetings.queries import coverage, meetings_visible_to
from app.meetings.search import search
from app.uploads.services import path_of


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo()
        yield


def test_weekly_meetings_in_person_then_online(demo):
    meetings = list(Meeting.select().order_by(Meeting.day))
    weekly = [m for m in meetings if m.kind == MeetingKind.WEEKLY]
    assert 20 <= len(weekly) <= 26
    assert weekly[0].day == date(2019, 12, 3) and weekly[-1].day.month == 5
    [extra] = [m for m in meetings if m.kind == MeetingKind.EXTRAORDINARY]
    assert (extra.day, extra.format, extra.platform) == (EMERGENCY_DAY, "online", "Zoom")
    for meeting in weekly:
        online = meeting.day >= EMERGENCY_DAY
        assert meeting.format == (MeetingFormat.ONLINE if online else MeetingFormat.IN_PERSON)
        assert meeting.chair.username == "coordinator"
    assert not Attendance.select().where(Attendance.attended.is_null()).exists()
    statuses = {item.status for item in ActionItem.select()}
    assert {"open", "done"} <= statuses


def test_every_week_has_a_meeting_or_a_reason(demo):
    assert {r.week_start for r in CoverageReason.select()} == set(NO_MEETING)
    assert {r.kind for r in CoverageReason.select()} >= {"supervision", "training"}
    weeks = coverage(date(2019, 12, 2), date(2020, 5, 25), date(2020, 6, 1))
    assert {week["state"] for week in weeks} == {"held", "excused"}


def test_december_to_april_submitted(demo):
    months = sorted(m.month for m in MonthSubmission.select())
    assert months == [date(2019, 12, 1), *(date(2020, n, 1) for n in range(1, 5))]
    auditor = User.get(User.username == "auditor")
    assert all(m.day < date(2020, 5, 1) for m in meetings_visible_to(auditor))


def test_files_on_disk_minutes_and_search(demo):
    files = list(MeetingFile.select())
    kinds = {f.upload.kind for f in files}
    assert kinds == {"pdf", "docx"}
    for meeting_file in files:
        assert path_of(meeting_file.upload).is_file()
        assert meeting_file.upload.text.strip()
    written = Meeting.select().where(Meeting.minutes != "").count()
    assert written > len(files)
    coordinator = User.get(User.username == "coordinator")
    assert any(r["source"].startswith("file:") for r in search(coordinator, "sapulce", 100))
    assert {r["day"] for r in search(coordinator, "arkarteja")} == {EMERGENCY_DAY}
