"""The closing evaluation of a case file (Novērtēšanas metodika sociālā gadījuma vadīšanas
procesa noslēgumā): when a case file closes, its social worker grades the client against the
methodology's criteria, each on a fixed scale with a comment, and sums it up in words."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from app.accounts import User
from app.cases.models import CaseClosure
from app.db import BaseModel, utcnow
from app.lists import BilingualItem

SUMMARY_LIMIT = 2000
COMMENT_LIMIT = 500


class EvaluationCriterion(BilingualItem):
    """A criterion of the methodology: an editable list of the lead's."""

    audit_prefix = "evaluation_criterion"


class CaseEvaluation(BaseModel):
    """The evaluation of one closing of a case file: a case file that closes, reopens and closes
    again is evaluated at each closing."""

    closure = ForeignKeyField(CaseClosure, unique=True, backref="evaluations", on_delete="RESTRICT")
    evaluated_on = DateField()  #: on or after the closing day, never in the future
    evaluated_by = ForeignKeyField(User, on_delete="RESTRICT")
    summary = CharField(max_length=SUMMARY_LIMIT, default="")  #: the descriptive evaluation
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class EvaluationScore(BaseModel):
    """One criterion's grade (app/evaluations/labels.py GRADES) in an evaluation."""

    evaluation = ForeignKeyField(CaseEvaluation, backref="scores", on_delete="RESTRICT")
    criterion = ForeignKeyField(EvaluationCriterion, on_delete="RESTRICT")
    grade = IntegerField()
    comment = CharField(max_length=COMMENT_LIMIT, default="")

    class Meta:
        indexes = ((("evaluation", "criterion"), True),)
