"""Latvian that reads right: role titles and participles agree with the person's grammatical
gender, and months read as Latvian writes them ("2020. gada marts", "2020. gada martā").

The Latvian forms come from the catalog: these tests read the pages and labels as a person
does, so they hold once the catalog carries the translations of the "feminine" and
"masculine" contexts (and fail, as they should, while it does not).
"""

from datetime import date

import pytest
from flask_babel import force_locale
from peewee import Table

from app.accounts import Gender, User, gender_of, guess_gender, role_title
from app.audit import ACTION_LABELS, AuditEvent, action_label
from app.calendar import LOCATIVE, latvian_locative, month_name, month_phrase, month_range_phrase
from app.cli import migration_runner
from app.db import db
from app.demo import DEMO_GENDERS, DEMO_STAFF
from app.i18n import format_month, format_month_in, format_month_range, format_month_short
from app.meetings.labels import attendance_label, chair_label, invited_label
from app.permissions import Role
from app.timesheets.labels import status_label
from app.timesheets.models import WeekStatus
from tests.conftest import create_user, login, make_app
from tests.test_migrations import insert_account

FEMININE_TITLES = {
    Role.MENTOR: "Sociālā mentore",
    Role.SOCIAL_WORKER: "Sociālā darbiniece",
    Role.LEAD: "Vadošā sociālā darbiniece",
    Role.COORDINATOR: "Pakalpojuma koordinatore",
}
MASCULINE_TITLES = {
    Role.MENTOR: "Sociālais mentors",
    Role.SOCIAL_WORKER: "Sociālais darbinieks",
    Role.LEAD: "Vadošais sociālais darbinieks",
    Role.COORDINATOR: "Pakalpojuma koordinators",
}


# --- months --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "nominative", "locative"),
    [
        (1, "2020. gada janvāris", "2020. gada janvārī"),
        (3, "2020. gada marts", "2020. gada martā"),
        (4, "2020. gada aprīlis", "2020. gada aprīlī"),
        (5, "2020. gada maijs", "2020. gada maijā"),
        (6, "2020. gada jūnijs", "2020. gada jūnijā"),
        (8, "2020. gada augusts", "2020. gada augustā"),
        (12, "2020. gada decembris", "2020. gada decembrī"),
    ],
)
def test_latvian_months_take_the_year_in_the_genitive_and_a_case(month, nominative, locative):
    day = date(2020, month, 17)
    assert month_phrase(day, "lv") == nominative
    assert month_phrase(day, "lv", LOCATIVE) == locative


def test_english_months_have_one_form():
    day = date(2020, 3, 1)
    assert month_phrase(day, "en") == month_phrase(day, "en", LOCATIVE) == "March 2020"
    assert month_name(day, "en") == "March"


def test_latvian_month_names_stay_lower_case_and_decline_from_babels_names():
    assert [month_name(date(2020, m, 1), "lv") for m in (1, 3, 9)] == [
        "janvāris",
        "marts",
        "septembris",
    ]
    assert latvian_locative("februāris") == "februārī"
    assert latvian_locative("jūlijs") == "jūlijā"


def test_a_span_of_months_names_both_ends_and_one_month_once():
    assert (
        month_range_phrase(date(2019, 12, 1), date(2020, 5, 31), "lv")
        == "2019. gada decembris – 2020. gada maijs"
    )
    assert month_range_phrase(date(2019, 12, 1), date(2020, 5, 31), "en") == (
        "December 2019 – May 2020"
    )
    assert month_range_phrase(date(2020, 5, 1), date(2020, 5, 31), "lv") == "2020. gada maijs"


def test_the_page_filters_format_months_in_the_readers_language(app):
    march = date(2020, 3, 1)
    with app.test_request_context():
        with force_locale("lv"):
            assert format_month(march) == "2020. gada marts"
            assert format_month_in(march) == "2020. gada martā"
            assert format_month_short(march) == "03.2020"
            assert format_month_range(date(2019, 12, 1), march) == (
                "2019. gada decembris – 2020. gada marts"
            )
        with force_locale("en"):
            assert format_month(march) == format_month_in(march) == "March 2020"
            assert format_month_short(march) == "Mar 2020"


