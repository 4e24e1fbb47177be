"""The interim report's texts, their history, its challenges and the copy as sent."""

from peewee import fn

from app.accounts import User
from app.interim.models import Challenge, NarrativeVersion, SentReport
from app.periods.models import Period, PeriodKind


def interim_period(period_id: int) -> Period | None:
    return Period.get_or_none(Period.id == period_id, Period.kind == PeriodKind.INTERIM)


def _versions(period_id: int):
    return (
        NarrativeVersion.select(
            NarrativeVersion.id,
            NarrativeVersion.part,
            NarrativeVersion.text,
            NarrativeVersion.written_at,
            User.display_name.alias("author"),
        )
        .join(User)
        .where(NarrativeVersion.period == period_id)
    )


def current_texts(period_id: int) -> dict[str, dict]:
    """Each written part's latest version (id, text, author, written_at), keyed by part."""
    latest = (
        NarrativeVersion.select(fn.MAX(NarrativeVersion.id))
        .where(NarrativeVersion.period == period_id)
        .group_by(NarrativeVersion.part)
    )
    return {
        row["part"]: row
        for row in _versions(period_id).where(NarrativeVersion.id.in_(latest)).dicts()
    }


def history(period_id: int, part: str) -> list[dict]:
    """Every saved version of one part, newest first."""
    return list(
        _versions(period_id)
        .where(NarrativeVersion.part == part)
        .order_by(NarrativeVersion.id.desc())
        .dicts()
    )


def challenges_of(period_id: int) -> list[dict]:
    """The period's problems and solutions in their order, with who last wrote each."""
    return list(
        Challenge.select(
            Challenge.id,
            Challenge.position,
            Challenge.area,
            Challenge.problem,
            Challenge.solution,
            Challenge.updated_at,
            User.display_name.alias("author"),
        )
        .join(User)
        .where(Challenge.period == period_id)
        .order_by(Challenge.position, Challenge.id)
        .dicts()
    )


def sent_report(period_id: int) -> SentReport | None:
    return SentReport.get_or_none(SentReport.period == period_id)


def sent_summary(period_id: int) -> dict | None:
    """The copy as sent without its bytes: file name, SHA-256, who sent it and when."""
    return (
        SentReport.select(
            SentReport.filename,
            SentReport.sha256,
            SentReport.sent_at,
            User.display_name.alias("sent_by"),
        )
        .join(User)
        .where(SentReport.period == period_id)
        .dicts()
        .first()
    )
