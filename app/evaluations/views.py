"""The closing evaluation of a case file: its page (the form for the case's social worker and
the lead, read-only for the coordinator), saving it, its card on the case page, and the closed
case files still awaiting one."""

from flask import Blueprint, abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import local_today
from app.cases.models import CaseFile
from app.evaluations import queries, services
from app.evaluations.forms import EvaluationForm
from app.evaluations.labels import COMMENT_NEEDED, GRADES, grade_label
from app.evaluations.models import COMMENT_LIMIT, SUMMARY_LIMIT
from app.htmx import redirect_to, render
from app.i18n import reader_language
from app.permissions import acting_user, requires
from app.refusals import Refused

bp = Blueprint("evaluations", __name__)


def _case_or_404(case_id: int) -> CaseFile:
    """A case file whose evaluation the viewer may open (another social worker's is a 404)."""
    case = queries.cases_readable_by(current_user).where(CaseFile.id == case_id).first()
    if case is None:
        abort(404)
    return case


@bp.get("/evaluations/")
@requires("evaluations.view")
def index():
    """The closed case files whose closing is not evaluated yet: a social worker's own, all for
    the lead and the coordinator."""
    return render(
        "evaluations/index.html",
        rows=queries.awaiting(current_user, local_today()),
        due_days=queries.DUE_WITHIN_DAYS,
    )


@bp.get("/cases/<int:case_id>/evaluation")
@requires("evaluations.view")
def detail(case_id: int):
    """The evaluation of the case file's closing: the form while it may be changed."""
    return _page(_case_or_404(case_id))


@bp.post("/cases/<int:case_id>/evaluation/save")
@requires("evaluations.edit")
def update(case_id: int):
    """Save the evaluation of the case file's current closing (new or changed)."""
    case = _case_or_404(case_id)
    form = EvaluationForm()
    if form.validate():
        try:
            services.save_evaluation(acting_user(), case, form.evaluation())
        except Refused as refused:
            if refused.status == 404:
                abort(404)
            form.show_refusal(refused)
        else:
            flash(_("The closing evaluation of %(code)s is saved.", code=case.code), "success")
            return redirect_to(url_for("cases.detail", case_id=case.id))
    return _page(case, 422, form)


def _page(case: CaseFile, status: int = 200, form: EvaluationForm | None = None):
    language = reader_language()
    closure = queries.current_closure(case) or queries.latest_closure(case)
    evaluation = queries.evaluation_of(closure)
    closed = case.closed_on is not None and closure is not None and closure.reopened_on is None
    may_edit = closed and services.may_evaluate(current_user, case)
    # a posted form is drawn again even when the case file was reopened meanwhile: the refusal
    # says why, and nothing typed is lost
    shows_form = may_edit or form is not None
    criteria = queries.form_criteria(evaluation, language) if shows_form else []
    if shows_form and form is None:
        form = _filled_form(evaluation, criteria, language)
    entries = _entries(form, criteria) if form is not None else []
    return render(
        "evaluations/form.html",
        status=status,
        case=case,
        closure=closure,
        closed=closed,
        evaluation=evaluation,
        scores=queries.scores_of(evaluation, language),
        may_edit=shows_form,
        form=form,
        entries=entries,
        grades=GRADES,
        comment_needed=COMMENT_NEEDED,
        comment_limit=COMMENT_LIMIT,
        summary_limit=SUMMARY_LIMIT,
    )


def _filled_form(evaluation, criteria: list[dict], language: str) -> EvaluationForm:
    """The form with the evaluation's values, or blank (today, no grade) for a new one."""
    scores = {row["criterion_id"]: row for row in queries.scores_of(evaluation, language)}
    rows = []
    for criterion in criteria:
        score = scores.get(criterion["id"], {})
        grade = score.get("grade")
        rows.append(
            {
                "criterion": str(criterion["id"]),
                "grade": str(grade) if grade else None,
                "comment": score.get("comment", ""),
            }
        )
    data = {
        "evaluated_on": evaluation.evaluated_on if evaluation else local_today(),
        "summary": evaluation.summary if evaluation else "",
        "rows": rows,
    }
    return EvaluationForm(formdata=None, data=data)


def _entries(form: EvaluationForm, criteria: list[dict]) -> list[tuple]:
    """(row form, criterion) for every criterion to grade, in order; a criterion the posted
    form lacked (added meanwhile) gets a blank row, a row of a criterion gone is dropped."""
    posted = {entry.form.criterion.data: entry.form for entry in form.rows}
    pairs = []
    for criterion in criteria:
        row = posted.get(str(criterion["id"]))
        if row is None:
            row = form.rows.append_entry({"criterion": str(criterion["id"])}).form
        pairs.append((row, criterion))
    return pairs


bp.add_app_template_global(grade_label, "evaluation_grade_label")
