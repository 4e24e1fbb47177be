"""Case complexity: rating refusals, the grid and its suggestion, agreement and reopening, access
per role, the counts per level and the checklist line."""

from datetime import date

import pytest
from flask_login import login_user
from playhouse.test_utils import assert_query_count, count_queries

from app.accounts import User
from app.audit import AuditEvent
from app.calendar import add_months
from app.cases.models import CaseClosure
from app.complexity import queries, services
from app.complexity.models import ComplexityMonthEvent, ComplexityRating
from app.compliance import rules
from app.permissions import Role
from app.refusals import Refused
from tests.factories import make_case

JANUARY, DECEMBER = date(2020, 1, 1), date(2019, 12, 1)
TODAY = date(2020, 3, 1)


@pytest.fixture
def cases(english):
    """A-1 and A-2 open all along, A-3 closed before January, A-4 reopened after a gap over it."""
    worker = english[Role.SOCIAL_WORKER]
    made = {code: make_case(code, worker, opened_on=date(2019, 6, 1)) for code in ("A-1", "A-2")}
    made["A-3"] = make_case("A-3", worker, opened_on=date(2019, 6, 1), closed_on=date(2019, 11, 30))
    made["A-4"] = make_case("A-4", worker, opened_on=date(2019, 6, 1))
    CaseClosure.create(case=made["A-4"], closed_on=date(2019, 12, 10), reopened_on=date(2020, 2, 5))
    return made


@pytest.fixture
def check(app, english):
    """check(rule, first, last) -> the rule's result on TODAY, as the coordinator sees it."""

    def run(rule, first, last):
        with app.test_request_context():
            coordinator = User.get_by_id(english[Role.COORDINATOR].id)
            login_user(coordinator)
            return rule(rules.Window(first, last, TODAY, coordinator))

    return run


def rate(app, english, case, month, level, note=""):
    with app.test_request_context():
        login_user(User.get_by_id(english[Role.LEAD].id))
        services.rate(english[Role.LEAD], case.id, month, level, note)


def grid_post(**levels) -> dict:
    """The grid's form: one row per case id, its level and note."""
    data = {}
    for index, (case_id, (level, note)) in enumerate(levels.items()):
        data |= {f"rows-{index}-case": case_id, f"rows-{index}-level": level}
        data[f"rows-{index}-note"] = note
    return data


def refusal(app, lead, call) -> str:
    with app.test_request_context(), pytest.raises(Refused) as refused:
        login_user(User.get_by_id(lead.id))
        call()
    return refused.value.message


def test_a_rating_is_refused_for_a_case_not_open_that_month(app, english, cases):
    lead = english[Role.LEAD]
    for code in ("A-3", "A-4"):
        message = refusal(app, lead, lambda c=code: services.rate(lead, cases[c].id, JANUARY, "v"))
        assert message == f"{code} is not open in January 2020."
    rate(app, english, cases["A-4"], DECEMBER, "a")  # open until 10 December
    assert ComplexityRating.select().count() == 1


def test_a_rating_is_refused_for_a_bad_level_and_in_an_agreed_month(app, english, cases):
    lead = english[Role.LEAD]
    assert refusal(app, lead, lambda: services.rate(lead, cases["A-1"].id, JANUARY, "x")) == (
        "A-1: choose Z, V or A."
    )
    rate(app, english, cases["A-1"], JANUARY, "z")
    rate(app, english, cases["A-2"], JANUARY, "v")
    with app.test_request_context():
        login_user(User.get_by_id(english[Role.LEAD].id))
        services.agree_month(lead, JANUARY, date(2020, 2, 3), "e-pasts fondam")
    message = refusal(app, lead, lambda: services.rate(lead, cases["A-1"].id, JANUARY, "a"))
    assert message.startswith("The month is agreed with the funder")
    assert ComplexityRating.get(ComplexityRating.case == cases["A-1"]).level == "z"


