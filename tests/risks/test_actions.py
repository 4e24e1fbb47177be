"""What may be done to a risk now: allowed_actions gives one answer, the services refuse what it
refuses, and the risk's page shows exactly the buttons it allows. A reported period locks its
assessments, and only them."""

from datetime import timedelta

import pytest

from app.audit import AuditEvent
from app.calendar import local_today
from app.periods.models import Period
from app.periods.services import mark_reported
from app.permissions import Role
from app.refusals import Refused
from app.risks import services
from app.risks.models import Assessment, Measure, Risk, RiskComment, RiskStatus
from app.risks.services import ASSESS, CLOSE, COMMENT, EDIT, MEASURES, allowed_actions
from tests.factories import assess, make_risk
from tests.risks.conftest import add_measures

READERS = (Role.SOCIAL_WORKER, Role.LEAD, Role.COORDINATOR, Role.ADMIN)
RISK_ACTIONS = (EDIT, CLOSE, MEASURES, COMMENT)


@pytest.fixture
def risk(english, interims):
    """Added early in the first period, with two measures; that first period is reported."""
    risk = make_risk(added_on=interims[0].starts_on + timedelta(days=20))
    add_measures(risk, "Exit interviews", "A pool of substitutes")
    mark_reported(english[Role.COORDINATOR], interims[0], interims[0].ends_on)
    return risk


def fresh(model, row_id: int):
    return model.get_by_id(row_id)


def assessment_data(text: str = "Two mentors left.") -> services.AssessmentInput:
    return services.AssessmentInput(text=text, likelihood=4, impact=2)


# --- the answer -----------------------------------------------------------------------------


def test_a_reported_period_locks_its_assessment_and_nothing_else(app, risk, interims, english):
    lead, today = english[Role.LEAD], local_today()
    with app.app_context():
        reported = allowed_actions(fresh(Risk, risk.id), fresh(Period, interims[0].id), lead, today)
        running = allowed_actions(fresh(Risk, risk.id), fresh(Period, interims[2].id), lead, today)
    assert not reported.allows(ASSESS)
    assert reported.reason(ASSESS) == services.REPORTED
    assert running.allows(ASSESS) and running.reason(ASSESS) is None
    # the risk itself belongs to no period: its own changes stay open
    assert all(reported.allows(action) for action in RISK_ACTIONS)


def test_without_a_period_there_is_nothing_to_assess(app, risk, english):
    with app.app_context():
        actions = allowed_actions(fresh(Risk, risk.id), None, english[Role.LEAD], local_today())
    assert not actions.allows(ASSESS)
    assert all(actions.allows(action) for action in RISK_ACTIONS)


def test_a_closed_risk_cannot_be_closed_again_but_can_be_edited(app, english, interims):
    closed = make_risk("Lease", status=RiskStatus.CLOSED, closed_on=local_today())
    with app.app_context():
        actions = allowed_actions(closed, None, english[Role.LEAD], local_today())
    assert not actions.allows(CLOSE) and "already closed" in actions.reason(CLOSE)
    assert actions.allows(EDIT) and actions.allows(MEASURES) and actions.allows(COMMENT)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.LEAD, {EDIT, CLOSE, MEASURES, COMMENT}),
        (Role.ADMIN, {EDIT, CLOSE, MEASURES, COMMENT}),
        (Role.COORDINATOR, {COMMENT}),
        (Role.SOCIAL_WORKER, {COMMENT}),
        (Role.MENTOR, set()),
        (Role.AUDITOR, set()),
    ],
)
def test_each_role_may_do_what_its_permissions_say(app, risk, english, role, allowed):
    with app.app_context():
        actions = allowed_actions(fresh(Risk, risk.id), None, english[role], local_today())
    assert {action for action in RISK_ACTIONS if actions.allows(action)} == allowed


# --- the services refuse the same -------------------------------------------------------------


@pytest.mark.parametrize("transition", ["write", "rewrite"])
def test_the_service_refuses_each_assessment_transition_in_a_reported_period(
    app, english, interims, transition
):
    risk = make_risk(added_on=interims[0].starts_on + timedelta(days=20))
    if transition == "rewrite":
        assess(risk, interims[0], 2, 2, english[Role.LEAD], text="As reported.")
    mark_reported(english[Role.COORDINATOR], interims[0], interims[0].ends_on)
    version = 1 if transition == "rewrite" else None
    with app.test_request_context():
        with pytest.raises(Refused) as refused:
            services.save_assessment(
                english[Role.LEAD], risk, interims[0], assessment_data(), version, local_today()
            )
        assert refused.value.message == services.REPORTED
        assert [a.text for a in Assessment.select()] == (
            ["As reported."] if transition == "rewrite" else []
        )
        assert Risk.get_by_id(risk.id).last_reviewed_on is None


def test_the_same_assessment_is_written_while_its_period_is_open(app, risk, interims, english):
    with app.test_request_context():
        saved = services.save_assessment(
            english[Role.LEAD], risk, interims[1], assessment_data(), None, local_today()
        )
        assert saved.version == 1 and Assessment.select().count() == 1


def risk_input(risk: Risk) -> services.RiskInput:
    return services.RiskInput(
        type_id=risk.type_id,
        title="Renamed",
        description="",
        owner_id=None,
        contract_priority=risk.contract_priority,
        likelihood=risk.likelihood,
        impact=risk.impact,
        added_on=risk.added_on,
    )


