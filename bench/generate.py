"""Deterministic benchmark data: N years of every feature's records for a staff of S, ending
today, written through the app's models and, where they are cheap, its services (contracts,
uploads, the meeting search index). Bulk rows carry explicit ids, as the demo's do; the
sequences are moved past them at the end (PostgreSQL).

    .venv/bin/python -m bench.generate --years 5 --staff 20 --data-dir /tmp/bench-data

The staff are the lead, social workers (3 in 20) and mentors (the rest); the coordinator, the
administrator and the auditor come on top. Mentors leave and are replaced (their successor takes
their case files); everyone signs in with BENCH_PASSWORD and no second factor. The names the
benchmark signs in with and the ids of the pages it reads are written to `bench.json`.
"""

import argparse
import io
import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from docx import Document
from peewee import chunked, fn

from app.accounts import Gender, User
from app.addenda.models import Addendum, AddendumMonth
from app.auth import passwords
from app.auth.services import TWO_FACTOR_ROLES_KEY
from app.calendar import add_months, local_today, month_end, month_start, week_start_of
from app.cases.models import CaseClosure, CaseFile, CaseKind, ClosingReason
from app.clients.models import ArrivalRoute, Client, LegalEvent, Membership, Residence, Stage
from app.clients.models import Gender as ClientGender
from app.clients.models import Place as Home
from app.complexity.models import (
    ComplexityMonth,
    ComplexityMonthEvent,
    ComplexityRating,
    Level,
    MonthEventKind,
)
from app.core.models import set_setting
from app.db import reset_sequences, write_tx
from app.evaluations.labels import COMMENT_NEEDED, HIGHEST, LOWEST
from app.evaluations.models import CaseEvaluation, EvaluationCriterion, EvaluationScore
from app.finance.models import FunderPayment
from app.interim.models import Challenge, NarrativeVersion
from app.meetings.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    CoverageReason,
    CoverageReasonKind,
    Decision,
    Meeting,
    MeetingFile,
    MeetingFormat,
    MeetingKind,
    MeetingStatus,
    MinutesEvent,
    MonthSubmission,
)
from app.meetings.search import index_meeting
from app.mentor_meetings.models import MentorMeeting, Mode
from app.models import ALL_MODELS
from app.notices.models import FunderNotice, NoticeKind
from app.periods.models import Period, PeriodKind
from app.periods.services import create_contract
from app.permissions import Role
from app.plans.models import (
    Outcome,
    OutcomeReason,
    OwnerKind,
    Plan,
    PlanGoal,
    PlanMember,
    PlanReview,
    PlanTask,
    TaskStatus,
)
from app.risks.models import Assessment, Measure, Risk, RiskComment, RiskType
from app.roster.models import RosterCap, RosterShift, RosterStatus, RosterWeek
from app.timesheets.models import (
    ActivityType,
    Entry,
    EntryCase,
    MonthLock,
    Notice,
    Place,
    Week,
    WeekEvent,
    WeekStatus,
)
from app.training.models import Audience, TrainingKind, TrainingSession
from app.training.models import Participant as Invitation
from app.training.queries import AUDIENCE_ROLES
from app.uploads.services import store

BENCH_PASSWORD = "bench passphrase 2026"
SUMMARY_FILE = "bench.json"
BATCH = 500
#: fixed Latvian public holidays (month, day): no entries, meetings move
HOLIDAYS = {(1, 1), (5, 1), (5, 4), (6, 23), (6, 24), (11, 18), (12, 24), (12, 25), (12, 26)}
COUNTRIES = ["SY", "AF", "IQ", "RU", "NG", "AZ", "TR", "ER", "TJ", "VN", "IR", "BY", "UA"]
TOWNS = ["Rīga", "Jūrmala", "Cēsis", "Valmiera", "Liepāja"]
CONTRACT_YEARS = 3
MONTHLY_PLAN_CENTS = 14_800_00
SHIFT = (9 * 60, 17 * 60 + 30)
GOALS = [
    ("Latviešu valodas apguve", "Pieteikties valodas kursiem", OwnerKind.MENTOR),
    ("Dokumentu kārtošana", "Iesniegt dokumentus PMLP", OwnerKind.SOCIAL_WORKER),
    ("Nodarbinātība", "Reģistrēties NVA", OwnerKind.CLIENT),
    ("Mājoklis", "Atrast īres dzīvokli", OwnerKind.MENTOR),
    ("Veselība", "Reģistrēties pie ģimenes ārsta", OwnerKind.INSTITUTION),
    ("Izglītība bērniem", "Pieteikt bērnus skolā", OwnerKind.SOCIAL_WORKER),
]
TOPICS = [
    ("Dokumenti PMLP", "Vairākiem klientiem tuvojas termiņš.", "Pārbaudīt termiņus."),
    ("Mājokļa meklēšana", "Īres tirgū grūti atrast izīrētājus.", "Papildināt sarakstu."),
    ("Skolas atbalsts", "Bērniem vajag palīdzību ar mājasdarbiem.", "Sazināties ar skolu."),
    ("Dubultais finansējums", "Atgādinājums par apmaksātu tulkošanu.", "Ikmēneša pārbaude."),
    ("Valodas atbalsts", "Klienti lūdz sarunvalodas nodarbības.", "Sākt sarunvalodas grupu."),
    ("Bankas konti", "Bankas prasa papildu dokumentus.", "Uzrakstīt atgādni."),
    ("Veselības aprūpe", "Ģimenes ārstu saraksti ir pilni.", "Apzināt brīvās vietas."),
]
RISK_TITLES = [
    "Klientu skaita pieaugums pārsniedz slodzes normas",
    "Tulku trūkums retām valodām",
    "Darbinieku mainība",
    "Dubultā finansējuma risks tulkošanā",
    "Epidemioloģiskie ierobežojumi",
    "Personas datu noplūde",
    "Klientu neuzticēšanās iestādēm",
    "Mājokļu nepieejamība",
    "Finansējuma kavēšanās",
    "Sadarbības partneru atteikums",
]


