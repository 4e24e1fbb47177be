"""The demo's clients read like the interim report for 1 December 2019 – 31 May 2020 (sections
II and III): each figure is counted here directly over the rows (memberships that include the
days, case files open on them with their closing gaps left out, events in the period)."""

from collections import Counter, defaultdict
from datetime import date

import pytest

from app.cases.models import CaseClosure, CaseFile, CaseKind, ClosingReason
from app.clients import demo as client_demo
from app.clients.models import ArrivalRoute, Client, LegalEvent, Membership, Place, Residence, Stage
from app.clients.rules import NEXT_STAGES
from app.db import db
from app.timesheets.models import Entry, EntryCase
from tests.conftest import make_app

FIRST, LAST = date(2019, 12, 1), date(2020, 5, 31)


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    """Every row of the clients' tables, as plain values, from a freshly loaded demo."""
    application = make_app(tmp_path_factory.mktemp("clients-demo"))
    result = application.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    timelines, homes, gaps = defaultdict(list), defaultdict(list), defaultdict(list)
    for client_id, stage, day in (
        LegalEvent.select(LegalEvent.client, LegalEvent.stage, LegalEvent.day)
        .order_by(LegalEvent.client, LegalEvent.day, LegalEvent.id)
        .tuples()
    ):
        timelines[client_id].append((stage, day))
    for client_id, place, town, since in (
        Residence.select(Residence.client, Residence.place, Residence.municipality, Residence.since)
        .order_by(Residence.client, Residence.since, Residence.id)
        .tuples()
    ):
        homes[client_id].append((place, town, since))
    closures = list(CaseClosure.select().dicts())
    for closure in closures:
        gaps[closure["case"]].append(closure)
    data = {
        "cases": {case["id"]: case for case in CaseFile.select().dicts()},
        "clients": {client["id"]: client for client in Client.select().dicts()},
        "members": list(Membership.select().dicts()),
        "timelines": timelines,
        "homes": homes,
        "closures": closures,
        "gaps": gaps,
        "links": list(EntryCase.select(EntryCase.case_file, Entry.day).join(Entry).tuples()),
    }
    yield data
    db.close_all()


def case_open(rows, case_id: int, first: date, last: date) -> bool:
    """Open on some day from `first` to `last`, a closing–reopening gap not counting."""
    case = rows["cases"][case_id]
    if case["opened_on"] > last or (case["closed_on"] and case["closed_on"] < first):
        return False
    return not any(
        gap["reopened_on"] and gap["closed_on"] < first and gap["reopened_on"] > last
        for gap in rows["gaps"][case_id]
    )


def members(rows, first: date, last: date = None) -> list[dict]:
    """Memberships including some day from `first` to `last` in case files open then."""
    last = last or first
    return [
        member
        for member in rows["members"]
        if member["joined_on"] <= last
        and (member["left_on"] is None or member["left_on"] >= first)
        and case_open(rows, member["case"], first, last)
    ]


def served(rows) -> list[dict]:
    """The clients served in the period, each once."""
    ids = {member["client"] for member in members(rows, FIRST, LAST)}
    return [rows["clients"][client_id] for client_id in sorted(ids)]


def age(client) -> int:
    """The age reached in 2020 (the period's end)."""
    return 2020 - client["birth_year"]


def home_on(rows, client_id: int, day: date) -> tuple[str, str]:
    latest = [(place, town) for place, town, since in rows["homes"][client_id] if since <= day]
    return latest[-1]


def in_period(rows, stage: str) -> int:
    return sum(
        1
        for client in served(rows)
        for event_stage, day in rows["timelines"][client["id"]]
        if event_stage == stage and FIRST <= day <= LAST
    )


def test_131_people_in_81_case_files_were_served_of_90(rows):
    assert len(served(rows)) == 131
    assert len({member["case"] for member in members(rows, FIRST, LAST)}) == 81
    assert len(rows["cases"]) == 90
    closed_before = [c for c in rows["cases"].values() if c["closed_on"] and c["closed_on"] < FIRST]
    assert len(closed_before) == 9


def test_18_families_with_children_none_without_and_63_individuals(rows):
    people = defaultdict(list)
    for member in members(rows, FIRST, LAST):
        people[member["case"]].append(rows["clients"][member["client"]])
    kinds = Counter()
    for case_people in people.values():
        if len(case_people) == 1:
            kinds["individual"] += 1
        elif any(age(client) <= 17 for client in case_people):
            kinds["with children"] += 1
        else:
            kinds["without children"] += 1
    assert kinds == {"individual": 63, "with children": 18}
    for case_id, case_people in people.items():
        family = rows["cases"][case_id]["kind"] == CaseKind.FAMILY
        assert family == (len(case_people) > 1)


def test_42_women_and_89_men(rows):
    genders = Counter(client["gender"] for client in served(rows))
    assert genders == {"female": 42, "male": 89}
    assert round(100 * genders["female"] / 131) == 32


def test_38_children_91_adults_2_over_60_average_ages_26_and_33(rows):
    ages = [age(client) for client in served(rows)]
    adults = [years for years in ages if 18 <= years <= 60]
    assert sum(1 for years in ages if years <= 17) == 38
    assert len(adults) == 91
    assert sum(1 for years in ages if years > 60) == 2
    assert round(sum(ages) / len(ages)) == 26
    assert round(sum(adults) / len(adults)) == 33
    # nobody on the edge of an age group between the period's two years
    assert not {2002, 1959} & {client["birth_year"] for client in served(rows)}


