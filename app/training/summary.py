"""The interim report's sentence on trainings and supervisions, and the counts per kind.

"In the period there were 9 qualification trainings and 4 supervisions (5 h, 6 h, 3 h and 4 h;
18 h in all)." Built from the held sessions of reports.sessions_between: every session that
counts as training is one of the "qualification trainings" (as the report counts seminars,
working groups and experience exchange with them; the table per kind tells them apart), and
each supervision is listed with its own hours, in date order.

Number agreement comes from the catalog's plural forms (ngettext): in Latvian a count ending
in 1 (not 11) takes the singular ("21 supervīzija"), any other the plural ("2 supervīzijas",
"11 supervīzijas"); a zero count is not said with a number ("supervīzijas nenotika").
"""

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from app.i18n import format_hours
from app.training.models import Counts


@dataclass
class KindLine:
    kind_id: int
    name: str
    counts_as: str
    sessions: int = 0
    minutes: int = 0


@dataclass
class PeriodSummary:
    trainings: int
    #: each held supervision's minutes, in date order
    supervision_minutes: list[int]
    kinds: list[KindLine]

    @property
    def supervisions(self) -> int:
        return len(self.supervision_minutes)


def period_summary(sessions: Iterable[dict]) -> PeriodSummary:
    """Counts and hours of the held sessions (rows of reports.sessions_between); the kinds
    supervision first, then in their list order."""
    held = [row for row in sessions if row["held"]]
    kinds: dict[int, KindLine] = {}
    for row in sorted(
        held, key=lambda r: (r["counts_as"] != Counts.SUPERVISION, r["sort_order"], r["kind_id"])
    ):
        line = kinds.setdefault(
            row["kind_id"], KindLine(row["kind_id"], row["kind_name"], row["counts_as"])
        )
        line.sessions += 1
        line.minutes += row["minutes"]
    return PeriodSummary(
        trainings=sum(1 for row in held if row["counts_as"] == Counts.TRAINING),
        supervision_minutes=[r["minutes"] for r in held if r["counts_as"] == Counts.SUPERVISION],
        kinds=list(kinds.values()),
    )


def hours_text(minutes: int) -> str:
    """'5 h', '4,5 h' in Latvian, '4.5 h' in English."""
    return _("%(hours)s h", hours=format_hours(minutes))


def list_text(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' ('un' in Latvian)."""
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s", items=", ".join(items[:-1]), last=items[-1])


def _supervisions_text(minutes: list[int]) -> str:
    """'4 supervisions (5 h, 6 h, 3 h and 4 h; 18 h in all)', '1 supervision (5 h)'."""
    count = ngettext("%(num)d supervision", "%(num)d supervisions", len(minutes))
    hours = list_text([hours_text(each) for each in minutes])
    if len(minutes) == 1:
        return _("%(supervisions)s (%(hours)s)", supervisions=count, hours=hours)
    return _(
        "%(supervisions)s (%(hours)s; %(total)s in all)",
        supervisions=count,
        hours=hours,
        total=hours_text(sum(minutes)),
    )


def sentence(summary: PeriodSummary) -> str:
    """The report's sentence in the current locale."""
    trainings = ngettext(
        "%(num)d qualification training", "%(num)d qualification trainings", summary.trainings
    )
    if summary.trainings and summary.supervisions:
        return ngettext(
            "In the period there was %(trainings)s and %(supervisions)s.",
            "In the period there were %(trainings)s and %(supervisions)s.",
            summary.trainings,
            trainings=trainings,
            supervisions=_supervisions_text(summary.supervision_minutes),
        )
    if summary.trainings:
        return ngettext(
            "In the period there was %(trainings)s; there was no supervision.",
            "In the period there were %(trainings)s; there was no supervision.",
            summary.trainings,
            trainings=trainings,
        )
    if summary.supervisions:
        return ngettext(
            "In the period there was %(supervisions)s; there was no qualification training.",
            "In the period there were %(supervisions)s; there was no qualification training.",
            summary.supervisions,
            supervisions=_supervisions_text(summary.supervision_minutes),
        )
    return _("In the period there was no qualification training and no supervision.")


def sentences(summary: PeriodSummary) -> dict[str, str]:
    """The sentence in Latvian and in English, for the report and for the funder."""
    out = {}
    for language in ("lv", "en"):
        with force_locale(language):
            out[language] = sentence(summary)
    return out