@dataclass
class Tenure:
    """One person's time in a mentor's place: `until` None while they stay."""

    user_id: int
    username: str
    since: date
    until: date | None

    def covers(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


@dataclass
class Slot:
    """A mentor's place on the team, held by one person after another."""

    supervisor_id: int
    tenures: list[Tenure] = field(default_factory=list)

    def holder(self, day: date) -> Tenure | None:
        return next((t for t in self.tenures if t.covers(day)), None)


@dataclass
class Case:
    id: int
    code: str
    slot: int
    opened_on: date
    closed_on: date | None
    family: bool
    member_ids: list[int] = field(default_factory=list)
    goal_ids: list[int] = field(default_factory=list)
    plan_from: date | None = None

    def open_on(self, day: date) -> bool:
        return self.opened_on <= day and (self.closed_on is None or day <= self.closed_on)


class Ids:
    """The next explicit id of each model (rows are written in bulk with their ids)."""

    def __init__(self):
        self.next: dict = {}

    def take(self, model) -> int:
        if model not in self.next:
            self.next[model] = (model.select(fn.MAX(model.id)).scalar() or 0) + 1
        value = self.next[model]
        self.next[model] += 1
        return value


def insert(model, rows: list[dict]) -> None:
    for batch in chunked(rows, BATCH):
        model.insert_many(batch).execute()


def at(day: date, minute: int) -> datetime:
    """An instant on `day`, `minute` minutes after midnight (naive, as instants are stored)."""
    return datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)


