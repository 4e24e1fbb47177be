"""The reports' sections about clients (app/clients/statistics.py): the interim report's
"II. Target group portrait" and "III. Number of clients served", the monthly report's
"Clients" and the funder's yearly summary, as sentences, tables and charts in the current
locale.

For a reader whose small groups are merged (the funder, People.merged): countries of fewer
than SMALL_GROUP clients are one "Other countries" row, any other count of 1 or 2 people is
shown as "<3" (a share or an average of so few as "–"), and no table names a social worker.
"""

from collections import Counter
from dataclasses import dataclass

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.cases.labels import CLOSING_REASON_LABELS
from app.clients.labels import (
    AGE_GROUP_LABELS,
    GENDER_LABELS,
    HOUSEHOLD_LABELS,
    NOT_RECORDED,
    STAGE_LABELS,
)
from app.clients.models import ArrivalRoute, Gender, Stage
from app.clients.rules import Household
from app.clients.statistics import DECISIONS, ClientFigures, YearlySummary
from app.countries import country_name
from app.i18n import format_day, format_month, reader_language
from app.reports.sections import Average, Chart, Note, People, Section, Table

#: groups of fewer people than this are merged or hidden from the funder
SMALL_GROUP = 3
#: how many countries the portrait names as the most common
COMMON_COUNTRIES = 6
AGE_GROUPS = ("child", "adult", "senior", "unknown")
GENDERS = (Gender.FEMALE, Gender.MALE, None)
WAITING_LABELS = {
    "court": _l("Waiting for the administrative court on the last day"),
    "office": _l("Waiting for the migration office's decision on the last day"),
}


@dataclass(frozen=True)
class Masked:
    """A cell the funder may not read exactly: '<3' for 1 or 2 people, '–' for their share
    or average age."""

    text: str

    def __str__(self) -> str:
        return self.text

    number = 0.0


FEW = Masked(f"<{SMALL_GROUP}")
HIDDEN = Masked("–")


class Counts:
    """How counts of people are shown to one reader (People.merged: the funder)."""

    def __init__(self, people: People):
        self.merged = people.merged

    def __call__(self, count: int) -> int | Masked:
        return FEW if self.merged and 0 < count < SMALL_GROUP else count

    def share(self, count: int, total: int) -> Average | Masked:
        if self(count) is FEW:
            return HIDDEN
        return Average(100 * count / total if total else 0.0)

    def average(self, value: float | None, size: int) -> Average | Masked:
        if value is None or (self.merged and size < SMALL_GROUP):
            return HIDDEN
        return Average(value)

    def plural(self, count: int) -> int:
        """The number that picks a plural form: a masked count reads as SMALL_GROUP."""
        return SMALL_GROUP if self(count) is FEW else count


def _years(value: float | None) -> str:
    """An average age in whole years: '33 years'."""
    if value is None:
        return "–"
    years = round(value)
    return ngettext("%(count)s year", "%(count)s years", years, count=years)


def no_clients_text() -> str:
    return _("No client was served in this period.")


# --- II. Target group portrait ---------------------------------------------------------------


def gender_table(data: ClientFigures, counts: Counts) -> Table:
    rows = [
        [str(GENDER_LABELS.get(gender, NOT_RECORDED)), counts(n), counts.share(n, data.clients)]
        for gender in GENDERS
        if (n := data.genders[gender]) or gender is not None
    ]
    total = [_("Total"), counts(data.clients), Average(100.0)]
    return Table(
        "clients_gender",
        _("Clients served by gender"),
        [_("Gender"), _("Clients"), _("Share, %")],
        rows,
        total,
    )


