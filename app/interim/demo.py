"""The demo's interim report of its first period, December 2019 – May 2020: the parts the
coordinator and the lead wrote, the problems with their solutions, and the copy sent when the
period was reported. Invented, as the rest of the demo; written in bulk, as the services would
leave them (no audit events)."""

import hashlib
from datetime import datetime, time

from app.accounts import User
from app.interim.document import funder_copy
from app.interim.models import Challenge, NarrativeVersion, SentReport
from app.periods.models import Contract, Period, PeriodKind

#: (part, who wrote it, the text)
TEXTS = (
    (
        "I",
        "coordinator",
        "Biedrība sniedz sociālā darbinieka un sociālā mentora pakalpojumu patvēruma "
        "meklētājiem un personām ar bēgļa vai alternatīvo statusu patvēruma meklētāju centrā "
        "un ārpus tā visā Latvijā. Šis ir fiktīvas demo organizācijas teksts.",
    ),
    (
        "II",
        "lead",
        "Lietu izskatīšana līdz pirmās instances lēmumam ilga **5–6 mēnešus**; negatīva "
        "lēmuma gadījumā klienti to parasti pārsūdzēja.\n\n"
        "Sociālie mentori un sociālie darbinieki palīdzēja:\n\n"
        "- noformēt pārsūdzības;\n"
        "- pieprasīt juridisko palīdzību;\n"
        "- saprast tiesas lēmumus.",
    ),
    (
        "VII",
        "lead",
        "### Pirms ārkārtējās situācijas\n\n"
        "Pakalpojums notika kā ierasts: psihoemocionālais atbalsts, pavadīšana uz iestādēm, "
        "palīdzība dokumentu noformēšanā un integrācijas pasākumi.\n\n"
        "### Ārkārtējās situācijas laikā\n\n"
        "No marta vidus darbs daļēji notika attālināti: klienti tika informēti par "
        "ierobežojumiem, mentori palīdzēja skolēniem attālinātajās mācībās.",
    ),
    (
        "VIII",
        "coordinator",
        "Janvārī tika izstrādātas divas rīcības stratēģijas (pirms un pēc statusa saņemšanas) "
        "un noslēguma novērtēšanas metodika.",
    ),
    (
        "XI",
        "coordinator",
        "Turpinājās sadarbība ar pašvaldību, skolām un nevalstiskajām organizācijām; "
        "pašvaldība nodrošināja autobusu integrācijas pasākumiem.",
    ),
    (
        "XII",
        "lead",
        "Lielākoties problēmas ir tās pašas, kas iepriekšējos periodos; klāt nākušas ar "
        "ārkārtējo situāciju saistītās.",
    ),
    (
        "XIV",
        "coordinator",
        "- Vienam sociālajam darbiniekam klientu skaits ir pārāk liels kvalitatīvam darbam.\n"
        "- Pēc pakalpojuma beigām vajadzīga pēctecība, piemēram, pašvaldības sociālajā dienestā.",
    ),
)
#: (area, problem, solution)
CHALLENGES = (
    (
        "IZGLĪTĪBA",
        "Latviešu valodas kursi ārkārtējās situācijas laikā tika pārtraukti.",
        "Nodrošināt valodas apguvi attālināti.",
    ),
    (
        "IZGLĪTĪBA",
        "Skola atrodas tālu no centra: ceļā vienā virzienā jāpavada pusotra stunda.",
        "Skola tuvāk centram vai pašvaldības skolas autobuss.",
    ),
    (
        "DZĪVESVIETA",
        "Pēc statusa saņemšanas klientiem trūkst līdzekļu pirmajai īres iemaksai.",
        "Pagaidu mītne vai īres maksas segšana pirmajā gadā.",
    ),
    (
        "VESELĪBA",
        "Psihologa pakalpojums centrā nav pieejams bez pārtraukumiem.",
        "Pastāvīgs finansējums psihologa konsultācijām.",
    ),
)
WRITTEN_AT = datetime(2020, 6, 8, 10, 0)


def load_interim_demo(contract: Contract) -> None:
    """The first period's written parts and challenges, and its copy sent as the document read
    on the day it was reported (inside the demo's transaction, after the rest of the demo)."""
    period = (
        Period.select()
        .where(Period.contract == contract.id, Period.kind == PeriodKind.INTERIM)
        .order_by(Period.starts_on)
        .get()
    )
    authors = {
        user.username: user.id
        for user in User.select().where(User.username.in_(("coordinator", "lead")))
    }
    NarrativeVersion.insert_many(
        {
            "period": period.id,
            "part": part,
            "text": text,
            "written_by": authors[author],
            "written_at": WRITTEN_AT,
        }
        for part, author, text in TEXTS
    ).execute()
    Challenge.insert_many(
        {
            "period": period.id,
            "position": position,
            "area": area,
            "problem": problem,
            "solution": solution,
            "written_by": authors["lead"],
            "updated_at": WRITTEN_AT,
        }
        for position, (area, problem, solution) in enumerate(CHALLENGES, start=1)
    ).execute()
    filename, document = funder_copy(period, period.reported_on, "lv")
    SentReport.create(
        period=period.id,
        filename=filename,
        document=document,
        sha256=hashlib.sha256(document).hexdigest(),
        sent_by=period.reported_by_id,
        sent_at=datetime.combine(period.reported_on, time(12, 0)),
    )