def test_the_grid_suggests_last_months_level_but_never_saves_it(app, client_as, english, cases):
    rate(app, english, cases["A-1"], DECEMBER, "v")
    client = client_as(Role.LEAD)
    page = client.get("/complexity/2020-01").get_data(as_text=True)
    assert "suggested: V (last month)" in page
    assert "checked" not in page
    assert 'id="case-A-3"' not in page and 'id="case-A-4"' not in page
    untouched = grid_post(**{str(cases["A-1"].id): ("", ""), str(cases["A-2"].id): ("", "")})
    response = client.post("/complexity/2020-01", data=untouched)
    assert response.status_code == 422
    assert "Choose a level for at least one case file." in response.get_data(as_text=True)
    assert not ComplexityRating.select().where(ComplexityRating.month == JANUARY).exists()


def test_the_grid_saves_every_chosen_level_or_none(app, client_as, english, cases):
    client = client_as(Role.LEAD)
    one, two = str(cases["A-1"].id), str(cases["A-2"].id)
    bad = grid_post(**{one: ("z", "stabils"), two: ("q", "")})
    response = client.post("/complexity/2020-01", data=bad)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "A-2: choose Z, V or A." in body
    assert 'value="stabils"' in body and "checked" in body  # the input is kept
    assert ComplexityRating.select().count() == 0
    good = grid_post(**{one: ("z", "stabils"), two: ("a", "")})
    response = client.post("/complexity/2020-01", data=good)
    assert response.status_code == 303
    saved = dict(ComplexityRating.select(ComplexityRating.case, ComplexityRating.level).tuples())
    assert saved == {cases["A-1"].id: "z", cases["A-2"].id: "a"}
    gone = grid_post(**{str(cases["A-3"].id): ("v", "")})
    response = client.post("/complexity/2020-01", data=gone)
    assert "A-3 is not open in January 2020." in response.get_data(as_text=True)


def test_agreement_needs_every_case_rated_locks_and_reopens_with_a_reason(
    app, client_as, english, cases
):
    client = client_as(Role.LEAD)
    agree = {"agreed_on": "2020-02-03", "agreed_how": "e-pasts fondam"}
    rate(app, english, cases["A-1"], JANUARY, "z")
    response = client.post("/complexity/2020-01/agree", data=agree)
    assert response.status_code == 422
    assert "1 open case file is not rated yet." in response.get_data(as_text=True)
    rate(app, english, cases["A-2"], JANUARY, "v")
    assert client.post("/complexity/2020-01/agree", data=agree).status_code == 303
    page = client.get("/complexity/2020-01").get_data(as_text=True)
    assert "Agreed on 03 Feb 2020: e-pasts fondam." in page
    assert "Save the ratings" not in page and "Reopen the month" in page
    with app.test_request_context():
        assert services.allowed_actions(JANUARY, english[Role.LEAD]) == services.MonthActions(
            reopen=True, locked=str(services.AGREED)
        )
    blank = client.post("/complexity/2020-01/reopen", data={"reason": " "})
    assert blank.status_code == 422 and "This field is required." in blank.get_data(as_text=True)
    reason = {"reason": "Fonds lūdza pārskatīt A-2"}
    assert client.post("/complexity/2020-01/reopen", data=reason).status_code == 303
    assert not queries.is_agreed(JANUARY)
    kinds = [
        event.kind for event in ComplexityMonthEvent.select().order_by(ComplexityMonthEvent.id)
    ]
    assert kinds == ["agree", "reopen"]
    reopened = AuditEvent.get(AuditEvent.action == "complexity.reopen")
    assert reopened.changes == "agreed_on,reason"
    assert "Fonds lūdza pārskatīt A-2" in client.get("/complexity/2020-01").get_data(as_text=True)
    rate(app, english, cases["A-2"], JANUARY, "a")  # open again


def test_access_per_role(app, client_as, english, cases):
    data = grid_post(**{str(cases["A-1"].id): ("z", "")})
    assert client_as(Role.MENTOR).get("/complexity/2020-01").status_code == 403
    worker = client_as(Role.SOCIAL_WORKER)
    page = worker.get("/complexity/2020-01")
    assert page.status_code == 200 and "A-1" in page.get_data(as_text=True)
    assert "Save the ratings" not in page.get_data(as_text=True)
    assert worker.post("/complexity/2020-01", data=data).status_code == 403
    coordinator = client_as(Role.COORDINATOR)
    assert coordinator.get("/complexity/2020-01").status_code == 200
    assert coordinator.post("/complexity/2020-01", data=data).status_code == 403
    assert client_as(Role.LEAD).post("/complexity/2020-01", data=data).status_code == 303
    assert client_as(Role.LEAD).get("/complexity/2020-13").status_code == 400


