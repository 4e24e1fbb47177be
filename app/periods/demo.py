"""The demo contract: a fictional funder, December 2019 – November 2022, with its periods.

Months December 2019 – April 2020 and the first six-month period are reported by the demo
coordinator, each in the month after it ended. Written in bulk, as create_contract and
mark_reported would leave them (no audit events, like the rest of the demo data).
"""

from datetime import date, datetime

from app.accounts import User
from app.calendar import add_months, period_bounds
from app.db import write_tx
from app.periods.models import Contract, Period, PeriodKind
from app.periods.services import INTERIM_MONTHS

CONTRACT_NUMBER = "DEMO-2019/01"
FUNDER = "Valsts fonds (demo)"
STARTS_ON = date(2019, 12, 1)
ENDS_ON = date(2022, 11, 30)  #: three years, so the sum spread over them is 14 800 EUR a month
AMOUNT_CENTS = 532_800_00
SIGNED_ON = date(2019, 11, 4)
#: section I of the interim report: invented, as the rest of the demo
DETAILS = {
    "subject": "Sociālā darbinieka un sociālā mentora pakalpojumu nodrošināšana patvēruma "
    "meklētājiem un personām ar bēgļa vai alternatīvo statusu",
    "project": "Fiktīvs Eiropas Savienības fonda projekts «Daudzveidība» Nr. DEMO-9.1/001",
    "purpose": "Veicināt patvēruma meklētāju un personu ar bēgļa vai alternatīvo statusu "
    "sociālekonomisko iekļaušanos, mazinot šķēršļus nodarbinātībai un sekmējot integrāciju "
    "sabiedrībā.",
    "contact": "Kristīne Paraudziņa, pakalpojuma koordinatore (demo), tālr. 60000000, "
    "e-pasts: koordinatore@paraugs.example",
}
#: periods ending on or before this day are reported (months Dec–Apr, not May) ...
REPORTED_MONTHS_UNTIL = date(2020, 4, 30)
#: ... and the first six-month period, December 2019 – May 2020
REPORTED_INTERIMS_UNTIL = date(2020, 5, 31)
#: the day of the following month on which a month's or an interim report was handed in
MONTH_REPORT_DAY = 10
INTERIM_REPORT_DAY = 15


def reported_on(period_end: date, kind: str) -> date:
    """The day in the month after the period on which the demo coordinator reported it."""
    day = INTERIM_REPORT_DAY if kind == PeriodKind.INTERIM else MONTH_REPORT_DAY
    return add_months(period_end, 1).replace(day=day)


def load_period_demo() -> Contract:
    """The demo contract and its 36 months and 6 six-month periods; returns the contract."""
    with write_tx():
        coordinator = User.get(User.username == "coordinator")
        contract = Contract.create(
            number=CONTRACT_NUMBER,
            funder=FUNDER,
            starts_on=STARTS_ON,
            ends_on=ENDS_ON,
            amount_cents=AMOUNT_CENTS,
            signed_on=SIGNED_ON,
            **DETAILS,
            created_at=datetime(2019, 11, 20, 9, 0),
        )
        rows = []
        for kind, months, reported_until in (
            (PeriodKind.MONTH, 1, REPORTED_MONTHS_UNTIL),
            (PeriodKind.INTERIM, INTERIM_MONTHS, REPORTED_INTERIMS_UNTIL),
        ):
            for start, end in period_bounds(STARTS_ON, ENDS_ON, months):
                reported = end <= reported_until
                rows.append(
                    {
                        "contract": contract.id,
                        "kind": kind,
                        "starts_on": start,
                        "ends_on": end,
                        "reported_on": reported_on(end, kind) if reported else None,
                        "reported_by": coordinator.id if reported else None,
                    }
                )
        Period.insert_many(rows).execute()
    return contract


def first_interim(contract: Contract) -> Period:
    """December 2019 – May 2020: the period of the demo's interim report."""
    return Period.get(
        Period.contract == contract.id,
        Period.kind == PeriodKind.INTERIM,
        Period.starts_on == STARTS_ON,
    )