def gender_sentences(data: ClientFigures, counts: Counts) -> list[str]:
    women, men = data.genders[Gender.FEMALE], data.genders[Gender.MALE]
    values = {
        "women": ngettext(
            "%(count)s woman", "%(count)s women", counts.plural(women), count=counts(women)
        ),
        "men": ngettext("%(count)s man", "%(count)s men", counts.plural(men), count=counts(men)),
    }
    if counts(women) is FEW or counts(men) is FEW:
        found = [_("In the period %(women)s and %(men)s were served.", **values)]
    else:
        found = [
            _(
                "In the period %(women)s and %(men)s were served, or %(women_share)s%% women "
                "and %(men_share)s%% men.",
                women_share=format_decimal(round(100 * women / data.clients)),
                men_share=format_decimal(round(100 * men / data.clients)),
                **values,
            )
        ]
    unknown = data.genders[None]
    if unknown:
        found.append(
            ngettext(
                "The gender of %(count)s client is not recorded.",
                "The gender of %(count)s clients is not recorded.",
                counts.plural(unknown),
                count=counts(unknown),
            )
        )
    return found


def age_table(data: ClientFigures, counts: Counts) -> Table:
    rows = [
        [str(AGE_GROUP_LABELS[group]), counts(data.age_groups[group])]
        for group in AGE_GROUPS
        if group != "unknown" or data.age_groups[group]
    ]
    return Table(
        "clients_age",
        _("Clients served by age group"),
        [_("Age group"), _("Clients")],
        rows,
        [_("Total"), counts(data.clients)],
    )


def age_sentences(data: ClientFigures, counts: Counts) -> list[str]:
    known = data.clients - data.age_groups["unknown"]
    adults = data.age_groups["adult"]
    found = []
    if known:
        adult_average = counts.average(data.average_adult_age, adults)
        all_average = counts.average(data.average_age, known)
        found.append(
            _(
                "In the period the average age of the clients aged 18–60 was %(adults)s, and "
                "the average age of all clients %(all)s.",
                adults=_years(None if adult_average is HIDDEN else data.average_adult_age),
                all=_years(None if all_average is HIDDEN else data.average_age),
            )
        )
    found.append(
        _(
            "In all %(children)s, %(adults)s and %(seniors)s were served.",
            children=ngettext(
                "%(count)s child",
                "%(count)s children",
                counts.plural(data.age_groups["child"]),
                count=counts(data.age_groups["child"]),
            ),
            adults=ngettext(
                "%(count)s adult (18–60)",
                "%(count)s adults (18–60)",
                counts.plural(adults),
                count=counts(adults),
            ),
            seniors=ngettext(
                "%(count)s client over 60",
                "%(count)s clients over 60",
                counts.plural(data.age_groups["senior"]),
                count=counts(data.age_groups["senior"]),
            ),
        )
    )
    if data.age_groups["unknown"]:
        found.append(
            ngettext(
                "The year of birth of %(count)s client is not recorded.",
                "The year of birth of %(count)s clients is not recorded.",
                counts.plural(data.age_groups["unknown"]),
                count=counts(data.age_groups["unknown"]),
            )
        )
    return found


def other_countries() -> str:
    return _("Other countries")


def ranked_countries(found: Counter, counts: Counts) -> tuple[list[tuple[str, str, int]], int]:
    """(code, name, clients) by clients, then name, in the reader's language; and the clients
    of the countries merged into "Other countries" (for the funder: those of fewer than
    SMALL_GROUP)."""
    language = reader_language()

    def small(n: int) -> bool:
        return counts.merged and n < SMALL_GROUP

    named = [(code, country_name(code, language), n) for code, n in found.items() if not small(n)]
    merged = sum(n for n in found.values() if small(n))
    return sorted(named, key=lambda row: (-row[2], row[1])), merged


def country_table(data: ClientFigures, counts: Counts) -> Table:
    named, merged = ranked_countries(data.countries, counts)
    rows = [[name, counts(n)] for _code, name, n in named]
    if merged:
        rows.append([other_countries(), counts(merged)])
    if data.unknown_country:
        rows.append([str(NOT_RECORDED), counts(data.unknown_country)])
    return Table(
        "clients_countries",
        _("Clients served by country of origin"),
        [_("Country"), _("Clients")],
        rows,
        [_("Total"), counts(data.clients)],
    )


