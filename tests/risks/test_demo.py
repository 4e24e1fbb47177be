"""The demo register: the contract's six risks and the epidemic risk, assessed for the first
six-month period, in invented wording; the demo contract's reported periods."""

import io
import re
from datetime import date

import docx
import pytest

from app.accounts import User
from app.auth.passwords import DEMO_PASSWORD
from app.config import PROJECT_ROOT
from app.db import db
from app.demo import DEMO_STAFF
from app.periods.models import Contract, Period, PeriodKind
from app.risks.models import Assessment, Band, Measure, Risk, RiskComment, RiskType
from app.risks.scoring import BandRules
from tests.conftest import login, make_app

SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"
FIRST_INTERIM = (date(2019, 12, 1), date(2020, 5, 31))
MARCH = date(2020, 3, 1)
#: this many words in a row shared with the source documents would be copying, not rewording
COPIED_RUN = 6
#: ordinary Latvian words in the demo staff's names, not names of people
ORDINARY_WORDS = {"mentors", "mentore", "fonda", "demo", "pārbaudītājs"}


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    application = make_app(tmp_path_factory.mktemp("risk-demo"))
    result = application.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    yield application
    db.close_all()


@pytest.fixture
def demo(demo_app):
    with demo_app.app_context():
        yield {user.username: user for user in User.select()}


def first_interim() -> Period:
    return Period.get(
        Period.kind == PeriodKind.INTERIM,
        Period.starts_on == FIRST_INTERIM[0],
        Period.ends_on == FIRST_INTERIM[1],
    )


def demo_texts() -> list[str]:
    texts = []
    for risk in Risk.select():
        texts += [risk.title, risk.description]
    texts += [text for (text,) in Measure.select(Measure.text).tuples()]
    texts += [text for (text,) in Assessment.select(Assessment.text).tuples()]
    texts += [text for (text,) in RiskComment.select(RiskComment.text).tuples()]
    return texts


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_the_demo_contract_has_its_periods(demo):
    contract = Contract.get()
    assert contract.number == "DEMO-2019/01"
    assert contract.funder == "Valsts fonds (demo)"
    assert (contract.starts_on, contract.ends_on) == (date(2019, 12, 1), date(2022, 11, 30))
    assert contract.amount_cents == 532_800_00
    periods = list(Period.select().where(Period.contract == contract.id))
    assert len([p for p in periods if p.kind == PeriodKind.MONTH]) == 36
    interims = sorted((p for p in periods if p.kind == PeriodKind.INTERIM), key=lambda p: p.id)
    assert [(p.starts_on, p.ends_on) for p in interims][:2] == [
        FIRST_INTERIM,
        (date(2020, 6, 1), date(2020, 11, 30)),
    ]
    assert len(interims) == 6 and interims[-1].ends_on == date(2022, 11, 30)


def test_december_to_april_and_the_first_interim_are_reported(demo):
    reported = {
        (period.kind, period.starts_on): period
        for period in Period.select().where(Period.reported_on.is_null(False))
    }
    months = [date(2019, 12, 1), *(date(2020, month, 1) for month in range(1, 5))]
    assert set(reported) == {(PeriodKind.MONTH, month) for month in months} | {
        (PeriodKind.INTERIM, FIRST_INTERIM[0])
    }
    for period in reported.values():
        assert period.reported_by_id == demo["coordinator"].id
        following = (period.ends_on.year * 12 + period.ends_on.month) % 12 + 1
        assert period.reported_on.month == following
        assert period.reported_on > period.ends_on
    may = Period.get(Period.kind == PeriodKind.MONTH, Period.starts_on == date(2020, 5, 1))
    assert may.reported_on is None


def test_seven_risks_each_with_measures_and_one_assessment_for_the_first_period(demo):
    risks = list(Risk.select())
    assert len(risks) == 7
    period = first_interim()
    for risk in risks:
        assert Measure.select().where(Measure.risk == risk.id).count() >= 2, risk.title
        positions = [m.position for m in Measure.select().where(Measure.risk == risk.id)]
        assert sorted(positions) == list(range(1, len(positions) + 1))
        assessments = list(Assessment.select().where(Assessment.risk == risk.id))
        assert [a.period_id for a in assessments] == [period.id]
        assessment = assessments[0]
        assert len(assessment.text) > 100
        assert assessment.written_on > period.ends_on
        assert assessment.written_on <= period.reported_on
        assert assessment.author_id == demo["lead"].id
        assert risk.owner_id == demo["lead"].id
        assert risk.last_reviewed_on == assessment.written_on


def test_the_six_contract_types_with_their_priorities(demo):
    contract_risks = Risk.select(Risk, RiskType).join(RiskType).where(Risk.added_on < MARCH)
    by_type = {risk.type.name_lv: risk.contract_priority for risk in contract_risks}
    assert by_type == {
        "Vadība": Band.HIGH,
        "Personāls": Band.HIGH,
        "Finanses": Band.HIGH,
        "Īstenošana": Band.HIGH,
        "Juridiskie riski": Band.HIGH,
        "Mediji un sabiedrības attieksme": Band.MEDIUM,
    }


def test_the_epidemic_risk_was_added_in_march_2020(demo):
    epidemic = Risk.get(Risk.added_on > date(2019, 12, 1))
    assert "vīrus" in epidemic.title.lower()
    assert epidemic.added_on == date(2020, 3, 12)
    assert epidemic.added_on <= FIRST_INTERIM[1]
    assert Measure.select().where(Measure.risk == epidemic.id).count() >= 3


def test_scored_bands_vary_and_one_differs_from_the_contract(demo):
    rules = BandRules.from_config()
    bands = {risk.id: rules.band(risk.likelihood, risk.impact) for risk in Risk.select()}
    assert {Band.HIGH, Band.MEDIUM} <= set(bands.values())
    assert any(bands[risk.id] != risk.contract_priority for risk in Risk.select())


def test_the_demo_register_names_no_one(demo):
    name_parts = {
        part.lower()
        for _username, name, _role, _supervisor in DEMO_STAFF
        for part in re.split(r"[\s\-()]+", name)
        if len(part) > 3 and part.lower() not in ORDINARY_WORDS
    }
    for text in demo_texts():
        assert not name_parts & set(words(text)), text
        assert "@" not in text and not re.search(r"\d{8}", text)


def test_the_demo_register_is_reworded_not_copied_from_the_sources(demo):
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    source = [words(path.read_text()) for path in SEEDS.glob("*.txt")]
    runs = {
        tuple(text[index : index + COPIED_RUN])
        for text in source
        for index in range(len(text) - COPIED_RUN + 1)
    }
    for text in demo_texts():
        found = words(text)
        for index in range(len(found) - COPIED_RUN + 1):
            run = tuple(found[index : index + COPIED_RUN])
            assert run not in runs, " ".join(run)


def test_the_auditor_downloads_the_demo_risk_table(demo_app):
    client = demo_app.test_client()
    assert login(client, "auditor", DEMO_PASSWORD).status_code == 303
    period = first_interim()
    second = Period.get(Period.kind == PeriodKind.INTERIM, Period.id != period.id)
    response = client.get(f"/risks/export.docx?period={period.id}")
    assert response.status_code == 200
    table = docx.Document(io.BytesIO(response.get_data())).tables[0]
    assert len(table.rows) == 1 + 7
    assert all(row.cells[3].text.strip() for row in table.rows[1:])
    assert client.get(f"/risks/export.docx?period={second.id}").status_code == 404
