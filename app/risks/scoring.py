"""Scores, bands and review dates: pure functions of the register's numbers and settings."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from app.risks.models import Band

SCALE = range(1, 6)  #: likelihood and impact are 1-5


def score(likelihood: int, impact: int) -> int:
    """A risk's score: the one place likelihood and impact are combined."""
    return likelihood * impact


@dataclass(frozen=True)
class BandRules:
    high_from: int = 15
    medium_from: int = 8
    review_days: tuple[tuple[str, int], ...] = (("high", 30), ("medium", 90), ("low", 180))

    @classmethod
    def from_config(cls) -> "BandRules":
        config = current_app.config
        return cls(
            high_from=config["RISK_BAND_HIGH"],
            medium_from=config["RISK_BAND_MEDIUM"],
            review_days=tuple(config["RISK_REVIEW_DAYS"].items()),
        )

    def band(self, likelihood: int, impact: int) -> str:
        points = score(likelihood, impact)
        if points >= self.high_from:
            return Band.HIGH
        if points >= self.medium_from:
            return Band.MEDIUM
        return Band.LOW

    def next_review(self, likelihood: int, impact: int, last_review: date) -> date:
        days = dict(self.review_days)[self.band(likelihood, impact)]
        return last_review + timedelta(days=days)


def band_order(band: str) -> int:
    """High first, as the report lists its risks."""
    return Band.ALL.index(band) if band in Band.ALL else len(Band.ALL)
