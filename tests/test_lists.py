"""The bilingual, retirable list (app/lists.py): its services, choices and audit, on the three
lists that use it."""

import pytest

from app import lists
from app.audit import AuditEvent
from app.calendar import local_today
from app.permissions import Role
from app.refusals import Refused
from app.risks import queries as risk_queries
from app.risks.models import Risk, RiskType
from app.timesheets.models import ActivityType
from app.training.models import TrainingKind

NAMES = {"name_lv": "Vīrusu izplatība", "name_en": "Spread of viruses"}


@pytest.fixture
def lead(users):
    return users[Role.LEAD]


def audit_actions(item) -> list[str]:
    return [
        action
        for (action,) in AuditEvent.select(AuditEvent.action)
        .where(AuditEvent.object_type == item._meta.table_name, AuditEvent.object_id == item.id)
        .order_by(AuditEvent.id)
        .tuples()
    ]


def test_an_added_item_is_trimmed_listed_last_offered_and_audited(lead):
    last = RiskType.select(RiskType.sort_order).order_by(RiskType.sort_order.desc()).scalar()
    added = lists.add(lead, RiskType, {"name_lv": " Vīrusu izplatība ", "name_en": "Spread "})
    stored = RiskType.get_by_id(added.id)
    assert (stored.name_lv, stored.name_en) == ("Vīrusu izplatība", "Spread")
    assert stored.sort_order == last + 1 and stored.active
    assert (added.id, "Spread") in RiskType.choices("en")
    assert audit_actions(added) == ["risk_type.create"]


def test_a_given_order_is_kept_and_each_list_audits_under_its_own_name(lead):
    activity = lists.add(lead, ActivityType, {**NAMES, "sort_order": 0})
    kind = lists.add(lead, TrainingKind, {**NAMES, "counts_as": "training", "sort_order": 5})
    assert ActivityType.get_by_id(activity.id).sort_order == 0
    assert TrainingKind.get_by_id(kind.id).sort_order == 5
    assert audit_actions(activity) == ["activity.create"]
    assert audit_actions(kind) == ["training_kind.create"]


def test_a_blank_name_is_refused_beside_its_field(lead):
    count = RiskType.select().count()
    with pytest.raises(Refused) as refused:
        lists.add(lead, RiskType, {"name_lv": "Vīrusi", "name_en": "  "})
    assert refused.value.errors == {"name_en": [lists.BLANK]}
    assert RiskType.select().count() == count


def test_a_name_the_list_has_is_refused_beside_its_field_in_any_letter_case(lead):
    existing = lists.add(lead, RiskType, NAMES)
    lists.retire(lead, existing)  # a retired item's names stay taken
    with pytest.raises(Refused) as refused:
        lists.add(lead, RiskType, {"name_lv": "Cits", "name_en": "SPREAD OF VIRUSES"})
    assert refused.value.errors == {"name_en": [lists.TAKEN]}
    # another list may have the same names
    lists.add(lead, ActivityType, {**NAMES, "sort_order": 0})
    other = lists.add(lead, RiskType, {"name_lv": "Cits", "name_en": "Other"})
    with pytest.raises(Refused) as refused:
        lists.rename(lead, other, "vīrusu izplatība", "Other")
    assert refused.value.errors == {"name_lv": [lists.TAKEN]}
    lists.rename(lead, other, "Cits", "Other things")  # its own names are not in the way
    assert RiskType.get_by_id(other.id).name_en == "Other things"


def test_rename_and_update_audit_only_the_fields_that_changed(lead):
    risk_type = lists.add(lead, RiskType, NAMES)
    lists.rename(lead, risk_type, NAMES["name_lv"], "Epidemic")
    kind = lists.add(lead, TrainingKind, {**NAMES, "counts_as": "training", "sort_order": 0})
    lists.update(lead, kind, {**NAMES, "counts_as": "supervision", "sort_order": 0})
    changes = dict(
        AuditEvent.select(AuditEvent.action, AuditEvent.changes)
        .where(AuditEvent.action.in_(["risk_type.rename", "training_kind.update"]))
        .tuples()
    )
    assert changes == {"risk_type.rename": "name_en", "training_kind.update": "counts_as"}
    assert TrainingKind.get_by_id(kind.id).counts_as == "supervision"


def test_a_retired_item_stays_on_its_records_and_leaves_the_choices(app, lead):
    with app.app_context():
        risk_type = lists.add(lead, RiskType, NAMES)
        risk = Risk.create(type=risk_type, title="Epidemic", added_on=local_today())
        lists.retire(lead, risk_type)
        assert risk_type.id not in dict(RiskType.choices("en"))
        assert dict(RiskType.choices("en", keep_id=risk_type.id))[risk_type.id] == (
            "Spread of viruses"
        )
        assert RiskType.ordered()[-1].id == risk_type.id  # listed after the offered ones
        assert risk_queries.risk_row(risk.id, "en")["type_name"] == "Spread of viruses"
        assert risk_queries.risk_row(risk.id, "lv")["type_name"] == "Vīrusu izplatība"
        lists.restore(lead, risk_type)
        assert risk_type.id in dict(RiskType.choices("lv"))
        actions = audit_actions(risk_type)
        assert actions == ["risk_type.create", "risk_type.retire", "risk_type.restore"]


def test_the_audit_event_is_written_in_the_same_transaction(lead, monkeypatch):
    def broken_record(*args, **kwargs):
        raise RuntimeError("the audit log is unavailable")

    risk_type = lists.add(lead, RiskType, NAMES)
    monkeypatch.setattr(lists.audit, "record", broken_record)
    with pytest.raises(RuntimeError):
        lists.add(lead, RiskType, {"name_lv": "Cits", "name_en": "Other"})
    with pytest.raises(RuntimeError):
        lists.retire(lead, risk_type)
    with pytest.raises(RuntimeError):
        lists.rename(lead, risk_type, "Cits", "Other")
    assert not RiskType.select().where(RiskType.name_en == "Other").exists()
    stored = RiskType.get_by_id(risk_type.id)
    assert stored.active and stored.name_en == "Spread of viruses"


def test_an_item_is_named_in_the_readers_language(app):
    item = ActivityType(**NAMES)
    assert (item.name("en"), item.name("lv")) == ("Spread of viruses", "Vīrusu izplatība")
    assert ActivityType.name_column("en") is ActivityType.name_en
    assert TrainingKind.name_column("lv") is TrainingKind.name_lv
