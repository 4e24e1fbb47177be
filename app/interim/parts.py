"""The parts of the interim report that staff write, by the report's section number, each with
the kinds of records of the period offered beside it (app/interim/records.py)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Part:
    key: str  #: the report's section, as the seed numbers it
    title: object  #: lazy text
    hint: object
    records: tuple[str, ...]  #: keys of app/interim/records.RECORD_KINDS


PARTS = (
    Part(
        "I",
        _l("I. About the provider"),
        _l("Who the provider is, its experience with the target group, the earlier periods."),
        (),
    ),
    Part(
        "II",
        _l("II. Status procedure and appeals"),
        _l("How long decisions take, appeals and court decisions, relocation programmes."),
        ("decisions", "notices"),
    ),
    Part(
        "IV",
        _l("IV. Inclusion plans and their implementation"),
        _l("What the plans aimed at, how they were drawn up with the clients, closures."),
        ("decisions",),
    ),
    Part(
        "V",
        _l("V. Completed inclusion plans"),
        _l("Plans completed, and why others were not (e.g. language skills)."),
        ("decisions",),
    ),
    Part(
        "VII",
        _l("VII. The support given"),
        _l("The support given to clients and the integration events of the period."),
        ("decisions", "training", "addenda", "notices"),
    ),
    Part(
        "VIII",
        _l("VIII. Strategies and the closing evaluation method"),
        _l("The strategies the service works by and how cases are evaluated at closing."),
        ("decisions",),
    ),
    Part(
        "XI",
        _l("XI. Partners, activities and publicity"),
        _l("Cooperation with institutions and organisations, events and publicity."),
        ("decisions", "notices"),
    ),
    Part(
        "XII",
        _l("XII. Challenges: introduction"),
        _l("What stayed the same and what is new; the problems and solutions follow below."),
        ("assessments", "decisions", "addenda"),
    ),
    Part(
        "XIII",
        _l("XIII. Results achieved"),
        _l("What the period achieved, beyond the figures the records give."),
        ("training", "decisions"),
    ),
    Part(
        "XIV",
        _l("XIV. Conclusions and recommendations"),
        _l("Conclusions, recommendations and proposals for the rest of the service."),
        ("assessments", "decisions"),
    ),
)
BY_KEY = {part.key: part for part in PARTS}
