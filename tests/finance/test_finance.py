"""Finance: the funder's payments against the contract's sum and each period's plan, with the
seed's figures computed by hand; payments outside the contract refused beside their fields with
nothing written; who records and who reads; section X of the interim report on the page and in
the DOCX."""

import io
from datetime import date

import pytest
from docx import Document

from app.audit import AuditEvent
from app.finance import queries
from app.finance.models import FunderPayment
from app.periods.models import Contract
from app.periods.services import create_contract
from app.permissions import Role

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def seed_contract(app) -> Contract:
    """The seed's contract: 532 800.00 EUR for three years from 1 December 2019, so the plan
    of six months is 532 800 × 6 / 36 = 88 800.00 EUR."""
    return create_contract(
        None,
        {
            "number": "S-2019-22",
            "funder": "The state foundation",
            "starts_on": date(2019, 12, 1),
            "ends_on": date(2022, 11, 30),
            "amount_cents": 532_800_00,
        },
    )


@pytest.fixture
def coordinator(client_as):
    return client_as(Role.COORDINATOR)


def post_payment(client, to, url="/finance/payments/new", **overrides):
    data = {
        "contract": str(to.id),
        "paid_on": "2020-06-19",
        "amount": "70000.00",
        "first_month": "2019-12",
        "last_month": "2020-05",
        "note": "Invoice 2020/06",
        **overrides,
    }
    return client.post(url, data=data)


def test_the_seeds_payment_is_13_percent_of_the_sum_and_79_of_the_plan(coordinator, seed_contract):
    assert post_payment(coordinator, seed_contract).status_code == 303
    found = queries.finance(date(2019, 12, 1), date(2020, 5, 31))
    # 70 000 / 532 800 = 13.14 %; 70 000 / 88 800 = 78.83 %
    assert (found.months, found.plan_cents, found.paid_cents) == (6, 88_800_00, 70_000_00)
    assert round(found.share_of_contract, 2) == 13.14
    assert round(found.share_of_plan, 2) == 78.83
    page = coordinator.get("/finance/").get_data(as_text=True)
    assert "88,800.00" in page and "70,000.00" in page
    assert "13 %" in page and "79 %" in page
    assert AuditEvent.get(AuditEvent.action == "payment.create").object_id == FunderPayment.get().id


def test_a_payment_for_months_of_two_periods_counts_in_each_by_its_months(
    coordinator, seed_contract
):
    """9 000 for April–June 2020: 3 000 a month, 6 000 in the first period, 3 000 in the next."""
    post_payment(
        coordinator, seed_contract, amount="9000", first_month="2020-04", last_month="2020-06"
    )
    assert queries.finance(date(2019, 12, 1), date(2020, 5, 31)).paid_cents == 6_000_00
    assert queries.finance(date(2020, 6, 1), date(2020, 11, 30)).paid_cents == 3_000_00


def test_the_plan_of_a_range_past_the_contracts_end_counts_only_its_months(seed_contract):
    found = queries.finance(date(2022, 9, 1), date(2023, 2, 28))
    assert (found.months, found.plan_cents) == (3, 44_400_00)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"paid_on": "2019-11-30"}, "paid_on", "The payment is dated before the contract starts."),
        ({"paid_on": "2099-01-01"}, "paid_on", "Record a payment once it has come."),
        ({"first_month": "2019-11"}, "first_month", "The contract does not cover this month."),
        ({"last_month": "2022-12"}, "last_month", "The contract does not cover this month."),
        ({"last_month": "2019-12", "first_month": "2020-01"}, "last_month", "before the first"),
        ({"amount": "0"}, "amount", "Enter a sum above zero."),
        ({"amount": "-5"}, "amount", "Enter a sum from 0 to 100 000 000."),
        ({"amount": "lots"}, "amount", "Not a valid decimal value."),
        ({"amount": "sNaN"}, "amount", "Not a valid decimal value."),
        ({"amount": "Infinity"}, "amount", "Not a valid decimal value."),
        ({"amount": "NaN"}, "amount", "Not a valid decimal value."),
        ({"amount": "532800.01"}, "amount", "paid more than its sum"),
        ({"first_month": "2020-13"}, "first_month", "Not a valid date value."),
        ({"contract": "999"}, "contract", "Choose the contract the payment is for."),
        ({"contract": "x"}, "contract", "Choose the contract the payment is for."),
    ],
)
def test_a_payment_outside_the_contract_is_refused_beside_its_field(
    coordinator, seed_contract, overrides, field, message
):
    response = post_payment(coordinator, seed_contract, **overrides)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page.split(f'id="{field}-error"')[1].split("</p>")[0]
    assert "Invoice 2020/06" in page
    assert FunderPayment.select().count() == 0


def test_a_correction_is_audited_and_checked_against_the_other_payments(coordinator, seed_contract):
    post_payment(coordinator, seed_contract, amount="500000")
    post_payment(
        coordinator, seed_contract, amount="30000", first_month="2020-06", last_month="2020-06"
    )
    first = FunderPayment.get(FunderPayment.amount_cents == 500_000_00)
    url = f"/finance/payments/{first.id}/edit"
    assert "500000" in coordinator.get(url).get_data(as_text=True)
    refused = post_payment(coordinator, seed_contract, url=url, amount="502800.01")
    assert refused.status_code == 422
    assert post_payment(coordinator, seed_contract, url=url, amount="502800").status_code == 303
    assert FunderPayment.get_by_id(first.id).amount_cents == 502_800_00
    assert AuditEvent.get(AuditEvent.action == "payment.update").changes == "amount_cents"
    post_payment(coordinator, seed_contract, url=url, amount="502800")
    assert AuditEvent.select().where(AuditEvent.action == "payment.update").count() == 1


def test_the_funder_and_the_lead_read_and_only_the_coordinator_and_admin_record(
    client_as, coordinator, seed_contract
):
    post_payment(coordinator, seed_contract)
    payment = FunderPayment.get()
    for role in (Role.AUDITOR, Role.LEAD):
        reader = client_as(role)
        page = reader.get("/finance/").get_data(as_text=True)
        assert "70,000.00" in page and "/edit" not in page
        assert post_payment(reader, seed_contract).status_code == 403
        assert reader.get(f"/finance/payments/{payment.id}/edit").status_code == 403
    for role in (Role.MENTOR, Role.SOCIAL_WORKER):
        assert client_as(role).get("/finance/").status_code == 403
    assert post_payment(client_as(Role.ADMIN), seed_contract, amount="1").status_code == 303
    assert coordinator.get("/finance/payments/999/edit").status_code == 404


def test_section_x_of_the_interim_report_gives_the_seeds_sentence(coordinator, seed_contract):
    post_payment(coordinator, seed_contract)
    query = "from=2019-12-01&to=2020-05-31"
    page = coordinator.get(f"/reports/interim?{query}").get_data(as_text=True)
    assert "X. Finance" in page
    assert (
        "the funder has paid 70,000.00 EUR (without VAT), which is 13 % of the contract sum" in page
    )
    assert "and 79 % of the plan for 6 months" in page
    response = coordinator.get(f"/reports/interim.docx?{query}&lang=en")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "X. Finance" in text and "13 % of the contract sum" in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Total for the period" in cells and "70,000.00" in cells
