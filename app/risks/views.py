"""The risk register: the table, a risk's page, measures, assessments, comments, the heat map and
the list of risk types. The exports live in export_views.py."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calendar import local_today
from app.forms import int_or_none
from app.htmx import redirect_to, render, wants_fragment
from app.i18n import reader_language
from app.periods import queries as period_queries
from app.periods.models import Period, PeriodKind
from app.permissions import acting_user, has_permission, requires
from app.refusals import Refused, show_refusal
from app.risks import heatmap, queries, services
from app.risks.forms import (
    BAND_LABELS,
    MEASURE_STATUS_LABELS,
    STATUS_LABELS,
    AssessmentForm,
    CloseForm,
    CommentForm,
    MeasureForm,
    RiskForm,
)
from app.risks.models import Band, Measure, Risk, RiskStatus, RiskType
from app.risks.scoring import SCALE, BandRules, band_order

bp = Blueprint("risks", __name__, url_prefix="/risks")

#: sort key -> (the row's value, the direction a first click sorts in)
SORTS = {
    "score": (lambda row: row["score"], "desc"),
    "band": (lambda row: -band_order(row["band"]), "desc"),
    "type": (lambda row: (row["type_order"], row["type_name"].casefold()), "asc"),
    "title": (lambda row: row["title"].casefold(), "asc"),
    "next_review": (lambda row: row["next_review"], "asc"),
}
STATUS_FILTERS = (RiskStatus.ACTIVE, RiskStatus.CLOSED, "all")
DIRECTION_LABELS = {
    heatmap.UP: "↑",
    heatmap.DOWN: "↓",
    heatmap.NEW: "+",
    heatmap.SHIFTED: "↔",
}


def risk_or_404(risk_id: int) -> Risk:
    risk = Risk.get_or_none(Risk.id == risk_id)
    if risk is None:
        abort(404)
    return risk


def period_or_404(period_id: int) -> Period:
    period = Period.get_or_none(Period.id == period_id, Period.kind == PeriodKind.INTERIM)
    if period is None:
        abort(404)
    return period


def export_url(endpoint: str, **args) -> str | None:
    """The export's address, or None when this role may not export."""
    if not has_permission(current_user, "risks.export"):
        return None
    return url_for(endpoint, **args)


def label_context() -> dict:
    return {
        "band_labels": BAND_LABELS,
        "status_labels": STATUS_LABELS,
        "measure_status_labels": MEASURE_STATUS_LABELS,
        "direction_labels": DIRECTION_LABELS,
    }


# --- the register --------------------------------------------------------------------------


def register_filters(args) -> dict:
    """The table's filters and sort from the query string; anything unknown means "all"."""
    band = args.get("band", "")
    status = args.get("status", RiskStatus.ACTIVE)
    sort = args.get("sort", "")
    direction = args.get("dir", "")
    likelihood = int_or_none(args.get("likelihood"))
    impact = int_or_none(args.get("impact"))
    return {
        "type": int_or_none(args.get("type")),
        "band": band if band in Band.ALL else "",
        "owner": int_or_none(args.get("owner")),
        "status": status if status in STATUS_FILTERS else RiskStatus.ACTIVE,
        "overdue": args.get("overdue") == "1",
        "likelihood": likelihood if likelihood in SCALE else None,
        "impact": impact if impact in SCALE else None,
        "sort": sort if sort in SORTS else "",
        "dir": direction if direction in ("asc", "desc") else "",
    }


def filter_rows(rows: list[dict], filters: dict) -> list[dict]:
    def keep(row: dict) -> bool:
        return (
            (filters["type"] is None or row["type_id"] == filters["type"])
            and (not filters["band"] or row["band"] == filters["band"])
            and (filters["owner"] is None or row["owner_id"] == filters["owner"])
            and (filters["status"] == "all" or row["status"] == filters["status"])
            and (not filters["overdue"] or row["overdue"])
            and (filters["likelihood"] is None or row["likelihood"] == filters["likelihood"])
            and (filters["impact"] is None or row["impact"] == filters["impact"])
        )

    return [row for row in rows if keep(row)]


def sort_rows(rows: list[dict], sort: str, direction: str) -> list[dict]:
    """Sorted by the chosen column; the register's own order (band, score) breaks ties."""
    if not sort:
        return rows
    key, default = SORTS[sort]
    return sorted(rows, key=key, reverse=(direction or default) == "desc")


