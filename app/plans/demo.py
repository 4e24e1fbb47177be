"""Demo inclusion plans, so December 2019 – May 2020 reads like sections IV and V of the interim
report of that period: 44 plans taken over with the case files open on 1 December, 36 drawn up
anew (every case file opened in the period but the last, L-0090, opened on 23 April and still
waiting for its plan: the worker's home page shows it as a case without a plan), and the 35
case files closed in the period with their plans closed the same day, none fulfilled; the two
whose service period ended for want of Latvian give that reason.

The plans follow each household's story from app/clients/demo.py (read-only): the goals suit
the members' situation on the day the plan was drawn up (asylum seekers, status holders,
refused, children of school or kindergarten age), a review adds goals when a status or a
refusal comes later, and tasks done, open, overdue or dropped by the day the plan's case closed
(or the period's end). Invented Latvian wording, no person named; deterministic
(random.Random(SEED)).
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from peewee import chunked

from app.cases.models import CaseFile, ClosingReason
from app.clients.demo import (
    FIRST_DAY,
    JURMALA,
    LAST_DAY,
    RIGA,
    Household,
    case_plan,
    next_id,
)
from app.clients.models import Membership, Place, Stage
from app.db import write_tx
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

SEED = 2020
BATCH = 200
#: the new case file left without a plan (opened 23 April 2020, open at the period's end)
WITHOUT_PLAN = "L-0090"
#: how many plans of case files whose service period ended were not fulfilled for want of
#: Latvian (the seed's "zemo latviešu valodas prasmju dēļ"): the first individuals, by code
LANGUAGE_PLANS = 2
COVID_DAY = date(2020, 3, 12)  #: the emergency situation was declared
#: tasks due this many days before the horizon may still be open (overdue); older ones not
OVERDUE_DAYS = 60
SOCIAL_SERVICES = {RIGA: "Rīgas Sociālais dienests", JURMALA: "Jūrmalas Sociālais dienests"}

SW, MENTOR, CLIENT, INST = (
    OwnerKind.SOCIAL_WORKER,
    OwnerKind.MENTOR,
    OwnerKind.CLIENT,
    OwnerKind.INSTITUTION,
)

#: goal key -> (need, goal text, tasks as (text, owner, institution, due days after the start));
#: "{course}" is where the Latvian course is held, "{service}" the municipal social service
GOALS = {
    "language": (
        "latviešu valodas apguve",
        "Apgūt latviešu valodu A1 līmenī",
        [
            ("Pieteikties latviešu valodas kursiem", CLIENT, "", 14),
            ("Nodrošināt vietu latviešu valodas kursos", INST, "{course}", 35),
            ("Atrast sarunu praksi latviešu valodā ārpus kursiem", MENTOR, "", 45),
            ("Apmeklēt nodarbības vismaz divas reizes nedēļā", CLIENT, "", 90),
        ],
    ),
    "asylum": (
        "izpratne par patvēruma procedūru",
        "Izprast patvēruma procedūru un savas tiesības un pienākumus",
        [
            ("Izskaidrot patvēruma procedūras posmus un termiņus", SW, "", 7),
            ("Sagatavot jautājumus intervijai PMLP", MENTOR, "", 20),
            ("Nodrošināt tulku intervijai", INST, "PMLP", 30),
        ],
    ),
    "health": (
        "veselības aprūpe",
        "Nodrošināt nepieciešamo veselības aprūpi",
        [
            ("Pieteikt vizīti pie ārsta PMC", SW, "", 10),
            ("Pavadīt uz izmeklējumiem un palīdzēt ar tulkošanu", MENTOR, "", 30),
            ("Izņemt izrakstītos medikamentus aptiekā", CLIENT, "", 40),
        ],
    ),
    "daily": (
        "ikdienas prasmes",
        "Apgūt ikdienas prasmes dzīvei Latvijā",
        [
            ("Iemācīties lietot sabiedrisko transportu Rīgā", MENTOR, "", 14),
            ("Kopā iepirkties un salīdzināt cenas", MENTOR, "", 25),
            ("Patstāvīgi norēķināties par komunālajiem maksājumiem", CLIENT, "", 70),
        ],
    ),
    "psych": (
        "psihoemocionālais atbalsts",
        "Saņemt psihoemocionālo atbalstu krīzes pārvarēšanā",
        [
            ("Nodrošināt psihologa konsultācijas", INST, "Biedrības sadarbības psihologs", 30),
            ("Regulāras atbalsta sarunas ar mentoru", MENTOR, "", 60),
        ],
    ),
    "appeal": (
        "juridisks atbalsts pēc negatīvā lēmuma",
        "Pārsūdzēt PMLP negatīvo lēmumu tiesā",
        [
            ("Pieteikties valsts nodrošinātajai juridiskajai palīdzībai", CLIENT, "", 5),
            (
                "Piešķirt juristu pieteikuma sagatavošanai",
                INST,
                "Juridiskās palīdzības administrācija",
                12,
            ),
            ("Informēt par tiesas procesa gaitu un termiņiem", SW, "", 30),
        ],
    ),
    "return": (
        "informācija par atgriešanos",
        "Izvērtēt brīvprātīgas atgriešanās iespējas",
        [
            ("Informēt par SMO brīvprātīgās atgriešanās programmu", SW, "", 10),
            ("Sarunāt tikšanos SMO birojā", MENTOR, "", 25),
            ("Konsultēt par atgriešanās atbalstu", INST, "SMO Latvijas birojs", 40),
        ],
    ),
    "documents": (
        "personas dokumenti",
        "Sakārtot dokumentus pēc statusa saņemšanas",
        [
            ("Saņemt uzturēšanās atļauju un personas kodu", INST, "PMLP", 21),
            ("Atvērt bankas kontu", MENTOR, "", 35),
            ("Deklarēt dzīvesvietu", CLIENT, "", 50),
            ("Reģistrēties pie ģimenes ārsta", SW, "", 60),
        ],
    ),
    "housing": (
        "mājoklis ārpus PMC",
        "Atrast īres dzīvokli",
        [
            ("Sagatavot piemērotu īres sludinājumu sarakstu", MENTOR, "", 14),
            ("Doties dzīvokļu apskatēs kopā ar klientu", MENTOR, "", 30),
            ("Noslēgt īres līgumu", CLIENT, "", 60),
            ("Izvērtēt dzīvokļa pabalsta piešķiršanu", INST, "{service}", 75),
        ],
    ),
    "work": (
        "nodarbinātība",
        "Reģistrēties NVA un atrast darbu",
        [
            ("Reģistrēties NVA kā bezdarbniekam", CLIENT, "", 14),
            ("Sagatavot CV latviešu un angļu valodā", MENTOR, "", 30),
            ("Piedāvāt aktīvās nodarbinātības pasākumus", INST, "NVA", 60),
            ("Apmeklēt vismaz trīs darba intervijas", CLIENT, "", 100),
        ],
    ),
    "benefits": (
        "sociālā palīdzība",
        "Saņemt pienākošos sociālās palīdzības pabalstus",
        [
            ("Iesniegt iesniegumu sociālajā dienestā", CLIENT, "", 14),
            ("Sagatavot nepieciešamās izziņas", SW, "", 10),
            ("Izvērtēt pabalsta piešķiršanu", INST, "{service}", 30),
        ],
    ),
    "school": (
        "bērnu izglītība",
        "Pierakstīt bērnus skolā",
        [
            ("Sazināties ar izglītības pārvaldi par vietu skolā", SW, "", 10),
            ("Iesniegt pieteikumu skolā", CLIENT, "", 21),
            ("Iegādāties mācību piederumus", MENTOR, "", 25),
            ("Nodrošināt latviešu valodas atbalsta nodarbības", INST, "Skola", 60),
        ],
    ),
    "kindergarten": (
        "pirmsskolas izglītība",
        "Pierakstīt bērnu bērnudārzā",
        [
            ("Noskaidrot rindas kārtību pašvaldības bērnudārzos", SW, "", 10),
            ("Reģistrēt bērnu rindā uz bērnudārzu", CLIENT, "", 21),
        ],
    ),
}
#: the goals that suit each situation, besides Latvian (always a goal)
SEEKER_GOALS = ["asylum", "health", "daily", "psych"]
STATUS_GOALS = ["documents", "housing", "work", "benefits"]
REFUSED_GOALS = ["appeal", "return", "psych"]
SPECIALISTS = [
    "psihologs",
    "jurists",
    "ģimenes ārsts",
    "tulks",
    "NVA karjeras konsultants",
    "pašvaldības sociālais darbinieks",
]

#: the case's closing reason -> the plan's outcome, reason and note
CLOSINGS = {
    ClosingReason.LEFT: (
        Outcome.NOT_FULFILLED,
        OutcomeReason.LEFT,
        "Klients patstāvīgi izbrauca no valsts.",
    ),
    ClosingReason.RETURNED: (
        Outcome.PARTLY,
        OutcomeReason.LEFT,
        "Atgriezās izcelsmes valstī ar SMO atbalstu; atgriešanās sagatavota kopā ar mentoru.",
    ),
    ClosingReason.DEPORTED: (
        Outcome.NOT_FULFILLED,
        OutcomeReason.LEFT,
        "Izraidīts no valsts pēc galīgā tiesas nolēmuma.",
    ),
    ClosingReason.REFUSED: (
        Outcome.NOT_FULFILLED,
        OutcomeReason.REFUSED,
        "Klients atteicās sadarboties ar sociālo darbinieku un mentoru.",
    ),
    ClosingReason.ENDED: (
        Outcome.PARTLY,
        OutcomeReason.ENDED,
        "Pakalpojuma laiks beidzies; mājoklis un dokumenti sakārtoti, darbs vēl nav atrasts.",
    ),
}
LANGUAGE_NOTES = [
    "Pakalpojuma laiks beidzies. PMC apgūtie valodas kursi nav pietiekami pat A1 līmenim; "
    "pēc statusa saņemšanas klients atteicās no latviešu valodas kursiem NVA.",
    "Pakalpojuma laiks beidzies. Pēc statusa saņemšanas klients izveidoja savu uzņēmumu, "
    "lai apgādātu ģimeni, un latviešu valodu nemācījās: kursi pēc darba laika netika "
    "piedāvāti.",
]
TAKEOVER_REVIEW = "Plāns pārņemts no iepriekšējā līguma; mērķi un termiņi pārskatīti ar klientu."
STATUS_REVIEW = "Saņemts statuss: pievienoti mērķi par dokumentiem, mājokli un nodarbinātību."
REFUSAL_REVIEW = "Saņemts PMLP negatīvs lēmums: pievienots mērķis par lēmuma pārsūdzēšanu."
COVID_REVIEW = (
    "Ārkārtējās situācijas dēļ valodas kursi un tikšanās notiek attālināti; termiņi pagarināti."
)


@dataclass
class _Case:
    """What a plan needs of one case file: its household, row and members."""

    household: Household
    case_id: int
    social_worker_id: int
    #: (membership id, joined on, left on)
    members: list[tuple[int, date, date | None]] = field(default_factory=list)


@dataclass
class _Rows:
    plans: list = field(default_factory=list)
    members: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    reviews: list = field(default_factory=list)


def planned_households() -> list[Household]:
    """The case files the demo gives a plan: open in the period, all but WITHOUT_PLAN."""
    return [
        h
        for h in case_plan()
        if h.opened_on <= LAST_DAY
        and (h.closed_on is None or h.closed_on >= FIRST_DAY)
        and h.code != WITHOUT_PLAN
    ]


def language_codes() -> set[str]:
    """The case files whose plan was not fulfilled for want of Latvian: the first individuals
    (by code) whose service period ended in the period."""
    ended = [
        h
        for h in planned_households()
        if h.reason == ClosingReason.ENDED and not h.family and h.closed_on >= FIRST_DAY
    ]
    return {h.code for h in ended[:LANGUAGE_PLANS]}


def _stage_on(household: Household, day: date) -> str:
    """The household's legal stage on `day` (its latest event by then)."""
    stage = Stage.ASYLUM_SEEKER
    for event, event_day in sorted(household.events, key=lambda event: event[1]):
        if event_day <= day:
            stage = event
    return stage


