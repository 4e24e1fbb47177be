"""The rules of a client's legal timeline, their service entitlement, their age group and the
kind of household a case file is: pure functions over plain values, shared by the services
(which enforce them), the pages and the reports (which count with them)."""

from dataclasses import dataclass
from datetime import date

from app.calendar import shift_months
from app.clients.models import Stage

#: the steps that may follow each step ("" = a timeline with no step yet; a client taken over
#: with a case file may start at any point before a court decision)
NEXT_STAGES = {
    "": (Stage.ASYLUM_SEEKER, *Stage.DECISIONS, Stage.APPEAL, *Stage.EXITS),
    Stage.ASYLUM_SEEKER: (*Stage.DECISIONS, *Stage.EXITS),
    Stage.NEGATIVE: (Stage.APPEAL, *Stage.EXITS),
    Stage.APPEAL: (*Stage.COURT, *Stage.EXITS),
    #: a court that annuls a refusal sends the application back to the migration office
    Stage.COURT_POSITIVE: (*Stage.DECISIONS, *Stage.EXITS),
    Stage.COURT_NEGATIVE: Stage.EXITS,
    Stage.REFUGEE: Stage.EXITS,
    Stage.ALTERNATIVE: Stage.EXITS,
    **dict.fromkeys(Stage.EXITS, ()),
}

#: the service entitlement (the funder's terms): 3 months from arrival, and while the asylum
#: application is examined; 12 months after status is granted
ASYLUM_MONTHS = 3
AFTER_STATUS_MONTHS = 12
#: a refusal may be appealed to the court within a month (the interim report, section II)
APPEAL_MONTHS = 1
#: the social worker is told this many days before an entitlement ends
ENTITLEMENT_WARNING_DAYS = 30

#: age groups of the report: children 0–17, adults 18–60, over 60
CHILD_MAX_AGE = 17
ADULT_MAX_AGE = 60

FIRST_BIRTH_YEAR = 1900


def allowed_next(latest_stage: str | None) -> tuple[str, ...]:
    """The steps that may be recorded after the latest one."""
    return NEXT_STAGES[latest_stage or ""]


@dataclass(frozen=True)
class Entitlement:
    """When a client's service entitlement ends: `ends_on` None while the application is
    examined (no end is known yet); `basis` names the rule that set it."""

    ends_on: date | None
    basis: str

    def due(self, today: date) -> bool:
        """Ended, or ending within the warning days."""
        return self.ends_on is not None and (self.ends_on - today).days <= ENTITLEMENT_WARNING_DAYS


def entitlement(arrived_on: date | None, events: list[tuple[str, date]]) -> Entitlement:
    """The end of the entitlement from the arrival and the timeline's (stage, day) in order."""
    if not events:
        if arrived_on is None:
            return Entitlement(None, "unknown")
        return Entitlement(None, "examined")
    stage, day = events[-1]
    arrival = arrived_on or _first_day(events, Stage.ASYLUM_SEEKER)
    asylum_end = shift_months(arrival, ASYLUM_MONTHS) if arrival else None
    if stage in Stage.EXITS:
        return Entitlement(day, stage)
    if stage in Stage.STATUSES:
        return Entitlement(shift_months(day, AFTER_STATUS_MONTHS), "status")
    if stage == Stage.NEGATIVE:
        return Entitlement(_later(asylum_end, shift_months(day, APPEAL_MONTHS)), "appeal_time")
    if stage == Stage.COURT_NEGATIVE:
        return Entitlement(_later(asylum_end, day), "final_refusal")
    return Entitlement(None, "examined")


def _first_day(events, stage: str) -> date | None:
    return next((day for event_stage, day in events if event_stage == stage), None)


def _later(first: date | None, second: date) -> date:
    return second if first is None else max(first, second)


def stage_on(events: list[tuple[str, date]], day: date) -> str | None:
    """The latest step recorded on or before the day."""
    latest = None
    for stage, event_day in events:
        if event_day > day:
            break
        latest = stage
    return latest


def age_in(birth_year: int | None, day: date) -> int | None:
    """The age reached in the day's year (only the year of birth is kept)."""
    return None if birth_year is None else day.year - birth_year


def age_group(age: int | None) -> str:
    if age is None:
        return "unknown"
    if age <= CHILD_MAX_AGE:
        return "child"
    return "adult" if age <= ADULT_MAX_AGE else "senior"


class Household:
    """The kind of household a case file is, derived from its members."""

    INDIVIDUAL = "individual"
    WITH_CHILDREN = "family_with_children"
    WITHOUT_CHILDREN = "family_without_children"
    ALL = (INDIVIDUAL, WITH_CHILDREN, WITHOUT_CHILDREN)


def household(birth_years: list[int | None], day: date) -> str:
    """Individual for one member; a family with children when any member is a child on the day
    (a member without a year of birth is not counted as a child)."""
    if len(birth_years) <= 1:
        return Household.INDIVIDUAL
    children = any(age_group(age_in(year, day)) == "child" for year in birth_years)
    return Household.WITH_CHILDREN if children else Household.WITHOUT_CHILDREN
