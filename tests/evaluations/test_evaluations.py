"""The closing evaluation: the lead's criteria, the form and its refusals (beside the field, the
input kept), who may evaluate or read which case file, the audit events, the awaiting list,
the compliance rule, the dashboard line and the period's summary."""

import re
from datetime import date, timedelta

import pytest
from flask_login import login_user
from playhouse.test_utils import assert_query_count

from app.accounts import User
from app.audit import AuditEvent
from app.calendar import local_today
from app.cases.models import CaseClosure
from app.compliance import rules
from app.evaluations import queries, services
from app.evaluations.models import CaseEvaluation, EvaluationCriterion, EvaluationScore
from app.permissions import Role
from app.refusals import Refused
from tests.conftest import create_user
from tests.factories import days_ago, make_case

TODAY = local_today()


@pytest.fixture
def criteria(app) -> list[EvaluationCriterion]:
    """The six criteria the migration seeds, in order."""
    return EvaluationCriterion.ordered()


@pytest.fixture
def closed(english):
    """E-1 the social worker's, closed 20 days ago; E-2 open; E-3 another social worker's,
    closed 30 days ago; E-4 the social worker's, closed 3 days ago."""
    worker = english[Role.SOCIAL_WORKER]
    other = create_user("otherworker", Role.SOCIAL_WORKER, language="en")
    return {
        "E-1": make_case("E-1", worker, closed_on=days_ago(20)),
        "E-2": make_case("E-2", worker),
        "E-3": make_case("E-3", other, closed_on=days_ago(30)),
        "E-4": make_case("E-4", worker, closed_on=days_ago(3)),
    }


def form_post(criteria, grades: dict[int, tuple[str, str]], day=None, summary="Patstāvīgs"):
    """The evaluation form: the day, the summary and one row per criterion (index -> grade,
    comment); a criterion without an entry is posted ungraded."""
    data = {
        "evaluated_on": (day or TODAY).isoformat(),
        "summary": summary,
    }
    for index, criterion in enumerate(criteria):
        grade, comment = grades.get(index, ("", ""))
        data[f"rows-{index}-criterion"] = str(criterion.id)
        data[f"rows-{index}-grade"] = grade
        data[f"rows-{index}-comment"] = comment
    return data


def checked(page: str, row: int) -> str | None:
    """The grade checked on the page in the form's row, if any."""
    found = re.search(rf'<input checked id="rows-{row}-grade-\d" [^>]*value="(\d)"', page)
    return found and found[1]


def all_graded(criteria, grade="3"):
    return dict.fromkeys(range(len(criteria)), (grade, ""))


def evaluate(app, user, case, criteria, grades, day=None, summary="Kopsavilkums"):
    """Save an evaluation through the service as `user`."""
    scores = [
        services.ScoreInput(criteria[index].id, grade, comment)
        for index, (grade, comment) in grades.items()
    ]
    with app.test_request_context():
        login_user(User.get_by_id(user.id))
        return services.save_evaluation(
            user, case, services.EvaluationInput(day or TODAY, summary, scores)
        )


def test_the_migration_seeds_six_bilingual_criteria(criteria):
    assert len(criteria) == 6
    assert criteria[0].name_lv == "Latviešu valodas prasmes"
    assert criteria[0].name_en == "Latvian language skills"
    assert all(c.active and c.name_lv and c.name_en for c in criteria)


def test_the_lead_adds_rewords_reorders_and_retires_criteria(client_as, english, criteria):
    client = client_as(Role.LEAD)
    page = client.get("/evaluations/criteria").get_data(as_text=True)
    assert "Latvian language skills" in page and "Housing" in page
    added = {"name_lv": "Veselība", "name_en": "Health", "sort_order": ""}
    assert client.post("/evaluations/criteria", data=added).status_code == 303
    health = EvaluationCriterion.get(EvaluationCriterion.name_en == "Health")
    assert health.sort_order == 7  # after the others
    taken = {"name_lv": "Mājoklis", "name_en": "Home", "sort_order": "1"}
    response = client.post("/evaluations/criteria", data=taken)
    assert response.status_code == 422
    assert "The list already has an item with this name." in response.get_data(as_text=True)
    moved = {"name_lv": "Veselība", "name_en": "Health and wellbeing", "sort_order": "0"}
    assert client.post(f"/evaluations/criteria/{health.id}/edit", data=moved).status_code == 303
    assert EvaluationCriterion.ordered()[0].name_en == "Health and wellbeing"
    assert client.post(f"/evaluations/criteria/{criteria[1].id}/retire").status_code == 303
    assert not EvaluationCriterion.get_by_id(criteria[1].id).active
    events = AuditEvent.select().where(AuditEvent.action.startswith("evaluation"))
    actions = [e.action for e in events.order_by(AuditEvent.id)]
    assert actions == [
        "evaluation_criterion.create",
        "evaluation_criterion.update",
        "evaluation_criterion.retire",
    ]
    assert client_as(Role.ADMIN).get("/evaluations/criteria").status_code == 200
    for role in (Role.SOCIAL_WORKER, Role.COORDINATOR, Role.AUDITOR):
        assert client_as(role).get("/evaluations/criteria").status_code == 403


