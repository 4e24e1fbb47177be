"""The interim report's sections about the social workers' case work: "IV. Inclusion plans"
and "V. Plans fulfilled" from app/plans, "VI. Case complexity" from the lead's monthly ratings
(app/complexity), as sentences, tables and a chart in the current locale. Counts of case files
and of the clients in them, never their attributes, so nothing here is merged for the funder."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from app.complexity import queries as complexity_queries
from app.complexity.labels import LEVEL_LABELS
from app.complexity.models import Level
from app.evaluations.labels import GRADES
from app.evaluations.queries import evaluation_summary
from app.i18n import format_month, reader_language
from app.plans.labels import OUTCOME_LABELS, REASON_LABELS
from app.plans.models import Outcome
from app.plans.queries import plan_figures
from app.reports.sections import Average, Chart, Section, Table

#: the report names the levels high first, as the seed does ("augsta 1, vidēja 28, zema 56")
LEVELS = (Level.HIGH, Level.MEDIUM, Level.LOW)


def plans_sections(first: date, last: date) -> list[Section]:
    """IV: plans drawn up anew and taken over; V: plans closed in the period by outcome and
    reason."""
    plans = plan_figures(first, last)
    drawn = ngettext(
        "In the period %(num)d new inclusion plan was drawn up",
        "In the period %(num)d new inclusion plans were drawn up",
        plans.new,
    )
    taken = ngettext(
        "and %(num)d plan was taken over with its case file.",
        "and %(num)d plans were taken over with their case files.",
        plans.taken_over,
    )
    rows = [
        [str(OUTCOME_LABELS[outcome]), str(REASON_LABELS[reason]) if reason else "—", count]
        for (outcome, reason), count in sorted(plans.closed.items(), key=_outcome_order)
    ]
    outcomes = Table(
        "plans_closed",
        _("Plans closed in the period, by outcome"),
        [_("Outcome"), _("Reason"), _("Plans")],
        rows,
        [_("Total"), "", sum(plans.closed.values())],
        empty=_("No inclusion plan was closed in this period."),
    )
    return [
        Section(
            _(
                "IV. Description of the individual socio-economic inclusion plans (SEIP) drawn "
                "up, coordinated and managed, and their implementation"
            ),
            [f"{drawn} {taken}"],
            key="IV",
        ),
        Section(
            _("V. Socio-economic inclusion plans (SEIP) fulfilled"),
            [outcomes if rows else outcomes.empty],
            key="V",
        ),
    ]


def _outcome_order(item) -> tuple[int, str]:
    (outcome, reason), _count = item
    return Outcome.ALL.index(outcome), reason or ""


def complexity_section(first: date, last: date, charted: bool = True) -> Section:
    """VI: per month the open case files rated high, medium and low (and not rated), and the
    clients in them, with the period's monthly averages; the case files charted (when
    `charted`) once any month is rated."""
    cases = _complexity_table(
        "complexity_months", _("Case files by complexity per month"), first, last, people=False
    )
    people = _complexity_table(
        "complexity_people", _("Clients in those case files per month"), first, last, people=True
    )
    sentence = _(
        "The monthly average of the case files' complexity: high %(high)s, medium %(medium)s, "
        "low %(low)s; of the clients in them: high %(people_high)s, medium %(people_medium)s, "
        "low %(people_low)s.",
        **_averages(cases),
        **{f"people_{key}": value for key, value in _averages(people).items()},
    )
    rated = charted and any(cell for row in cases.rows for cell in row[1:4])
    body = Chart(cases, series=(1, 2, 3), stacked=True, unit=_("case files")) if rated else cases
    return Section(
        _("VI. Assessment of the complexity of social case management"),
        [sentence, body, people],
        key="VI",
    )


def _complexity_table(key: str, title: str, first: date, last: date, people: bool) -> Table:
    counts = complexity_queries.level_counts(first, last, people=people)
    averages = complexity_queries.monthly_averages(counts)
    unrated = complexity_queries.UNRATED
    return Table(
        key,
        title,
        [_("Month"), *(str(LEVEL_LABELS[level]) for level in LEVELS), _("Not rated")],
        [
            [format_month(month), *(levels[level] for level in LEVELS), levels[unrated]]
            for month, levels in counts.items()
        ],
        [_("Monthly average"), *(Average(averages[key]) for key in (*LEVELS, unrated))],
    )


def _averages(table: Table) -> dict[str, Average]:
    """The monthly averages of high, medium and low from a complexity table's total row."""
    high, medium, low = table.total[1:4]
    return {"high": high, "medium": medium, "low": low}


def evaluation_section(first: date, last: date) -> Section:
    """VIII: the case files closed in the period, evaluated and not yet, and per criterion of the
    closing evaluation how many closings got each grade and the average grade."""
    summary = evaluation_summary(first, last)
    language = reader_language()
    closed = ngettext(
        "In the period %(num)d case file was closed:",
        "In the period %(num)d case files were closed:",
        summary.closed,
    )
    evaluated = ngettext(
        "%(num)d evaluated at its closing,",
        "%(num)d evaluated at their closing,",
        summary.evaluated,
    )
    waiting = ngettext(
        "%(num)d not evaluated yet.", "%(num)d not evaluated yet.", summary.not_evaluated
    )
    method = _(
        "The social worker who managed the case evaluates each client against the methodology's "
        "criteria, descriptively and on a scale of %(low)d to %(high)d.",
        low=min(GRADES),
        high=max(GRADES),
    )
    table = Table(
        "evaluation_criteria",
        _("Closing evaluations by criterion and grade"),
        [_("Criterion"), *(f"{grade} – {label}" for grade, label in GRADES.items()), _("Average")],
        [
            [
                criterion.name(language),
                *(criterion.counts[grade] for grade in GRADES),
                Average(criterion.average) if criterion.average is not None else "—",
            ]
            for criterion in summary.criteria
        ],
        empty=_("No closing of the period is evaluated yet."),
    )
    return Section(
        _(
            "VIII. Action strategies and the evaluation methodology at the close of social case "
            "management"
        ),
        [f"{closed} {evaluated} {waiting}", method, table if summary.evaluated else table.empty],
        key="VIII",
    )
