"""The case picker of the timesheet entry form: open cases only; the mentor's own unless a
search asks for more, then own first and the others marked as covering."""

import re

from app.accounts import User
from app.cases.queries import PICKER_LIMIT, open_cases_for_picker
from app.permissions import Role
from tests.conftest import create_user
from tests.factories import days_ago, make_case

CHOICE = re.compile(
    r'<li class="case-choice"><label><input type="checkbox" name="cases" '
    r'value="([^"]+)"( checked)?>'
    r" \1</label>( <span class=\"badge[^\"]*\">covering</span>)?</li>"
)


def choices(html: str) -> list[tuple[str, bool, bool]]:
    """(code, checked, covering) of each option, in order."""
    return [
        (code, bool(checked), bool(covering)) for code, checked, covering in CHOICE.findall(html)
    ]


def setup_cases(users) -> User:
    colleague = create_user("colleague", Role.MENTOR, supervisor=users[Role.LEAD])
    worker = users[Role.SOCIAL_WORKER]
    mine = users[Role.MENTOR]
    make_case("Z-0001", worker, mentor=colleague)
    make_case("A-0009", worker, mentor=mine)
    make_case("B-0002", worker, mentor=mine)
    make_case("C-0003", worker)  # no mentor yet
    make_case("A-0004", worker, mentor=mine, closed_on=days_ago(20))  # closed before
    make_case("A-0005", worker, mentor=mine, opened_on=days_ago(1))  # opened after
    make_case("A-0006", worker, mentor=colleague, closed_on=days_ago(10))  # closed that day
    return colleague


def test_picker_lists_own_cases_and_colleagues_only_when_searched(client_as, users):
    colleague = setup_cases(users)
    day = days_ago(10)
    own = open_cases_for_picker(users[Role.MENTOR], day, "")
    assert [(row["code"], row["own"]) for row in own] == [("A-0009", True), ("B-0002", True)]
    rows = open_cases_for_picker(users[Role.MENTOR], day, "-0")
    assert [(row["code"], row["own"]) for row in rows] == [
        ("A-0009", True),
        ("B-0002", True),
        ("A-0006", False),
        ("C-0003", False),
        ("Z-0001", False),
    ]
    assert rows[0]["mentor"] == users[Role.MENTOR].id
    assert rows[2]["mentor"] == colleague.id
    assert rows[3]["mentor"] is None
    assert set(rows[0]) == {"id", "code", "kind", "people", "mentor", "own"}

    client = client_as(Role.MENTOR)
    unsearched = client.get("/cases/picker", query_string={"day": day.isoformat()})
    assert choices(unsearched.get_data(as_text=True)) == [
        ("A-0009", False, False),
        ("B-0002", False, False),
    ]
    response = client.get(
        "/cases/picker",
        query_string={"day": day.isoformat(), "q": "-0"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert '<label><input type="checkbox" name="cases" value="A-0009"> A-0009</label>' in html
    assert choices(html) == [
        ("A-0009", False, False),
        ("B-0002", False, False),
        ("A-0006", False, True),
        ("C-0003", False, True),
        ("Z-0001", False, True),
    ]


def test_picker_searches_codes_case_insensitively_and_keeps_checked_codes(client_as, users):
    setup_cases(users)
    client = client_as(Role.MENTOR)
    html = client.get(
        "/cases/picker",
        query_string={"day": days_ago(10).isoformat(), "q": " a-00", "cases": ["Z-0001", "a-0009"]},
    ).get_data(as_text=True)
    # what was ticked stays ticked even when the search no longer matches it
    assert choices(html) == [
        ("Z-0001", True, False),
        ("A-0009", True, False),
        ("A-0006", False, True),
    ]
    assert "No open case files match." in client.get(
        "/cases/picker", query_string={"q": "%"}
    ).get_data(as_text=True)


def test_picker_takes_today_for_a_bad_day_and_excludes_closed_cases(client_as, users):
    setup_cases(users)
    client = client_as(Role.MENTOR)
    for day in ("", "yesterday", "2026-13-45", "9" * 30):
        query = {"day": day, "q": "-0"}
        html = client.get("/cases/picker", query_string=query).get_data(as_text=True)
        codes = [code for code, _checked, _covering in choices(html)]
        # today: A-0005 is open, the closed A-0004 and A-0006 are not
        assert codes == ["A-0005", "A-0009", "B-0002", "C-0003", "Z-0001"], day


def test_picker_shows_at_most_twenty_cases(client_as, users):
    for number in range(PICKER_LIMIT + 5):
        make_case(f"N-{number:04d}", users[Role.SOCIAL_WORKER])
    make_case("Y-0001", users[Role.SOCIAL_WORKER], mentor=users[Role.MENTOR])
    html = client_as(Role.MENTOR).get("/cases/picker?q=0").get_data(as_text=True)
    listed = choices(html)
    assert len(listed) == PICKER_LIMIT
    assert listed[0] == ("Y-0001", False, False)