def measure_data(text: str) -> services.MeasureInput:
    return services.MeasureInput(text=text, owner_id=None, status="planned")


def attempt(action: str, actor, risk: Risk, interims: list[Period]) -> None:
    """The service call behind each action, as its view makes it."""
    today = local_today()
    measure = Measure.get(Measure.risk == risk.id, Measure.position == 1)
    calls = {
        "edit": lambda: services.update_risk(actor, risk, risk_input(risk), 1, today),
        "close": lambda: services.close_risk(actor, risk, "Gone.", 1, today),
        "add measure": lambda: services.add_measure(actor, risk, measure_data("New"), today),
        "edit measure": lambda: services.update_measure(
            actor, risk, measure, measure_data("Changed"), today
        ),
        "move measure": lambda: services.move_measure(actor, risk, measure, 1, today),
        "assess": lambda: services.save_assessment(
            actor, risk, interims[1], assessment_data(), None, today
        ),
        "comment": lambda: services.add_comment(actor, risk, "A remark.", today),
    }
    calls[action]()


SERVICE_CALLS = ("edit", "close", "add measure", "edit measure", "move measure", "assess")


@pytest.mark.parametrize("action", [*SERVICE_CALLS, "comment"])
def test_the_services_refuse_a_role_the_answer_refuses(app, risk, interims, english, action):
    """Views guard their routes too; the service does not rely on it."""
    role = Role.MENTOR if action == "comment" else Role.COORDINATOR
    with app.test_request_context():
        events = AuditEvent.select().count()
        with pytest.raises(Refused) as refused:
            attempt(action, english[role], Risk.get_by_id(risk.id), interims)
        assert refused.value.status == 403
        assert AuditEvent.select().count() == events
        assert Risk.get_by_id(risk.id).title == "Staff turnover"
        assert Assessment.select().count() == RiskComment.select().count() == 0


@pytest.mark.parametrize("action", [*SERVICE_CALLS, "comment"])
def test_the_services_do_what_the_answer_allows(app, risk, interims, english, action):
    with app.test_request_context():
        events = AuditEvent.select().count()
        attempt(action, english[Role.LEAD], Risk.get_by_id(risk.id), interims)
        assert AuditEvent.select().count() == events + 1


def test_closing_a_closed_risk_is_refused_by_the_service_for_the_answers_reason(app, english):
    closed = make_risk("Lease", status=RiskStatus.CLOSED, closed_on=local_today())
    lead, today = english[Role.LEAD], local_today()
    with app.test_request_context():
        with pytest.raises(Refused) as refused:
            services.close_risk(lead, closed, "Again.", 1, today)
        assert refused.value.message == allowed_actions(closed, None, lead, today).reason(CLOSE)


# --- through the client ------------------------------------------------------------------------


def test_a_new_assessment_for_a_reported_period_is_refused_through_the_page(
    client_as, risk, interims
):
    url = f"/risks/{risk.id}/assessments/{interims[0].id}"
    data = {"text": "Written late.", "likelihood": "4", "impact": "2", "version": ""}
    response = client_as(Role.LEAD).post(url, data=data)
    assert response.status_code == 422
    assert "reported to the funder: its assessments are read-only" in response.get_data(
        as_text=True
    )
    assert Assessment.select().count() == 0


def shown_actions(page: str, risk: Risk) -> set[str]:
    """The risk's own actions whose buttons or forms are on its page."""
    base = f"/risks/{risk.id}"
    measure_ids = [m.id for m in Measure.select().where(Measure.risk == risk.id)]
    measure_parts = [f'action="{base}/measures"'] + [
        f"{base}/measures/{measure_id}/{part}"
        for measure_id in measure_ids
        for part in ("edit", "move")
    ]
    measures = {part in page for part in measure_parts}
    assert len(measures) == 1, "some measure buttons shown, others not"
    shown = {
        EDIT: f'href="{base}/edit"' in page,
        CLOSE: f'action="{base}/close"' in page,
        MEASURES: measures.pop(),
        COMMENT: f'action="{base}/comments"' in page,
    }
    return {action for action, present in shown.items() if present}


def assessable_links(page: str, risk: Risk, periods: list[Period]) -> set[int]:
    return {
        period.id
        for period in periods
        if f'href="/risks/{risk.id}/assessments/{period.id}"' in page
    }


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("status", [RiskStatus.ACTIVE, RiskStatus.CLOSED])
def test_the_buttons_on_a_risks_page_are_the_allowed_actions(
    app, client_as, risk, interims, english, role, status
):
    if status == RiskStatus.CLOSED:
        Risk.update(status=status, closed_on=local_today()).where(Risk.id == risk.id).execute()
    page = client_as(role).get(f"/risks/{risk.id}").get_data(as_text=True)
    today, user = local_today(), english[role]
    with app.app_context():
        current = Risk.get_by_id(risk.id)
        actions = allowed_actions(current, None, user, today)
        periods = [Period.get_by_id(period.id) for period in interims]
        assessable = {
            period.id
            for period in periods
            if allowed_actions(current, period, user, today).allows(ASSESS)
        }
    assert shown_actions(page, current) == {a for a in RISK_ACTIONS if actions.allows(a)}
    assert assessable_links(page, current, periods) == assessable
    if role == Role.LEAD:  # the reported period is the one without the link
        assert assessable == {interims[1].id, interims[2].id}
