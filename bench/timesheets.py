"""Time the timesheet pages on five years of data (see bench/README.md)."""

import argparse
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from playhouse.test_utils import count_queries

from app import create_app
from app.accounts import User
from app.auth import passwords
from app.calendar import local_today, week_start_of
from app.cases.models import CaseFile
from app.cli import upgrade_database
from app.db import db, write_tx
from app.permissions import Role
from app.timesheets.models import ActivityType, Entry, EntryCase, Week, WeekEvent

PASSWORD = "benchmark passphrase"
YEARS = 5
MENTORS = 16
SUPERVISORS = 3


def build(seed: int = 5) -> dict:
    """Staff, cases and ~60 000 entries, every week approved but the last two."""
    rng = random.Random(seed)
    hashed = passwords.hash_password(PASSWORD)
    with write_tx():

        def person(username, role, supervisor=None):
            return User.create(
                username=username,
                display_name=username.title(),
                role=role,
                password_hash=hashed,
                session_token=username,
                supervisor=supervisor,
            )

        lead = person("lead", Role.LEAD)
        workers = [person(f"worker{n}", Role.SOCIAL_WORKER) for n in range(SUPERVISORS)]
        mentors = [
            person(f"mentor{n}", Role.MENTOR, ([lead] + workers)[n % 4]) for n in range(MENTORS)
        ]
        activities = [a.id for a in ActivityType.select()]
        today = local_today()
        first_monday = week_start_of(today) - timedelta(weeks=52 * YEARS)
        cases = []
        for number in range(400):
            mentor = mentors[number % MENTORS]
            cases.append(
                CaseFile.create(
                    code=f"B-{number:04d}",
                    social_worker=mentor.supervisor_id,
                    mentor=mentor.id,
                    opened_on=first_monday,
                )
            )
        own_cases = {m.id: [c.id for c in cases if c.mentor_id == m.id] for m in mentors}
        entry_rows, total = [], 0
        for mentor in mentors:
            monday = first_monday
            while monday <= week_start_of(today):
                recent = monday >= week_start_of(today) - timedelta(weeks=2)
                week = Week.create(
                    mentor=mentor.id,
                    week_start=monday,
                    status="submitted" if recent else "approved",
                )
                WeekEvent.create(week=week.id, actor=mentor.id, action="submit")
                for offset in range(5):
                    day = monday + timedelta(days=offset)
                    if day > today:
                        continue
                    start = 9 * 60
                    for _ in range(rng.choice((2, 3, 3, 4))):
                        end = start + rng.choice((45, 60, 90, 120))
                        entry_rows.append(
                            {
                                "week": week.id,
                                "mentor": mentor.id,
                                "day": day,
                                "start_minute": start,
                                "end_minute": end,
                                "activity": rng.choice(activities),
                                "place": rng.choice(("pmc", "outside", "remote")),
                            }
                        )
                        start = end + 15
                monday += timedelta(days=7)
            for batch in range(0, len(entry_rows), 500):
                Entry.insert_many(entry_rows[batch : batch + 500]).execute()
            total += len(entry_rows)
            entry_rows = []
        links = [
            {"entry": entry_id, "case_file": rng.choice(own_cases[mentor_id])}
            for entry_id, mentor_id in Entry.select(Entry.id, Entry.mentor).tuples()
            if rng.random() < 0.7
        ]
        for batch in range(0, len(links), 500):
            EntryCase.insert_many(links[batch : batch + 500]).execute()
    return {"entries": total, "mentor": mentors[1], "lead": lead, "today": today}


def timed(client, path: str, rounds: int) -> tuple[float, float, int]:
    samples, queries = [], 0
    for _ in range(rounds):
        with count_queries() as counter:
            started = time.perf_counter()
            response = client.get(path, headers={"HX-Request": "true"})
            body = response.get_data()
            samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and "HX-Redirect" not in response.headers, path
        queries = counter.count
        del body
    return statistics.median(samples), max(samples), queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": Path(tmp), "SECRET_KEY": "bench", "APP_ENV": "development"})
        upgrade_database()
        started = time.perf_counter()
        with db.connection_context():
            data = build()
        print(f"built {data['entries']} entries in {time.perf_counter() - started:.1f} s")
        today = data["today"]
        year, week, _ = week_start_of(today).isocalendar()
        last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        pages = {
            data["mentor"].username: [
                f"/timesheets/{data['mentor'].id}/{year}/{week}",
                f"/timesheets/{data['mentor'].id}/month/{today.year}/{today.month}",
            ],
            "lead": [
                "/timesheets/queue",
                f"/timesheets/team?week={year}-W{week:02d}",
                f"/timesheets/export.csv?month={last_month}",
                f"/timesheets/export.xlsx?month={last_month}",
                "/cases/caseload",
            ],
        }
        print(f"{'page':58} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for username, paths in pages.items():
            client = app.test_client()
            client.get("/login")
            token = (
                client.get("/login")
                .get_data(as_text=True)
                .split('name="csrf-token" content="')[1]
                .split('"')[0]
            )
            client.post(
                "/login",
                data={"username": username, "password": PASSWORD},
                headers={"X-CSRFToken": token},
            )
            for path in paths:
                median, worst, queries = timed(client, path, args.rounds)
                print(f"{path:58} {median:10.1f} {worst:8.1f} {queries:8d}")
        db.close_all()


if __name__ == "__main__":
    main()
