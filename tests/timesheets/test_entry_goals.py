"""An entry's case file may name the goal of its inclusion plan that the work served: offered
only for case files with a plan, checked against that plan, kept by editing and duplicating,
shown on the week's row; copying last week keeps a goal still of its plan and drops one that
is not (the entry is copied without it)."""

from datetime import timedelta

import pytest
from playhouse.test_utils import assert_query_count

from app.calendar import local_today
from app.permissions import Role
from app.plans.models import Plan, PlanGoal
from app.timesheets import queries, services
from app.timesheets.models import Entry, EntryCase, Place
from tests.timesheets.conftest import entry_data, week_path

HX = {"HX-Request": "true"}


@pytest.fixture
def mentor(client_as, world):
    client = client_as(Role.MENTOR)
    client.get("/timesheets/entries/new")
    return client


@pytest.fixture
def goals(world, monday):
    """L-0001's plan with two goals (the second first in order), L-0002's with one; L-0003 (closed)
    has no plan."""
    own = Plan.create(case=world["own"], drawn_up_on=monday - timedelta(50), needs="n")
    colleague = Plan.create(case=world["colleague"], drawn_up_on=monday - timedelta(50), needs="n")
    return {
        "housing": PlanGoal.create(plan=own, text="Find a flat to rent", sort_order=2),
        "language": PlanGoal.create(plan=own, text="Latvian course A2", sort_order=1),
        "work": PlanGoal.create(plan=colleague, text="A job interview", sort_order=1),
    }


def links():
    return [(link.case_file.code, link.goal_id) for link in EntryCase.select()]


def save(mentor, monday, world, goals_sent, cases=("L-0001",), **extra):
    data = entry_data(monday, activity=world["activity"], cases=list(cases), **extra)
    data["goals"] = goals_sent
    return mentor.post("/timesheets/entries", data=data, headers=HX)


def test_the_goal_select_appears_only_for_chosen_cases_with_a_plan(mentor, world, goals, monday):
    day = monday.isoformat()
    blank = mentor.get(f"/timesheets/entries/new?day={day}", headers=HX).get_data(as_text=True)
    assert 'id="goal-choices"' in blank and "<select" in blank  # activity and place only
    assert 'name="goals"' not in blank

    fragment = mentor.get(f"/timesheets/entries/goals?day={day}&cases=L-0001", headers=HX).get_data(
        as_text=True
    )
    assert "<html" not in fragment and 'id="goal-L-0001"' in fragment
    assert fragment.index("Latvian course A2") < fragment.index("Find a flat to rent")
    assert 'value="L-0001:">—</option>' in fragment
    assert "A job interview" not in fragment

    # covering a colleague's open case: its goals too; a closed case: none
    both = mentor.get(
        f"/timesheets/entries/goals?day={day}&cases=L-0002&cases=L-0003", headers=HX
    ).get_data(as_text=True)
    assert 'id="goal-L-0002"' in both and "A job interview" in both
    assert "L-0003" not in both
    # a case without a plan gets no select
    PlanGoal.update(plan=Plan.get(Plan.case == world["colleague"].id)).execute()
    none = mentor.get(f"/timesheets/entries/goals?day={day}&cases=L-0001", headers=HX).get_data(
        as_text=True
    )
    assert 'name="goals"' not in none


def test_the_fragment_keeps_the_goals_already_chosen(mentor, goals, monday):
    housing = goals["housing"].id
    fragment = mentor.get(
        f"/timesheets/entries/goals?day={monday}&cases=L-0001&cases=L-0002&goals=L-0001:{housing}",
        headers=HX,
    ).get_data(as_text=True)
    assert f'value="L-0001:{housing}" selected' in fragment
    assert "selected" not in fragment.split('id="goal-L-0002"')[1]


def test_saving_with_a_goal_links_it_and_the_row_shows_it(mentor, world, goals, monday):
    response = save(mentor, monday, world, [f"L-0001:{goals['housing'].id}"])
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#editor"  # only the changed parts come back
    body = response.get_data(as_text=True)
    assert 'class="entry-goal" title="Find a flat to rent"' in body
    assert links() == [("L-0001", goals["housing"].id)]


def test_no_goal_chosen_saves_the_entry_without_one(mentor, world, goals, monday):
    assert save(mentor, monday, world, ["L-0001:"]).status_code == 200
    assert links() == [("L-0001", None)]


def test_a_goal_of_another_cases_plan_is_refused_beside_the_field_and_the_input_kept(
    mentor, world, goals, monday
):
    response = save(mentor, monday, world, [f"L-0001:{goals['work'].id}"], note="kept note")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="goals-error"' in body and "plan of case file L-0001" in body
    assert 'aria-describedby="goals-error"' in body
    assert "kept note" in body and 'value="L-0001" checked' in body
    assert 'id="goal-L-0001"' in body  # the select is there to choose again
    assert Entry.select().count() == 0


