"""A small hand-made caseload for the client statistics, January – March 2024, with every figure
of sections II and III worked out by hand (tests/clients/test_statistics.py holds the sums).

Case files (W = the social worker, L = the lead social worker):

- A (W), open since 2023-10-01, a family: c1 F 1990, c2 M 1988, c3 F 2015 (grade 3), all from
  Syria, on their own, asylum 2023-10-01, refugee status 2024-02-05, at the PMC, in Rīga from
  2024-02-10; c4 M 2024, a baby who joins on 2024-02-20, in Rīga, no step, no route;
- B (W), open since 2023-11-15: c5 M 1995 Azerbaijan, refused 2024-01-10, appealed 2024-01-25,
  at the PMC;
- C (L), 2023-12-01 – 2024-02-15 (left the country): c6 M 1980 Russia, refused 2024-01-05, left
  2024-02-15, at the PMC;
- D (L), open since 2024-01-10, relocated: c7 F 1970 Iraq, alternative status 2024-03-01, at
  the PMC, in Jūrmala from 2024-03-20; c8 M 1962 Iraq, refused 2024-02-01, appealed 2024-02-15,
  positive court decision 2024-03-10, at the PMC;
- E (W), open since 2023-09-01: c9 M 2000 Afghanistan (left on 2024-01-31 for F), c10 F 2002
  Afghanistan, refugee status 2023-11-01; both in Rīga since 2023-10-01;
- F (L), open since 2024-02-01: c9 from 2024-02-01, final court refusal 2024-02-20;
- G (W), open since 2023-06-01, closed 2024-01-20 (service ended), reopened 2024-02-10: c11 F
  1985, no country, route or residence, refugee status 2023-03-01;
- H (L), 2023-01-01 – 2023-12-15 (service ended): c12 F 1999 Syria, never served in 2024.
"""

from datetime import date

from app.cases.models import CaseClosure, ClosingReason
from app.clients.models import ArrivalRoute, Client, LegalEvent, Membership, Place, Residence
from app.clients.models import Gender as G
from app.clients.models import Stage as S
from app.permissions import Role
from tests.factories import make_case

FIRST, LAST = date(2024, 1, 1), date(2024, 3, 31)
OWN, RELOCATED = ArrivalRoute.OWN, ArrivalRoute.RELOCATION


def d(text: str) -> date:
    return date.fromisoformat(text)


def client(gender, year, country, route=None, grade=None, events=(), homes=()) -> Client:
    made = Client.create(
        gender=gender, birth_year=year, country=country, arrival_route=route, school_grade=grade
    )
    for stage, day in events:
        LegalEvent.create(client=made, stage=stage, day=d(day))
    for since, municipality in homes:
        place = Place.MUNICIPALITY if municipality else Place.PMC
        Residence.create(client=made, place=place, municipality=municipality, since=d(since))
    return made


def member(case, person, number, joined, left=None) -> None:
    Membership.create(
        client=person, case=case, number=number, joined_on=d(joined), left_on=left and d(left)
    )


def make_clients(users, suffix: str = "") -> None:
    """The caseload above; `suffix` tells the case codes of a second copy apart."""
    worker, lead = users[Role.SOCIAL_WORKER], users[Role.LEAD]

    def case(code, manager, opened, **fields):
        return make_case(code + suffix, manager, people=0, opened_on=d(opened), **fields)

    family = [("2023-10-01", ""), ("2024-02-10", "Rīga")]
    status = [(S.ASYLUM_SEEKER, "2023-10-01"), (S.REFUGEE, "2024-02-05")]
    a = case("A", worker, "2023-10-01")
    member(a, client(G.FEMALE, 1990, "SY", OWN, events=status, homes=family), 1, "2023-10-01")
    member(a, client(G.MALE, 1988, "SY", OWN, events=status, homes=family), 2, "2023-10-01")
    member(a, client(G.FEMALE, 2015, "SY", OWN, 3, status, family), 3, "2023-10-01")
    member(a, client(G.MALE, 2024, "SY", homes=[("2024-02-20", "Rīga")]), 4, "2024-02-20")

    b = case("B", worker, "2023-11-15")
    steps = [(S.ASYLUM_SEEKER, "2023-11-15"), (S.NEGATIVE, "2024-01-10"), (S.APPEAL, "2024-01-25")]
    member(
        b,
        client(G.MALE, 1995, "AZ", OWN, events=steps, homes=[("2023-11-15", "")]),
        1,
        "2023-11-15",
    )

    c = case("C", lead, "2023-12-01", closed_on=d("2024-02-15"), reason=ClosingReason.LEFT)
    steps = [(S.ASYLUM_SEEKER, "2023-12-01"), (S.NEGATIVE, "2024-01-05"), (S.LEFT, "2024-02-15")]
    c6 = client(G.MALE, 1980, "RU", OWN, events=steps, homes=[("2023-12-01", "")])
    member(c, c6, 1, "2023-12-01", "2024-02-15")

    e = case("D", lead, "2024-01-10")
    steps = [(S.ASYLUM_SEEKER, "2024-01-10"), (S.ALTERNATIVE, "2024-03-01")]
    homes = [("2024-01-10", ""), ("2024-03-20", "Jūrmala")]
    member(e, client(G.FEMALE, 1970, "IQ", RELOCATED, events=steps, homes=homes), 1, "2024-01-10")
    steps = [
        (S.ASYLUM_SEEKER, "2024-01-10"),
        (S.NEGATIVE, "2024-02-01"),
        (S.APPEAL, "2024-02-15"),
        (S.COURT_POSITIVE, "2024-03-10"),
    ]
    c8 = client(G.MALE, 1962, "IQ", RELOCATED, events=steps, homes=[("2024-01-10", "")])
    member(e, c8, 2, "2024-01-10")

    couple = case("E", worker, "2023-09-01")
    steps = [
        (S.ASYLUM_SEEKER, "2023-09-01"),
        (S.NEGATIVE, "2023-12-01"),
        (S.APPEAL, "2023-12-20"),
        (S.COURT_NEGATIVE, "2024-02-20"),
    ]
    c9 = client(G.MALE, 2000, "AF", OWN, events=steps, homes=[("2023-10-01", "Rīga")])
    member(couple, c9, 1, "2023-09-01", "2024-01-31")
    steps = [(S.ASYLUM_SEEKER, "2023-09-01"), (S.REFUGEE, "2023-11-01")]
    homes = [("2023-10-01", "Rīga")]
    member(couple, client(G.FEMALE, 2002, "AF", OWN, events=steps, homes=homes), 2, "2023-09-01")
    member(case("F", lead, "2024-02-01"), c9, 1, "2024-02-01")

    gap = case("G", worker, "2023-06-01")
    CaseClosure.create(
        case=gap, closed_on=d("2024-01-20"), reason=ClosingReason.ENDED, reopened_on=d("2024-02-10")
    )
    member(gap, client(G.FEMALE, 1985, None, events=[(S.REFUGEE, "2023-03-01")]), 1, "2023-06-01")

    ended = case("H", lead, "2023-01-01", closed_on=d("2023-12-15"), reason=ClosingReason.ENDED)
    c12 = client(G.FEMALE, 1999, "SY", OWN, events=[(S.ENDED, "2023-12-15")])
    member(ended, c12, 1, "2023-01-01", "2023-12-15")
