"""The contract and its periods: creation rules, reporting rules, the pages by role."""

from datetime import date

import pytest

from app.audit import AuditEvent
from app.periods import services
from app.periods.forms import ContractForm, ReportedForm
from app.periods.models import Contract, Period, PeriodKind
from app.permissions import Role
from app.refusals import Refused
from tests.conftest import field_names
from tests.test_bad_input import NASTY_VALUES

TWELVE_MONTHS = {
    "number": "S-2019/22",
    "funder": "Fonds",
    "starts_on": date(2019, 12, 1),
    "ends_on": date(2020, 11, 30),
    "amount_cents": 532_800_00,
}


def create(actor=None, **changes) -> Contract:
    return services.create_contract(actor, {**TWELVE_MONTHS, **changes})


def bounds(contract: Contract, kind: str) -> list[tuple[date, date]]:
    periods = Period.select().where(Period.contract == contract.id, Period.kind == kind)
    return [(p.starts_on, p.ends_on) for p in periods.order_by(Period.starts_on)]


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


# --- create_contract -------------------------------------------------------------------------


def test_a_twelve_month_contract_has_twelve_months_and_two_interim_periods(ctx):
    contract = create()
    months = bounds(contract, PeriodKind.MONTH)
    assert len(months) == 12
    assert months[0] == (date(2019, 12, 1), date(2019, 12, 31))
    assert months[2] == (date(2020, 2, 1), date(2020, 2, 29))  # a leap year
    assert months[-1] == (date(2020, 11, 1), date(2020, 11, 30))
    assert bounds(contract, PeriodKind.INTERIM) == [
        (date(2019, 12, 1), date(2020, 5, 31)),
        (date(2020, 6, 1), date(2020, 11, 30)),
    ]
    assert AuditEvent.select().where(AuditEvent.action == "contract.create").count() == 1


def test_periods_cover_the_contract_without_gaps_or_overlaps(ctx):
    contract = create(starts_on=date(2020, 1, 15), ends_on=date(2021, 8, 10))
    for kind in PeriodKind.ALL:
        found = bounds(contract, kind)
        assert found[0][0] == contract.starts_on and found[-1][1] == contract.ends_on
        for (_start, end), (next_start, _end) in zip(found, found[1:], strict=False):
            assert (next_start - end).days == 1


def test_a_contract_starting_mid_month_starts_its_first_periods_that_day(ctx):
    contract = create(starts_on=date(2020, 1, 15), ends_on=date(2021, 1, 14))
    months = bounds(contract, PeriodKind.MONTH)
    assert len(months) == 13
    assert months[0] == (date(2020, 1, 15), date(2020, 1, 31))
    assert months[-1] == (date(2021, 1, 1), date(2021, 1, 14))
    assert bounds(contract, PeriodKind.INTERIM) == [
        (date(2020, 1, 15), date(2020, 6, 30)),
        (date(2020, 7, 1), date(2020, 12, 31)),
        (date(2021, 1, 1), date(2021, 1, 14)),
    ]


def test_a_contract_longer_than_a_year(ctx):
    contract = create(ends_on=date(2021, 5, 31))
    assert len(bounds(contract, PeriodKind.MONTH)) == 18
    assert bounds(contract, PeriodKind.INTERIM)[-1] == (date(2020, 12, 1), date(2021, 5, 31))
    assert len(bounds(contract, PeriodKind.INTERIM)) == 3


def test_a_one_day_contract_has_one_period_of_each_kind(ctx):
    contract = create(starts_on=date(2020, 3, 3), ends_on=date(2020, 3, 3))
    for kind in PeriodKind.ALL:
        assert bounds(contract, kind) == [(date(2020, 3, 3), date(2020, 3, 3))]


def test_an_end_before_the_start_is_refused(ctx):
    with pytest.raises(Refused) as error:
        create(starts_on=date(2020, 1, 1), ends_on=date(2019, 12, 31))
    assert list(error.value.errors) == ["ends_on"]
    assert not Contract.select().exists() and not Period.select().exists()


def test_a_contract_over_five_years_is_refused(ctx):
    with pytest.raises(Refused) as error:
        create(ends_on=date(2030, 1, 1))
    assert list(error.value.errors) == ["ends_on"]


def test_a_duplicate_number_is_refused_and_adds_no_periods(ctx):
    create()
    count = Period.select().count()
    with pytest.raises(Refused) as error:
        create(starts_on=date(2021, 1, 1), ends_on=date(2021, 12, 31))
    assert list(error.value.errors) == ["number"]
    assert Contract.select().count() == 1
    assert Period.select().count() == count


# --- mark_reported ---------------------------------------------------------------------------


def first_month(contract: Contract) -> Period:
    return Period.get(Period.contract == contract.id, Period.kind == PeriodKind.MONTH)


