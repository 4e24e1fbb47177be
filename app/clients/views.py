"""A case file's members: add, edit, leave, move; legal steps and residence moves for chosen
members, and taking back a member's latest step. Each answers on the case file's page."""

from flask import Blueprint, abort, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.calendar import local_today
from app.cases.models import CaseFile
from app.cases.queries import cases_manageable_by
from app.clients import queries, services
from app.clients.forms import (
    LeaveForm,
    MemberForm,
    MembersForm,
    MoveForm,
    NewMemberForm,
    case_page_context,
    residence_form,
    step_form,
)
from app.clients.labels import label_context
from app.clients.models import Membership
from app.forms import int_or_none
from app.htmx import after_change, render
from app.idempotency import idempotent
from app.permissions import acting_user, requires
from app.refusals import Refused, refuse, show_refusal

bp = Blueprint("clients", __name__, url_prefix="/cases")


def _case_or_404(case_id: int) -> CaseFile:
    case = cases_manageable_by(current_user).where(CaseFile.id == case_id).first()
    if case is None:
        abort(404)
    return case


def _membership_or_404(case: CaseFile, membership_id: int) -> Membership:
    membership = queries.membership_in(case, membership_id)
    if membership is None:
        abort(404)
    return membership


def _page(case: CaseFile) -> queries.CasePage:
    return queries.case_page(case, current_user, local_today())


def _case_url(case: CaseFile, anchor: str = "#members") -> str:
    return url_for("cases.detail", case_id=case.id) + anchor


def _show_case(page: queries.CasePage, status: int = 200, **forms):
    """The case file's page (the case part for htmx), `forms` keeping what was posted."""
    context = case_page_context(page, current_user, local_today(), **forms)
    return render("cases/detail.html", "cases/_case.html", status=status, **context)


def _back_to_case(case: CaseFile, refused=None, message: str = ""):
    return after_change(
        _case_url(case), lambda status: _show_case(_page(case), status), refused, message
    )


def _member_input(form: MemberForm) -> services.MemberInput:
    return services.MemberInput(**{name: form[name].data for name in services.CLIENT_FIELDS})


def _chosen_clients(case: CaseFile, page: queries.CasePage, form: MembersForm) -> list:
    """The clients of the checked current members; an id of anyone else refuses the form."""
    ids = form.chosen_ids()
    current = {member.membership_id for member in page.current_members}
    if len(ids) != len(form.members.data or []) or not set(ids) <= current:
        raise refuse(_l("Choose members of this case file."), "members")
    return queries.clients_of(case, ids)


@bp.post("/<int:case_id>/members")
@requires("cases.manage")
@idempotent
def create(case_id: int):
    """A new member of the case file (a baby joins the day it is born)."""
    case = _case_or_404(case_id)
    form = NewMemberForm()
    if form.validate():
        try:
            membership = services.add_member(
                acting_user(), case, _member_input(form), form.joined_on.data
            )
        except Refused as refused:
            show_refusal(form, refused)
        else:
            label = f"{case.code}/{membership.number}"
            return _back_to_case(case, message=_("Member %(member)s is added.", member=label))
    return _show_case(_page(case), 422, member_form=form)


def _member_page(case: CaseFile, membership: Membership, status: int = 200, **forms):
    today = local_today()
    member = next(
        found for found in queries.case_members(case, today) if found.membership_id == membership.id
    )
    values = {name: getattr(membership.client, name) for name in services.CLIENT_FIELDS}
    context = {
        "edit_form": MemberForm(formdata=None, data=values),
        "leave_form": LeaveForm(formdata=None, left_on=today),
        "move_form": MoveForm(formdata=None, day=today),
        **forms,
    }
    return render(
        "clients/member.html",
        status=status,
        case=case,
        member=member,
        today=today,
        **label_context(),
        **context,
    )