def test_a_month_title_on_a_page_reads_as_latvian_writes_it(app, users, client_as):
    """The timesheet month page of the mentor: its heading is the month in the nominative."""
    url = f"/timesheets/{users[Role.MENTOR].id}/month/2020/3"
    page = client_as(Role.MENTOR).get(url).get_data(as_text=True)
    assert "<h1>2020. gada marts</h1>" in page


# --- grammatical gender --------------------------------------------------------------------


def test_a_first_guess_from_latvian_first_names():
    assert guess_gender("Anna Paraudziņa") == Gender.FEMININE
    assert guess_gender("Inese") == Gender.FEMININE
    assert guess_gender("Jānis Paraugs") == Gender.MASCULINE
    assert guess_gender("Mārtiņš") == Gender.MASCULINE
    assert guess_gender("") == Gender.DEFAULT


def test_gender_of_reads_users_rows_and_codes_and_defaults_to_masculine():
    assert gender_of({"grammatical_gender": "f"}) == Gender.FEMININE
    assert gender_of({}) == Gender.MASCULINE
    assert gender_of("x") == Gender.MASCULINE
    assert gender_of(User(grammatical_gender="f")) == Gender.FEMININE


def test_every_demo_person_has_the_gender_of_their_invented_first_name():
    assert set(DEMO_GENDERS) == {username for username, *_rest in DEMO_STAFF}
    for username, display_name, role, _supervisor in DEMO_STAFF:
        if role != Role.AUDITOR:  # "Fonda Pārbaudītājs" is a made-up title, not a first name
            assert DEMO_GENDERS[username] == guess_gender(display_name), display_name


def test_english_has_one_title_for_both_genders(app):
    with app.test_request_context(), force_locale("en"):
        for role in Role.ALL:
            assert role_title({"role": role, "grammatical_gender": "f"}) == role_title(
                {"role": role, "grammatical_gender": "m"}
            )
        assert role_title({"role": Role.MENTOR, "grammatical_gender": "f"}) == "Social mentor"
        assert chair_label({"grammatical_gender": "f"}) == "Chair"


def test_latvian_titles_and_participles_agree_with_the_person(app):
    feminine, masculine = {"grammatical_gender": "f"}, {"grammatical_gender": "m"}
    with app.test_request_context(), force_locale("lv"):
        for role, title in FEMININE_TITLES.items():
            assert role_title(feminine, role) == title
        for role, title in MASCULINE_TITLES.items():
            assert role_title(masculine, role) == title
        assert chair_label(feminine) == "Vadītāja"
        assert chair_label(masculine) == "Vadītājs"
        assert invited_label(feminine) == "uzaicināta"
        assert invited_label(masculine) == "uzaicināts"
        assert attendance_label(feminine, None) == "nav atzīmēta"
        assert attendance_label(masculine, None) == "nav atzīmēts"


def test_the_header_names_the_role_in_the_persons_gender(app, users):
    lead = create_user("laura", Role.LEAD, display_name="Laura Paraudziņa", grammatical_gender="f")
    worker = create_user("martins", Role.SOCIAL_WORKER, display_name="Mārtiņš Paraugs")
    for person, title in ((lead, "Vadošā sociālā darbiniece"), (worker, "Sociālais darbinieks")):
        client = app.test_client()
        login(client, person.username)
        page = client.get("/").get_data(as_text=True)
        assert f"{person.display_name} · {title}" in page


def test_the_user_list_shows_each_title_in_its_gender(app, users, client_as):
    create_user("anna", Role.MENTOR, display_name="Anna Paraudziņa", grammatical_gender="f")
    create_user("janis", Role.MENTOR, display_name="Jānis Paraugs", grammatical_gender="m")
    page = client_as(Role.ADMIN).get("/admin/users?role=mentor").get_data(as_text=True)
    assert "<td>Sociālā mentore</td>" in page
    assert "<td>Sociālais mentors</td>" in page