def query_args(filters: dict, **changes) -> dict:
    """The filters as URL arguments, leaving out the defaults so addresses stay short."""
    merged = {**filters, **changes}
    args = {}
    for name in ("type", "band", "owner", "likelihood", "impact", "sort", "dir"):
        if merged[name] not in (None, ""):
            args[name] = merged[name]
    if merged["status"] != RiskStatus.ACTIVE:
        args["status"] = merged["status"]
    if merged["overdue"]:
        args["overdue"] = "1"
    return args


def sort_links(filters: dict) -> dict[str, dict]:
    """For each sortable column: the URL that sorts by it (or reverses it) and its state."""
    links = {}
    for key, (_value, default) in SORTS.items():
        active = filters["sort"] == key
        current = filters["dir"] or default
        next_direction = ("asc" if current == "desc" else "desc") if active else default
        links[key] = {
            "url": url_for("risks.index", **query_args(filters, sort=key, dir=next_direction)),
            "aria": ("ascending" if current == "asc" else "descending") if active else None,
        }
    return links


@bp.get("/")
@requires("risks.view")
def index():
    """The register: every risk with score, band, priority and next review; filters and sort
    in the URL."""
    filters = register_filters(request.args)
    today = local_today()
    language = reader_language()
    all_rows = queries.register_rows(language, today)
    rows = sort_rows(filter_rows(all_rows, filters), filters["sort"], filters["dir"])
    periods = queries.interim_periods(begun_by=today)
    # the export's default: the current period, else the newest one that has begun
    current = [period for period in periods if period.contains(today)]
    return render(
        "risks/index.html",
        "risks/_register.html",
        rows=rows,
        total=len(all_rows),
        filters=filters,
        sort_links=sort_links(filters),
        clear_cell_url=url_for("risks.index", **query_args(filters, likelihood=None, impact=None)),
        types=[
            (risk_type.id, risk_type.name_en if language == "en" else risk_type.name_lv)
            for risk_type in queries.risk_types()
        ],
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


# --- a risk's page -------------------------------------------------------------------------


def change_of(score: int, previous: int | None) -> str:
    if previous is None or score == previous:
        return ""
    return heatmap.UP if score > previous else heatmap.DOWN


def timeline(risk: Risk, row: dict, today: date, can_edit: bool) -> list[dict]:
    """One row per six-month period the risk lived in (its assessment, if written), then the
    current values; each score compared with the one before."""
    rules = BandRules.from_config()
    assessments = queries.assessments_of(risk.id)
    rows, previous = [], None
    for period in queries.assessable_periods(risk.added_on, risk.closed_on, today):
        found = assessments.get(period.id)
        entry = {
            "period": period,
            "assessment": found,
            "editable": can_edit and services.assessment_refusal(risk, period, today) is None,
            "url": url_for("risks.assessment", risk_id=risk.id, period_id=period.id),
            "docx_url": export_url("risks_export.export_docx", period=period.id),
        }
        if found is not None:
            score = found["likelihood"] * found["impact"]
            entry.update(
                score=score,
                band=rules.band(found["likelihood"], found["impact"]),
                change=change_of(score, previous),
            )
            previous = score
        rows.append(entry)
    rows.append(
        {
            "period": None,
            "assessment": {"likelihood": row["likelihood"], "impact": row["impact"]},
            "score": row["score"],
            "band": row["band"],
            "change": change_of(row["score"], previous),
        }
    )
    return rows


def risk_context(risk: Risk, **forms) -> dict:
    """Everything the risk's page shows, in a fixed number of queries; `forms` replace the
    blank ones (a 422 keeps the input)."""
    today = local_today()
    row = queries.risk_row(risk.id, reader_language(), today)
    can_edit = has_permission(current_user, "risks.edit")
    measures = queries.measures_of(risk.id)
    keep_owners = [m["owner_id"] for m in measures if m["owner_id"]]
    people = queries.owner_choices(keep=keep_owners)
    context = {
        "risk": row,
        "measures": measures,
        "comments": queries.comments_of(risk.id),
        "timeline": timeline(risk, row, today, can_edit),
        "can_edit": can_edit,
        "can_comment": has_permission(current_user, "risks.comment"),
        "active": row["status"] == RiskStatus.ACTIVE,
        "measure_form": MeasureForm(people, formdata=None, prefix="new"),
        "comment_form": CommentForm(formdata=None, prefix="comment"),
        "close_form": CloseForm(formdata=None, version=row["version"]),
        **label_context(),
    }
    context.update(forms)
    return context


def render_risk(risk: Risk, fragment: str | None = None, status: int = 200, **forms):
    return render("risks/detail.html", fragment, status=status, **risk_context(risk, **forms))


def back_to_risk(risk: Risk, fragment: str, anchor: str, error=None, message: str = ""):
    """After a change on the risk's page: the changed part (htmx) or the page again."""
    if error is not None:
        flash(str(error), "error")
    elif message:
        flash(message, "success")
    if not wants_fragment():
        return redirect(url_for("risks.detail", risk_id=risk.id) + anchor, 303)
    response = render_risk(risk, fragment, status=200 if error is None else 422)
    # the request may come from a part inside it (a measure's own form)
    response.headers["HX-Retarget"] = anchor
    response.headers["HX-Reswap"] = "outerHTML"
    return response


@bp.get("/<int:risk_id>")
@requires("risks.view")
def detail(risk_id: int):
    """One risk: details, numbered measures, the timeline of assessments, comments."""
    return render_risk(risk_or_404(risk_id))


# --- measures --------------------------------------------------------------------------


def measure_or_404(risk: Risk, measure_id: int) -> Measure:
    measure = Measure.get_or_none(Measure.id == measure_id, Measure.risk == risk.id)
    if measure is None:
        abort(404)
    return measure


def measure_form(formdata=None, measure: Measure | None = None) -> MeasureForm:
    people = queries.owner_choices(keep=[measure.owner_id] if measure and measure.owner_id else [])
    defaults = {}
    if measure is not None and formdata is None:
        defaults = {"text": measure.text, "owner": measure.owner_id or 0, "status": measure.status}
    prefix = f"measure{measure.id}" if measure is not None else "new"
    return MeasureForm(people, formdata=formdata, prefix=prefix, **defaults)


def render_measure_form(risk: Risk, measure: Measure, form: MeasureForm, status: int = 200):
    return render(
        "risks/measure_page.html",
        "risks/_measure_form.html",
        status=status,
        risk=risk,
        measure=measure,
        form=form,
        measure_status_labels=MEASURE_STATUS_LABELS,
    )


@bp.post("/<int:risk_id>/measures")
@requires("risks.edit")
def add_measure(risk_id: int):
    """Add a measure at the end of the numbered list."""
    risk = risk_or_404(risk_id)
    form = measure_form(formdata=request.form)
    if form.validate():
        try:
            services.add_measure(
                acting_user(), risk, form.text.data, form.owner.data or None, form.status.data
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            return back_to_risk(
                risk, "risks/_measures.html", "#measures", message=_("The measure is added.")
            )
    return render_risk(risk, "risks/_measures.html", status=422, measure_form=form)


@bp.get("/<int:risk_id>/measures/<int:measure_id>/edit")
@requires("risks.edit")
def edit_measure(risk_id: int, measure_id: int):
    """The measure's form, in place of the measure."""
    risk = risk_or_404(risk_id)
    measure = measure_or_404(risk, measure_id)
    return render_measure_form(risk, measure, measure_form(measure=measure))


@bp.post("/<int:risk_id>/measures/<int:measure_id>")
@requires("risks.edit")
def update_measure(risk_id: int, measure_id: int):
    """Save a measure's text, owner and status."""
    risk = risk_or_404(risk_id)
    measure = measure_or_404(risk, measure_id)
    form = measure_form(formdata=request.form, measure=measure)
    if form.validate():
        try:
            services.update_measure(
                acting_user(), measure, form.text.data, form.owner.data or None, form.status.data
            )
        except Refused as error:
            show_refusal(form, error)
        else:
            return back_to_risk(
                risk, "risks/_measures.html", "#measures", message=_("The measure is saved.")
            )
    return render_measure_form(risk, measure, form, status=422)


@bp.post("/<int:risk_id>/measures/<int:measure_id>/move")
@requires("risks.edit")
def move_measure(risk_id: int, measure_id: int):
    """Move a measure one place up or down; the list is renumbered 1..n."""
    risk = risk_or_404(risk_id)
    measure = measure_or_404(risk, measure_id)
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""), 0)
    try:
        services.move_measure(acting_user(), measure, step)
    except Refused as error:
        return back_to_risk(risk, "risks/_measures.html", "#measures", error=error)
    return back_to_risk(risk, "risks/_measures.html", "#measures")