def country_sentences(data: ClientFigures, counts: Counts) -> list[str]:
    number = len(data.countries)
    found = []
    if number:
        named, _merged = ranked_countries(data.countries, counts)
        common = ", ".join(name for _code, name, _n in named[:COMMON_COUNTRIES])
        line = ngettext(
            "The clients came from %(count)s country.",
            "The clients came from %(count)s countries.",
            number,
            count=number,
        )
        if common:
            line += " " + _("The most common: %(names)s.", names=common)
        found.append(line)
    if data.unknown_country:
        found.append(
            ngettext(
                "The country of %(count)s client is not recorded.",
                "The country of %(count)s clients is not recorded.",
                counts.plural(data.unknown_country),
                count=counts(data.unknown_country),
            )
        )
    return found


def route_sentence(data: ClientFigures, counts: Counts) -> str:
    return _(
        "Relocated under the EU programme: %(relocated)s; arrived on their own: %(own)s; "
        "not recorded: %(unknown)s.",
        relocated=counts(data.routes[ArrivalRoute.RELOCATION]),
        own=counts(data.routes[ArrivalRoute.OWN]),
        unknown=counts(data.routes[None]),
    )


def decisions_table(data: ClientFigures, counts: Counts) -> Table:
    rows = [[str(STAGE_LABELS[stage]), counts(data.decisions[stage])] for stage in DECISIONS]
    rows += [
        [str(WAITING_LABELS["court"]), counts(data.waiting_court)],
        [str(WAITING_LABELS["office"]), counts(data.waiting_office)],
    ]
    return Table(
        "clients_decisions",
        _("Decisions and appeals of the clients served"),
        [_("Decision"), _("Clients")],
        rows,
    )


def positive_table(data: ClientFigures, counts: Counts) -> Table:
    """Refugee and alternative statuses granted in the period, by country."""
    refugee = data.positive_by_country.get(Stage.REFUGEE, Counter())
    alternative = data.positive_by_country.get(Stage.ALTERNATIVE, Counter())
    totals = Counter({code: refugee[code] + alternative[code] for code in refugee | alternative})
    known = Counter({code: n for code, n in totals.items() if code})
    named, _merged = ranked_countries(known, counts)
    rows = [[name, counts(refugee[code]), counts(alternative[code])] for code, name, _n in named]
    shown = {code for code, _name, _n in named}
    other = [code for code in known if code not in shown]
    if other:
        rows.append(
            [
                other_countries(),
                counts(sum(refugee[code] for code in other)),
                counts(sum(alternative[code] for code in other)),
            ]
        )
    if totals[None]:
        rows.append([str(NOT_RECORDED), counts(refugee[None]), counts(alternative[None])])
    return Table(
        "clients_positive",
        _("Positive decisions of the migration office by country"),
        [_("Country"), _("Refugee status"), _("Alternative status")],
        rows,
        [
            _("Total"),
            counts(data.decisions[Stage.REFUGEE]),
            counts(data.decisions[Stage.ALTERNATIVE]),
        ],
    )