def test_the_caseload_and_the_training_people_give_titles_in_each_gender(app, users, client_as):
    create_user("laura", Role.LEAD, display_name="Laura Paraudziņa", grammatical_gender="f")
    create_user("anna", Role.MENTOR, display_name="Anna Paraudziņa", grammatical_gender="f")
    coordinator = client_as(Role.COORDINATOR)
    caseload = coordinator.get("/cases/caseload").get_data(as_text=True)
    assert '<span class="badge">Vadošā sociālā darbiniece</span>' in caseload
    people = coordinator.get("/training/people/").get_data(as_text=True)
    assert "Sociālā mentore" in people and "Sociālais mentors" in people


def test_week_statuses_agree_with_nedela(app):
    with app.test_request_context(), force_locale("lv"):
        assert status_label(None) == "Nav aizpildīta"
        assert status_label(WeekStatus.SUBMITTED) == "Iesniegta"
        assert status_label(WeekStatus.APPROVED) == "Apstiprināta"
        assert status_label(WeekStatus.RETURNED) == "Atgriezta"
    with app.test_request_context(), force_locale("en"):
        assert status_label(WeekStatus.SUBMITTED) == "Submitted"


def test_the_month_page_shows_an_empty_week_as_nedela_nav_aizpildita(app, users, client_as):
    url = f"/timesheets/{users[Role.MENTOR].id}/month/2020/3"
    page = client_as(Role.MENTOR).get(url).get_data(as_text=True)
    assert "Nav aizpildīta" in page and "Nav aizpildīts" not in page


# --- the audit log in words ----------------------------------------------------------------


def test_every_action_the_features_record_has_words(app):
    """The action codes in the source (record(actor, "x.y", ...)) all have a label."""
    import re

    from app.config import PROJECT_ROOT

    literal = re.compile(r"""record\(\s*[\w.]+,\s*"([a-z_]+\.[a-z_]+)\"""")
    found = set()
    for path in (PROJECT_ROOT / "app").rglob("*.py"):
        found.update(literal.findall(path.read_text()))
    assert found, "the pattern finds the calls"
    assert sorted(found - set(ACTION_LABELS)) == []


def test_the_audit_page_shows_actions_in_words(app, users, client_as):
    admin = client_as(Role.ADMIN)  # signing in is audited
    AuditEvent.create(action="feature.later")  # a code without words is shown as it is
    User.update(language="en").where(User.id == users[Role.ADMIN].id).execute()
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "<td>Sign-in</td>" in page
    assert "<code>login.success</code>" not in page
    assert "<code>feature.later</code>" in page
    User.update(language="lv").where(User.id == users[Role.ADMIN].id).execute()
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "<td>Pierakstīšanās</td>" in page
    assert f"Konts #{users[Role.ADMIN].id}" in page
    with app.test_request_context(), force_locale("lv"):
        assert action_label("logout") == "Izrakstīšanās"
        assert action_label("password.change") == "Paroles maiņa"


# --- the upgrade ---------------------------------------------------------------------------


def test_0020_gives_existing_accounts_a_first_guess_from_their_first_names(tmp_path):
    application = make_app(tmp_path, migrated=False, upgrade=False)
    with application.app_context():
        runner = migration_runner()
        names = [migration.name for migration in runner.status()]
        runner.up(target=names[names.index("0020_grammatical_gender") - 1])
        accounts = Table("user").bind(db)
        for username, display_name in (("anna", "Anna Paraudziņa"), ("janis", "Jānis Paraugs")):
            insert_account(accounts, username, display_name, Role.MENTOR)
        runner.up()
        genders = dict(User.select(User.username, User.grammatical_gender).tuples())
        assert genders == {"anna": Gender.FEMININE, "janis": Gender.MASCULINE}
    db.close_all()