def _first_event(household: Household, stages, after: date, until: date) -> date | None:
    days = [day for stage, day in household.events if stage in stages and after < day <= until]
    return min(days) if days else None


def _service(household: Household) -> str:
    """The municipal social service of the town the household moved to (Rīga if none yet)."""
    towns = [town for place, town, _since in household.homes if place == Place.MUNICIPALITY]
    return SOCIAL_SERVICES.get(towns[-1] if towns else RIGA, SOCIAL_SERVICES[RIGA])


def _goal_keys(household: Household, day: date, rng: random.Random) -> list[str]:
    """Latvian, then goals of the household's situation on `day`, then the children's."""
    stage = _stage_on(household, day)
    if stage in Stage.STATUSES:
        pool = STATUS_GOALS
    elif stage in (Stage.NEGATIVE, Stage.APPEAL, Stage.COURT_NEGATIVE):
        pool = REFUSED_GOALS
    else:
        pool = SEEKER_GOALS
    keys = ["language", *rng.sample(pool, rng.randint(1, min(3, len(pool))))]
    children = [p for p in household.people if p.age < 18 and (p.born_on or day) <= day]
    if any(p.grade is not None for p in children):
        keys.append("school")
    elif any(1 <= p.age <= 6 for p in children) and stage in Stage.STATUSES:
        keys.append("kindergarten")
    return keys


