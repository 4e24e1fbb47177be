"""Reads of the register, shared by its pages, the heat map and the report's risk table."""

from collections.abc import Callable, Mapping
from datetime import date

from peewee import JOIN, fn

from app.accounts import User
from app.forms import int_or_none
from app.periods.models import Period, PeriodKind
from app.permissions import Role
from app.risks.models import Assessment, Band, Measure, Risk, RiskComment, RiskStatus, RiskType
from app.risks.scoring import SCALE, BandRules, band_order, score


def _register_select(language: str, *extra):
    """Risks with their type and owner as the register lists them (plus `extra` columns)."""
    owner = User.alias("owner")
    return (
        Risk.select(
            Risk.id,
            Risk.title,
            Risk.status,
            Risk.contract_priority,
            Risk.likelihood,
            Risk.impact,
            Risk.added_on,
            Risk.closed_on,
            Risk.last_reviewed_on,
            Risk.type.alias("type_id"),
            RiskType.name_column(language).alias("type_name"),
            RiskType.sort_order.alias("type_order"),
            Risk.owner.alias("owner_id"),
            owner.display_name.alias("owner_name"),
            *extra,
        )
        .join(RiskType)
        .switch(Risk)
        .join(owner, JOIN.LEFT_OUTER, on=(Risk.owner == owner.id))
        .dicts()
    )


def _with_score(row: dict, rules: BandRules) -> dict:
    """Adds the score and the band of the row's likelihood and impact."""
    row["score"] = score(row["likelihood"], row["impact"])
    row["band"] = rules.band(row["likelihood"], row["impact"])
    return row


def _scored(row: dict, rules: BandRules, today: date | None) -> dict:
    """Adds the score, the band, the next review date and whether that review is overdue."""
    _with_score(row, rules)
    reviewed = row["last_reviewed_on"] or row["added_on"]
    row["next_review"] = rules.next_review(row["likelihood"], row["impact"], reviewed)
    row["overdue"] = (
        today is not None and row["status"] == RiskStatus.ACTIVE and row["next_review"] < today
    )
    return row


def register_rows(language: str = "lv", today: date | None = None) -> list[dict]:
    """Every risk with its type, owner, score, band and next review date, in one query."""
    rules = BandRules.from_config()
    rows = [_scored(row, rules, today) for row in _register_select(language)]
    rows.sort(key=lambda r: (band_order(r["band"]), -r["score"], r["type_order"], r["id"]))
    return rows


def measures_by_risk(risk_ids) -> dict[int, list[dict]]:
    """Each risk's measures in their numbered order, in one query."""
    found: dict[int, list[dict]] = {risk_id: [] for risk_id in risk_ids}
    rows = (
        Measure.select(Measure.id, Measure.risk, Measure.position, Measure.text, Measure.status)
        .where(Measure.risk.in_(list(found)))
        .order_by(Measure.risk, Measure.position)
        .dicts()
    )
    for row in rows:
        found[row["risk"]].append(row)
    return found


def _assessment_rows(condition) -> list[dict]:
    """Assessments with their authors' names, scores and bands, in one query."""
    query = (
        Assessment.select(
            Assessment.id,
            Assessment.risk,
            Assessment.period,
            Assessment.text,
            Assessment.likelihood,
            Assessment.impact,
            Assessment.written_on,
            Assessment.version,
            User.display_name.alias("author_name"),
        )
        .join(User)
        .where(condition)
        .dicts()
    )
    rules = BandRules.from_config()
    return [_with_score(row, rules) for row in query]


def assessments_for(period_id: int) -> dict[int, dict]:
    """The assessment of each risk for one period, keyed by risk id."""
    return {row["risk"]: row for row in _assessment_rows(Assessment.period == period_id)}


def risks_in_period(period: Period, language: str = "lv") -> list[dict]:
    """The risks that existed in a period (added by its end, not closed before it began)."""
    return [
        row
        for row in register_rows(language)
        if row["added_on"] <= period.ends_on
        and (row["closed_on"] is None or row["closed_on"] >= period.starts_on)
    ]