def test_the_social_worker_fills_the_evaluation_and_sees_it_on_the_case_page(
    client_as, english, closed, criteria
):
    client = client_as(Role.SOCIAL_WORKER)
    case = closed["E-1"]
    card = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "The case file is closed and not evaluated yet." in card
    assert f'href="/cases/{case.id}/evaluation"' in card
    page = client.get(f"/cases/{case.id}/evaluation").get_data(as_text=True)
    assert page.count('type="radio"') == 6 * 4
    assert "1 – No progress" in page and "4 – Fully achieved" in page
    assert "A comment is optional, except with “1 – No progress”" in page
    grades = all_graded(criteria) | {0: ("4", "B1 līmenis"), 1: ("1", "Nav īres līguma")}
    response = client.post(f"/cases/{case.id}/evaluation/save", data=form_post(criteria, grades))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/cases/{case.id}"
    evaluation = CaseEvaluation.get()
    assert evaluation.closure_id == CaseClosure.get(CaseClosure.case == case.id).id
    assert evaluation.evaluated_by_id == english[Role.SOCIAL_WORKER].id
    saved = dict(EvaluationScore.select(EvaluationScore.criterion, EvaluationScore.grade).tuples())
    assert saved == {c.id: g for c, g in zip(criteria, [4, 1, 3, 3, 3, 3], strict=True)}
    card = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "4 – Fully achieved" in card and "B1 līmenis" in card and "Patstāvīgs" in card
    assert "Edit the evaluation" in card
    again = client.get(f"/cases/{case.id}/evaluation").get_data(as_text=True)
    assert checked(again, 0) == "4" and checked(again, 1) == "1" and checked(again, 2) == "3"
    assert "Nav īres līguma" in again


def test_refusals_are_beside_the_field_and_keep_the_input(client_as, english, closed, criteria):
    client = client_as(Role.SOCIAL_WORKER)
    case = closed["E-1"]
    url = f"/cases/{case.id}/evaluation/save"
    ungraded = dict.fromkeys(range(5), ("2", "")) | {0: ("2", "Kursi A2")}
    response = client.post(url, data=form_post(criteria, ungraded))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert body.count("Choose a grade.") == 1
    assert 'id="rows-5-grade-error"' in body  # beside the last criterion's grade
    assert "Kursi A2" in body and "Patstāvīgs" in body
    assert checked(body, 0) == "2" and checked(body, 4) == "2" and checked(body, 5) is None
    off_scale = all_graded(criteria) | {2: ("7", "")}
    body = client.post(url, data=form_post(criteria, off_scale)).get_data(as_text=True)
    assert "Choose a grade from 1 to 4." in body
    no_why = all_graded(criteria) | {3: ("1", " ")}
    body = client.post(url, data=form_post(criteria, no_why)).get_data(as_text=True)
    assert "Say in a comment why there was no progress." in body
    assert 'id="rows-3-comment-error"' in body
    early = form_post(criteria, all_graded(criteria), day=days_ago(21))
    body = client.post(url, data=early).get_data(as_text=True)
    assert f"The evaluation day is before the closing day ({days_ago(20):%d %b %Y})." in body
    future = form_post(criteria, all_graded(criteria), day=TODAY + timedelta(days=1))
    body = client.post(url, data=future).get_data(as_text=True)
    assert "The evaluation day cannot be in the future." in body
    blank = form_post(criteria, all_graded(criteria), summary=" ")
    assert "This field is required." in client.post(url, data=blank).get_data(as_text=True)
    long = form_post(criteria, all_graded(criteria) | {0: ("2", "x" * 501)})
    assert "Use at most 500 characters." in client.post(url, data=long).get_data(as_text=True)
    assert not CaseEvaluation.select().exists()
    assert not EvaluationScore.select().exists()