@bp.route("/<int:case_id>/members/<int:membership_id>/edit", methods=["GET", "POST"])
@requires("cases.manage")
def edit(case_id: int, membership_id: int):
    """A member's details, and the forms for their leaving or moving to another case file."""
    case = _case_or_404(case_id)
    membership = _membership_or_404(case, membership_id)
    if request.method == "GET":
        return _member_page(case, membership)
    form = MemberForm()
    if form.validate():
        try:
            changed = services.update_member(acting_user(), membership, _member_input(form))
        except Refused as refused:
            show_refusal(form, refused)
        else:
            label = f"{case.code}/{membership.number}"
            message = _("Member %(member)s is saved.", member=label) if changed else ""
            return _back_to_case(case, message=message)
    return _member_page(case, membership, 422, edit_form=form)


@bp.post("/<int:case_id>/members/<int:membership_id>/leave")
@requires("cases.manage")
def leave(case_id: int, membership_id: int):
    """The member leaves the case file on a day (their last day in it)."""
    case = _case_or_404(case_id)
    membership = _membership_or_404(case, membership_id)
    form = LeaveForm()
    if form.validate():
        try:
            services.member_leaves(acting_user(), membership, form.left_on.data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            label = f"{case.code}/{membership.number}"
            return _back_to_case(case, message=_("Member %(member)s has left.", member=label))
    return _member_page(case, membership, 422, leave_form=form)


@bp.post("/<int:case_id>/members/<int:membership_id>/move")
@requires("cases.manage")
@idempotent
def move(case_id: int, membership_id: int):
    """The member belongs to another case file from a day on (named by its code)."""
    case = _case_or_404(case_id)
    membership = _membership_or_404(case, membership_id)
    form = MoveForm()
    if form.validate():
        try:
            target = queries.case_by_code(form.target.data)
            if target is None:
                raise refuse(_l("No case file has this code."), "target")
            moved = services.move_member(acting_user(), membership, target, form.day.data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            message = _(
                "Member %(member)s is now %(moved)s.",
                member=f"{case.code}/{membership.number}",
                moved=f"{target.code}/{moved.number}",
            )
            return _back_to_case(case, message=message)
    return _member_page(case, membership, 422, move_form=form)


@bp.post("/<int:case_id>/steps")
@requires("cases.manage")
@idempotent
def record_step(case_id: int):
    """The same legal step for the checked members (a family's decision)."""
    case = _case_or_404(case_id)
    page = _page(case)
    form = step_form(page)
    if form.validate():
        try:
            clients = _chosen_clients(case, page, form)
            services.record_step(acting_user(), case, clients, form.stage.data, form.day.data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return _back_to_case(case, message=_("The step is recorded."))
    return _show_case(page, 422, step_form=form)


@bp.post("/<int:case_id>/steps/undo")
@requires("cases.manage")
def undo_step(case_id: int):
    """Take back the latest step of one member's timeline (a mistake)."""
    case = _case_or_404(case_id)
    membership = queries.membership_in(case, int_or_none(request.form.get("member")) or 0)
    try:
        if membership is None:
            raise refuse(_l("Choose a member of this case file."))
        services.undo_latest_step(acting_user(), case, membership.client)
    except Refused as refused:
        return _back_to_case(case, refused)
    label = f"{case.code}/{membership.number}"
    return _back_to_case(
        case, message=_("The latest step of %(member)s is taken back.", member=label)
    )


@bp.post("/<int:case_id>/residence")
@requires("cases.manage")
@idempotent
def record_residence(case_id: int):
    """Where the checked members live from a day on."""
    case = _case_or_404(case_id)
    page = _page(case)
    form = residence_form(page)
    if form.validate():
        try:
            clients = _chosen_clients(case, page, form)
            services.record_residence(
                acting_user(),
                case,
                clients,
                form.place.data,
                form.municipality.data,
                form.since.data,
            )
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return _back_to_case(case, message=_("The move is recorded."))
    return _show_case(page, 422, residence_form=form)
