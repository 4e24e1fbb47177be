"""The 5x5 heat map: cells hold the right risks now and for a past period; what moved."""

import re

import pytest
from playhouse.test_utils import assert_query_count, count_queries

from app.permissions import Role
from app.risks import heatmap
from app.risks.models import RiskStatus
from app.risks.scoring import BandRules
from tests.factories import assess, make_risk


def test_grid_puts_impact_five_on_top_and_each_risk_in_its_cell():
    points = [
        {"id": 1, "title": "A", "likelihood": 4, "impact": 5},
        {"id": 2, "title": "B", "likelihood": 4, "impact": 5},
        {"id": 3, "title": "C", "likelihood": 1, "impact": 2},
    ]
    cells = heatmap.grid(points, BandRules())
    assert len(cells) == 5 and all(len(row) == 5 for row in cells)
    assert [row[0]["impact"] for row in cells] == [5, 4, 3, 2, 1]
    assert [cell["likelihood"] for cell in cells[0]] == [1, 2, 3, 4, 5]
    top = cells[0][3]
    assert (top["likelihood"], top["impact"], top["score"], top["band"]) == (4, 5, 20, "high")
    assert [risk["title"] for risk in top["risks"]] == ["A", "B"]
    assert [risk["id"] for risk in cells[3][0]["risks"]] == [3]
    assert cells[4][0]["band"] == "low" and cells[2][2]["band"] == "medium"  # 1 and 9
    assert sum(len(cell["risks"]) for row in cells for cell in row) == 3


def test_moved_up_down_new_and_shifted():
    before = [
        {"id": 1, "title": "Up", "likelihood": 2, "impact": 2},
        {"id": 2, "title": "Down", "likelihood": 5, "impact": 5},
        {"id": 3, "title": "Same", "likelihood": 3, "impact": 3},
        {"id": 4, "title": "Shifted", "likelihood": 2, "impact": 3},
        {"id": 9, "title": "Gone", "likelihood": 1, "impact": 1},
    ]
    after = [
        {"id": 1, "title": "Up", "likelihood": 3, "impact": 2},
        {"id": 2, "title": "Down", "likelihood": 4, "impact": 5},
        {"id": 3, "title": "Same", "likelihood": 3, "impact": 3},
        {"id": 4, "title": "Shifted", "likelihood": 3, "impact": 2},
        {"id": 5, "title": "New", "likelihood": 1, "impact": 5},
    ]
    found = {row["title"]: row for row in heatmap.moved(after, before)}
    assert set(found) == {"Up", "Down", "Shifted", "New"}
    assert found["Up"]["direction"] == "up" and found["Up"]["old_score"] == 4
    assert found["Down"]["direction"] == "down" and found["Down"]["score"] == 20
    assert found["Shifted"]["direction"] == "shifted"
    assert found["New"]["direction"] == "new" and found["New"]["old_score"] is None
    assert heatmap.moved(after, None) == []


@pytest.fixture
def world(english, interims):
    """Three risks; the two older periods assessed; one risk closed since."""
    lead = english[Role.LEAD]
    added = interims[0].starts_on
    staff = make_risk("Staff turnover", likelihood=4, impact=5, added_on=added)
    money = make_risk("Budget", likelihood=2, impact=2, added_on=added)
    press = make_risk("Press", likelihood=1, impact=1, added_on=added)
    virus = make_risk("Virus", likelihood=5, impact=5, added_on=interims[1].starts_on)
    closed = make_risk(
        "Lease",
        likelihood=4,
        impact=5,
        added_on=added,
        status=RiskStatus.CLOSED,
        closed_on=interims[1].ends_on,
    )
    assess(staff, interims[0], 2, 2, lead)
    assess(money, interims[0], 3, 3, lead)
    assess(press, interims[0], 1, 1, lead)
    assess(closed, interims[0], 1, 2, lead)
    assess(staff, interims[1], 3, 4, lead)  # up: 4 -> 12
    assess(money, interims[1], 2, 2, lead)  # down: 9 -> 4
    assess(press, interims[1], 1, 1, lead)  # stayed
    assess(virus, interims[1], 5, 4, lead)  # new
    assess(closed, interims[1], 2, 1, lead)  # shifted: same score, other cell
    return {"staff": staff, "money": money, "press": press, "virus": virus, "closed": closed}


def cell(page: str, likelihood: int, impact: int) -> str:
    found = re.search(rf'<td [^>]*id="cell-{likelihood}-{impact}-map">(.*?)</td>', page, re.S)
    assert found, (likelihood, impact)
    return found.group(1)


