"""The interim report's sentence on trainings and supervisions, and the counts per kind.

"In the period there were 9 qualification trainings and 4 supervisions (5 h, 6 h, 3 h and 4 h;
18 h in all)." Built from the held sessions of reports.sessions_between: every session that
counts as training is one of the "qualification trainings" (as the report counts seminars,
working groups and experience exchange with them; the table per kind tells them apart), and
each supervision is listed with its own hours, in date order.

Number agreement comes from the catalog's plural forms (ngettext): in Latvian a count ending
in 1 (not 11) takes the singular ("21 supervīzija"), any other the plural ("2 supervīzijas",
"11 supervīzijas"); a zero count is not said with a number ("supervīzijas nenotika").

The months a group had no supervision are said per group, never as a count of month x group
cells: "Mentoriem nebija supervīzijas 2 mēnešos (2020. gada janvārī un martā); sociālajiem
darbiniekiem — 1 mēnesī (2020. gada februārī)." (missing_text). The home page, the compliance
panel, the supervision page and the reports' sentence all say it through this one function.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from babel import Locale
from flask_babel import force_locale, get_locale, ngettext, pgettext
from flask_babel import gettext as _

from app.i18n import format_hours
from app.training.models import Audience, Counts


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
    #: (month, group) of each month that ended without the group's supervision (the training
    #: reports' Compliance.missing()); None where the summary does not say it (a month's table)
    missing: list[tuple[date, str]] | None = None

    @property
    def supervisions(self) -> int:
        return len(self.supervision_minutes)


def period_summary(
    sessions: Iterable[dict], missing: list[tuple[date, str]] | None = None
) -> PeriodSummary:
    """Counts and hours of the held sessions (rows of reports.sessions_between); the kinds
    supervision first, then in their list order; `missing` as the training reports'
    Compliance.missing() gives it, for the sentence to say which months lacked supervision."""
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
        missing=missing,
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


def _locale() -> str:
    return str(get_locale() or "lv")


def month_in_sentence(month: date) -> str:
    """A month's name inside a sentence, without its year: "martā" (Latvian locative, from
    Babel's nominative by the declension: -is → -ī, -s → -ā), "March" in English.
    (app/calendar.py's month_name(month, locale, LOCATIVE) says the same once it exists.)"""
    locale = _locale()
    name = dict(Locale.parse(locale).months["stand-alone"]["wide"])[month.month]
    if not locale.startswith("lv"):
        return name
    if name.endswith("is"):
        return name[:-2] + "ī"
    return name[:-1] + "ā" if name.endswith("s") else name


def months_text(months: Iterable[date]) -> str:
    """Months in a sentence, each year said once: "2020. gada janvārī un martā", "2019. gada
    decembrī, 2020. gada janvārī" in Latvian; "January and March 2020" in English."""
    by_year: dict[int, list[date]] = {}
    for month in sorted(set(months)):
        by_year.setdefault(month.year, []).append(month)
    return ", ".join(
        pgettext(
            "months of one year in a sentence",
            "%(months)s %(year)s",
            months=list_text([month_in_sentence(month) for month in year_months]),
            year=str(year),
        )
        for year, year_months in by_year.items()
    )


def missing_text(missing: Iterable[tuple[date, str]]) -> str:
    """Which group had no supervision in which months, one clause per group: "Mentors had no
    supervision in 2 months (January and March 2020); social workers in 1 month (February
    2020)." ("" when every group had it)."""
    by_group: dict[str, list[date]] = {}
    for month, group in missing:
        by_group.setdefault(group, []).append(month)
    clauses = []
    for group in (Audience.SOCIAL_WORKERS, Audience.MENTORS):
        months = sorted(set(by_group.get(group, ())))
        if months:
            clauses.append(_missing_clause(group, months, first=not clauses))
    return "; ".join(clauses) + "." if clauses else ""


def _missing_clause(group: str, months: list[date], first: bool) -> str:
    """One group's clause: the first names what was missing ("Mentoriem nebija supervīzijas 2
    mēnešos (…)"), a further one only the group and its months ("sociālajiem darbiniekiem — 1
    mēnesī (…)"); whole clauses per group, as Latvian declines the group's name."""
    count, named = len(months), months_text(months)
    if group == Audience.SOCIAL_WORKERS and first:
        return ngettext(
            "Social workers had no supervision in %(num)d month (%(months)s)",
            "Social workers had no supervision in %(num)d months (%(months)s)",
            count,
            months=named,
        )
    if group == Audience.SOCIAL_WORKERS:
        return ngettext(
            "social workers in %(num)d month (%(months)s)",
            "social workers in %(num)d months (%(months)s)",
            count,
            months=named,
        )
    if first:
        return ngettext(
            "Mentors had no supervision in %(num)d month (%(months)s)",
            "Mentors had no supervision in %(num)d months (%(months)s)",
            count,
            months=named,
        )
    return ngettext(
        "mentors in %(num)d month (%(months)s)",
        "mentors in %(num)d months (%(months)s)",
        count,
        months=named,
    )


def supervision_gaps_text(missing: Iterable[tuple[date, str]]) -> str:
    """missing_text, or that every month that has ended had supervision for both groups."""
    return missing_text(missing) or _(
        "Every month that has ended had supervision for social workers and for mentors."
    )


def sentence(summary: PeriodSummary) -> str:
    """The report's sentence in the current locale; with the months a group had no
    supervision when the summary knows them (and some supervision was held: else the sentence
    has said there was none)."""
    said = _sessions_sentence(summary)
    if summary.missing is None or not summary.supervisions:
        return said
    return f"{said} {supervision_gaps_text(summary.missing)}"


def _sessions_sentence(summary: PeriodSummary) -> str:
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