@pytest.mark.parametrize("forged", ["abc", "99999999", "-1", "1.5", "9" * 40, "L-0001"])
def test_forged_goal_ids_are_refused_without_an_error_page(mentor, world, goals, monday, forged):
    response = save(mentor, monday, world, [f"L-0001:{forged}"])
    assert response.status_code == 422
    assert 'id="goals-error"' in response.get_data(as_text=True)
    assert Entry.select().count() == 0


def test_goals_for_cases_not_on_the_entry_are_ignored(mentor, world, goals, monday):
    response = save(mentor, monday, world, ["L-0001:", f"L-0002:{goals['work'].id}", "L-9999:1"])
    assert response.status_code == 200
    assert links() == [("L-0001", None)]


def test_without_javascript_new_cases_with_a_plan_bring_the_form_back_with_the_selects(
    mentor, world, goals, monday
):
    data = entry_data(monday, activity=world["activity"], cases=["L-0001"], note="kept note")
    first = mentor.post("/timesheets/entries", data=data)
    assert first.status_code == 422
    page = first.get_data(as_text=True)
    assert "<html" in page and 'id="goals-notice"' in page and 'id="goal-L-0001"' in page
    assert "kept note" in page
    assert Entry.select().count() == 0
    data["goals"] = [f"L-0001:{goals['language'].id}"]
    second = mentor.post("/timesheets/entries", data=data)
    assert second.status_code == 303
    assert links() == [("L-0001", goals["language"].id)]
    # a case file without a plan never holds the form back
    data.update(cases=["L-0002"], start="12:00", end="13:00", goals=[])
    PlanGoal.delete().where(PlanGoal.id == goals["work"].id).execute()
    assert mentor.post("/timesheets/entries", data=data).status_code == 303


def test_editing_shows_and_keeps_the_goal(mentor, world, goals, monday):
    housing = goals["housing"].id
    save(mentor, monday, world, [f"L-0001:{housing}"])
    entry = Entry.get()
    form = mentor.get(f"/timesheets/entries/{entry.id}/edit", headers=HX).get_data(as_text=True)
    assert f'value="L-0001:{housing}" selected' in form
    changed = entry_data(
        monday, "09:00", "11:00", world["activity"], cases=["L-0001"], version=str(entry.version)
    )
    changed["goals"] = [f"L-0001:{housing}"]  # the select posts what it shows
    assert (
        mentor.post(f"/timesheets/entries/{entry.id}", data=changed, headers=HX).status_code == 200
    )
    assert Entry.get().end_minute == 11 * 60 and links() == [("L-0001", housing)]
    # choosing "—" takes it off
    changed.update(version=str(Entry.get().version), goals=["L-0001:"])
    mentor.post(f"/timesheets/entries/{entry.id}", data=changed)
    assert links() == [("L-0001", None)]


def test_duplicating_an_entry_offers_its_goal(mentor, world, goals, monday):
    housing = goals["housing"].id
    save(mentor, monday, world, [f"L-0001:{housing}"])
    entry = Entry.get()
    form = mentor.get(f"/timesheets/entries/new?from={entry.id}", headers=HX).get_data(as_text=True)
    assert f'value="L-0001:{housing}" selected' in form


def test_copying_last_week_keeps_a_valid_goal_and_drops_one_no_longer_of_the_plan(
    mentor, users, world, goals, monday
):
    previous = monday - timedelta(days=7)
    kept, dropped = goals["language"].id, goals["housing"].id
    save(mentor, previous, world, [f"L-0001:{kept}"])
    save(mentor, previous + timedelta(1), world, [f"L-0001:{dropped}"])
    # the second goal moved to another case file's plan since (a stale link)
    PlanGoal.update(plan=Plan.get(Plan.case == world["colleague"].id)).where(
        PlanGoal.id == dropped
    ).execute()
    assert services.copy_last_week(users[Role.MENTOR], monday, local_today()) == 2
    copied = (
        EntryCase.select(Entry.day, EntryCase.goal)
        .join(Entry)
        .where(Entry.day >= monday)
        .order_by(Entry.day)
        .tuples()
    )
    assert list(copied) == [(monday, kept), (monday + timedelta(1), None)]


def test_the_week_reads_goals_in_the_same_one_query(mentor, users, world, goals, monday):
    for hour in range(9, 14):
        save(
            mentor,
            monday,
            world,
            [f"L-0001:{goals['housing'].id}"],
            start=f"{hour}:00",
            end=f"{hour}:30",
        )
    with assert_query_count(1):
        rows = queries.entries_between([users[Role.MENTOR].id], monday, monday + timedelta(6))
    assert {case["goal_text"] for row in rows for case in row["cases"]} == {"Find a flat to rent"}
    page = mentor.get(week_path(users[Role.MENTOR].id, monday)).get_data(as_text=True)
    assert page.count('class="entry-goal"') == 5


def test_the_service_refuses_a_forged_goal_for_any_caller(users, world, goals, monday):
    data = services.EntryInput(
        monday, 540, 600, world["activity"].id, Place.PMC, ["L-0001"], goals={"L-0001": "x"}
    )
    with pytest.raises(services.Refused) as refused:
        services.save_entry(users[Role.MENTOR], data, local_today())
    assert set(refused.value.errors) == {"goals"}
