"""The demo risk register: the contract's six risks and the epidemic risk added in March 2020.

Each risk has its numbered measures and an assessment for the first six-month period
(December 2019 – May 2020), written in June 2020 by the demo lead. Invented wording after the
kind of table an interim report holds; no person is named. Likelihood and impact are chosen
so the scored bands vary and do not always agree with the contract's priority.
"""

from datetime import date, datetime

from app.accounts import User
from app.db import write_tx
from app.periods.demo import STARTS_ON as CONTRACT_START
from app.periods.demo import first_interim
from app.periods.models import Contract
from app.risks.models import (
    Assessment,
    Band,
    Measure,
    MeasureStatus,
    Risk,
    RiskComment,
    RiskStatus,
    RiskType,
)

EPIDEMIC_ADDED_ON = date(2020, 3, 12)  #: the day the emergency situation was declared
ASSESSED_ON = date(2020, 6, 8)  #: after the period, before it was reported on 15 June

PLANNED, IN_PLACE = MeasureStatus.PLANNED, MeasureStatus.IN_PLACE

#: type (Latvian name as seeded), title, contract priority, likelihood, impact, added on,
#: description, measures as (text, status), the assessment's text
RISKS = [
    {
        "type": "Vadība",
        "title": "Pakalpojuma vadība un iekšējā saziņa",
        "priority": Band.HIGH,
        "likelihood": 3,
        "impact": 5,
        "added_on": CONTRACT_START,
        "description": (
            "Vāja koordinācija starp koordinatoru, sociālajiem darbiniekiem un mentoriem var "
            "novest pie nokavētām problēmām un nevienmērīga darba ar klientiem."
        ),
        "measures": [
            (
                "Koordinators vada pakalpojumu: katru nedēļu sasauc komandas sapulci (sociālie "
                "darbinieki, mentori, pēc vajadzības citi biedrības darbinieki) un regulāri "
                "ziņo biedrības valdei par paveikto.",
                IN_PLACE,
            ),
            (
                "Komanda regulāri apkopo, kas darbā izdevies un kas ne, lai laikus pamanītu "
                "iespējamu krīzi un ieviestu uzlabojumus.",
                IN_PLACE,
            ),
            (
                "Sociālais darbinieks katru nedēļu tiekas ar mentoriem, lai kopā pārrunātu "
                "klientu iekļaušanas plānu izpildi, un piedāvā viņiem apmācības un "
                "informatīvus materiālus.",
                IN_PLACE,
            ),
            (
                "Ārkārtas situācijā tiek sasaukta ārkārtas sapulce, noteiktas prioritātes un "
                "atbildība, vajadzības gadījumā piesaistīti papildu speciālisti (psihologs, "
                "jurists).",
                IN_PLACE,
            ),
            (
                "Pasūtītājs regulāri saņem ziņas par paveikto, apzinātajiem riskiem un "
                "plānotajiem pasākumiem.",
                IN_PLACE,
            ),
        ],
        "assessment": (
            "1) Kopsapulces notika katru nedēļu, izņemot nedēļas ar supervīzijām vai "
            "apmācībām; no marta vidus tās notika videozvanos.\n"
            "2) Pasūtītājs saņēma ziņas par grūtībām un krīzes situācijām, arī par tām, ko "
            "radīja ārkārtējā situācija.\n"
            "3) Sociālie darbinieki tikās ar mentoriem individuāli vismaz divreiz nedēļā; "
            "ārkārtējās situācijas laikā saziņa notika gandrīz katru dienu pa tālruni un "
            "komandas tērzēšanas grupā. Periodā notika 9 apmācības un 4 supervīzijas.\n"
            "4) Tūlīt pēc ārkārtējās situācijas izsludināšanas komanda vienojās par jaunu "
            "darba kārtību: centrā klātienē ne vairāk kā divi darbinieki dienā, pārējais "
            "darbs attālināti.\n"
            "5) Pasūtītājam trīs dienu laikā tika paziņots par nepārvaramu varu; turpmāk tas "
            "katru nedēļu saņēma darbinieku grafiku un katru mēnesi sapulču protokolus."
        ),
    },
    {
        "type": "Personāls",
        "title": "Personāla atbilstība un kompetence",
        "priority": Band.HIGH,
        "likelihood": 3,
        "impact": 4,
        "added_on": CONTRACT_START,
        "description": (
            "Darbinieku trūkums, mainība vai nepietiekama sagatavotība apdraud pakalpojuma "
            "kvalitāti un līgumā noteikto slodzi uz vienu mentoru."
        ),
        "measures": [
            (
                "Koordinators, sociālie darbinieki un mentori ikdienas darbā ievēro līguma "
                "prasības.",
                IN_PLACE,
            ),
            (
                "Biedrība pieņem darbā un nodarbina personālu atbilstoši līgumam un darba "
                "tiesību normām.",
                IN_PLACE,
            ),
            (
                "Personāla kompetenci paaugstina apmācības, semināri, konferences, darba grupas "
                "un pieredzes apmaiņa par bēgļu uzņemšanu.",
                IN_PLACE,
            ),
            (
                "Personālam regulāri ir grupu un, ja vajag, individuālas supervīzijas.",
                IN_PLACE,
            ),
        ],
        "assessment": (
            "1) Līguma prasības tika ievērotas, pārkāpumi nav konstatēti.\n"
            "2) Vajadzīgais personāls tika piesaistīts laikus, un darbinieku prombūtnes laikā "
            "bija nodrošināta aizvietošana.\n"
            "3) Notika 9 kvalifikācijas celšanas apmācības (daļa attālināti); darbinieki "
            "piedalījās ministriju, iestāžu un biedrību rīkotās darba grupās, kopā ar "
            "partneriem sagatavoja un iztulkoja klientiem materiālus par vīrusa profilaksi.\n"
            "4) Notika 4 supervīzijas, kopā 18 stundas: atsevišķi sociālajiem darbiniekiem, "
            "atsevišķi mentoriem un kopīgas."
        ),
    },
    {
        "type": "Finanses",
        "title": "Finanšu uzraudzība un dubultā finansējuma novēršana",
        "priority": Band.HIGH,
        "likelihood": 2,
        "impact": 5,
        "added_on": CONTRACT_START,
        "description": (
            "Nepārskatāma naudas plūsma vai vienas darbības apmaksa no diviem avotiem var "
            "prasīt atmaksu pasūtītājam."
        ),
        "measures": [
            ("Līgumā paredzētās finanšu darbības veic biedrības grāmatvedis.", IN_PLACE),
            ("Grāmatvedis ikdienā seko finanšu riskiem un tos izvērtē.", IN_PLACE),
            (
                "Grāmatvedis regulāri informē koordinatoru par pakalpojuma finansiālo "
                "stāvokli, lai naudas plūsma būtu pārskatāma.",
                IN_PLACE,
            ),
            (
                "Reizi ceturksnī grāmatvedis un koordinators iepazīstina biedrības vadību ar "
                "pakalpojuma naudas plūsmu.",
                IN_PLACE,
            ),
            (
                "Sociālais darbinieks pārliecinās, ka mentors darba laikā par atsevišķu samaksu "
                "nestrādā kā tulks savam klientam.",
                IN_PLACE,
            ),
            (
                "Biedrība pārliecinās, ka tās pašas darbības netiek apmaksātas vēl no cita "
                "finansējuma avota.",
                IN_PLACE,
            ),
        ],
        "assessment": (
            "1) Grāmatvedis veica visas līgumā paredzētās finanšu darbības.\n"
            "2) Finanšu riski tika uzraudzīti ikdienā.\n"
            "3) Grāmatvedis un koordinators regulāri kopā pārskatīja finansiālo stāvokli.\n"
            "4) Naudas plūsma tika izklāstīta vadībai reizi ceturksnī.\n"
            "5) Darba laika uzskaitē tika pārbaudīts, vai mentors nav vienlaikus strādājis par "
            "samaksu kā tulks; maija beigās atrasts viens šāds pārklājums, un nedēļa nav "
            "apstiprināta, kamēr tas nav izskaidrots.\n"
            "6) Citu finansējuma avotu izmantošana tām pašām darbībām nav konstatēta."
        ),
    },
    {
        "type": "Īstenošana",
        "title": "Līguma aktivitāšu izpilde un klientu skaita svārstības",
        "priority": Band.HIGH,
        "likelihood": 3,
        "impact": 4,
        "added_on": CONTRACT_START,
        "description": (
            "Strauji pieaugot klientu skaitam vai mainoties apstākļiem, aktivitātes var netikt "
            "izpildītas līgumā noteiktajā apjomā."
        ),
        "measures": [
            ("Visas līgumā paredzētās aktivitātes tiek īstenotas pilnā apjomā.", IN_PLACE),
            (
                "Biedrības pārstāvji piedalās valsts līmeņa sanāksmēs un darba grupās, kā arī "
                "starptautiskās migrācijas sanāksmēs, lai sekotu aktualitātēm un mērķa grupas "
                "vajadzībām.",
                IN_PLACE,
            ),
            (
                "Tiek sagatavots plāns risku pārvaldībai, ko regulāri pārskata un papildina.",
                PLANNED,
            ),
            (
                "Ja klientu skaits strauji pieaug, vadošais sociālais darbinieks informē "
                "koordinatoru, ar pasūtītāja saskaņojumu tiek piesaistīti papildu mentori, bet "
                "līdz tam klienti tiek vienmērīgi sadalīti esošajiem mentoriem.",
                IN_PLACE,
            ),
        ],
        "assessment": (
            "1) Visas aktivitātes tika īstenotas, arī ārkārtējās situācijas laikā; papildus "
            "ikmēneša atskaitēm pasūtītājs katru mēnesi saņēma pārskatu par darbu ārkārtējās "
            "situācijas apstākļos.\n"
            "2) Pārstāvji apmeklēja sanāksmes un darba grupas (no marta attālināti) un "
            "stāstīja par pakalpojuma rezultātiem un grūtībām.\n"
            "3) Atsevišķu plānu neveidoja, jo esošie pasākumi izrādījās pietiekami; "
            "reģistrs papildināts ar neparedzētas vīrusu izplatības risku.\n"
            "4) Klientu skaits bija vienmērīgs (vidēji ap 85 mēnesī), tāpēc papildu mentori "
            "nebija vajadzīgi; komandā bija 11 mentori un divi sociālie darbinieki."
        ),
    },
    {
        "type": "Juridiskie riski",
        "title": "Atbilstība normatīvajiem aktiem un datu aizsardzība",
        "priority": Band.HIGH,
        "likelihood": 2,
        "impact": 4,
        "added_on": CONTRACT_START,
        "description": (
            "Līguma vai normatīvo aktu prasību pārkāpums, arī klientu personas datu noplūde."
        ),
        "measures": [
            (
                "Biedrība regulāri izvērtē juridiskos riskus, kas saistīti ar līguma "
                "aktivitāšu izpildi.",
                IN_PLACE,
            ),
            (
                "Darbs notiek saskaņā ar līgumu un tajā minētajiem Ministru kabineta "
                "noteikumiem un rīcības plānu starptautiskās aizsardzības personu uzņemšanai.",
                IN_PLACE,
            ),
            ("Vajadzības gadījumā tiek piesaistīts pieredzējis jurists.", PLANNED),
            (
                "Šaubu gadījumā par līguma izpildi koordinators konsultējas ar pasūtītāja "
                "kontaktpersonu.",
                IN_PLACE,
            ),
            ("Klientu personas datu drošība tiek uzraudzīta visos pakalpojuma posmos.", IN_PLACE),
        ],
        "assessment": (
            "1) Juridiskie riski tika regulāri izvērtēti.\n"
            "2) Darbs noritēja atbilstoši līgumam.\n"
            "3) Jurista piesaiste nebija vajadzīga; juridiskos jautājumus darbinieki pārrunāja "
            "ar cilvēktiesību organizāciju juristiem, tiesībsarga biroju un migrācijas "
            "iestādes speciālistiem.\n"
            "4) Par nepārvaramu varu pasūtītājs tika informēts nekavējoties, kā to paredz "
            "līgums.\n"
            "5) Datu drošības prasības tika ievērotas: lietās un atskaitēs lieto lietu kodus, "
            "nevis klientu vārdus."
        ),
    },
    {
        "type": "Mediji un sabiedrības attieksme",
        "title": "Sabiedrības un mediju uzmanība",
        "priority": Band.MEDIUM,
        "likelihood": 2,
        "impact": 3,
        "added_on": CONTRACT_START,
        "description": (
            "Negatīva publicitāte vai aizspriedumi var kaitēt klientiem un apgrūtināt viņu "
            "iekļaušanos sabiedrībā."
        ),
        "measures": [
            (
                "Medijiem pēc pieprasījuma tiek sniegta informācija un intervijas, ievērojot "
                "klientu datu konfidencialitāti.",
                IN_PLACE,
            ),
            (
                "Vajadzības gadījumā tiek rīkoti pasākumi mediju informēšanai par pakalpojumu.",
                PLANNED,
            ),
            (
                "Biedrība piedalās konferencēs, semināros un diskusijās par bēgļu uzņemšanu un "
                "stāsta par pakalpojumu savā mājaslapā un sociālajos tīklos.",
                IN_PLACE,
            ),
            (
                "Biedrība turpina pretdiskriminācijas, cilvēktiesību un iecietības veicināšanas "
                "darbu, lai sabiedrībā mazinātu aizspriedumus pret bēgļiem un patvēruma "
                "meklētājiem.",
                IN_PLACE,
            ),
        ],
        "assessment": (
            "1) Informācija medijiem tika sniegta pēc pieprasījuma; pastiprināta uzmanība "
            "pakalpojumam netika novērota.\n"
            "2) Mediju interese bija neliela, tāpēc atsevišķi pasākumi nebija vajadzīgi.\n"
            "3) Biedrība piedalījās semināros un diskusijās; katru mēnesi mājaslapā un "
            "sociālajos tīklos parādījās īss pārskats par pakalpojumu un integrācijas "
            "pasākumiem.\n"
            "4) Iecietības veicināšanas darbs turpinājās; komanda stāstīja par savu pieredzi "
            "studentiem, kurus saista sociālais darbs ar bēgļiem."
        ),
    },
    {
        "type": "Īstenošana",
        "title": "Neparedzēta vīrusu izplatība (epidēmija)",
        "priority": Band.HIGH,
        "likelihood": 5,
        "impact": 4,
        "added_on": EPIDEMIC_ADDED_ON,
        "description": (
            "Līgumā šis risks nebija paredzēts. Pievienots ārkārtējās situācijas izsludināšanas "
            "dienā: ierobežojumi klātienes darbam izmitināšanas centrā un ārpus tā."
        ),
        "measures": [
            (
                "Ārkārtējās situācijas dienā sasaukt komandas sapulci un vienoties par darba "
                "kārtību atbilstoši valsts ierobežojumiem.",
                IN_PLACE,
            ),
            (
                "Sadalīt dežūras centrā tā, lai klātienē vienlaikus strādātu ne vairāk kā divi "
                "darbinieki; pārējo darbu veikt attālināti (tālrunis, tērzēšanas lietotnes, "
                "videozvani).",
                IN_PLACE,
            ),
            (
                "Trīs dienu laikā rakstiski paziņot pasūtītājam par nepārvaramu varu un "
                "turpmāk katru nedēļu sūtīt darbinieku grafiku.",
                IN_PLACE,
            ),
            (
                "Sagatavot klientiem saprotamās valodās informāciju par vīrusa profilaksi un "
                "ierobežojumiem un to izplatīt.",
                IN_PLACE,
            ),
            (
                "Ar klientiem, kas dzīvo ārpus centra, tikties ārā, ievērojot divu metru distanci.",
                IN_PLACE,
            ),
        ],
        "assessment": (
            "Risks īstenojās: no 16. marta centrā klātienē strādāja ne vairāk kā divi "
            "darbinieki dienā, pārējais darbs notika attālināti.\n"
            "Klientu atbalsts netika pārtraukts, taču attālinātā saziņa prasīja vairāk laika "
            "un biežāku tulku palīdzību.\n"
            "Pasūtītājs tika informēts laikus; sapulces un supervīzijas notika videozvanos.\n"
            "Gūtā pieredze ir ierakstīta pasākumos, lai nākamreiz darbu varētu pārkārtot dažu "
            "dienu laikā."
        ),
    },
]