def test_an_open_case_file_is_refused_and_nothing_is_lost(client_as, english, closed, criteria):
    client = client_as(Role.SOCIAL_WORKER)
    case = closed["E-2"]
    page = client.get(f"/cases/{case.id}/evaluation").get_data(as_text=True)
    assert "its closing evaluation is made once it is closed" in page
    assert 'type="radio"' not in page
    response = client.post(
        f"/cases/{case.id}/evaluation/save",
        data=form_post(criteria, all_graded(criteria), summary="Mans teksts"),
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The case file is open: its closing evaluation is made once it is closed." in body
    assert "Mans teksts" in body and checked(body, 0) == "3"  # nothing typed is lost
    assert not CaseEvaluation.select().exists()


def test_scope_another_workers_case_is_a_404_the_coordinator_reads(
    app, client_as, english, closed, criteria
):
    worker = client_as(Role.SOCIAL_WORKER)
    theirs = closed["E-3"]
    assert worker.get(f"/cases/{theirs.id}/evaluation").status_code == 404
    data = form_post(criteria, all_graded(criteria))
    assert worker.post(f"/cases/{theirs.id}/evaluation/save", data=data).status_code == 404
    lead = client_as(Role.LEAD)
    assert lead.post(f"/cases/{theirs.id}/evaluation/save", data=data).status_code == 303
    coordinator = client_as(Role.COORDINATOR)
    page = coordinator.get(f"/cases/{theirs.id}/evaluation").get_data(as_text=True)
    assert "3 – Significant progress" in page and 'type="radio"' not in page
    assert coordinator.post(f"/cases/{theirs.id}/evaluation/save", data=data).status_code == 403
    for role in (Role.MENTOR, Role.AUDITOR, Role.ADMIN):
        assert client_as(role).get(f"/cases/{theirs.id}/evaluation").status_code == 403
        assert client_as(role).get("/evaluations/").status_code == 403
    with app.test_request_context(), pytest.raises(Refused) as refused:
        login_user(User.get_by_id(english[Role.SOCIAL_WORKER].id))
        services.save_evaluation(
            english[Role.SOCIAL_WORKER], theirs, services.EvaluationInput(TODAY, "x", [])
        )
    assert refused.value.status == 404


def test_create_and_update_are_audited_and_a_second_closing_is_evaluated_anew(
    app, client_as, english, closed, criteria
):
    worker = english[Role.SOCIAL_WORKER]
    case = closed["E-1"]
    first = evaluate(app, worker, case, criteria, all_graded(criteria, "2"))
    evaluate(app, worker, case, criteria, all_graded(criteria, "2") | {0: ("4", "")})
    events = list(
        AuditEvent.select()
        .where(AuditEvent.action.startswith("evaluation."))
        .order_by(AuditEvent.id)
    )
    assert [e.action for e in events] == ["evaluation.create", "evaluation.update"]
    assert events[1].object_id == first.id
    assert events[1].changes == f"criterion_{criteria[0].id}"
    assert CaseEvaluation.select().count() == 1
    # reopened, then closed again: the new closing has no evaluation yet, the old one stays
    CaseClosure.update(reopened_on=days_ago(10)).where(CaseClosure.case == case.id).execute()
    CaseClosure.create(case=case, closed_on=days_ago(2), reason="service_ended")
    case.closed_on = days_ago(2)
    case.save()
    page = client_as(Role.SOCIAL_WORKER).get(f"/cases/{case.id}").get_data(as_text=True)
    assert "The case file is closed and not evaluated yet." in page
    evaluate(app, worker, case, criteria, all_graded(criteria, "3"))
    assert CaseEvaluation.select().count() == 2
    assert AuditEvent.select().where(AuditEvent.action == "evaluation.create").count() == 2


def test_a_retired_criterion_is_not_asked_but_kept_where_graded(app, english, closed, criteria):
    worker = english[Role.SOCIAL_WORKER]
    evaluate(app, worker, closed["E-1"], criteria, all_graded(criteria))
    EvaluationCriterion.update(active=False).where(
        EvaluationCriterion.id == criteria[5].id
    ).execute()
    evaluation = CaseEvaluation.get()
    kept = queries.form_criteria(evaluation, "en")
    assert [c["id"] for c in kept] == [c.id for c in criteria]
    fresh = queries.form_criteria(None, "en")
    assert criteria[5].id not in [c["id"] for c in fresh]
    # E-4 is graded on the five offered criteria only
    evaluate(app, worker, closed["E-4"], criteria[:5], all_graded(criteria[:5]))
    assert EvaluationScore.select().count() == 6 + 5


def test_the_awaiting_list_per_role(client_as, english, closed, criteria):
    worker = client_as(Role.SOCIAL_WORKER).get("/evaluations/").get_data(as_text=True)
    assert 'id="awaiting-E-1"' in worker and 'id="awaiting-E-4"' in worker
    assert "E-3" not in worker and "E-2" not in worker
    assert "20 days ago" in worker  # E-1 is overdue, E-4 is not
    lead = client_as(Role.LEAD).get("/evaluations/").get_data(as_text=True)
    assert all(f'id="awaiting-{code}"' in lead for code in ("E-1", "E-3", "E-4"))
    assert lead.index("E-3") < lead.index("E-1") < lead.index("E-4")  # oldest closing first
    with assert_query_count(1):
        rows = queries.awaiting(english[Role.LEAD], TODAY)
    assert [(row["code"], row["overdue"]) for row in rows] == [
        ("E-3", True),
        ("E-1", True),
        ("E-4", False),
    ]


def test_the_social_workers_home_page_lists_overdue_evaluations(
    app, client_as, english, closed, criteria
):
    client = client_as(Role.SOCIAL_WORKER)
    home = client.get("/").get_data(as_text=True)
    assert "1 case file closed more than 14 days ago without a closing evaluation" in home
    assert f'href="/cases/{closed["E-1"].id}/evaluation"' in home
    assert f'href="/cases/{closed["E-4"].id}/evaluation"' not in home  # not due yet
    evaluate(app, english[Role.SOCIAL_WORKER], closed["E-1"], criteria, all_graded(criteria))
    home = client.get("/").get_data(as_text=True)
    assert "No case file closed more than 14 days ago is waiting for its evaluation." in home


def test_the_compliance_rule(app, english, closed, criteria):
    def check():
        with app.test_request_context():
            lead = User.get_by_id(english[Role.LEAD].id)
            login_user(lead)
            return rules.closings_evaluated(rules.Window(days_ago(60), TODAY, TODAY, lead))

    result = check()
    assert not result.ok
    assert [f.text.split(":")[0] for f in result.findings] == ["E-3", "E-1", "E-4"]
    assert result.figures == "3 closed case files without a closing evaluation."
    assert result.findings[0].link.args == {"case_id": closed["E-3"].id}
    for code in ("E-3", "E-1"):
        evaluate(app, english[Role.LEAD], closed[code], criteria, all_graded(criteria))
    result = check()
    assert result.ok and result.pending  # E-4 is not due yet
    evaluate(app, english[Role.LEAD], closed["E-4"], criteria, all_graded(criteria))
    result = check()
    assert result.ok and not result.pending and result.findings == []


def test_the_summary_counts_closings_grades_and_averages(app, english, criteria):
    """Three closings in March: S-1 and S-2 evaluated, S-3 not; S-4 closed in March but
    reopened unevaluated (not counted); S-5 closed in February (outside)."""
    worker = english[Role.SOCIAL_WORKER]
    first, last = date(2020, 3, 1), date(2020, 3, 31)
    made = {
        code: make_case(code, worker, opened_on=date(2019, 6, 1), closed_on=day)
        for code, day in (
            ("S-1", date(2020, 3, 5)),
            ("S-2", date(2020, 3, 20)),
            ("S-3", date(2020, 3, 31)),
            ("S-4", date(2020, 3, 10)),
            ("S-5", date(2020, 2, 28)),
        )
    }
    CaseClosure.update(reopened_on=date(2020, 3, 15)).where(
        CaseClosure.case == made["S-4"].id
    ).execute()
    made["S-4"].closed_on = None
    made["S-4"].save()
    day = date(2020, 4, 2)
    evaluate(app, worker, made["S-1"], criteria, all_graded(criteria, "4") | {0: ("1", "Nav")}, day)
    evaluate(app, worker, made["S-2"], criteria, all_graded(criteria, "2") | {0: ("3", "")}, day)
    february = dict.fromkeys(range(6), ("1", "x"))
    evaluate(app, worker, made["S-5"], criteria, february, day)
    with assert_query_count(2):
        summary = queries.evaluation_summary(first, last)
    assert (summary.closed, summary.evaluated, summary.not_evaluated) == (3, 2, 1)
    assert [c.criterion_id for c in summary.criteria] == [c.id for c in criteria]
    language = summary.criteria[0]
    assert language.counts == {1: 1, 2: 0, 3: 1, 4: 0}
    assert language.average == 2.0
    housing = summary.criteria[1]
    assert housing.counts == {1: 0, 2: 1, 3: 0, 4: 1}
    assert housing.average == 3.0
    empty = queries.evaluation_summary(date(2019, 1, 1), date(2019, 1, 31))
    assert (empty.closed, empty.evaluated) == (0, 0)
    assert all(c.average is None and c.graded == 0 for c in empty.criteria)