class Generator:
    def __init__(self, years: int, staff: int, seed: int, today: date | None = None):
        if staff < 3:
            raise ValueError("at least 3 staff: the lead, a social worker and a mentor")
        self.rng = random.Random(seed)
        self.today = today or local_today()
        self.first_day = month_start(add_months(self.today, -round(12 * years)))
        self.workers = max(1, round(staff * 3 / 20))
        self.mentors = staff - self.workers - 1
        self.ids = Ids()
        self.counts: dict[str, int] = {}
        self.days = [
            self.first_day + timedelta(days=n)
            for n in range((self.today - self.first_day).days + 1)
        ]
        self.working_days = [d for d in self.days if d.weekday() < 5 and not self.holiday(d)]

    @staticmethod
    def holiday(day: date) -> bool:
        return (day.month, day.day) in HOLIDAYS

    def count(self, name: str, rows: list) -> list:
        self.counts[name] = self.counts.get(name, 0) + len(rows)
        return rows

    # --- people ---------------------------------------------------------------------------

    def people(self) -> None:
        """The staff with turnover among the mentors; the first mentor stays throughout."""
        hashed = passwords.hash_password(BENCH_PASSWORD)
        rng = self.rng

        def person(username, role, since, supervisor=None, active=True):
            gender = rng.choice(Gender.ALL)
            return User.create(
                username=username,
                display_name=f"{username.title()} Etalons",
                role=role,
                grammatical_gender=gender,
                supervisor=supervisor,
                password_hash=hashed,
                session_token=passwords.new_session_token(),
                start_date=since,
                active=active,
            )

        with write_tx():
            set_setting("org_name", "Biedrība «Etalons» (benchmark data)")
            set_setting(TWO_FACTOR_ROLES_KEY, "")
            self.admin = person("admin", Role.ADMIN, self.first_day)
            self.coordinator = person("coordinator", Role.COORDINATOR, self.first_day)
            self.auditor = person("auditor", Role.AUDITOR, self.first_day)
            self.lead = person("lead", Role.LEAD, self.first_day)
            self.worker_users = [
                person(f"worker{n}", Role.SOCIAL_WORKER, self.first_day)
                for n in range(1, self.workers + 1)
            ]
            supervisors = [self.lead, *self.worker_users]
            self.slots: list[Slot] = []
            number = 0
            for index in range(self.mentors):
                supervisor = supervisors[index % len(supervisors)]
                slot = Slot(supervisor.id)
                since = self.first_day
                while since <= self.today:
                    number += 1
                    stays = index == 0 or rng.random() < 0.7
                    until = None if stays else since + timedelta(days=rng.randint(540, 6 * 365))
                    if until is not None and until >= self.today:
                        until = None
                    user = person(f"mentor{number}", Role.MENTOR, since, supervisor, until is None)
                    slot.tenures.append(Tenure(user.id, user.username, since, until))
                    if until is None:
                        break
                    since = until + timedelta(days=rng.randint(14, 45))
                self.slots.append(slot)
        self.staff_ids = [self.lead.id, *(w.id for w in self.worker_users)]
        self.counts["staff"] = 1 + self.workers + sum(len(s.tenures) for s in self.slots)

    def active_mentors(self, day: date) -> list[Tenure]:
        return [t for s in self.slots if (t := s.holder(day))]

    def staff_on(self, day: date) -> list[int]:
        """Everyone of the service working on `day`: coordinator, social workers, mentors."""
        return [
            self.coordinator.id,
            *self.staff_ids,
            *(t.user_id for t in self.active_mentors(day)),
        ]

    # --- contracts and periods ------------------------------------------------------------

    def contracts(self) -> None:
        """Consecutive three-year contracts from the first day to beyond today; periods ended
        over a month ago are reported."""
        starts, number = self.first_day, 1
        while starts <= self.today:
            ends = add_months(starts, 12 * CONTRACT_YEARS) - timedelta(days=1)
            create_contract(
                None,
                {
                    "number": f"BENCH-{starts.year}/{number}",
                    "funder": "Valsts fonds (benchmark)",
                    "starts_on": starts,
                    "ends_on": ends,
                    "amount_cents": MONTHLY_PLAN_CENTS * 12 * CONTRACT_YEARS,
                    "signed_on": starts - timedelta(days=20),
                    "subject": "Sociālā darbinieka un sociālā mentora pakalpojumi",
                    "project": "Fiktīvs projekts",
                    "purpose": "Veicināt sociālekonomisko iekļaušanos.",
                    "contact": "Koordinatore, tālr. 60000000",
                },
            )
            starts, number = ends + timedelta(days=1), number + 1
        with write_tx():
            for period in Period.select().where(Period.ends_on < self.today - timedelta(days=40)):
                period.reported_on = period.ends_on + timedelta(days=10)
                period.reported_by = self.coordinator.id
                period.save()
        self.periods = list(Period.select().order_by(Period.starts_on, Period.kind))
        self.interims = [p for p in self.periods if p.kind == PeriodKind.INTERIM]

    # --- case files and clients -----------------------------------------------------------

    def case_files(self) -> None:
        """About ten case files a mentor a year, a fifth of them open at the start; members with
        legal and residence timelines, closings with their reasons."""
        rng, today = self.rng, self.today
        self.cases: list[Case] = []
        total = round(self.mentors * 10.6 * len(self.days) / 365.25)
        taken_over = total // 8
        clients, members, events, homes, closures, cases = [], [], [], [], [], []
        for number in range(1, total + 1):
            if number <= taken_over:
                opened = self.first_day - timedelta(days=rng.randint(30, 400))
            else:
                opened = rng.choice(self.working_days)
            candidates = [
                i for i, s in enumerate(self.slots) if s.holder(max(opened, self.first_day))
            ]
            slot = rng.choice(candidates)
            closed = opened + timedelta(days=rng.randint(60, 800))
            closed = closed if closed < today else None
            size = rng.choices((1, 2, 3, 4, 5), weights=(58, 7, 14, 13, 8))[0]
            family = size > 2
            case = Case(self.ids.take(CaseFile), f"L-{number:04d}", slot, opened, closed, family)
            arrived = opened - timedelta(days=rng.randint(0, 60))
            end = closed or today
            timeline = self.timeline(arrived, end)
            reason = self.closing_reason(timeline) if closed else None
            for member in range(1, size + 1):
                client_id = self.ids.take(Client)
                child = family and member > 2
                birth_year = opened.year - (rng.randint(1, 17) if child else rng.randint(19, 60))
                age = opened.year - birth_year
                clients.append(
                    {
                        "id": client_id,
                        "gender": rng.choice(ClientGender.ALL),
                        "birth_year": birth_year,
                        "country": rng.choice(COUNTRIES),
                        "arrival_route": rng.choices(ArrivalRoute.ALL, weights=(85, 15))[0],
                        "arrived_on": arrived,
                        "school_grade": age - 6 if 7 <= age <= 18 else None,
                    }
                )
                membership_id = self.ids.take(Membership)
                case.member_ids.append(membership_id)
                members.append(
                    {
                        "id": membership_id,
                        "client": client_id,
                        "case": case.id,
                        "number": member,
                        "joined_on": opened,
                        "left_on": closed,
                    }
                )
                steps = timeline + ([(reason, closed)] if closed else [])
                events += [{"client": client_id, "stage": s, "day": d} for s, d in steps]
                homes.append({"client": client_id, "place": Home.PMC, "since": arrived})
                granted = next((d for s, d in timeline if s in Stage.STATUSES), None)
                if granted and granted + timedelta(days=30) < end:
                    homes.append(
                        {
                            "client": client_id,
                            "place": Home.MUNICIPALITY,
                            "municipality": TOWNS[case.id % len(TOWNS)],
                            "since": granted + timedelta(days=30),
                        }
                    )
            if closed:
                closures.append(
                    {
                        "id": self.ids.take(CaseClosure),
                        "case": case.id,
                        "closed_on": closed,
                        "reason": reason,
                        "municipality_told_on": closed + timedelta(days=2) if family else None,
                    }
                )
            holder = self.slots[slot].holder(min(end, today)) or self.slots[slot].tenures[-1]
            cases.append(
                {
                    "id": case.id,
                    "code": case.code,
                    "kind": CaseKind.FAMILY
                    if family
                    else (CaseKind.COUPLE, CaseKind.INDIVIDUAL)[size == 1],
                    "people": size,
                    "social_worker": self.slots[slot].supervisor_id,
                    "mentor": holder.user_id,
                    "opened_on": opened,
                    "closed_on": closed,
                }
            )
            self.cases.append(case)
        self.closures = closures
        with write_tx():
            insert(CaseFile, self.count("case files", cases))
            insert(Client, self.count("clients", clients))
            insert(Membership, members)
            insert(LegalEvent, self.count("legal events", events))
            insert(Residence, homes)
            insert(CaseClosure, self.count("closings", closures))

    def timeline(self, arrived: date, end: date) -> list[tuple[str, date]]:
        """A household's legal steps up to (not on) `end`, in the order the procedure allows."""
        rng = self.rng
        steps = [(Stage.ASYLUM_SEEKER, arrived)]
        decided = arrived + timedelta(days=rng.randint(90, 270))
        if decided >= end:
            return steps
        decision = rng.choices(Stage.DECISIONS, weights=(30, 30, 40))[0]
        steps.append((decision, decided))
        if decision != Stage.NEGATIVE:
            return steps
        appealed = decided + timedelta(days=rng.randint(10, 30))
        if appealed >= end or rng.random() < 0.2:
            return steps
        steps.append((Stage.APPEAL, appealed))
        ruled = appealed + timedelta(days=rng.randint(90, 300))
        if ruled < end:
            steps.append((rng.choices(Stage.COURT, weights=(30, 70))[0], ruled))
        return steps

    def closing_reason(self, timeline: list[tuple[str, date]]) -> str:
        last = timeline[-1][0]
        if last in (*Stage.STATUSES, Stage.COURT_POSITIVE):
            return self.rng.choice((ClosingReason.ENDED, ClosingReason.ENDED, ClosingReason.LEFT))
        if last == Stage.COURT_NEGATIVE:
            return self.rng.choice((ClosingReason.RETURNED, ClosingReason.DEPORTED))
        return self.rng.choice((ClosingReason.LEFT, ClosingReason.REFUSED))

    # --- inclusion plans, complexity, evaluations ----------------------------------------

    def plans(self) -> None:
        rng, today = self.rng, self.today
        plans, plan_members, goals, tasks, reviews = [], [], [], [], []
        for case in self.cases:
            end = case.closed_on or today
            drawn = case.opened_on + timedelta(days=rng.randint(3, 20))
            if drawn > end or rng.random() < 0.08:
                continue
            plan_id = self.ids.take(Plan)
            case.plan_from = drawn
            closed = case.closed_on
            outcome = rng.choice(Outcome.ALL) if closed else None
            plans.append(
                {
                    "id": plan_id,
                    "case": case.id,
                    "drawn_up_on": drawn,
                    "taken_over": case.opened_on < self.first_day,
                    "needs": "Valoda, dokumenti, mājoklis.",
                    "specialists": "Psihologs, jurists",
                    "outcome": outcome,
                    "outcome_reason": rng.choice(OutcomeReason.ALL)
                    if outcome in Outcome.NEED_REASON
                    else None,
                    "closed_on": closed,
                }
            )
            plan_members += [{"plan": plan_id, "membership": m} for m in case.member_ids]
            for order, (goal, task, owner) in enumerate(rng.sample(GOALS, rng.randint(2, 3)), 1):
                goal_id = self.ids.take(PlanGoal)
                case.goal_ids.append(goal_id)
                goals.append({"id": goal_id, "plan": plan_id, "text": goal, "sort_order": order})
                due = drawn + timedelta(days=rng.randint(20, 150))
                status, done_on = TaskStatus.OPEN, None
                if due < end - timedelta(days=20):
                    status = rng.choices((TaskStatus.DONE, TaskStatus.DROPPED), (85, 15))[0]
                    done_on = min(due + timedelta(days=rng.randint(-10, 10)), end)
                    done_on = max(done_on, drawn + timedelta(days=1))
                elif closed:
                    status, done_on = TaskStatus.DROPPED, closed
                tasks.append(
                    {
                        "goal": goal_id,
                        "text": task,
                        "owner_kind": owner,
                        "institution": "Ģimenes ārsts" if owner == OwnerKind.INSTITUTION else "",
                        "due_on": due,
                        "status": status,
                        "done_on": done_on,
                    }
                )
            review = drawn + timedelta(days=182)
            while review < end:
                reviews.append(
                    {
                        "plan": plan_id,
                        "day": review,
                        "changes": "Mērķi pārskatīti.",
                        "by": self.slots[case.slot].supervisor_id,
                    }
                )
                review += timedelta(days=182)
        with write_tx():
            insert(Plan, self.count("plans", plans))
            insert(PlanMember, plan_members)
            insert(PlanGoal, goals)
            insert(PlanTask, tasks)
            insert(PlanReview, reviews)

    def months(self) -> list[date]:
        months, month = [], self.first_day
        while month <= self.today:
            months.append(month)
            month = add_months(month, 1)
        return months

    def complexity(self) -> None:
        """Every case file open in a month rated by the lead; months before the last agreed."""
        rng = self.rng
        last_month = month_start(self.today)
        ratings, levels = [], {}
        with write_tx():
            for month in self.months()[:-1]:
                end = month_end(month)
                for case in self.cases:
                    if case.opened_on > end or (case.closed_on and case.closed_on < month):
                        continue
                    level = levels.get(case.id) or rng.choice(Level.ALL)
                    if rng.random() < 0.15:
                        level = rng.choice(Level.ALL)
                    levels[case.id] = level
                    ratings.append(
                        {
                            "case": case.id,
                            "month": month,
                            "level": level,
                            "rated_by": self.lead.id,
                            "rated_at": at(end + timedelta(days=3), 9 * 60),
                        }
                    )
                if month < add_months(last_month, -1):
                    agreed = end + timedelta(days=8)
                    row = ComplexityMonth.create(
                        month=month, agreed_on=agreed, agreed_how="E-pasts", agreed_by=self.lead
                    )
                    ComplexityMonthEvent.create(
                        month=row,
                        kind=MonthEventKind.AGREE,
                        text="E-pasts",
                        actor=self.lead,
                        at=at(agreed, 10 * 60),
                    )
            insert(ComplexityRating, self.count("complexity ratings", ratings))

    def evaluations(self) -> None:
        """Closings older than two weeks evaluated against every criterion, but a few."""
        rng = self.rng
        criteria = [c.id for c in EvaluationCriterion.select().where(EvaluationCriterion.active)]
        slot_of = {case.id: case.slot for case in self.cases}
        evaluations, scores = [], []
        for closure in self.closures:
            evaluated = closure["closed_on"] + timedelta(days=rng.randint(2, 12))
            if evaluated > self.today or rng.random() < 0.05:
                continue
            evaluation_id = self.ids.take(CaseEvaluation)
            evaluations.append(
                {
                    "id": evaluation_id,
                    "closure": closure["id"],
                    "evaluated_on": evaluated,
                    "evaluated_by": self.slots[slot_of[closure["case"]]].supervisor_id,
                    "summary": "Klients kārto lietas daļēji patstāvīgi.",
                }
            )
            for criterion in criteria:
                grade = rng.randint(LOWEST, HIGHEST)
                scores.append(
                    {
                        "evaluation": evaluation_id,
                        "criterion": criterion,
                        "grade": grade,
                        "comment": "Progresu nepanāca." if grade in COMMENT_NEEDED else "",
                    }
                )
        with write_tx():
            insert(CaseEvaluation, self.count("evaluations", evaluations))
            insert(EvaluationScore, scores)

    # --- roster and timesheets -------------------------------------------------------------

    def roster(self) -> dict[date, set[int]]:
        """Each working day one social worker and two mentors (the first on duty) at the centre;
        weeks sent but the current and the next. Returns the mentors on site per day."""
        on_site: dict[date, set[int]] = {}
        this_week = week_start_of(self.today)
        weeks, shifts = {}, []
        with write_tx():
            RosterCap.create(
                valid_from=self.first_day, max_workers=2, max_mentors=2, created_by=self.coordinator
            )
            for turn, day in enumerate(self.working_days):
                monday = week_start_of(day)
                if monday not in weeks:
                    sent = monday < this_week
                    weeks[monday] = RosterWeek.create(
                        week_start=monday,
                        status=RosterStatus.SENT if sent else RosterStatus.DRAFT,
                        sent_on=monday - timedelta(days=3) if sent else None,
                        sent_by=self.coordinator.id if sent else None,
                        created_at=at(monday - timedelta(days=4), 10 * 60),
                    )
                week = weeks[monday]
                mentors = self.active_mentors(day)
                chosen = [mentors[(turn + k) % len(mentors)] for k in range(min(2, len(mentors)))]
                worker = self.staff_ids[turn % len(self.staff_ids)]
                people = [(worker, False), *((t.user_id, n == 0) for n, t in enumerate(chosen))]
                on_site[day] = {t.user_id for t in chosen}
                for person, duty in people:
                    confirmed = person == worker and week.status == RosterStatus.SENT
                    shifts.append(
                        {
                            "week": week.id,
                            "day": day,
                            "person": person,
                            "start_minute": SHIFT[0],
                            "end_minute": SHIFT[1],
                            "duty": duty,
                            "confirmed_at": at(day, 17 * 60 + 40) if confirmed else None,
                            "created_at": week.created_at,
                            "updated_at": week.created_at,
                        }
                    )
            insert(RosterShift, self.count("roster shifts", shifts))
        return on_site

    def timesheets(self, on_site: dict[date, set[int]]) -> None:
        """Weeks (approved but the last two), 2–4 entries a working day with 0–2 open case
        files of the mentor's place named, a little paid interpreting, months locked but the
        last two."""
        rng, this_week = self.rng, week_start_of(self.today)
        activities = [a.id for a in ActivityType.select().where(ActivityType.active)]
        cases_of = {
            index: [c for c in self.cases if c.slot == index] for index in range(len(self.slots))
        }
        weeks, events, entries, links = {}, [], [], []
        for index, slot in enumerate(self.slots):
            for tenure in slot.tenures:
                until = tenure.until or self.today
                for day in self.working_days:
                    if day < tenure.since or day > until or rng.random() < 0.06:
                        continue
                    monday = week_start_of(day)
                    key = (tenure.user_id, monday)
                    if key not in weeks:
                        weeks[key] = self.week(tenure, slot, monday, this_week, events)
                    open_cases = [c for c in cases_of[index] if c.open_on(day)]
                    start = 8 * 60 + rng.randint(0, 6) * 15
                    for _ in range(rng.choice((2, 3, 3, 4, 4))):
                        end = start + rng.randint(4, 10) * 15
                        place = rng.choices(Place.ALL, weights=(45, 35, 20))[0]
                        if place == Place.PMC and tenure.user_id not in on_site.get(day, ()):
                            place = Place.OUTSIDE
                        entry_id = self.ids.take(Entry)
                        entries.append(
                            self.entry(entry_id, weeks[key], tenure, day, start, end, place)
                            | {"activity": rng.choice(activities)}
                        )
                        named = rng.choices((0, 1, 2), weights=(25, 55, 20))[0]
                        for case in rng.sample(open_cases, min(named, len(open_cases))):
                            goal = None
                            if case.goal_ids and case.plan_from <= day and rng.random() < 0.3:
                                goal = rng.choice(case.goal_ids)
                            links.append({"entry": entry_id, "case_file": case.id, "goal": goal})
                        start = end + rng.choice((0, 15, 30, 60))
                    if rng.random() < 0.01:  # separately paid interpreting after the day's work
                        entries.append(
                            self.entry(
                                self.ids.take(Entry),
                                weeks[key],
                                tenure,
                                day,
                                start,
                                start + 60,
                                Place.OUTSIDE,
                            )
                            | {
                                "activity": activities[0],
                                "paid_interpreting": True,
                                "note": "Apmaksāta tulkošana (atsevišķs līgums)",
                            }
                        )
        mentor_of = {case.id: self.slot_holder_id(case) for case in self.cases}
        entry_mentor = {row["id"]: row["mentor"] for row in entries}
        for link in links:
            link["covering"] = mentor_of[link["case_file"]] != entry_mentor[link["entry"]]
        week_rows = [
            {
                "id": week_id,
                "mentor": mentor,
                "week_start": monday,
                "status": status,
                "submitted_at": submitted,
            }
            for (mentor, monday), (week_id, status, submitted) in weeks.items()
        ]
        locks = [
            {
                "month": month,
                "locked_by": self.coordinator.id,
                "locked_at": at(add_months(month, 1).replace(day=8), 9 * 60),
            }
            for month in self.months()[:-2]
        ]
        reminders = [
            {
                "user": mentor,
                "week_start": monday,
                "created_by": self.lead.id,
                "created_at": at(monday + timedelta(days=7), 9 * 60),
            }
            for (mentor, monday), (_id, status, _at) in weeks.items()
            if status == WeekStatus.DRAFT and monday < this_week
        ]
        with write_tx():
            insert(Week, self.count("weeks", week_rows))
            insert(WeekEvent, events)
            insert(Entry, self.count("entries", entries))
            insert(EntryCase, self.count("entry case links", links))
            insert(MonthLock, locks)
            insert(Notice, reminders)

    def slot_holder_id(self, case: Case) -> int:
        slot = self.slots[case.slot]
        holder = slot.holder(min(case.closed_on or self.today, self.today)) or slot.tenures[-1]
        return holder.user_id

    def week(self, tenure: Tenure, slot: Slot, monday: date, this_week: date, events: list):
        """The week's id, status and submission, with the events that led to it."""
        rng = self.rng
        week_id = self.ids.take(Week)
        if monday == this_week:
            return week_id, WeekStatus.DRAFT, None
        friday = at(monday + timedelta(days=4), 14 * 60 + rng.randint(0, 59))
        last_week = monday == this_week - timedelta(weeks=1)
        if last_week and rng.random() < 0.2:
            return week_id, WeekStatus.DRAFT, None
        events.append({"week": week_id, "at": friday, "actor": tenure.user_id, "action": "submit"})
        if last_week:
            return week_id, WeekStatus.SUBMITTED, friday
        decided = at(monday + timedelta(days=rng.choice((7, 7, 8))), 8 * 60 + rng.randint(0, 59))
        if monday == this_week - timedelta(weeks=2) and rng.random() < 0.1:
            events.append(
                {
                    "week": week_id,
                    "at": decided,
                    "actor": slot.supervisor_id,
                    "action": "return",
                    "comment": "Lūdzu, norādiet lietas kodus.",
                }
            )
            return week_id, WeekStatus.RETURNED, friday
        events.append(
            {"week": week_id, "at": decided, "actor": slot.supervisor_id, "action": "approve"}
        )
        return week_id, WeekStatus.APPROVED, friday

    @staticmethod
    def entry(entry_id, week, tenure, day, start, end, place) -> dict:
        stamp = at(day, 16 * 60)
        return {
            "id": entry_id,
            "week": week[0],
            "mentor": tenure.user_id,
            "day": day,
            "start_minute": start,
            "end_minute": end,
            "place": place,
            "note": "WhatsApp" if place == Place.REMOTE else "",
            "created_at": stamp,
            "updated_at": stamp,
        }

    def mentor_meetings(self) -> None:
        """Each mentor meets their supervisor on Tuesday and Thursday, now and then only once."""
        rows = []
        for slot in self.slots:
            for day in self.working_days:
                if day.weekday() not in (1, 3) or self.rng.random() < 0.04:
                    continue
                tenure = slot.holder(day)
                if tenure:
                    rows.append(
                        {
                            "social_worker": slot.supervisor_id,
                            "mentor": tenure.user_id,
                            "day": day,
                            "mode": self.rng.choice(Mode.ALL),
                            "created_at": at(day, 16 * 60),
                        }
                    )
        with write_tx():
            insert(MentorMeeting, self.count("mentor meetings", rows))

    # --- meetings and training -----------------------------------------------------------

    def meetings(self) -> None:
        """The weekly all-staff meeting on Tuesdays (a few weeks without one, with the reason),
        attendance, minutes, decisions and action items; every sixth meeting's minutes also as
        an uploaded DOCX; months before the last submitted."""
        rng, today = self.rng, self.today
        monday = week_start_of(self.first_day)
        days = []
        while monday <= today:
            if rng.random() < 0.08:
                CoverageReason.create(
                    week_start=monday,
                    kind=rng.choice(CoverageReasonKind.ALL),
                    text="Supervīzija vai brīvdienas",
                    set_by=self.coordinator,
                    set_at=at(monday + timedelta(days=4), 14 * 60),
                )
            else:
                day = monday + timedelta(days=1)
                day = day + timedelta(days=2) if self.holiday(day) else day
                if self.first_day <= day <= today:
                    days.append((day, MeetingKind.WEEKLY))
            monday += timedelta(weeks=1)
        days += [
            (self.first_day + timedelta(days=200 + 365 * n), MeetingKind.EXTRAORDINARY)
            for n in range(len(self.days) // 365)
        ]
        days.sort()
        last = days[-1][0]
        for number, (day, kind) in enumerate(days):
            with write_tx():
                topics = rng.sample(TOPICS, 2)
                agenda = "\n".join(f"{n}. {t[0]}" for n, t in enumerate(topics, 1))
                minutes = "### Pārrunātie jautājumi\n\n" + "\n".join(
                    f"{n}. **{t[0]}.** {t[1]}" for n, t in enumerate(topics, 1)
                )
                final = day != last
                online = rng.random() < 0.3
                meeting = Meeting.create(
                    kind=kind,
                    day=day,
                    start_minute=10 * 60,
                    end_minute=11 * 60 + 30,
                    format=MeetingFormat.ONLINE if online else MeetingFormat.IN_PERSON,
                    platform="Zoom" if online else "",
                    place="" if online else "Birojs",
                    chair=self.coordinator.id,
                    agenda=agenda,
                    minutes=minutes,
                    status=MeetingStatus.FINAL if final else MeetingStatus.DRAFT,
                    created_by=self.coordinator.id,
                    created_at=at(day - timedelta(days=3), 9 * 60),
                    updated_at=at(day, 13 * 60),
                )
                staff = self.staff_on(day)
                insert(
                    Attendance,
                    self.count(
                        "meeting attendance",
                        [
                            {"meeting": meeting.id, "user": u, "attended": rng.random() > 0.1}
                            for u in staff
                        ],
                    ),
                )
                for position, (_title, _said, decided) in enumerate(topics, 1):
                    decision = Decision.create(meeting=meeting, position=position, text=decided)
                    due = day + timedelta(days=rng.choice((4, 7, 14)))
                    done = due < today - timedelta(days=7)
                    ActionItem.create(
                        meeting=meeting,
                        decision=decision,
                        text=decided,
                        owner=rng.choice(staff),
                        due_on=due,
                        status=ActionStatus.DONE if done else ActionStatus.OPEN,
                        closed_at=at(due, 12 * 60) if done else None,
                    )
                if number % 6 == 1:
                    upload = store(
                        self.coordinator,
                        io.BytesIO(minutes_docx(agenda, minutes)),
                        f"protokols_{day:%Y-%m-%d}.docx",
                    )
                    MeetingFile.create(meeting=meeting, upload=upload, added_at=at(day, 15 * 60))
                    self.counts["meeting files"] = self.counts.get("meeting files", 0) + 1
                if final:
                    MinutesEvent.create(
                        meeting=meeting,
                        action="finalize",
                        actor=self.lead.id,
                        at=at(day + timedelta(days=1), 11 * 60),
                        agenda=agenda,
                        minutes=minutes,
                    )
                index_meeting(meeting.id)
        self.counts["meetings"] = len(days)
        with write_tx():
            insert(
                MonthSubmission,
                [
                    {
                        "month": month,
                        "submitted_on": add_months(month, 1) + timedelta(days=6),
                        "submitted_by": self.coordinator.id,
                        "at": at(add_months(month, 1) + timedelta(days=6), 10 * 60),
                    }
                    for month in self.months()[:-2]
                ],
            )

    def training(self) -> None:
        """Monthly group supervision for mentors and for social workers, a training or two a
        month; everyone of the audience invited and, once past, marked."""
        rng, today = self.rng, self.today
        kinds = {k.name_en: k for k in TrainingKind.select()}
        supervision = kinds["Group supervision"]
        trainings = [k for k in kinds.values() if k.counts_as == "training" and not k.individual]
        sessions = []
        for month in [*self.months(), add_months(month_start(today), 1)]:
            sessions.append((month + timedelta(days=9), supervision, Audience.MENTORS))
            sessions.append((month + timedelta(days=16), supervision, Audience.SOCIAL_WORKERS))
            for offset in (22, 2) if rng.random() < 0.1 else (22,):
                sessions.append(
                    (month + timedelta(days=offset), rng.choice(trainings), Audience.ALL_STAFF)
                )
        roles = {u.id: u.role for u in User.select(User.id, User.role)}
        marks = []
        with write_tx():
            for day, kind, audience in sessions:
                while day.weekday() >= 5 or self.holiday(day):
                    day += timedelta(days=1)
                session = TrainingSession.create(
                    kind=kind,
                    topic=f"{kind.name_lv}: {rng.choice(TOPICS)[0]}",
                    day=day,
                    start_minute=10 * 60,
                    end_minute=13 * 60,
                    minutes=180,
                    facilitator="Supervizore (benchmark)",
                    place="Birojs",
                    audience=audience,
                    cancelled=rng.random() < 0.02,
                    created_by=self.coordinator,
                    created_at=at(day - timedelta(days=14), 9 * 60),
                    updated_at=at(day, 15 * 60),
                )
                past = day < today
                for person in self.staff_on(day):
                    if roles[person] not in AUDIENCE_ROLES[audience]:
                        continue
                    attended = rng.choices((180, 90, 0), weights=(85, 5, 10))[0]
                    marks.append(
                        {
                            "session": session.id,
                            "user": person,
                            "attended_minutes": attended if past else None,
                            "marked_by": self.coordinator.id if past else None,
                            "marked_at": at(day, 15 * 60) if past else None,
                        }
                    )
            insert(Invitation, self.count("session invitations", marks))
        self.counts["training sessions"] = len(sessions)

    # --- risks, reporting, funder ----------------------------------------------------------

    def risks(self) -> None:
        """The register's risks with measures, assessed in every ended six-month period."""
        rng = self.rng
        types = [t.id for t in RiskType.select()]
        ended = [p for p in self.interims if p.ends_on < self.today]
        measures, assessments, comments = [], [], []
        with write_tx():
            for number, title in enumerate(RISK_TITLES):
                added = self.first_day + timedelta(days=number * 30)
                likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
                risk = Risk.create(
                    type=types[number % len(types)],
                    title=title,
                    description="Apraksts (benchmark).",
                    owner=self.lead,
                    contract_priority=rng.choice(("high", "medium", "low")),
                    likelihood=likelihood,
                    impact=impact,
                    added_on=added,
                    created_at=at(added, 9 * 60),
                )
                measures += [
                    {
                        "risk": risk.id,
                        "position": n,
                        "text": f"Pasākums {n}",
                        "owner": self.lead.id,
                        "status": rng.choice(("planned", "in_place")),
                    }
                    for n in range(1, rng.randint(2, 4) + 1)
                ]
                written = None
                for period in ended:
                    if period.ends_on < added:
                        continue
                    written = min(period.ends_on + timedelta(days=10), self.today)
                    likelihood = min(5, max(1, likelihood + rng.choice((-1, 0, 0, 1))))
                    assessments.append(
                        {
                            "risk": risk.id,
                            "period": period.id,
                            "text": "Ietekme periodā.",
                            "likelihood": likelihood,
                            "impact": impact,
                            "author": self.lead.id,
                            "written_on": written,
                            "created_at": at(written, 10 * 60),
                            "updated_at": at(written, 10 * 60),
                        }
                    )
                Risk.update(last_reviewed_on=written, likelihood=likelihood).where(
                    Risk.id == risk.id
                ).execute()
                comments.append(
                    {
                        "risk": risk.id,
                        "author": self.coordinator.id,
                        "at": at(added + timedelta(days=40), 8 * 60),
                        "text": "Jāseko līdzi.",
                    }
                )
            insert(Measure, measures)
            insert(Assessment, self.count("risk assessments", assessments))
            insert(RiskComment, comments)

    def reporting(self) -> None:
        """The interim reports' texts and challenges of the reported periods, the funder's
        payments for ended ones, one addendum, and the notices to the funder."""
        today = self.today
        texts, challenges, payments, notices = [], [], [], []
        for period in self.interims:
            if period.reported_on:
                written = at(period.ends_on + timedelta(days=5), 10 * 60)
                texts += [
                    {
                        "period": period.id,
                        "part": part,
                        "text": f"Teksts par periodu ({part}).",
                        "written_by": self.coordinator.id,
                        "written_at": written,
                    }
                    for part in ("I", "II", "VII")
                ]
                challenges.append(
                    {
                        "period": period.id,
                        "position": 1,
                        "area": "Mājoklis",
                        "problem": "Īres tirgus.",
                        "solution": "Sadarbība ar pašvaldību.",
                        "written_by": self.lead.id,
                        "updated_at": written,
                    }
                )
            paid = period.ends_on + timedelta(days=20)
            if paid < today:
                payments.append(
                    {
                        "contract": period.contract_id,
                        "paid_on": paid,
                        "amount_cents": MONTHLY_PLAN_CENTS * 5,
                        "first_month": period.starts_on,
                        "last_month": month_start(period.ends_on),
                        "note": f"Rēķins {period.id}",
                        "created_by": self.coordinator.id,
                    }
                )
        for slot in self.slots:
            for tenure in slot.tenures[1:]:
                if tenure.since <= today:
                    notices.append(
                        {
                            "kind": NoticeKind.STAFF_CHANGE,
                            "event_on": tenure.since,
                            "subject": "Jauns sociālais mentors komandā",
                            "sent_on": min(tenure.since + timedelta(days=2), today),
                            "sent_how": "E-pasts",
                            "created_by": self.coordinator.id,
                        }
                    )
        for month in self.months()[3::12]:
            notices.append(
                {
                    "kind": NoticeKind.SURGE,
                    "event_on": month + timedelta(days=5),
                    "subject": "Slodzes pieaugums",
                    "sent_on": month + timedelta(days=7),
                    "sent_how": "E-pasts",
                    "created_by": self.coordinator.id,
                }
            )
        first = add_months(self.first_day, 3)
        with write_tx():
            insert(NarrativeVersion, texts)
            insert(Challenge, challenges)
            insert(FunderPayment, self.count("payments", payments))
            insert(FunderNotice, self.count("funder notices", notices))
            addendum = Addendum.create(
                title="Ārkārtējā situācija (benchmark)",
                first_month=first,
                last_month=add_months(first, 2),
                created_by=self.coordinator,
            )
            insert(
                AddendumMonth,
                [
                    {
                        "addendum": addendum.id,
                        "month": add_months(first, n),
                        "measures": "Attālināts darbs.",
                        "written_by": self.coordinator.id,
                    }
                    for n in range(3)
                ],
            )

    # --- the whole ---------------------------------------------------------------------------

    def run(self) -> dict:
        self.people()
        self.contracts()
        self.case_files()
        self.plans()
        self.complexity()
        self.evaluations()
        self.timesheets(self.roster())
        self.mentor_meetings()
        self.meetings()
        self.training()
        self.risks()
        self.reporting()
        reset_sequences(ALL_MODELS)
        return self.summary()

    def summary(self) -> dict:
        """What the benchmark needs to sign in and to address its pages."""
        today = self.today
        last_month = add_months(month_start(today), -1)
        ended = [p for p in self.interims if p.ends_on < today] or self.interims[:1]
        interim = max(ended, key=lambda p: p.ends_on)
        mentor = self.slots[0].tenures[0]
        risk_id = Risk.select(Risk.id).order_by(Risk.id).scalar()
        open_case = next(c for c in reversed(self.cases) if c.closed_on is None)
        return {
            "today": today.isoformat(),
            "first_day": self.first_day.isoformat(),
            "password": BENCH_PASSWORD,
            "users": {
                "lead": self.lead.username,
                "coordinator": self.coordinator.username,
                "social_worker": self.worker_users[0].username,
                "mentor": mentor.username,
                "admin": self.admin.username,
            },
            "mentor_id": mentor.user_id,
            "risk_id": risk_id,
            "case_id": open_case.id,
            "last_month": f"{last_month:%Y-%m}",
            "interim": {
                "id": interim.id,
                "from": interim.starts_on.isoformat(),
                "to": interim.ends_on.isoformat(),
            },
            "counts": self.counts,
        }


def close_connections() -> None:
    """Close every connection of the bound database, pooled (the default URLs) or not."""
    from playhouse.pool import PooledDatabase

    from app.db import db

    db.obj.close_all() if isinstance(db.obj, PooledDatabase) else db.close()


def minutes_docx(agenda: str, minutes: str) -> bytes:
    document = Document()
    document.add_heading("Sapulces protokols", level=1)
    for line in (agenda + "\n" + minutes).splitlines():
        if line.strip():
            document.add_paragraph(line.replace("**", "").lstrip("# "))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def generate(years: float, staff: int, seed: int, today: date | None = None) -> dict:
    """Write the data into the bound, migrated, empty database (inside an app context)."""
    return Generator(years, staff, seed, today).run()


def build_database(
    data_dir: Path, years: float, staff: int, seed: int, database_url: str = ""
) -> dict:
    """A migrated database in `data_dir` (or at `database_url`) filled with the data; the
    summary is also written to data_dir/bench.json."""
    from app import create_app
    from app.cli import upgrade_database
    from app.db import db

    data_dir.mkdir(parents=True, exist_ok=True)
    config = {
        "DATA_DIR": data_dir,
        "SECRET_KEY": "benchmark",
        "APP_ENV": "development",
        "MALWARE_SCAN": "off",
    }
    if database_url:
        config["DATABASE_URL"] = database_url
    application = create_app(config)
    upgrade_database()
    with application.app_context(), db.connection_context():
        summary = generate(years, staff, seed)
    close_connections()
    (data_dir / SUMMARY_FILE).write_text(json.dumps(summary, indent=1))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--staff", type=int, default=20)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: SQLite)")
    args = parser.parse_args()
    started = time.perf_counter()
    summary = build_database(args.data_dir, args.years, args.staff, args.seed, args.database_url)
    print(f"built in {time.perf_counter() - started:.1f} s: {json.dumps(summary['counts'])}")


if __name__ == "__main__":
    main()
