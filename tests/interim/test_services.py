"""Writing the interim report's parts and challenges, and reporting the period with the copy sent
kept: the rules, without the pages."""

import hashlib
from datetime import date

import pytest

from app.audit import AuditEvent
from app.interim import queries, services
from app.interim.models import NarrativeVersion, SentReport
from app.periods.models import Period
from app.permissions import Role
from app.refusals import Refused


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def period(ctx, interims) -> Period:
    return interims[0]


def test_each_save_is_a_version_and_the_latest_is_the_text(period, users):
    lead, coordinator = users[Role.LEAD], users[Role.COORDINATOR]
    assert services.save_text(lead, period, "VII", "Atbalsts.", None)
    first = queries.current_texts(period.id)["VII"]
    assert services.save_text(coordinator, period, "VII", "Atbalsts un **pasākumi**.", first["id"])
    current = queries.current_texts(period.id)["VII"]
    assert (current["text"], current["author"]) == ("Atbalsts un **pasākumi**.", "Coordinator")
    history = queries.history(period.id, "VII")
    assert [(row["author"], row["text"]) for row in history] == [
        ("Coordinator", "Atbalsts un **pasākumi**."),
        ("Leadsocialworker", "Atbalsts."),
    ]
    assert AuditEvent.select().where(AuditEvent.action == "interim.write").count() == 2


def test_saving_the_same_text_again_adds_no_version(period, users):
    services.save_text(users[Role.LEAD], period, "XIV", "Secinājumi.", None)
    latest = queries.current_texts(period.id)["XIV"]["id"]
    assert services.save_text(users[Role.LEAD], period, "XIV", "Secinājumi.", latest) is False
    assert NarrativeVersion.select().count() == 1


def test_a_save_over_a_newer_version_is_refused_and_names_who_saved_it(period, users):
    services.save_text(users[Role.LEAD], period, "XI", "Partneri.", None)
    with pytest.raises(Refused) as refused:
        # the coordinator opened the empty part before the lead saved it
        services.save_text(users[Role.COORDINATOR], period, "XI", "Citi partneri.", None)
    assert "Leadsocialworker" in refused.value.message
    assert refused.value.errors.keys() == {"text"}
    assert queries.current_texts(period.id)["XI"]["text"] == "Partneri."


def test_parts_of_one_period_do_not_touch_another_period(interims, users, ctx):
    services.save_text(users[Role.LEAD], interims[0], "II", "Pirmais.", None)
    services.save_text(users[Role.LEAD], interims[1], "II", "Otrais.", None)
    assert queries.current_texts(interims[0].id)["II"]["text"] == "Pirmais."
    assert queries.current_texts(interims[1].id)["II"]["text"] == "Otrais."


def test_only_the_lead_and_the_coordinator_write_and_only_the_coordinator_reports(period, users):
    assert services.allowed_actions(period, users[Role.LEAD]) == {services.WRITE}
    assert services.allowed_actions(period, users[Role.COORDINATOR]) == {
        services.WRITE,
        services.REPORT,
    }
    for role in (Role.SOCIAL_WORKER, Role.ADMIN, Role.AUDITOR, Role.MENTOR):
        assert services.allowed_actions(period, users[role]) == set()
        with pytest.raises(Refused):
            services.save_text(users[role], period, "II", "x", None)


def test_challenges_are_added_in_order_changed_and_deleted(period, users):
    lead = users[Role.LEAD]
    values = {"area": "Izglītība", "problem": "Nav kursu.", "solution": "Kursi attālināti."}
    services.save_challenge(lead, period, values)
    services.save_challenge(lead, period, {**values, "area": "Veselība"})
    rows = queries.challenges_of(period.id)
    assert [row["area"] for row in rows] == ["Izglītība", "Veselība"]
    assert services.save_challenge(lead, period, values, rows[0]["id"]) is False
    services.save_challenge(
        users[Role.COORDINATOR], period, {**values, "solution": "Cits."}, rows[0]["id"]
    )
    changed = queries.challenges_of(period.id)[0]
    assert (changed["solution"], changed["author"]) == ("Cits.", "Coordinator")
    services.delete_challenge(lead, period, rows[1]["id"])
    assert [row["area"] for row in queries.challenges_of(period.id)] == ["Izglītība"]


def test_reporting_keeps_the_copy_sent_with_its_digest_and_freezes_the_report(period, users):
    coordinator = users[Role.COORDINATOR]
    services.save_text(coordinator, period, "XIV", "Secinājumi.", None)
    sent = services.report(
        coordinator, period, date.today(), [], lambda: ("zinojums.docx", b"the document")
    )
    assert sent.sha256 == hashlib.sha256(b"the document").hexdigest()
    period = Period.get_by_id(period.id)
    assert period.reported_on == date.today() and period.reported_by_id == coordinator.id
    assert bytes(SentReport.get(SentReport.period == period.id).document) == b"the document"
    assert services.allowed_actions(period, coordinator) == set()
    latest = queries.current_texts(period.id)["XIV"]["id"]
    with pytest.raises(Refused) as refused:
        services.save_text(coordinator, period, "XIV", "Vēlāk.", latest)
    assert refused.value.status == 409
    with pytest.raises(Refused):
        services.save_challenge(coordinator, period, {"area": "a", "problem": "b", "solution": "c"})
    with pytest.raises(Refused):
        services.report(coordinator, period, date.today(), [], lambda: ("x.docx", b"again"))
    assert SentReport.select().count() == 1


def test_a_report_with_data_still_open_is_refused_with_what_is_missing(period, users):
    built = []
    with pytest.raises(Refused) as refused:
        services.report(
            users[Role.COORDINATOR],
            period,
            date.today(),
            ["3 weeks not approved", "March not locked"],
            lambda: built.append(1) or ("x.docx", b""),
        )
    assert "3 weeks not approved" in refused.value.message
    assert "March not locked" in refused.value.message
    assert built == [] and Period.get_by_id(period.id).reported_on is None


def test_a_report_dated_before_the_period_is_refused_before_anything_is_built(period, users):
    built = []
    with pytest.raises(Refused) as refused:
        services.report(
            users[Role.COORDINATOR],
            period,
            period.starts_on.replace(year=period.starts_on.year - 1),
            [],
            lambda: built.append(1) or ("x.docx", b""),
        )
    assert refused.value.errors.keys() == {"reported_on"}
    assert built == [] and Period.get_by_id(period.id).reported_on is None