@dataclass
class _Draft:
    """One plan being written: its case, its days and what its goals' tasks need."""

    case: _Case
    plan_id: int
    start: date  #: drawn up on
    horizon: date  #: the case's closing day, or the period's end
    closed_on: date | None
    language: bool  #: not fulfilled for want of Latvian
    keys: list[str]
    context: dict[str, str]


class _PlanWriter:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.rows = _Rows()
        self.plan_id = next_id(Plan)
        self.goal_id = next_id(PlanGoal)
        self.language_notes = iter(LANGUAGE_NOTES)

    def plan(self, case: _Case, language: bool) -> None:
        household, rng = case.household, self.rng
        taken_over = household.opened_on < FIRST_DAY
        start = household.opened_on + timedelta(days=rng.randint(2, 20))
        if taken_over:
            start = min(start, FIRST_DAY - timedelta(days=1))
        horizon = household.closed_on or LAST_DAY
        start = min(start, horizon)
        keys = _goal_keys(household, start, rng)
        needs = ", ".join(GOALS[key][0] for key in keys)
        specialists = ", ".join(rng.sample(SPECIALISTS, rng.randint(1, 3)))
        outcome = reason = closed_on = None
        note = ""
        if household.closed_on and household.closed_on <= LAST_DAY:
            outcome, reason, note = CLOSINGS[household.reason]
            if language:
                outcome, reason = Outcome.NOT_FULFILLED, OutcomeReason.LANGUAGE
                note = next(self.language_notes)
            closed_on = household.closed_on
        draft = _Draft(
            case,
            self.plan_id,
            start,
            horizon,
            closed_on,
            language,
            keys,
            {"course": "NVA" if "documents" in keys else "PMC", "service": _service(household)},
        )
        self.plan_id += 1
        self.rows.plans.append(
            (
                draft.plan_id,
                case.case_id,
                start,
                taken_over,
                needs[0].upper() + needs[1:] + ".",
                specialists[0].upper() + specialists[1:],
                outcome,
                reason,
                note,
                closed_on,
            )
        )
        self.rows.members.extend(
            (draft.plan_id, membership_id)
            for membership_id, joined, left in case.members
            if joined <= start and (left is None or left >= start)
        )
        for order, key in enumerate(keys, start=1):
            self.goal(draft, key, start, order)
        self.reviews(draft, taken_over)

    def goal(self, draft: _Draft, key: str, start: date, order: int) -> None:
        """The goal with its tasks, due some days after `start` (the plan's day or a review's)."""
        goal_id = self.goal_id
        self.goal_id += 1
        self.rows.goals.append((goal_id, draft.plan_id, GOALS[key][1], order))
        for text, owner, institution, days in GOALS[key][2]:
            due = start + timedelta(days=days + self.rng.randint(0, 10))
            status, done_on = self.status(start, due, draft.horizon)
            if draft.language and key == "language" and owner != MENTOR:
                status, done_on = TaskStatus.DROPPED, min(due, draft.horizon)
            if draft.closed_on and status == TaskStatus.OPEN:
                status, done_on = TaskStatus.DROPPED, draft.closed_on
            institution = institution.format(**draft.context)
            self.rows.tasks.append((goal_id, text, owner, institution, due, status, done_on))

    def status(self, start: date, due: date, horizon: date) -> tuple[str, date | None]:
        """Open while not due by the horizon; once due, mostly done around its due day, some
        dropped, and some of those due in the last two months still open (overdue)."""
        if due > horizon:
            return TaskStatus.OPEN, None
        chance = self.rng.random()
        recent = due > horizon - timedelta(days=OVERDUE_DAYS)
        if chance < (0.65 if recent else 0.85):
            done = due + timedelta(days=self.rng.randint(-10, 7))
            return TaskStatus.DONE, max(start + timedelta(days=1), min(done, horizon))
        if recent and chance < 0.95:
            return TaskStatus.OPEN, None
        return TaskStatus.DROPPED, min(due + timedelta(days=self.rng.randint(0, 20)), horizon)

    def reviews(self, draft: _Draft, taken_over: bool) -> None:
        """On taking over (every other plan), when a status or a refusal came after the plan
        (with the goals it adds), and for some open plans in the emergency situation."""
        household, rng = draft.case.household, self.rng
        start, horizon = draft.start, draft.horizon

        def review(day: date, text: str) -> None:
            self.rows.reviews.append((draft.plan_id, day, text, draft.case.social_worker_id))

        if taken_over and rng.random() < 0.5:
            review(min(FIRST_DAY + timedelta(days=rng.randint(1, 20)), horizon), TAKEOVER_REVIEW)
        status = _first_event(household, Stage.STATUSES, start, horizon)
        refusal = _first_event(household, (Stage.NEGATIVE,), start, horizon)
        for day, text, added in (
            (status, STATUS_REVIEW, STATUS_GOALS[:3]),
            (refusal, REFUSAL_REVIEW, ["appeal"]),
        ):
            if day is None:
                continue
            reviewed = min(day + timedelta(days=rng.randint(3, 14)), horizon)
            review(reviewed, text)
            if day == status:
                draft.context = {**draft.context, "course": "NVA"}
            for key in added:
                if key not in draft.keys:
                    draft.keys.append(key)
                    self.goal(draft, key, reviewed, len(draft.keys))
        if horizon > COVID_DAY + timedelta(days=21) and start < COVID_DAY and rng.random() < 0.2:
            review(COVID_DAY + timedelta(days=rng.randint(5, 20)), COVID_REVIEW)


