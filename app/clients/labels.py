"""The words for clients: genders, arrival routes, legal steps, places, households, age
groups and entitlement bases."""

from flask_babel import lazy_gettext as _l

from app.cases.labels import CLOSING_REASON_LABELS, KIND_LABELS
from app.clients.models import ArrivalRoute, Gender, Place, Stage
from app.clients.rules import Household
from app.countries import country_name

GENDER_LABELS = {Gender.FEMALE: _l("Woman"), Gender.MALE: _l("Man")}
ROUTE_LABELS = {
    ArrivalRoute.OWN: _l("Arrived on their own"),
    ArrivalRoute.RELOCATION: _l("EU relocation programme"),
}
STAGE_LABELS = {
    Stage.ASYLUM_SEEKER: _l("Asylum seeker"),
    Stage.REFUGEE: _l("Refugee status granted"),
    Stage.ALTERNATIVE: _l("Alternative status granted"),
    Stage.NEGATIVE: _l("Negative decision of the migration office"),
    Stage.APPEAL: _l("Appealed to the administrative court"),
    Stage.COURT_POSITIVE: _l("Positive court decision"),
    Stage.COURT_NEGATIVE: _l("Negative court decision (final)"),
    **CLOSING_REASON_LABELS,
}
PLACE_LABELS = {
    Place.PMC: _l("At the reception centre (PMC)"),
    Place.MUNICIPALITY: _l("Outside the PMC, in a municipality"),
}
HOUSEHOLD_LABELS = {
    Household.INDIVIDUAL: _l("Individuals"),
    Household.WITH_CHILDREN: _l("Families with children"),
    Household.WITHOUT_CHILDREN: _l("Families without children"),
}
AGE_GROUP_LABELS = {
    "child": _l("Children (0–17)"),
    "adult": _l("Adults (18–60)"),
    "senior": _l("Over 60"),
    "unknown": _l("Year of birth not recorded"),
}
ENTITLEMENT_LABELS = {
    "unknown": _l("Not known: record the arrival or the legal timeline"),
    "examined": _l("While the application is examined"),
    "status": _l("12 months after status was granted"),
    "appeal_time": _l("The month for an appeal after a refusal"),
    "final_refusal": _l("Until the final court refusal"),
    **CLOSING_REASON_LABELS,
}
NOT_RECORDED = _l("Not recorded")
#: the client fields' names, for the prompt of what is missing
FIELD_LABELS = {
    "gender": _l("gender"),
    "birth_year": _l("year of birth"),
    "country": _l("country"),
    "arrival_route": _l("arrival route"),
    "arrived_on": _l("arrival date"),
}
HOUSEHOLD_KIND_LABELS = {
    Household.INDIVIDUAL: _l("Individual"),
    Household.WITH_CHILDREN: _l("Family with children"),
    Household.WITHOUT_CHILDREN: _l("Family without children"),
}


def label_context() -> dict:
    """The words a case file's page uses, and the country names in the reader's language."""
    return {
        "gender_labels": GENDER_LABELS,
        "route_labels": ROUTE_LABELS,
        "stage_labels": STAGE_LABELS,
        "place_labels": PLACE_LABELS,
        "household_labels": HOUSEHOLD_KIND_LABELS,
        "entitlement_labels": ENTITLEMENT_LABELS,
        "field_labels": FIELD_LABELS,
        "kind_labels": KIND_LABELS,
        "closing_labels": CLOSING_REASON_LABELS,
        "not_recorded": NOT_RECORDED,
        "country_name": country_name,
    }