def test_26_countries_most_from_azerbaijan_russia_nigeria_turkey_iran_afghanistan(rows):
    countries = Counter(client["country"] for client in served(rows))
    assert len(countries) == 26
    assert [country for country, _count in countries.most_common(6)] == [
        "AZ",
        "RU",
        "NG",
        "TR",
        "IR",
        "AF",
    ]
    assert countries.most_common(7)[5][1] > countries.most_common(7)[6][1]  # a clear top six
    assert {"CO", "LK", "YE", "CM"} <= set(countries)


def test_nobody_relocated_under_the_eu_programme_was_served(rows):
    assert all(client["arrival_route"] == ArrivalRoute.OWN for client in served(rows))
    relocated = [
        c for c in rows["clients"].values() if c["arrival_route"] == ArrivalRoute.RELOCATION
    ]
    assert relocated  # only in case files closed before the period


def test_5_positive_decisions_4_refugee_3_azerbaijan_1_iraq_1_alternative_russia(rows):
    granted = Counter()
    for client in served(rows):
        for stage, day in rows["timelines"][client["id"]]:
            if stage in Stage.STATUSES and FIRST <= day <= LAST:
                granted[(stage, client["country"])] += 1
    assert granted == {
        (Stage.REFUGEE, "AZ"): 3,
        (Stage.REFUGEE, "IQ"): 1,
        (Stage.ALTERNATIVE, "RU"): 1,
    }


def test_58_negative_decisions_15_final_court_refusals_none_positive(rows):
    assert in_period(rows, Stage.NEGATIVE) == 58
    assert in_period(rows, Stage.COURT_NEGATIVE) == 15
    assert in_period(rows, Stage.COURT_POSITIVE) == 0


def test_23_wait_for_the_court_on_31_may(rows):
    waiting = 0
    for client in served(rows):
        steps = [stage for stage, day in rows["timelines"][client["id"]] if day <= LAST]
        waiting += steps[-1] == Stage.APPEAL
    assert waiting == 23


def test_taken_over_80_people_in_44_case_files_15_outside_the_pmc(rows):
    start = members(rows, FIRST)
    assert len(start) == 80
    assert len({member["case"] for member in start}) == 44
    homes = [home_on(rows, member["client"], FIRST) for member in start]
    assert sum(1 for place, _town in homes if place == Place.MUNICIPALITY) == 15


def test_at_the_end_90_people_in_46_case_files_19_outside_all_in_riga(rows):
    end = members(rows, LAST)
    assert len(end) == 90
    assert len({member["case"] for member in end}) == 46
    homes = [home_on(rows, member["client"], LAST) for member in end]
    outside = [town for place, town in homes if place == Place.MUNICIPALITY]
    assert len(outside) == 19 and set(outside) == {"Rīga"}


def test_35_case_files_closed_in_the_period_most_left_on_their_own(rows):
    reasons = Counter(
        closure["reason"] for closure in rows["closures"] if FIRST <= closure["closed_on"] <= LAST
    )
    assert sum(reasons.values()) == 35
    assert set(reasons) == set(ClosingReason.ALL)
    assert reasons.most_common(1)[0][0] == ClosingReason.LEFT
    for closure in rows["closures"]:
        assert rows["cases"][closure["case"]]["closed_on"] == closure["closed_on"]
        assert closure["reason"] in ClosingReason.ALL


def test_23_pupils_in_grades_1_to_12(rows):
    grades = [client["school_grade"] for client in served(rows) if client["school_grade"]]
    assert len(grades) == 23
    assert all(1 <= grade <= 12 for grade in grades)
    for client in served(rows):
        if client["school_grade"]:
            assert 6 <= age(client) - client["school_grade"] <= 7


def test_some_members_join_and_leave_inside_an_open_case(rows):
    joined = [
        m
        for m in rows["members"]
        if FIRST <= m["joined_on"] <= LAST
        and m["joined_on"] > rows["cases"][m["case"]]["opened_on"]
    ]
    assert joined and all(rows["clients"][m["client"]]["birth_year"] == 2020 for m in joined)
    left = [
        m
        for m in rows["members"]
        if m["left_on"]
        and FIRST <= m["left_on"] <= LAST
        and rows["cases"][m["case"]]["closed_on"] is None
    ]
    assert len(left) == 2


def test_every_timeline_follows_the_order_of_the_steps_and_nothing_is_in_the_future(rows):
    for client_id, client in rows["clients"].items():
        timeline = rows["timelines"][client_id]
        assert timeline, client_id
        assert timeline[0] == (Stage.ASYLUM_SEEKER, client["arrived_on"])
        latest = ""
        for stage, day in timeline:
            assert stage in NEXT_STAGES[latest], (client_id, timeline)
            assert day <= LAST, (client_id, timeline)
            latest = stage
        days = [day for _stage, day in timeline]
        assert days == sorted(days) and len(set(days)) == len(days)


def test_residences_start_at_arrival_and_members_match_the_head_counts(rows):
    for client_id, client in rows["clients"].items():
        since = [day for _place, _town, day in rows["homes"][client_id]]
        assert since[0] == client["arrived_on"] and max(since) <= LAST
    for case_id, case in rows["cases"].items():
        day = case["closed_on"] or LAST
        current = [m for m in members(rows, day) if m["case"] == case_id]
        assert case["people"] == len(current)
        for member in (m for m in rows["members"] if m["case"] == case_id):
            assert member["joined_on"] >= case["opened_on"]
            if case["closed_on"]:
                assert member["left_on"] and member["left_on"] <= case["closed_on"]


def test_timesheet_entries_name_only_case_files_open_that_day(rows):
    assert rows["links"]
    assert all(case_open(rows, case_id, day, day) for case_id, day in rows["links"])


def test_the_plan_is_the_same_every_time():
    assert client_demo.case_plan.__wrapped__() == client_demo.case_plan()
