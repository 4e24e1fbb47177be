"""Case files: list, search, a case file's page, create, edit, close; caseloads against the
contract limits."""

from datetime import date

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import local_today
from app.cases import queries, services
from app.cases.forms import NO_MENTOR, CaseForm, CloseForm, ClosingFields, NewCaseForm, ReopenForm
from app.cases.labels import BREACH_LABELS, CLOSING_REASON_LABELS, KIND_LABELS, STATUS_LABELS
from app.cases.models import CaseFile
from app.clients.forms import case_page_context
from app.clients.queries import case_page
from app.htmx import redirect_to, render
from app.idempotency import idempotent
from app.paging import page_of, requested_page
from app.permissions import Role, acting_user, requires
from app.refusals import Refused, show_refusal

bp = Blueprint("cases", __name__, url_prefix="/cases")

MAX_SELECTED = 20
#: the close form shares the edit page with the case form: its date field needs its own id
CLOSE_PREFIX = "close"
REOPEN_PREFIX = "reopen"
CLOSURE_PREFIX = "closure"
#: the largest id a database integer holds; a larger one in a URL is simply not found
MAX_ID = 2**63 - 1


def _case_or_404(scope, case_id: int) -> CaseFile:
    if case_id > MAX_ID:
        abort(404)
    case = scope.where(CaseFile.id == case_id).first()
    if case is None:
        abort(404)
    return case


def _manageable_case_or_404(case_id: int) -> CaseFile:
    return _case_or_404(queries.cases_manageable_by(current_user), case_id)


def _case_data(case: CaseFile) -> dict:
    """The form's starting values (ids, not the related users, which would cost a query each)."""
    return {
        "code": case.code,
        "kind": case.kind,
        "social_worker": case.social_worker_id,
        "mentor": case.mentor_id or NO_MENTOR,
        "opened_on": case.opened_on,
    }


def _case_form(case: CaseFile | None = None, **kwargs) -> CaseForm:
    keep = (case.social_worker_id, case.mentor_id) if case is not None else ()
    workers, mentors = queries.staff_choices(keep, current_user)
    return (CaseForm if case is not None else NewCaseForm)(workers, mentors, **kwargs)


def _closing_forms(case: CaseFile) -> dict:
    """The forms of the case's state: close an open one; reopen a closed one or give its
    closing a reason."""
    if case.closed_on is None:
        return {
            "close_form": CloseForm(formdata=None, prefix=CLOSE_PREFIX, closed_on=local_today())
        }
    closure = queries.latest_closure(case)
    return {
        "reopen_form": ReopenForm(formdata=None, prefix=REOPEN_PREFIX, reopened_on=local_today()),
        "closure_form": ClosingFields(
            formdata=None,
            prefix=CLOSURE_PREFIX,
            reason=closure.reason or "",
            municipality_told_on=closure.municipality_told_on,
        ),
        "closure": closure,
    }


def _render_form(form: CaseForm, case: CaseFile | None, status: int = 200, **forms):
    context = {**_closing_forms(case), **forms} if case is not None else {}
    return render(
        "cases/form.html",
        form=form,
        case=case,
        closing_labels=CLOSING_REASON_LABELS,
        status=status,
        **context,
    )


@bp.get("/")
@requires("cases.view")
def index():
    """The case files in the viewer's scope: open, closed or all, searchable by code."""
    status = request.args.get("status", queries.STATUS_OPEN)
    if status not in queries.STATUSES:
        status = queries.STATUS_OPEN
    search = queries.normalise_search(request.args.get("q"))
    page = requested_page()
    query = queries.case_list(current_user, status=status, search=search)
    rows, has_next = page_of(query, page, queries.PAGE_SIZE)
    return render(
        "cases/index.html",
        "cases/_case_table.html",
        rows=rows,
        has_next=has_next,
        page_number=page,
        status_filter=status,
        search=search,
        statuses=STATUS_LABELS.items(),
        kind_labels=KIND_LABELS,
    )