def decision_sentences(data: ClientFigures, counts: Counts) -> list[str]:
    decided = data.decisions
    refugee, alternative = decided[Stage.REFUGEE], decided[Stage.ALTERNATIVE]
    day = format_day(data.last)
    return [
        _(
            "In the period there were %(positive)s (%(refugee)s and %(alternative)s).",
            positive=ngettext(
                "%(count)s positive decision of the migration office",
                "%(count)s positive decisions of the migration office",
                counts.plural(refugee + alternative),
                count=counts(refugee + alternative),
            ),
            refugee=ngettext(
                "%(count)s refugee status",
                "%(count)s refugee statuses",
                counts.plural(refugee),
                count=counts(refugee),
            ),
            alternative=ngettext(
                "%(count)s alternative status",
                "%(count)s alternative statuses",
                counts.plural(alternative),
                count=counts(alternative),
            ),
        ),
        ngettext(
            "In the period %(count)s client received a negative decision of the migration office.",
            "In the period %(count)s clients received a negative decision of the migration office.",
            counts.plural(decided[Stage.NEGATIVE]),
            count=counts(decided[Stage.NEGATIVE]),
        ),
        ngettext(
            "A positive decision of the administrative court was received by %(count)s client.",
            "A positive decision of the administrative court was received by %(count)s clients.",
            counts.plural(decided[Stage.COURT_POSITIVE]),
            count=counts(decided[Stage.COURT_POSITIVE]),
        ),
        ngettext(
            "A negative (final) decision of the court was received by %(count)s client.",
            "A negative (final) decision of the court was received by %(count)s clients.",
            counts.plural(decided[Stage.COURT_NEGATIVE]),
            count=counts(decided[Stage.COURT_NEGATIVE]),
        ),
        ngettext(
            "On %(day)s %(count)s client is waiting for the administrative court.",
            "On %(day)s %(count)s clients are waiting for the administrative court.",
            counts.plural(data.waiting_court),
            count=counts(data.waiting_court),
            day=day,
        ),
        ngettext(
            "On %(day)s %(count)s client is waiting for the migration office's decision.",
            "On %(day)s %(count)s clients are waiting for the migration office's decision.",
            counts.plural(data.waiting_office),
            count=counts(data.waiting_office),
            day=day,
        ),
    ]


def portrait_section(data: ClientFigures, people: People) -> Section:
    """II. Target group portrait: gender, age, countries, arrival and the legal steps."""
    section = Section(_("II. Portrait of the target group"), key="II")
    if not data.clients:
        section.blocks = [no_clients_text()]
        return section
    counts = Counts(people)
    section.blocks = [
        *gender_sentences(data, counts),
        Chart(gender_table(data, counts), unit=_("clients")),
        *age_sentences(data, counts),
        Chart(age_table(data, counts), unit=_("clients")),
        *country_sentences(data, counts),
        Chart(country_table(data, counts), horizontal=True, unit=_("clients")),
        route_sentence(data, counts),
        *decision_sentences(data, counts),
        Chart(decisions_table(data, counts), horizontal=True, unit=_("clients")),
    ]
    if data.decisions[Stage.REFUGEE] or data.decisions[Stage.ALTERNATIVE]:
        section.blocks.append(positive_table(data, counts))
    return section


# --- III. Number of clients served -----------------------------------------------------------


def household_table(data: ClientFigures, counts: Counts) -> Table:
    rows = [[str(HOUSEHOLD_LABELS[kind]), counts(data.households[kind])] for kind in Household.ALL]
    return Table(
        "clients_households",
        _("Case files served by household"),
        [_("Household"), _("Case files")],
        rows,
        [_("Total"), counts(data.cases)],
    )


def served_sentences(data: ClientFigures, counts: Counts) -> list[str]:
    households = data.households
    return [
        ngettext(
            "From %(first)s to %(last)s the service of social workers and social mentors was "
            "received by %(count)s client in all.",
            "From %(first)s to %(last)s the service of social workers and social mentors was "
            "received by %(count)s clients in all.",
            counts.plural(data.clients),
            count=counts(data.clients),
            first=format_day(data.first),
            last=format_day(data.last),
        ),
        _(
            "Of them, the service was given to %(with_children)s, %(without_children)s and "
            "%(individuals)s.",
            with_children=ngettext(
                "%(count)s family with children",
                "%(count)s families with children",
                counts.plural(households[Household.WITH_CHILDREN]),
                count=counts(households[Household.WITH_CHILDREN]),
            ),
            without_children=ngettext(
                "%(count)s family without children",
                "%(count)s families without children",
                counts.plural(households[Household.WITHOUT_CHILDREN]),
                count=counts(households[Household.WITHOUT_CHILDREN]),
            ),
            individuals=ngettext(
                "%(count)s individual",
                "%(count)s individuals",
                counts.plural(households[Household.INDIVIDUAL]),
                count=counts(households[Household.INDIVIDUAL]),
            ),
        ),
    ]