def listed(page: str, likelihood: int, impact: int) -> list[str]:
    found = re.search(rf'<dt id="cell-{likelihood}-{impact}">.*?</dt>\s*<dd>(.*?)</dd>', page, re.S)
    return re.findall(r'<a href="/risks/\d+">([^<]+)</a>', found.group(1)) if found else []


def test_now_shows_the_active_risks_at_their_current_values(client_as, world):
    page = client_as(Role.COORDINATOR).get("/risks/heatmap").get_data(as_text=True)
    assert listed(page, 4, 5) == ["Staff turnover"]  # the closed "Lease" is not here
    assert listed(page, 5, 5) == ["Virus"]
    assert listed(page, 2, 2) == ["Budget"] and listed(page, 1, 1) == ["Press"]
    assert "heat-high" in re.search(r'<td class="([^"]*)" id="cell-4-5-map"', page).group(1)
    # a cell links to the register filtered to it
    assert 'href="/risks/?likelihood=4&amp;impact=5"' in cell(page, 4, 5)
    assert ">1<" in cell(page, 4, 5) and "heat-count" not in cell(page, 3, 3)
    assert 'style="' not in page  # the CSP allows no inline styles


def test_a_past_period_shows_that_periods_assessments(client_as, world, interims):
    client = client_as(Role.LEAD)
    page = client.get(f"/risks/heatmap?period={interims[1].id}").get_data(as_text=True)
    assert listed(page, 3, 4) == ["Staff turnover"]
    assert listed(page, 2, 2) == ["Budget"]
    assert listed(page, 5, 4) == ["Virus"]
    assert listed(page, 2, 1) == ["Lease"]  # closed since, but it was there then
    assert listed(page, 4, 5) == []
    assert 'href="#cell-3-4"' in cell(page, 3, 4)
    first = client.get(f"/risks/heatmap?period={interims[0].id}").get_data(as_text=True)
    assert listed(first, 3, 3) == ["Budget"] and listed(first, 2, 2) == ["Staff turnover"]
    assert listed(first, 5, 4) == []


def moved_rows(page: str) -> dict[str, str]:
    section = page[page.index('id="moved"') :]
    return {
        title: direction
        for direction, title in re.findall(
            r'<li class="moved-(\w+)">.*?<a href="/risks/\d+">([^<]+)</a>', section, re.S
        )
    }


def test_moved_since_the_previous_period(client_as, world, interims):
    client = client_as(Role.LEAD)
    page = client.get(f"/risks/heatmap?period={interims[1].id}").get_data(as_text=True)
    assert moved_rows(page) == {
        "Staff turnover": "up",
        "Budget": "down",
        "Virus": "new",
        "Lease": "shifted",
    }
    assert "up from 4 to 12" in page and "down from 9 to 4" in page
    # the first period has nothing before it
    first = client.get(f"/risks/heatmap?period={interims[0].id}").get_data(as_text=True)
    assert "no earlier assessed period" in first and moved_rows(first) == {}


def test_now_is_compared_with_the_newest_assessed_period(client_as, world, interims):
    page = client_as(Role.LEAD).get("/risks/heatmap").get_data(as_text=True)
    assert interims[1].starts_on.strftime("%Y") in page
    # staff 12 -> 20, budget 4 -> 4 same cell, press same, virus 20 -> 25
    assert moved_rows(page) == {"Staff turnover": "up", "Virus": "up"}


def test_period_choice_is_a_get_form_in_the_url_and_htmx_gets_the_map_only(
    client_as, world, interims
):
    client = client_as(Role.LEAD)
    page = client.get("/risks/heatmap").get_data(as_text=True)
    assert 'method="get"' in page and 'hx-push-url="true"' in page and 'name="period"' in page
    fragment = client.get(
        f"/risks/heatmap?period={interims[0].id}", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert "<html" not in fragment and 'id="heatmap"' in fragment
    assert client.get("/risks/heatmap?period=abc").status_code == 200  # "now"
    assert client.get("/risks/heatmap?period=99999").status_code == 404


def test_heatmap_with_an_empty_register(client_as, english):
    page = client_as(Role.SOCIAL_WORKER).get("/risks/heatmap")
    assert page.status_code == 200
    assert "No active risks." in page.get_data(as_text=True)


def test_heatmap_query_count_is_fixed(client_as, world, interims, english):
    client = client_as(Role.LEAD)
    with count_queries() as baseline:
        assert client.get(f"/risks/heatmap?period={interims[1].id}").status_code == 200
    for number in range(20):
        risk = make_risk(f"More {number}", added_on=interims[0].starts_on)
        assess(risk, interims[1], number % 5 + 1, 3, english[Role.LEAD])
    with assert_query_count(baseline.count):
        assert client.get(f"/risks/heatmap?period={interims[1].id}").status_code == 200
