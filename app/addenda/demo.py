"""The demo's COVID-19 addendum, March – May 2020, with the measures of each month."""

from datetime import date, datetime, time

from app.accounts import User
from app.addenda.models import Addendum, AddendumMonth

MEASURES = {
    date(2020, 3, 1): (
        "No 13. marta valstī izsludināta ārkārtējā situācija; par nepārvaramas varas "
        "iestāšanos pasūtītājs informēts tajā pašā dienā.\n\n"
        "No 16. marta PMC slēgts apmeklētājiem: klātienē tikai grafikā noteiktais sociālais "
        "darbinieks un dežurējošais mentors, pārējie strādā attālināti (telefons, WhatsApp, "
        "Zoom). Komandas sanāksmes notiek tiešsaistē."
    ),
    date(2020, 4, 1): (
        "Darbs turpinās attālināti; klientiem skaidroti valdības noteiktie ierobežojumi viņu "
        "valodās. Bērniem organizēts atbalsts attālinātajām mācībām (planšetes, mājasdarbi "
        "tiešsaistē). Supervīzijas notiek tiešsaistē."
    ),
    date(2020, 5, 1): (
        "No 18. maija klātienē drīkst būt divi sociālie darbinieki un divi mentori; grafiks "
        "pielāgots. Klātienes tikšanās ar klientiem ārpus PMC atsāktas, ievērojot distanci."
    ),
}


def load_addendum_demo() -> None:
    coordinator = User.get(User.username == "coordinator")
    addendum = Addendum.create(
        title="COVID-19 ārkārtējā situācija",
        first_month=min(MEASURES),
        last_month=max(MEASURES),
        created_by=coordinator,
        created_at=datetime(2020, 3, 16, 9, 0),
    )
    for month, measures in MEASURES.items():
        AddendumMonth.create(
            addendum=addendum,
            month=month,
            measures=measures,
            written_by=coordinator,
            updated_at=datetime.combine(month.replace(day=28), time(15, 0)),
        )