def _cases() -> list[_Case]:
    households = {h.code: h for h in planned_households()}
    cases = {
        code: _Case(households[code], case_id, social_worker_id)
        for code, case_id, social_worker_id in CaseFile.select(
            CaseFile.code, CaseFile.id, CaseFile.social_worker
        )
        .where(CaseFile.code.in_(list(households)))
        .tuples()
    }
    by_id = {case.case_id: case for case in cases.values()}
    for membership_id, case_id, joined, left in (
        Membership.select(Membership.id, Membership.case, Membership.joined_on, Membership.left_on)
        .where(Membership.case.in_(list(by_id)))
        .order_by(Membership.case, Membership.number)
        .tuples()
    ):
        by_id[case_id].members.append((membership_id, joined, left))
    return [cases[h.code] for h in households.values()]


def load_plan_demo() -> dict[str, int]:
    """The plans of the demo's case files (written by the client demo), with their members,
    goals, tasks and reviews; returns counts."""
    with write_tx():
        writer = _PlanWriter(random.Random(SEED))
        language = language_codes()
        for case in _cases():
            writer.plan(case, case.household.code in language)
        rows = writer.rows
        _insert(
            Plan,
            [
                Plan.id,
                Plan.case,
                Plan.drawn_up_on,
                Plan.taken_over,
                Plan.needs,
                Plan.specialists,
                Plan.outcome,
                Plan.outcome_reason,
                Plan.outcome_note,
                Plan.closed_on,
            ],
            rows.plans,
        )
        _insert(PlanMember, [PlanMember.plan, PlanMember.membership], rows.members)
        _insert(
            PlanGoal, [PlanGoal.id, PlanGoal.plan, PlanGoal.text, PlanGoal.sort_order], rows.goals
        )
        _insert(
            PlanTask,
            [
                PlanTask.goal,
                PlanTask.text,
                PlanTask.owner_kind,
                PlanTask.institution,
                PlanTask.due_on,
                PlanTask.status,
                PlanTask.done_on,
            ],
            rows.tasks,
        )
        _insert(
            PlanReview,
            [PlanReview.plan, PlanReview.day, PlanReview.changes, PlanReview.by],
            rows.reviews,
        )
    return {
        "plans": len(rows.plans),
        "members": len(rows.members),
        "goals": len(rows.goals),
        "tasks": len(rows.tasks),
        "reviews": len(rows.reviews),
    }


def _insert(model, fields, rows) -> None:
    for batch in chunked(rows, BATCH):
        model.insert_many(batch, fields=fields).execute()