@bp.get("/<int:case_id>")
@requires("cases.view")
def detail(case_id: int):
    """A case file's page: its members, their legal timelines and residences, and (for those
    who manage it) the forms that change them."""
    case = _case_or_404(queries.cases_visible_to(current_user), case_id)
    today = local_today()
    return render(
        "cases/detail.html",
        **case_page_context(case_page(case, current_user, today), current_user, today),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("cases.manage")
@idempotent
def new():
    """Open a new case file (a code, never a name)."""
    defaults = {"opened_on": local_today(), "people": 1, "mentor": NO_MENTOR}
    if current_user.role in Role.SUPERVISORS:
        defaults["social_worker"] = current_user.id
    form = _case_form(data=defaults)
    if form.validate_on_submit():
        try:
            case = services.create_case(acting_user(), form.data, people=form.people.data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            flash(_("Case file %(code)s is saved.", code=case.code), "success")
            return redirect_to(url_for("cases.detail", case_id=case.id))
    status = 422 if request.method == "POST" else 200
    return _render_form(form, None, status=status)


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
@requires("cases.manage")
def edit(case_id: int):
    """Change a case file's code, kind, social worker, mentor or opening date."""
    case = _manageable_case_or_404(case_id)
    form = _case_form(case, data=_case_data(case))
    if form.validate_on_submit():
        try:
            changed = services.update_case(acting_user(), case, form.data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            if changed:
                flash(_("Case file %(code)s is saved.", code=case.code), "success")
            return redirect_to(url_for("cases.detail", case_id=case.id))
    status = 422 if request.method == "POST" else 200
    return _render_form(form, case, status=status)


@bp.post("/<int:case_id>/close")
@requires("cases.manage")
def close(case_id: int):
    """Close a case file on a given day, for a reason; it is never deleted."""
    case = _manageable_case_or_404(case_id)
    close_form = CloseForm(prefix=CLOSE_PREFIX)
    if close_form.validate():
        try:
            services.close_case(
                acting_user(),
                case,
                close_form.closed_on.data,
                close_form.reason.data,
                close_form.municipality_told_on.data,
            )
        except Refused as refused:
            show_refusal(close_form, refused)
        else:
            flash(_("Case file %(code)s is closed.", code=case.code), "success")
            return redirect_to(url_for("cases.detail", case_id=case.id))
    return _form_after_refusal(case, close_form=close_form)


def _form_after_refusal(case: CaseFile, **forms):
    form = _case_form(case, formdata=None, data=_case_data(case))
    return _render_form(form, case, status=422, **forms)


@bp.post("/<int:case_id>/closure")
@requires("cases.manage")
def closure(case_id: int):
    """Give a closed case file's closing its reason (and the municipal notice)."""
    case = _manageable_case_or_404(case_id)
    closure_form = ClosingFields(prefix=CLOSURE_PREFIX)
    if closure_form.validate():
        try:
            services.update_closure(
                acting_user(),
                case,
                closure_form.reason.data,
                closure_form.municipality_told_on.data,
            )
        except Refused as refused:
            show_refusal(closure_form, refused)
        else:
            flash(_("Case file %(code)s is saved.", code=case.code), "success")
            return redirect_to(url_for("cases.detail", case_id=case.id))
    return _form_after_refusal(case, closure_form=closure_form)


@bp.post("/<int:case_id>/reopen")
@requires("cases.manage")
def reopen(case_id: int):
    """Open a closed case file again; its closing stays in the history."""
    case = _manageable_case_or_404(case_id)
    reopen_form = ReopenForm(prefix=REOPEN_PREFIX)
    if reopen_form.validate():
        try:
            services.reopen_case(acting_user(), case, reopen_form.reopened_on.data)
        except Refused as refused:
            show_refusal(reopen_form, refused)
        else:
            flash(_("Case file %(code)s is open again.", code=case.code), "success")
            return redirect_to(url_for("cases.detail", case_id=case.id))
    return _form_after_refusal(case, reopen_form=reopen_form)


@bp.get("/picker")
@requires("cases.view")
def picker():
    """Checkboxes of the case files open on a day, for the timesheet entry form (a fragment)."""
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        day = local_today()
    cases = queries.open_cases_for_picker(current_user, day, request.args.get("q", ""))
    selected = {
        queries.normalise_search(code)
        for code in request.args.getlist("cases")[:MAX_SELECTED]
        if code.strip()
    }
    listed = {case["code"] for case in cases}
    return render(
        "cases/_picker.html",
        picker_cases=cases,
        selected=selected,
        extra_selected=sorted(selected - listed),
    )


@bp.get("/caseload")
@requires("cases.caseload")
def caseload():
    """Caseloads on a day (`?day=YYYY-MM-DD`, today by default) against the contract: mentors'
    and social workers' clients in people with their case files, social workers' mentors."""
    from app.calendar import parse_day  # local: the module's imports belong to the case pages

    text = request.args.get("day")
    day = local_today() if not text else parse_day(text)
    if day is None:
        raise Refused.because(
            _("Give the date as YYYY-MM-DD, for example 2020-05-31."),
            status=400,
            title=_("Invalid date"),
        )
    return render(
        "cases/caseload.html",
        load=queries.caseload(day, current_user),
        breach_labels=BREACH_LABELS,
        lead_role=Role.LEAD,
        day=day,
    )