def test_mark_reported_records_who_and_when(ctx, users):
    coordinator = users[Role.COORDINATOR]
    period = first_month(create())
    services.mark_reported(coordinator, period, date(2020, 1, 10))
    period = Period.get_by_id(period.id)
    assert period.reported_on == date(2020, 1, 10)
    assert period.reported_by_id == coordinator.id
    event = AuditEvent.get(AuditEvent.action == "period.report")
    assert (event.actor_id, event.object_id) == (coordinator.id, period.id)


def test_a_period_cannot_be_reported_before_it_starts(ctx, users):
    period = first_month(create())
    with pytest.raises(Refused):
        services.mark_reported(users[Role.COORDINATOR], period, date(2019, 11, 30))
    assert Period.get_by_id(period.id).reported_on is None


def test_a_period_is_reported_only_once(ctx, users):
    period = first_month(create())
    services.mark_reported(users[Role.COORDINATOR], period, date(2020, 1, 10))
    with pytest.raises(Refused):
        services.mark_reported(users[Role.ADMIN], period, date(2020, 1, 20))
    period = Period.get_by_id(period.id)
    assert (period.reported_on, period.reported_by_id) == (
        date(2020, 1, 10),
        users[Role.COORDINATOR].id,
    )


def test_a_period_may_be_reported_on_its_own_days(ctx, users):
    period = first_month(create())
    services.mark_reported(users[Role.COORDINATOR], period, date(2019, 12, 1))
    assert Period.get_by_id(period.id).reported_on == date(2019, 12, 1)


# --- pages -----------------------------------------------------------------------------------


FORM = {
    "number": "S-2021/01",
    "funder": "Valsts fonds",
    "starts_on": "2021-01-01",
    "ends_on": "2021-12-31",
    "amount": "120000.50",
    "signed_on": "2020-12-10",
    "subject": "",
    "project": "",
    "purpose": "",
    "contact": "",
}


def test_the_coordinator_creates_a_contract_through_the_form(client_as):
    client = client_as(Role.COORDINATOR)
    assert client.get("/periods/contracts/new").status_code == 200
    response = client.post("/periods/contracts/new", data=FORM)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/periods/")
    contract = Contract.get(Contract.number == "S-2021/01")
    assert contract.amount_cents == 12_000_050
    assert Period.select().where(Period.contract == contract.id).count() == 12 + 2
    page = client.get("/periods/").get_data(as_text=True)
    assert "S-2021/01" in page and "Valsts fonds" in page


@pytest.mark.parametrize("amount", ["sNaN", "Infinity", "NaN"])
def test_a_sum_that_is_no_number_is_refused_beside_the_field(client_as, amount):
    response = client_as(Role.COORDINATOR).post(
        "/periods/contracts/new", data={**FORM, "amount": amount}
    )
    assert response.status_code == 422
    error = response.get_data(as_text=True).split('id="amount-error"')[1].split("</p>")[0]
    assert "Nederīgs decimālskaitlis" in error
    assert not Contract.select().where(Contract.number == "S-2021/01").exists()


def test_the_coordinator_writes_the_contracts_details_for_the_report(client_as):
    client = client_as(Role.COORDINATOR)
    client.post("/periods/contracts/new", data=FORM)
    contract = Contract.get(Contract.number == "S-2021/01")
    assert contract.signed_on == date(2020, 12, 10)
    url = f"/periods/contracts/{contract.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Valsts fonds"' in page and 'value="120000.50"' in page
    details = {
        "funder": "Valsts fonds",
        "amount": "120000.50",
        "signed_on": "2020-12-11",
        "subject": "Sociālā mentora pakalpojums",
        "project": "Projekts Nr. 1",
        "purpose": "Iekļaušanās",
        "contact": "Koordinatore, tālr. 1",
    }
    assert client.post(url, data=details).status_code == 303
    contract = Contract.get_by_id(contract.id)
    assert (contract.signed_on, contract.subject, contract.contact) == (
        date(2020, 12, 11),
        "Sociālā mentora pakalpojums",
        "Koordinatore, tālr. 1",
    )
    assert (contract.number, contract.starts_on) == ("S-2021/01", date(2021, 1, 1))
    assert "11.12.2020" in client.get("/periods/").get_data(as_text=True)


