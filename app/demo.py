"""The fictional demo organisation: invented people, clearly marked as demo data.

No name here comes from the source documents; tests/test_demo.py checks that.
"""

from collections.abc import Callable

from app import audit
from app.accounts import Gender, User
from app.addenda.demo import load_addendum_demo
from app.auth import passwords
from app.auth.services import TWO_FACTOR_ROLES_KEY
from app.clients.demo import load_client_demo
from app.complexity.demo import load_complexity_demo
from app.core.models import Setting, get_setting, set_setting
from app.db import reset_sequences, write_tx
from app.evaluations.demo import load_evaluation_demo
from app.finance.demo import load_finance_demo
from app.interim.demo import load_interim_demo
from app.meetings.demo import load_meeting_demo
from app.mentor_meetings.demo import load_mentor_meeting_demo
from app.models import ALL_MODELS
from app.notices.demo import load_notice_demo
from app.periods.demo import load_period_demo
from app.permissions import Role
from app.plans.demo import load_plan_demo
from app.risks.demo import load_risk_demo
from app.roster.demo import load_roster_demo
from app.timesheets.demo import FIRST_MONDAY, load_timesheet_demo
from app.training.demo import load_training_demo

DEMO_ORG_NAME = "Biedrība «Paraugs» — fiktīva demo organizācija"

#: (username, display name, role, supervisor username)
DEMO_STAFF = [
    ("admin", "Andris Paraugs", Role.ADMIN, None),
    ("coordinator", "Kristīne Paraudziņa", Role.COORDINATOR, None),
    ("lead", "Laura Vadone-Paraudziņa", Role.LEAD, None),
    ("worker", "Mārtiņš Palīgs-Paraugs", Role.SOCIAL_WORKER, None),
    ("auditor", "Fonda Pārbaudītājs (demo)", Role.AUDITOR, None),
    ("mentor1", "Anna Mentore-Paraudziņa", Role.MENTOR, "lead"),
    ("mentor2", "Jānis Mentors-Paraugs", Role.MENTOR, "lead"),
    ("mentor3", "Līga Mentore-Paraudziņa", Role.MENTOR, "lead"),
    ("mentor4", "Pēteris Mentors-Paraugs", Role.MENTOR, "lead"),
    ("mentor5", "Ilze Mentore-Paraudziņa", Role.MENTOR, "lead"),
    ("mentor6", "Ahmad Mentors-Paraugs", Role.MENTOR, "lead"),
    ("mentor7", "Santa Mentore-Paraudziņa", Role.MENTOR, "worker"),
    ("mentor8", "Oleksandr Mentors-Paraugs", Role.MENTOR, "worker"),
    ("mentor9", "Dina Mentore-Paraudziņa", Role.MENTOR, "worker"),
    ("mentor10", "Edgars Mentors-Paraugs", Role.MENTOR, "worker"),
    ("mentor11", "Marija Mentore-Paraudziņa", Role.MENTOR, "worker"),
]
#: the grammatical gender of each invented first name (Anna, Laura: feminine; Jānis, Ahmad:
#: masculine), so titles read "sociālā mentore" and "sociālais mentors" as they should
DEMO_GENDERS = {
    "admin": Gender.MASCULINE,
    "coordinator": Gender.FEMININE,
    "lead": Gender.FEMININE,
    "worker": Gender.MASCULINE,
    "auditor": Gender.MASCULINE,
    "mentor1": Gender.FEMININE,
    "mentor2": Gender.MASCULINE,
    "mentor3": Gender.FEMININE,
    "mentor4": Gender.MASCULINE,
    "mentor5": Gender.FEMININE,
    "mentor6": Gender.MASCULINE,
    "mentor7": Gender.FEMININE,
    "mentor8": Gender.MASCULINE,
    "mentor9": Gender.FEMININE,
    "mentor10": Gender.MASCULINE,
    "mentor11": Gender.FEMININE,
}


def database_is_empty() -> bool:
    return not User.select().exists()


def is_demo() -> bool:
    return get_setting("demo") == "1"


def load_demo() -> None:
    """Create the demo staff with the shared demo password (hashed once: argon2 is slow), then
    their timesheets and case files, December 2019 – May 2020, the clients in those case files,
    the contract with its reporting periods, the risk register, the weekly meetings with their
    minutes, and supervision and training with attendance."""
    password_hash = passwords.hash_password(passwords.DEMO_PASSWORD)
    with write_tx():
        Setting.create(key="demo", value="1")
        Setting.create(key="org_name", value=DEMO_ORG_NAME)
        # the demo accounts sign in with the published password only: no role must use a
        # second factor (anyone may still turn it on for their account)
        set_setting(TWO_FACTOR_ROLES_KEY, "")
        created: dict[str, User] = {}
        for username, display_name, role, supervisor in DEMO_STAFF:
            created[username] = User.create(
                username=username,
                display_name=display_name,
                role=role,
                language="lv",
                grammatical_gender=DEMO_GENDERS[username],
                supervisor=created[supervisor] if supervisor else None,
                password_hash=password_hash,
                session_token=passwords.new_session_token(),
                start_date=FIRST_MONDAY,
            )
        load_timesheet_demo()
        load_client_demo()
        load_plan_demo()
        load_complexity_demo()
        load_evaluation_demo()
        load_roster_demo()
        load_mentor_meeting_demo()
        load_addendum_demo()
        contract = load_period_demo()
        load_finance_demo(contract)
        load_notice_demo()
        load_risk_demo(contract)
        load_meeting_demo()
        load_training_demo()
        load_interim_demo(contract)
        audit.record(None, "demo.load")
        reset_sequences(ALL_MODELS)


def print_logins(echo: Callable[[str], None]) -> None:
    echo("Demo organisation (fictional). Every account's password: " + passwords.DEMO_PASSWORD)
    for username, display_name, role, _supervisor in DEMO_STAFF:
        echo(f"  {username:12} {role:20} {display_name}")