def risk_table(period: Period, language: str = "lv") -> list[dict]:
    """The interim report's risk table for a period: priority, type, numbered measures and the
    period's assessment, one row per risk, high priority first."""
    rows = risks_in_period(period, language)
    measures = measures_by_risk([row["id"] for row in rows])
    assessments = assessments_for(period.id)
    table = []
    for row in rows:
        assessment = assessments.get(row["id"])
        table.append(
            {
                **row,
                "measures": [m for m in measures[row["id"]] if m["status"] != "dropped"],
                "assessment": assessment,
            }
        )
    table.sort(key=lambda r: (band_order(r["contract_priority"]), r["type_order"], r["id"]))
    return table


# --- the register's own pages (the exports do not use these) -------------------------------

#: sort key -> (the row's value, the direction a first click sorts in)
SORTS = {
    "score": (lambda row: row["score"], "desc"),
    "band": (lambda row: -band_order(row["band"]), "desc"),
    "type": (lambda row: (row["type_order"], row["type_name"].casefold()), "asc"),
    "title": (lambda row: row["title"].casefold(), "asc"),
    "next_review": (lambda row: row["next_review"], "asc"),
}
STATUS_FILTERS = (RiskStatus.ACTIVE, RiskStatus.CLOSED, "all")


def register_filters(args: Mapping[str, str]) -> dict:
    """The table's filters and sort from the query string; anything unknown means "all"."""
    band = args.get("band", "")
    status = args.get("status", RiskStatus.ACTIVE)
    sort = args.get("sort", "")
    direction = args.get("dir", "")
    likelihood = int_or_none(args.get("likelihood"))
    impact = int_or_none(args.get("impact"))
    return {
        "type": int_or_none(args.get("type")),
        "band": band if band in Band.ALL else "",
        "owner": int_or_none(args.get("owner")),
        "status": status if status in STATUS_FILTERS else RiskStatus.ACTIVE,
        "overdue": args.get("overdue") == "1",
        "likelihood": likelihood if likelihood in SCALE else None,
        "impact": impact if impact in SCALE else None,
        "sort": sort if sort in SORTS else "",
        "dir": direction if direction in ("asc", "desc") else "",
    }


def filter_rows(rows: list[dict], filters: dict) -> list[dict]:
    """The register rows that pass every filter."""

    def keep(row: dict) -> bool:
        return (
            (filters["type"] is None or row["type_id"] == filters["type"])
            and (not filters["band"] or row["band"] == filters["band"])
            and (filters["owner"] is None or row["owner_id"] == filters["owner"])
            and (filters["status"] == "all" or row["status"] == filters["status"])
            and (not filters["overdue"] or row["overdue"])
            and (filters["likelihood"] is None or row["likelihood"] == filters["likelihood"])
            and (filters["impact"] is None or row["impact"] == filters["impact"])
        )

    return [row for row in rows if keep(row)]


def sort_rows(rows: list[dict], sort: str, direction: str) -> list[dict]:
    """Sorted by the chosen column; the register's own order (band, score) breaks ties."""
    if not sort:
        return rows
    key, default = SORTS[sort]
    return sorted(rows, key=key, reverse=(direction or default) == "desc")


def query_args(filters: dict, **changes) -> dict:
    """The filters as URL arguments, leaving out the defaults so addresses stay short."""
    merged = {**filters, **changes}
    args = {}
    for name in ("type", "band", "owner", "likelihood", "impact", "sort", "dir"):
        if merged[name] not in (None, ""):
            args[name] = merged[name]
    if merged["status"] != RiskStatus.ACTIVE:
        args["status"] = merged["status"]
    if merged["overdue"]:
        args["overdue"] = "1"
    return args


def sort_links(filters: dict, address: Callable[..., str]) -> dict[str, dict]:
    """For each sortable column: the address (`address(**query_args)`) that sorts by it, or
    reverses it, and its state."""
    links = {}
    for key, (_value, default) in SORTS.items():
        active = filters["sort"] == key
        current = filters["dir"] or default
        next_direction = ("asc" if current == "desc" else "desc") if active else default
        links[key] = {
            "url": address(**query_args(filters, sort=key, dir=next_direction)),
            "aria": ("ascending" if current == "asc" else "descending") if active else None,
        }
    return links