def months_table(data: ClientFigures, counts: Counts) -> Table:
    rows = [[format_month(month.month), counts(month.clients)] for month in data.by_month]
    return Table(
        "clients_months",
        _("Clients served per month"),
        [_("Month"), _("Clients")],
        rows,
        [_("Average a month"), Average(data.monthly_average)],
    )


def worker_months_table(data: ClientFigures, counts: Counts) -> Table:
    rows = [
        [
            format_month(month.month),
            len(month.workers),
            counts(month.clients),
            Average(month.per_worker or 0.0),
        ]
        for month in data.by_month
    ]
    return Table(
        "clients_per_worker",
        _("Clients per social worker per month"),
        [_("Month"), _("Social workers"), _("Clients"), _("Clients per social worker")],
        rows,
        [_("Average a month"), "", "", Average(data.per_worker_average)],
    )


def named_workers_table(data: ClientFigures, people: People, names: dict[int, str]) -> Table:
    """Clients a month in each social worker's case files, of the workers the reader may see."""
    workers = sorted(
        (worker for worker in data.worker_ids if worker in (people.worker_ids or ())),
        key=lambda worker: (names.get(worker, "").casefold(), worker),
    )
    months = data.by_month
    rows = []
    for worker in workers:
        values = [month.workers.get(worker, 0) for month in months]
        rows.append([names.get(worker, ""), *values, Average(sum(values) / len(months))])
    return Table(
        "clients_workers",
        _("Clients served per social worker by name"),
        [_("Social worker"), *(format_month(m.month) for m in months), _("Average a month")],
        rows,
        empty=_("No case file was served in this period."),
        per_person=True,
    )


def average_sentences(data: ClientFigures) -> list[str]:
    monthly, per_worker = Average(data.monthly_average), Average(data.per_worker_average)
    return [
        ngettext(
            "In the period the social workers and mentors served on average %(count)s client "
            "a month.",
            "In the period the social workers and mentors served on average %(count)s clients "
            "a month.",
            round(data.monthly_average),
            count=str(monthly),
        ),
        ngettext(
            "On average a social worker served %(count)s client a month.",
            "On average a social worker served %(count)s clients a month.",
            round(data.per_worker_average),
            count=str(per_worker),
        ),
    ]


def start_end_sentences(data: ClientFigures, counts: Counts) -> list[str]:
    first, last = format_day(data.first), format_day(data.last)
    return [
        ngettext(
            "On %(day)s %(count)s client was taken over,",
            "On %(day)s %(count)s clients were taken over,",
            counts.plural(data.taken_over_clients),
            count=counts(data.taken_over_clients),
            day=first,
        )
        + " "
        + ngettext(
            "in %(count)s case file.",
            "in %(count)s case files.",
            counts.plural(data.taken_over_cases),
            count=counts(data.taken_over_cases),
        ),
        ngettext(
            "Of them %(count)s client lived outside the PMC on %(day)s.",
            "Of them %(count)s clients lived outside the PMC on %(day)s.",
            counts.plural(data.taken_over_outside),
            count=counts(data.taken_over_outside),
            day=first,
        ),
        ngettext(
            "At the end of the period, on %(day)s, the service is given to %(count)s client,",
            "At the end of the period, on %(day)s, the service is given to %(count)s clients,",
            counts.plural(data.end_clients),
            count=counts(data.end_clients),
            day=last,
        )
        + " "
        + ngettext(
            "of whom %(count)s lives outside the PMC.",
            "of whom %(count)s live outside the PMC.",
            counts.plural(data.end_outside),
            count=counts(data.end_outside),
        ),
        ngettext(
            "On %(day)s the social workers have %(count)s case file.",
            "On %(day)s the social workers have %(count)s case files.",
            counts.plural(data.end_cases),
            count=counts(data.end_cases),
            day=last,
        ),
    ]