# --- assessments ---------------------------------------------------------------------------


@bp.route("/<int:risk_id>/assessments/<int:period_id>", methods=["GET", "POST"])
@requires("risks.edit")
def assessment(risk_id: int, period_id: int):
    """The risk's assessment for a six-month period: its text, likelihood and impact then."""
    risk = risk_or_404(risk_id)
    period = period_or_404(period_id)
    today = local_today()
    existing = queries.assessments_of(risk.id).get(period.id)
    refusal = services.assessment_refusal(risk, period, today)
    if request.method == "GET":
        defaults = {"likelihood": risk.likelihood, "impact": risk.impact, "version": ""}
        if existing is not None:
            defaults = {
                "text": existing["text"],
                "likelihood": existing["likelihood"],
                "impact": existing["impact"],
                "version": existing["version"],
            }
        form = AssessmentForm(formdata=None, **defaults)
        return render_assessment(risk, period, form, existing, refusal)
    form = AssessmentForm()
    if form.validate():
        data = services.AssessmentInput(
            text=form.text.data or "",
            likelihood=form.likelihood.data,
            impact=form.impact.data,
        )
        version = int_or_none(form.version.data)  # None: a new assessment
        try:
            services.save_assessment(acting_user(), risk, period, data, version, today)
        except Refused as error:
            show_refusal(form, error)
        else:
            flash(_("The assessment is saved."), "success")
            return redirect_to(url_for("risks.detail", risk_id=risk.id) + "#timeline")
    return render_assessment(risk, period, form, existing, refusal, status=422)