def test_a_detail_too_long_is_refused_beside_it_and_the_text_kept(client_as):
    client = client_as(Role.COORDINATOR)
    client.post("/periods/contracts/new", data=FORM)
    contract = Contract.get(Contract.number == "S-2021/01")
    response = client.post(
        f"/periods/contracts/{contract.id}/edit",
        data={"funder": "Valsts fonds", "purpose": "x" * 2001, "contact": "Koordinatore"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="purpose-error"' in page and "Koordinatore</textarea>" in page
    assert Contract.get_by_id(contract.id).contact == ""


def test_the_form_over_htmx_redirects_with_a_header(client_as):
    client = client_as(Role.ADMIN)
    response = client.post("/periods/contracts/new", data=FORM, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].endswith("/periods/")


def test_the_coordinator_marks_a_period_reported(client_as):
    client = client_as(Role.COORDINATOR)
    client.post("/periods/contracts/new", data=FORM)
    period = Period.select().order_by(Period.id).first()
    response = client.post(f"/periods/{period.id}/report", data={"reported_on": "2021-02-10"})
    assert response.status_code == 303
    again = client.post(f"/periods/{period.id}/report", data={"reported_on": "2021-02-11"})
    assert again.status_code == 303
    assert 'class="flash flash-error"' in client.get("/periods/").get_data(as_text=True)
    assert Period.get_by_id(period.id).reported_on == date(2021, 2, 10)
    missing = client.post("/periods/999999/report", data={"reported_on": "2021-02-10"})
    assert missing.status_code == 404


@pytest.mark.parametrize("reported_on", ["", "abc", "2021-13-01", "2020-12-31", "９"])
def test_a_bad_report_date_changes_nothing(client_as, reported_on):
    client = client_as(Role.COORDINATOR)
    client.post("/periods/contracts/new", data=FORM)
    period = Period.select().order_by(Period.id).first()
    response = client.post(f"/periods/{period.id}/report", data={"reported_on": reported_on})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="flash flash-error"' in page  # the coordinator is told why
    assert Period.get_by_id(period.id).reported_on is None


def test_the_auditor_reads_the_periods_but_changes_nothing(client_as):
    create()
    period = Period.select().first()
    client = client_as(Role.AUDITOR)
    page = client.get("/periods/")
    assert page.status_code == 200
    assert TWELVE_MONTHS["number"] in page.get_data(as_text=True)
    assert client.get("/periods/contracts/new").status_code == 403
    assert client.post("/periods/contracts/new", data=FORM).status_code == 403
    response = client.post(f"/periods/{period.id}/report", data={"reported_on": "2020-01-10"})
    assert response.status_code == 403
    assert Contract.select().count() == 1
    assert Period.get_by_id(period.id).reported_on is None


@pytest.mark.parametrize("role", [Role.MENTOR])
def test_a_mentor_is_refused_every_page(client_as, role):
    client = client_as(role)
    assert client.get("/periods/").status_code == 403
    assert client.get("/periods/contracts/new").status_code == 403
    assert client.post("/periods/contracts/new", data=FORM).status_code == 403


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.LEAD])
def test_staff_read_but_do_not_manage(client_as, role):
    client = client_as(role)
    assert client.get("/periods/").status_code == 200
    assert client.post("/periods/contracts/new", data=FORM).status_code == 403


@pytest.mark.parametrize(
    "changes",
    [
        {"starts_on": "abc"},
        {"ends_on": "2021-02-30"},
        {"starts_on": "", "ends_on": ""},
        {"starts_on": "２０２１-01-01"},
        {"starts_on": "9999-12-31", "ends_on": "0001-01-01"},
        {"starts_on": "2021-01-01", "ends_on": "2020-01-01"},
        {"ends_on": "2031-01-01"},
        {"amount": "abc"},
        {"amount": "-5"},
        {"amount": "NaN"},
        {"amount": "Infinity"},
        {"amount": "1e999999"},
        {"amount": "1" * 400},
        {"number": ""},
        {"number": "x" * 65},
        {"number": "   "},
        {"funder": "f" * 201},
        {"funder": "\x00"},
        {"number": "<script>alert(1)</script>", "funder": "'; DROP TABLE contract; --"},
    ],
)
def test_garbage_in_the_contract_form_is_never_a_server_error(client_as, changes):
    client = client_as(Role.COORDINATOR)
    client.get("/periods/contracts/new")
    response = client.post("/periods/contracts/new", data={**FORM, **changes})
    assert response.status_code in (303, 400, 422), response.status_code
    if response.status_code == 422:
        assert not Contract.select().exists()
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_the_form_data_holds_every_field_of_the_form():
    # and the key the form draws for a retry (tests/test_idempotency.py), which is not input
    assert sorted([*FORM, "idempotency_key"]) == field_names(ContractForm)


@pytest.mark.parametrize("value", NASTY_VALUES)
def test_garbage_in_any_field_of_the_period_forms_is_never_a_server_error(client_as, value):
    client = client_as(Role.COORDINATOR)
    client.post("/periods/contracts/new", data=FORM)
    period = Period.select().order_by(Period.id).first()
    for name in field_names(ContractForm):
        data = {**FORM, "number": "S-2", name: value}
        response = client.post("/periods/contracts/new", data=data)
        assert response.status_code in (303, 422), (name, value[:20], response.status_code)
    for name in field_names(ReportedForm):
        response = client.post(f"/periods/{period.id}/report", data={name: value})
        assert response.status_code == 303, (name, value[:20], response.status_code)


def test_a_duplicate_number_in_the_form_is_shown_on_the_field(client_as):
    client = client_as(Role.COORDINATOR)
    assert client.post("/periods/contracts/new", data=FORM).status_code == 303
    client.get("/periods/contracts/new")
    response = client.post("/periods/contracts/new", data=FORM)
    assert response.status_code == 422
    assert Contract.select().count() == 1