#: who may own a risk or a measure: the staff who can read the register
OWNER_ROLES = (Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR)


def owner_choices(keep=()) -> list[tuple[int, str]]:
    """Active staff who read the register, plus anyone already named (who may have left)."""
    condition = User.active & User.role.in_(OWNER_ROLES)
    kept = [user_id for user_id in keep if user_id]
    if kept:
        condition = condition | User.id.in_(kept)
    return list(
        User.select(User.id, User.display_name)
        .where(condition)
        .order_by(User.display_name, User.id)
        .tuples()
    )


def risk_row(risk_id: int, language: str = "lv", today: date | None = None) -> dict | None:
    """One risk as the register shows it, with its description, closing reason and version."""
    query = _register_select(language, Risk.description, Risk.closed_reason, Risk.version)
    row = query.where(Risk.id == risk_id).first()
    return None if row is None else _scored(row, BandRules.from_config(), today)


def measures_of(risk_id: int) -> list[dict]:
    """A risk's measures in their numbered order, with the owner's name, in one query."""
    return list(
        Measure.select(
            Measure.id,
            Measure.position,
            Measure.text,
            Measure.status,
            Measure.owner.alias("owner_id"),
            User.display_name.alias("owner_name"),
        )
        .join(User, JOIN.LEFT_OUTER, on=(Measure.owner == User.id))
        .where(Measure.risk == risk_id)
        .order_by(Measure.position, Measure.id)
        .dicts()
    )


def comments_of(risk_id: int) -> list[dict]:
    """A risk's comments, oldest first, with their authors' names."""
    return list(
        RiskComment.select(
            RiskComment.id, RiskComment.at, RiskComment.text, User.display_name.alias("author")
        )
        .join(User)
        .where(RiskComment.risk == risk_id)
        .order_by(RiskComment.at, RiskComment.id)
        .dicts()
    )


def assessable_periods(added_on: date, closed_on: date | None, today: date) -> list[Period]:
    """The six-month periods a risk lived in and that have begun: from the one holding the day
    it was added to the current one (or the one it was closed in)."""
    last = min(today, closed_on) if closed_on else today
    return list(
        Period.select()
        .where(
            Period.kind == PeriodKind.INTERIM,
            Period.ends_on >= added_on,
            Period.starts_on <= last,
        )
        .order_by(Period.starts_on, Period.id)
    )


def assessments_of(risk_id: int) -> dict[int, dict]:
    """A risk's assessments keyed by period id."""
    return {row["period"]: row for row in _assessment_rows(Assessment.risk == risk_id)}


def interim_periods(begun_by: date | None = None) -> list[Period]:
    """The six-month periods (those begun by a day, if given), newest first: the heat map's
    and the exports' choice."""
    query = Period.select().where(Period.kind == PeriodKind.INTERIM)
    if begun_by is not None:
        query = query.where(Period.starts_on <= begun_by)
    return list(query.order_by(Period.starts_on.desc(), Period.id.desc()))


def current_points() -> list[dict]:
    """The active risks at their current likelihood and impact (the heat map "now")."""
    return list(
        Risk.select(Risk.id, Risk.title, Risk.likelihood, Risk.impact)
        .where(Risk.status == RiskStatus.ACTIVE)
        .order_by(Risk.id)
        .dicts()
    )


def period_points(period_id: int) -> list[dict]:
    """The risks assessed in a period at the likelihood and impact of that assessment."""
    return list(
        Assessment.select(Risk.id, Risk.title, Assessment.likelihood, Assessment.impact)
        .join(Risk)
        .where(Assessment.period == period_id)
        .order_by(Risk.id)
        .dicts()
    )


def latest_assessed_period(today: date) -> Period | None:
    """The newest six-month period that has begun and holds at least one assessment."""
    assessed = Assessment.select(Assessment.id).where(Assessment.period == Period.id)
    return (
        Period.select()
        .where(Period.kind == PeriodKind.INTERIM, Period.starts_on <= today, fn.EXISTS(assessed))
        .order_by(Period.starts_on.desc(), Period.id.desc())
        .first()
    )