def render_assessment(risk, period, form, existing, refusal, status: int = 200):
    return render(
        "risks/assessment.html",
        "risks/_assessment_form.html",
        status=status,
        risk=risk,
        period=period,
        form=form,
        existing=existing,
        refusal=refusal,
        band_labels=BAND_LABELS,
    )


# --- comments --------------------------------------------------------------------------


@bp.post("/<int:risk_id>/comments")
@requires("risks.comment")
def comment(risk_id: int):
    """Add a comment to a risk (social workers, the coordinator, the lead)."""
    risk = risk_or_404(risk_id)
    form = CommentForm(prefix="comment")
    if form.validate():
        try:
            services.add_comment(acting_user(), risk, form.text.data)
        except Refused as error:
            show_refusal(form, error)
        else:
            return back_to_risk(
                risk, "risks/_comments.html", "#comments", message=_("The comment is added.")
            )
    return render_risk(risk, "risks/_comments.html", status=422, comment_form=form)


# --- the heat map ----------------------------------------------------------------------------


def points_before(period: Period | None, today: date):
    """The earlier points to compare with: the previous six-month period's assessments (for a
    period), or the newest assessed period's (for now)."""
    if period is None:
        baseline = queries.latest_assessed_period(today)
    else:
        baseline = period_queries.previous_period(period)
    if baseline is None:
        return None, None
    return baseline, queries.period_points(baseline.id)


@bp.get("/heatmap", endpoint="heatmap")
@requires("risks.view")
def heatmap_view():
    """Likelihood x impact, 5 x 5: the active risks now, or a period's assessments; and which
    risks moved since the period before."""
    period = None
    period_id = int_or_none(request.args.get("period"))
    if period_id is not None:
        period = period_or_404(period_id)
    today = local_today()
    points = queries.current_points() if period is None else queries.period_points(period.id)
    baseline, before = points_before(period, today)
    rules = BandRules.from_config()
    cells = heatmap.grid(points, rules)
    return render(
        "risks/heatmap.html",
        "risks/_heatmap.html",
        period=period,
        periods=queries.interim_periods(begun_by=today),
        cells=cells,
        placed=[cell for row in cells for cell in row if cell["risks"]],
        count=len(points),
        baseline=baseline,
        moved=heatmap.moved(points, before),
        scale=list(SCALE),
        **label_context(),
    )