def municipality_table(data: ClientFigures, counts: Counts) -> Table:
    named = sorted(data.end_municipalities.items(), key=lambda pair: (-pair[1], pair[0]))
    return Table(
        "clients_municipalities",
        _("Clients living outside the PMC at the end, by municipality"),
        [_("Municipality"), _("Clients")],
        [[name or str(NOT_RECORDED), counts(n)] for name, n in named],
        [_("Total"), counts(data.end_outside)],
    )


def closed_table(data: ClientFigures, counts: Counts) -> Table:
    reasons = [*CLOSING_REASON_LABELS, None]
    rows = [
        [str(CLOSING_REASON_LABELS.get(reason, NOT_RECORDED)), counts(data.closed[reason])]
        for reason in reasons
        if data.closed[reason]
    ]
    return Table(
        "clients_closed",
        _("Case files closed in the period, by reason"),
        [_("Reason"), _("Case files")],
        rows,
        [_("Total"), counts(sum(data.closed.values()))],
    )


def grades_table(data: ClientFigures, counts: Counts) -> Table:
    rows = [
        [_("Grade %(grade)s", grade=grade), counts(data.grades[grade])]
        for grade in sorted(data.grades)
    ]
    return Table(
        "clients_grades",
        _("School pupils by grade"),
        [_("Grade"), _("Pupils")],
        rows,
        [_("Total"), counts(sum(data.grades.values()))],
    )


def present(table: Table) -> Table | str:
    """The table, or the sentence that says it has no rows (the page, the DOCX and the XLSX
    then agree on it: no empty table anywhere)."""
    return table if table.rows else table.empty


def served_section(
    data: ClientFigures, people: People, names: dict[int, str] | None = None
) -> Section:
    """III. Number of clients served: households, monthly averages, per social worker, the
    start and the end, closings and pupils."""
    section = Section(_("III. Number of clients served"), key="III")
    if not data.clients:
        section.blocks = [no_clients_text()]
        return section
    counts = Counts(people)
    closed, grades = closed_table(data, counts), grades_table(data, counts)
    closed.empty = _("No case file was closed in this period.")
    grades.empty = _("No school pupil was served in this period.")
    monthly, per_worker = average_sentences(data)
    section.blocks = [
        *served_sentences(data, counts),
        Chart(household_table(data, counts), unit=_("case files")),
        monthly,
        Chart(months_table(data, counts), unit=_("clients")),
        per_worker,
        Chart(
            worker_months_table(data, counts),
            series=(3,),
            unit=_("clients"),
            name=_("Clients per social worker, monthly"),
        ),
        *([named_workers_table(data, people, names or {})] if people.shown else []),
        *start_end_sentences(data, counts),
        *([municipality_table(data, counts)] if data.end_outside else []),
        present(closed),
        present(grades),
    ]
    return section


def monthly_section(data: ClientFigures, people: People) -> Section:
    """The monthly report's compact "Clients": served, households, decisions, closings and
    those in service at the end."""
    section = Section(_("Clients"))
    if not data.clients:
        section.blocks = [no_clients_text()]
        return section
    counts = Counts(people)
    closed = closed_table(data, counts)
    closed.empty = _("No case file was closed in this period.")
    section.blocks = [
        *served_sentences(data, counts),
        household_table(data, counts),
        decisions_table(data, counts),
        present(closed),
        *start_end_sentences(data, counts)[2:],
    ]
    return section


# --- the yearly summary ----------------------------------------------------------------------


def yearly_title(summary: YearlySummary) -> str:
    return _(
        "Yearly summary of the clients served: %(first)s–%(last)s",
        first=summary.first_year,
        last=summary.last_year,
    )


