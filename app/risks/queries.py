"""Reads of the register, shared by its pages, the heat map and the report's risk table."""

from datetime import date

from peewee import JOIN

from app.auth.models import User
from app.periods.models import Period
from app.risks.models import Assessment, Measure, Risk, RiskStatus, RiskType
from app.risks.scoring import BandRules, band_order


def type_name(language: str):
    return RiskType.name_en if language == "en" else RiskType.name_lv


def register_rows(language: str = "lv", today: date | None = None) -> list[dict]:
    """Every risk with its type, owner, score, band and next review date, in one query."""
    rules = BandRules.from_config()
    owner = User.alias("owner")
    rows = list(
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
            type_name(language).alias("type_name"),
            RiskType.sort_order.alias("type_order"),
            Risk.owner.alias("owner_id"),
            owner.display_name.alias("owner_name"),
        )
        .join(RiskType)
        .switch(Risk)
        .join(owner, JOIN.LEFT_OUTER, on=(Risk.owner == owner.id))
        .dicts()
    )
    for row in rows:
        row["score"] = row["likelihood"] * row["impact"]
        row["band"] = rules.band(row["likelihood"], row["impact"])
        reviewed = row["last_reviewed_on"] or row["added_on"]
        row["next_review"] = rules.next_review(row["likelihood"], row["impact"], reviewed)
        row["overdue"] = (
            today is not None and row["status"] == RiskStatus.ACTIVE and row["next_review"] < today
        )
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


def assessments_for(period_id: int) -> dict[int, dict]:
    """The assessment of each risk for one period, keyed by risk id."""
    rows = (
        Assessment.select(
            Assessment.id,
            Assessment.risk,
            Assessment.text,
            Assessment.likelihood,
            Assessment.impact,
            Assessment.written_on,
            Assessment.version,
            User.display_name.alias("author_name"),
        )
        .join(User)
        .where(Assessment.period == period_id)
        .dicts()
    )
    return {row["risk"]: row for row in rows}


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
