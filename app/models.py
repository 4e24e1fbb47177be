"""Every model of the app, in dependency order: what the migrated schema must equal."""

from app.accounts import User
from app.addenda.models import Addendum, AddendumMonth
from app.audit import AuditEvent
from app.auth.models import LoginAttempt
from app.cases.models import CaseClosure, CaseFile
from app.clients.models import Client, LegalEvent, Membership, Residence
from app.complexity.models import (
    ComplexityCriterion,
    ComplexityMonth,
    ComplexityMonthEvent,
    ComplexityRating,
)
from app.core.models import Setting
from app.evaluations.models import CaseEvaluation, EvaluationCriterion, EvaluationScore
from app.finance.models import FunderPayment
from app.idempotency import HandledRequest
from app.interim.models import Challenge, NarrativeVersion, SentReport
from app.meetings.models import (
    ActionItem,
    Attendance,
    CoverageReason,
    Decision,
    Meeting,
    MeetingFile,
    MeetingSeries,
    MinutesEvent,
    MonthSubmission,
    SeriesMember,
)
from app.mentor_meetings.models import MentorMeeting
from app.notices.models import FunderNotice
from app.periods.models import Contract, Period
from app.plans.models import Plan, PlanGoal, PlanMember, PlanReview, PlanTask
from app.risks.models import Assessment, Measure, Risk, RiskComment, RiskType
from app.roster.models import RosterCap, RosterShift, RosterWeek
from app.timesheets.models import (
    ActivityType,
    Entry,
    EntryCase,
    MonthLock,
    Notice,
    Week,
    WeekEvent,
)
from app.training.models import (
    CalendarFeed,
    Participant,
    SessionFile,
    TrainingKind,
    TrainingSession,
)
from app.uploads.models import Upload

ALL_MODELS = [
    User,
    LoginAttempt,
    Setting,
    AuditEvent,
    CaseFile,
    CaseClosure,
    Client,
    Membership,
    LegalEvent,
    Residence,
    Plan,
    PlanMember,
    PlanGoal,
    PlanTask,
    PlanReview,
    ActivityType,
    Week,
    WeekEvent,
    Entry,
    EntryCase,
    MonthLock,
    Notice,
    Contract,
    Period,
    RiskType,
    Risk,
    Measure,
    Assessment,
    RiskComment,
    Upload,
    MeetingSeries,
    SeriesMember,
    Meeting,
    Attendance,
    MeetingFile,
    MinutesEvent,
    Decision,
    ActionItem,
    CoverageReason,
    MonthSubmission,
    TrainingKind,
    TrainingSession,
    Participant,
    SessionFile,
    CalendarFeed,
    HandledRequest,
    ComplexityCriterion,
    ComplexityRating,
    ComplexityMonth,
    ComplexityMonthEvent,
    FunderNotice,
    FunderPayment,
    MentorMeeting,
    EvaluationCriterion,
    CaseEvaluation,
    EvaluationScore,
    RosterWeek,
    RosterShift,
    RosterCap,
    Addendum,
    AddendumMonth,
    NarrativeVersion,
    Challenge,
    SentReport,
]