def persons_table(summary: YearlySummary, counts: Counts) -> Table:
    rows = [
        [
            str(year.first.year),
            counts(year.genders[Gender.FEMALE]),
            counts(year.genders[Gender.MALE]),
            counts(year.genders[None]),
            counts(year.clients),
        ]
        for year in summary.years
    ]
    return Table(
        "yearly_persons",
        _("Persons served per year by gender"),
        [_("Year"), _("Women"), _("Men"), _("Not recorded"), _("Total")],
        rows,
    )


def ages_table(summary: YearlySummary, counts: Counts) -> Table:
    rows = []
    for year in summary.years:
        averages = year.average_age_by_gender
        known = year.clients - year.age_groups["unknown"]
        rows.append(
            [
                str(year.first.year),
                counts(year.age_groups["child"]),
                counts.share(year.age_groups["child"], year.clients),
                *(
                    counts.average(averages.get(gender), year.aged_by_gender[gender])
                    for gender in (Gender.FEMALE, Gender.MALE)
                ),
                counts.average(year.average_age, known),
            ]
        )
    return Table(
        "yearly_ages",
        _("Children and average age per year"),
        [
            _("Year"),
            _("Children"),
            _("Children, %"),
            _("Average age of women"),
            _("Average age of men"),
            _("Average age of all"),
        ],
        rows,
    )


def outflows_table(summary: YearlySummary, counts: Counts) -> Table:
    rows = [
        [str(CLOSING_REASON_LABELS[reason]), *(counts(y.exits[reason]) for y in summary.years)]
        for reason in CLOSING_REASON_LABELS
    ]
    return Table(
        "yearly_outflows",
        _("Outflows per year (persons)"),
        [_("Outflow"), *(str(year.first.year) for year in summary.years)],
        rows,
    )


def residence_table(summary: YearlySummary, counts: Counts) -> Table:
    years = summary.years
    places = sorted({name for year in years for name in year.end_municipalities})
    rows = [[_("At the reception centre (PMC)"), *(counts(y.end_pmc) for y in years)]]
    rows += [
        [name or str(NOT_RECORDED), *(counts(y.end_municipalities[name]) for y in years)]
        for name in places
    ]
    if any(year.end_residence_unknown for year in years):
        rows.append(
            [_("Residence not recorded"), *(counts(y.end_residence_unknown) for y in years)]
        )
    return Table(
        "yearly_residence",
        _("Residence on 31 December"),
        [_("Place"), *(str(year.first.year) for year in years)],
        rows,
        [_("Total"), *(counts(y.end_clients) for y in years)],
    )


def year_sentence(year: ClientFigures, counts: Counts) -> str:
    return ngettext(
        "In %(year)s %(count)s person was served: women %(women)s, men %(men)s.",
        "In %(year)s %(count)s persons were served: women %(women)s, men %(men)s.",
        counts.plural(year.clients),
        count=counts(year.clients),
        year=year.first.year,
        women=counts(year.genders[Gender.FEMALE]),
        men=counts(year.genders[Gender.MALE]),
    )


def yearly_sections(summary: YearlySummary, people: People) -> list[Section]:
    """The funder's yearly summary: persons by gender (charted), children and ages, outflows
    and the residence on 31 December."""
    counts = Counts(people)
    persons = persons_table(summary, counts)
    charted = any(year.clients for year in summary.years)
    return [
        Section(
            _("Persons served"),
            [
                *(year_sentence(year, counts) for year in summary.years),
                Note(yearly_counting_note()),
                Chart(persons, series=(1, 2), unit=_("persons")) if charted else persons,
            ],
        ),
        Section(_("Children and age"), [ages_table(summary, counts)]),
        Section(
            _("Outflows and residence"),
            [outflows_table(summary, counts), residence_table(summary, counts)],
        ),
    ]


def yearly_counting_note() -> str:
    return _(
        "What counts: a person is served in a year when a membership of theirs in a case file "
        "includes a day of it on which the case file is open; ages on the last day served in "
        "the year; outflows are the exits recorded on the persons' legal timelines in the "
        "year; residence is on 31 December, of the persons served that day."
    )
