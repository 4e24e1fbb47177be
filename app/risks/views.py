"""The risk register: the table, adding, editing and closing a risk, the risk's page and its
comments. Measures, assessments, the heat map, risk types and the exports have their own
*_views.py modules."""

from flask import Blueprint, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import local_today
from app.forms import int_or_none
from app.htmx import redirect_to, render
from app.i18n import reader_language
from app.idempotency import idempotent
from app.permissions import acting_user, has_permission, requires
from app.refusals import Refused, show_refusal
from app.risks import queries, services
from app.risks.forms import CloseForm, CommentForm, RiskForm
from app.risks.labels import label_context
from app.risks.models import Band, Risk, RiskType
from app.risks.pages import back_to_risk, export_url, render_risk, risk_or_404

bp = Blueprint("risks", __name__, url_prefix="/risks")


# --- the register --------------------------------------------------------------------------


@bp.get("/")
@requires("risks.view")
def index():
    """The register: every risk with score, band, priority and next review; filters and sort
    in the URL."""
    filters = queries.register_filters(request.args)
    today = local_today()
    language = reader_language()
    all_rows = queries.register_rows(language, today)
    rows = queries.sort_rows(
        queries.filter_rows(all_rows, filters), filters["sort"], filters["dir"]
    )
    periods = queries.interim_periods(begun_by=today)
    # the export's default: the current period, else the newest one that has begun
    current = [period for period in periods if period.contains(today)]
    return render(
        "risks/index.html",
        "risks/_register.html",
        rows=rows,
        total=len(all_rows),
        filters=filters,
        sort_links=queries.sort_links(filters, lambda **args: url_for("risks.index", **args)),
        clear_cell_url=url_for(
            "risks.index", **queries.query_args(filters, likelihood=None, impact=None)
        ),
        types=[(risk_type.id, risk_type.name(language)) for risk_type in RiskType.ordered()],
        owners=queries.owner_choices(keep=[filters["owner"]] if filters["owner"] else []),
        periods=periods,
        default_period=(current or periods or [None])[0],
        docx_url=export_url("risks_export.export_docx"),
        xlsx_url=export_url("risks_export.export_xlsx"),
        can_edit=has_permission(current_user, "risks.edit"),
        **label_context(),
    )


# --- create, edit, close ---------------------------------------------------------------------


def risk_form(formdata=None, risk: Risk | None = None, **defaults) -> RiskForm:
    if risk is not None and formdata is None:
        defaults.update(
            type=risk.type_id,
            title=risk.title,
            description=risk.description,
            owner=risk.owner_id or 0,
            contract_priority=risk.contract_priority,
            likelihood=risk.likelihood,
            impact=risk.impact,
            added_on=risk.added_on,
            version=risk.version,
        )
    types = RiskType.choices(reader_language(), risk.type_id if risk else None)
    people = queries.owner_choices(keep=[risk.owner_id] if risk and risk.owner_id else [])
    return RiskForm(types, people, formdata=formdata, **defaults)


def risk_input(form: RiskForm) -> services.RiskInput:
    return services.RiskInput(
        type_id=form.type.data or 0,
        title=form.title.data or "",
        description=form.description.data or "",
        owner_id=form.owner.data or None,
        contract_priority=form.contract_priority.data or "",
        likelihood=form.likelihood.data,
        impact=form.impact.data,
        added_on=form.added_on.data,
    )


def render_risk_form(form: RiskForm, risk: Risk | None = None, status: int = 200):
    return render("risks/form.html", "risks/_form.html", status=status, form=form, risk=risk)


@bp.route("/new", methods=["GET", "POST"])
@requires("risks.edit")
@idempotent
def new():
    """Add a risk: type, title, owner, the contract's priority, likelihood and impact."""
    if request.method == "GET":
        return render_risk_form(
            risk_form(contract_priority=Band.MEDIUM, likelihood=3, impact=3, added_on=local_today())
        )
    form = risk_form(formdata=request.form)
    if form.validate():
        try:
            risk = services.create_risk(acting_user(), risk_input(form), local_today())
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The risk is added to the register."), "success")
            return redirect_to(url_for("risks.detail", risk_id=risk.id))
    return render_risk_form(form, status=422)


@bp.route("/<int:risk_id>/edit", methods=["GET", "POST"])
@requires("risks.edit")
def edit(risk_id: int):
    """Change a risk, unless someone saved it since the form was opened."""
    risk = risk_or_404(risk_id)
    if request.method == "GET":
        return render_risk_form(risk_form(risk=risk), risk)
    form = risk_form(formdata=request.form, risk=risk)
    if form.validate():
        try:
            services.update_risk(
                acting_user(), risk, risk_input(form), int_or_none(form.version.data), local_today()
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The risk is saved."), "success")
            return redirect_to(url_for("risks.detail", risk_id=risk.id))
    return render_risk_form(form, risk, status=422)


@bp.post("/<int:risk_id>/close")
@requires("risks.edit")
def close(risk_id: int):
    """Close an active risk with a reason; it stays in the register and its assessments."""
    risk = risk_or_404(risk_id)
    form = CloseForm()
    if form.validate():
        try:
            services.close_risk(
                acting_user(), risk, form.reason.data, int_or_none(form.version.data), local_today()
            )
        except Refused as error:
            if "" in error.errors:  # the form may not be on the page any more (already closed)
                flash(str(error), "error")
            else:
                show_refusal(form, error)
        else:
            flash(_("The risk is closed."), "success")
            return redirect_to(url_for("risks.detail", risk_id=risk.id))
    return render_risk(risk, status=422, close_form=form)


# --- a risk's page ------------------------------------------------------------------------


@bp.get("/<int:risk_id>")
@requires("risks.view")
def detail(risk_id: int):
    """One risk: details, numbered measures, the timeline of assessments, comments."""
    return render_risk(risk_or_404(risk_id))


# --- comments --------------------------------------------------------------------------


@bp.post("/<int:risk_id>/comments")
@requires("risks.comment")
@idempotent
def comment(risk_id: int):
    """Add a comment to a risk (social workers, the coordinator, the lead)."""
    risk = risk_or_404(risk_id)
    form = CommentForm(prefix="comment")
    if form.validate():
        try:
            services.add_comment(acting_user(), risk, form.text.data, local_today())
        except Refused as error:
            show_refusal(form, error)
        else:
            return back_to_risk(
                risk, "risks/_comments.html", "#comments", message=_("The comment is added.")
            )
    return render_risk(risk, "risks/_comments.html", status=422, comment_form=form)