def test_level_counts_and_averages_in_one_query(app, english, cases):
    rate(app, english, cases["A-1"], DECEMBER, "v")
    rate(app, english, cases["A-4"], DECEMBER, "a")
    rate(app, english, cases["A-1"], JANUARY, "z")
    with assert_query_count(1):
        counts = queries.level_counts(date(2019, 11, 1), date(2020, 1, 31))
    assert counts == {
        date(2019, 11, 1): {"z": 0, "v": 0, "a": 0, "unrated": 4},
        DECEMBER: {"z": 0, "v": 1, "a": 1, "unrated": 1},
        JANUARY: {"z": 1, "v": 0, "a": 0, "unrated": 1},
    }
    averages = queries.monthly_averages(counts)
    assert averages == {"z": 1 / 3, "v": 1 / 3, "a": 1 / 3, "unrated": 2.0}


def test_the_grid_reads_a_fixed_number_of_queries(app, english, cases):
    for month in (DECEMBER, JANUARY):
        rate(app, english, cases["A-1"], month, "v")
    with assert_query_count(2):
        rows = queries.grid(JANUARY)
    first = rows[0]
    assert (first["code"], first["level"], first["suggestion"]) == ("A-1", "v", "v")
    assert first["history"] == {DECEMBER: "v", JANUARY: "v"}
    make_case("A-5", english[Role.SOCIAL_WORKER], opened_on=date(2019, 6, 1))
    with assert_query_count(2):
        assert len(queries.grid(JANUARY)) == 3


def test_the_checklist_line(app, check, english, cases):
    month = (JANUARY, date(2020, 1, 31))
    result = check(rules.complexity_rated, *month)
    assert not result.ok and not result.pending
    assert [finding.text for finding in result.findings] == [
        "January 2020: 2 open case files are not rated",
        "January 2020: not agreed with the funder",
    ]
    assert result.link.args == {"month": "2020-01"}
    rate(app, english, cases["A-1"], JANUARY, "z")
    rate(app, english, cases["A-2"], JANUARY, "z")
    with app.test_request_context():
        login_user(User.get_by_id(english[Role.LEAD].id))
        services.agree_month(english[Role.LEAD], JANUARY, date(2020, 2, 3), "e-pasts fondam")
    result = check(rules.complexity_rated, *month)
    assert result.ok and not result.pending and result.findings == []
    assert result.figures == "1 of 1 months agreed."
    running = check(rules.complexity_rated, date(2020, 3, 1), date(2020, 3, 31))
    assert running.ok and running.pending


def test_the_lead_edits_the_criteria(app, client_as, english):
    client = client_as(Role.LEAD)
    page = client.get("/complexity/criteria").get_data(as_text=True)
    assert "Serious social problems" in page
    added = {"name_lv": "Valodas barjera", "name_en": "Language barrier", "level": "v"}
    assert client.post("/complexity/criteria", data=added).status_code == 303
    grid = client.get("/complexity/2020-01").get_data(as_text=True)
    assert "Language barrier" in grid
    bad = {"name_lv": "X", "name_en": "Y", "level": "q"}
    assert client.post("/complexity/criteria", data=bad).status_code == 422
    assert client_as(Role.COORDINATOR).get("/complexity/criteria").status_code == 403


def test_the_month_page_reads_the_same_queries_whatever_the_data(app, client_as, english, cases):
    client = client_as(Role.LEAD)
    counted = []
    for round_ in range(2):
        make_case(f"C-{round_}", english[Role.SOCIAL_WORKER], opened_on=date(2019, 6, 1))
        rate(app, english, cases["A-1"], add_months(DECEMBER, -round_), "v")
        with count_queries() as counter:
            assert client.get("/complexity/2020-01").status_code == 200
        counted.append(counter.count)
    assert counted[0] == counted[1]
