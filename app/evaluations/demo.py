"""The demo's closing evaluations: every closing of December 2019 – May 2020 is evaluated by
its case file's social worker within ten days, except the last two closings of May, which still
wait (so the awaiting list and the home pages have something to show). Grades follow why the
case file closed: those who left early or refused made little progress; those whose service
period ended made some, least in the language (the seed's two "language" cases)."""

import random
from datetime import date, timedelta

from app.cases.models import CaseClosure, CaseFile, ClosingReason
from app.evaluations.labels import COMMENT_NEEDED, HIGHEST, LOWEST
from app.evaluations.models import CaseEvaluation, EvaluationCriterion, EvaluationScore

FIRST_DAY, LAST_DAY = date(2019, 12, 1), date(2020, 5, 31)
WAITING = 2
SEED = 2020

#: (lowest, highest) grade by closing reason
GRADE_RANGE = {
    ClosingReason.LEFT: (LOWEST, LOWEST + 1),
    ClosingReason.RETURNED: (LOWEST, LOWEST + 1),
    ClosingReason.DEPORTED: (LOWEST, LOWEST),
    ClosingReason.REFUSED: (LOWEST, LOWEST),
    ClosingReason.ENDED: (LOWEST + 1, HIGHEST),
}
SUMMARIES = {
    ClosingReason.LEFT: "Klients pameta Latviju pirms plāna mērķu sasniegšanas.",
    ClosingReason.RETURNED: "Klients atgriezās izcelsmes valstī ar SMO atbalstu.",
    ClosingReason.DEPORTED: "Pakalpojums beidzās ar izraidīšanu; plāns netika īstenots.",
    ClosingReason.REFUSED: "Klients atteicās sadarboties; atbalsts tika piedāvāts atkārtoti.",
    ClosingReason.ENDED: "Pakalpojuma periods beidzās; klients kārto lietas daļēji patstāvīgi.",
}
NO_PROGRESS = "Pakalpojuma laikā progresu nepanāca; iemesls aprakstīts kopsavilkumā."


def load_evaluation_demo() -> None:
    rng = random.Random(SEED)
    criteria = [row.id for row in EvaluationCriterion.select().order_by(EvaluationCriterion.id)]
    closings = list(
        CaseClosure.select(CaseClosure, CaseFile)
        .join(CaseFile)
        .where(
            CaseClosure.closed_on.between(FIRST_DAY, LAST_DAY), CaseClosure.reopened_on.is_null()
        )
        .order_by(CaseClosure.closed_on, CaseClosure.id)
    )
    for closure in closings[:-WAITING]:
        low, high = GRADE_RANGE.get(closure.reason, (LOWEST, HIGHEST))
        evaluation = CaseEvaluation.create(
            closure=closure,
            evaluated_on=closure.closed_on + timedelta(days=rng.randint(2, 10)),
            evaluated_by=closure.case.social_worker_id,
            summary=SUMMARIES.get(closure.reason, SUMMARIES[ClosingReason.ENDED]),
        )
        grades = [rng.randint(low, high) for _criterion in criteria]
        if closure.reason == ClosingReason.ENDED:
            # the language: what most often kept these plans from being fulfilled
            grades[0] = min(grades[0], LOWEST + 1)
        EvaluationScore.insert_many(
            {
                "evaluation": evaluation.id,
                "criterion": criterion,
                "grade": grade,
                "comment": NO_PROGRESS if grade in COMMENT_NEEDED else "",
            }
            for criterion, grade in zip(criteria, grades, strict=True)
        ).execute()
