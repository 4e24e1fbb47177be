"""The account every record names: a person of the service with a role. Every feature refers to
it, so it lives below them all (signing in and out is the auth feature's)."""

from flask_login import UserMixin
from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from app.db import BaseModel, utcnow
from app.permissions import Role


class Gender:
    """The grammatical gender a person's role title and participles take in Latvian
    ("sociālā mentore" / "sociālais mentors"); English has one form for both."""

    FEMININE = "f"
    MASCULINE = "m"
    ALL = (FEMININE, MASCULINE)
    #: the unmarked form Latvian job titles and the contract's own texts use; an account
    #: created without a choice (CLI, old rows) reads as it did before the setting existed
    DEFAULT = MASCULINE


class User(UserMixin, BaseModel):
    username = CharField(max_length=64, unique=True)  #: stored lower-case
    display_name = CharField(max_length=120)
    role = CharField(max_length=32, index=True)
    active = BooleanField(default=True)
    language = CharField(max_length=8, default="lv")
    #: "f" or "m": which Latvian forms agree with this person (titles, participles)
    grammatical_gender = CharField(max_length=1, default=Gender.DEFAULT)
    #: for mentors: the social worker (or lead) who supervises them and approves their weeks
    supervisor = ForeignKeyField("self", null=True, backref="mentors", on_delete="SET NULL")
    password_hash = TextField()
    must_change_password = BooleanField(default=False)
    #: rotated at logout, password change and deactivation; ends every other open session
    session_token = CharField(max_length=64)
    email = CharField(max_length=254, default="")  #: for reminders, when SMTP is configured
    #: the first day this person works for the service; no timesheet entry before it
    start_date = DateField(null=True)
    created_at = DateTimeField(default=utcnow)
    last_login_at = DateTimeField(null=True)
    #: the TOTP shared secret (base32): being set up while `totp_enabled` is False, else in use
    totp_secret = CharField(max_length=64, default="")
    totp_enabled = BooleanField(default=False)
    #: the last TOTP time step accepted: a code is never accepted twice, nor an older one
    totp_last_step = IntegerField(default=0)
    #: the unused recovery codes, one a line: a short keyed tag and the code's argon2 hash
    #: ("tag:hash", app/auth/twofactor.py); a code used is removed
    recovery_codes = TextField(default="")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.active


#: endings of Latvian feminine first names (Anna, Līga, Inese, Alise); masculine ones end in
#: -s, -š, -is, -us (Jānis, Andris, Mārtiņš) or, rarely, -o
FEMININE_ENDINGS = ("a", "e")


def guess_gender(display_name: str) -> str:
    """A first guess from the first name's ending, for accounts created without a choice;
    the person or the administrator corrects it on the account."""
    first = (display_name or "").strip().split(" ")[0].lower()
    return Gender.FEMININE if first.endswith(FEMININE_ENDINGS) else Gender.MASCULINE


def gender_of(person) -> str:
    """The grammatical gender of a User, of a row (dict) holding `grammatical_gender`, or a
    gender code itself; masculine when unknown."""
    if isinstance(person, str):
        value = person
    elif isinstance(person, dict):
        value = person.get("grammatical_gender")
    else:
        value = getattr(person, "grammatical_gender", None)
    return value if value in Gender.ALL else Gender.DEFAULT


def gendered(person, masculine, feminine) -> str:
    """The one of two already translated forms that agrees with the person:
    `gendered(user, pgettext("masculine", "invited"), pgettext("feminine", "invited"))`."""
    return str(feminine if gender_of(person) == Gender.FEMININE else masculine)


def role_title(person, role: str | None = None) -> str:
    """The person's role title in the reader's language, agreeing with their grammatical
    gender: "Sociālā mentore" / "Sociālais mentors" (English: "Social mentor"). `person` is a
    User or a row with `role` and `grammatical_gender`; `role` overrides the person's own."""
    if role is None:
        role = person.get("role") if isinstance(person, dict) else getattr(person, "role", None)
    return Role.title(role, gender_of(person))