#: a remark by the coordinator on the epidemic risk
COMMENT = (
    "Nākamajā starpposma ziņojumā aprakstīsim, kā attālinātais darbs ietekmēja klientu "
    "apmeklējumus un tulku izmantošanu."
)


def load_risk_demo(contract: Contract | None = None) -> dict[str, int]:
    """The register's seven risks with measures and the first interim period's assessments."""
    with write_tx():
        contract = contract or Contract.select().order_by(Contract.id).first()
        period = first_interim(contract)
        lead = User.get(User.username == "lead")
        coordinator = User.get(User.username == "coordinator")
        types = dict(RiskType.select(RiskType.name_lv, RiskType.id).tuples())
        assessed_at = datetime.combine(ASSESSED_ON, datetime.min.time()).replace(hour=10)
        measures, assessments = [], []
        risk_ids = []
        for item in RISKS:
            risk = Risk.create(
                type=types[item["type"]],
                title=item["title"],
                description=item["description"],
                owner=lead.id,
                status=RiskStatus.ACTIVE,
                contract_priority=item["priority"],
                likelihood=item["likelihood"],
                impact=item["impact"],
                added_on=item["added_on"],
                last_reviewed_on=ASSESSED_ON,
                created_at=datetime.combine(item["added_on"], datetime.min.time()).replace(hour=9),
                updated_at=assessed_at,
            )
            risk_ids.append(risk.id)
            measures += [
                {"risk": risk.id, "position": position, "text": text, "status": status}
                for position, (text, status) in enumerate(item["measures"], start=1)
            ]
            assessments.append(
                {
                    "risk": risk.id,
                    "period": period.id,
                    "text": item["assessment"],
                    "likelihood": item["likelihood"],
                    "impact": item["impact"],
                    "author": lead.id,
                    "written_on": ASSESSED_ON,
                    "created_at": assessed_at,
                    "updated_at": assessed_at,
                }
            )
        Measure.insert_many(measures).execute()
        Assessment.insert_many(assessments).execute()
        RiskComment.create(
            risk=risk_ids[-1],
            author=coordinator.id,
            at=datetime(2020, 6, 9, 7, 30),
            text=COMMENT,
        )
    return {"risks": len(risk_ids), "measures": len(measures), "assessments": len(assessments)}
