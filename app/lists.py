"""Bilingual, retirable lists (activity types, risk types, kinds of sessions): the model's shared
fields and reads, the services that change a list, and the view helpers its pages share.

A used item is retired, never deleted: it stays on the records that have it and leaves the
choices offered for new ones."""

from collections.abc import Callable
from typing import ClassVar, Self

from flask import Response, abort, flash, request, url_for
from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, IntegerField
from wtforms import IntegerField as IntegerInput
from wtforms import StringField
from wtforms.validators import NumberRange, Optional

from app import audit
from app.db import BaseModel, write_tx
from app.forms import BaseForm, IdempotentForm, max_length, required
from app.htmx import redirect_to, render
from app.permissions import acting_user, requires
from app.refusals import Refused, show_refusal

NAME_FIELDS = ("name_lv", "name_en")
NAME_LIMIT = 120
BLANK = _l("This field is required.")
TAKEN = _l("The list already has an item with this name.")


class BilingualItem(BaseModel):
    """An item of an editable list, named in Latvian and English; subclasses add their own
    fields and say under which name their changes are audited."""

    #: the audit actions' prefix, e.g. "risk_type" for "risk_type.create"
    audit_prefix: ClassVar[str]

    name_lv = CharField(max_length=NAME_LIMIT)
    name_en = CharField(max_length=NAME_LIMIT)
    active = BooleanField(default=True)  #: a used item is retired, never deleted
    sort_order = IntegerField(default=0)

    def name(self, language: str) -> str:
        """The name in the reader's language ("en" or "lv")."""
        return self.name_en if language == "en" else self.name_lv

    @classmethod
    def name_column(cls, language: str):
        """The column of the name in the reader's language, for queries that join the list."""
        return cls.name_en if language == "en" else cls.name_lv

    @classmethod
    def ordered(cls) -> list[Self]:
        """Every item for the list's own page: the offered ones first, each group in order."""
        return list(cls.select().order_by(cls.active.desc(), cls.sort_order, cls.id))

    @classmethod
    def choices(cls, language: str, keep_id: int | None = None) -> list[tuple[int, str]]:
        """(id, name) of the offered items in order, plus a retired one a record already has."""
        return list(
            cls.select(cls.id, cls.name_column(language))
            .where(cls.active | (cls.id == (keep_id or 0)))
            .order_by(cls.sort_order, cls.id)
            .tuples()
        )


class NamesForm(IdempotentForm, BaseForm):
    """An item's two names; a list with more fields adds them in a subclass. The add card
    draws the key (the rename and edit forms do not: a change repeated is the same change)."""

    name_lv = StringField(_l("Name in Latvian"), validators=[required(), max_length(NAME_LIMIT)])
    name_en = StringField(_l("Name in English"), validators=[required(), max_length(NAME_LIMIT)])

    def names(self) -> dict[str, str]:
        """The two names as typed, by field (the services trim them)."""
        return {"name_lv": self.name_lv.data, "name_en": self.name_en.data}


class OrderedNamesForm(NamesForm):
    """Two names and a place in the list's order (the criteria lists)."""

    sort_order = IntegerInput(
        _l("Order"),
        default=0,
        validators=[Optional(), NumberRange(0, 999, message=_l("Use a number from 0 to 999."))],
    )

    def names(self) -> dict:
        return {**super().names(), "sort_order": self.sort_order.data or 0}


# --- services ------------------------------------------------------------------------------


def add(actor, model: type[BilingualItem], values: dict) -> BilingualItem:
    """A new item; without a `sort_order` it is listed after the others."""
    values = _named(values)
    with write_tx():
        _refuse_taken(model, values)
        if "sort_order" not in values:
            last = model.select(model.sort_order).order_by(model.sort_order.desc()).scalar()
            values = {**values, "sort_order": (last or 0) + 1}
        item = model.create(**values)
        audit.record(actor, f"{model.audit_prefix}.create", item, list(values))
    return item


def rename(actor, item: BilingualItem, name_lv: str, name_en: str) -> None:
    """New names in both languages; the records that have the item keep it."""
    _change(actor, item, {"name_lv": name_lv, "name_en": name_en}, "rename")


def update(actor, item: BilingualItem, values: dict) -> None:
    """New names and other fields of the item; the records that have it follow."""
    _change(actor, item, values, "update")


def retire(actor, item: BilingualItem) -> None:
    """Stop offering the item; the records that have it keep it."""
    _set_active(actor, item, False, "retire")


def restore(actor, item: BilingualItem) -> None:
    """Offer a retired item again."""
    _set_active(actor, item, True, "restore")


def _named(values: dict) -> dict:
    """The values with the names trimmed; refuses a blank name beside its field."""
    values = {**values, **{name: values[name].strip() for name in NAME_FIELDS}}
    blank = {name: [BLANK] for name in NAME_FIELDS if not values[name]}
    if blank:
        raise Refused(blank)
    return values


def _refuse_taken(model: type[BilingualItem], values: dict, item_id: int | None = None) -> None:
    """Refuses, beside its field, a name another item of the list has (retired ones too, in any
    letter case): two items of one name could not be told apart in a choice."""
    others = model.select(model.name_lv, model.name_en).where(model.id != (item_id or 0))
    taken = {name: set() for name in NAME_FIELDS}
    for name_lv, name_en in others.tuples():
        taken["name_lv"].add(name_lv.casefold())
        taken["name_en"].add(name_en.casefold())
    errors = {name: [TAKEN] for name in NAME_FIELDS if values[name].casefold() in taken[name]}
    if errors:
        raise Refused(errors)


def _change(actor, item: BilingualItem, values: dict, verb: str) -> None:
    model = type(item)
    values = _named(values)
    with write_tx():
        _refuse_taken(model, values, item.id)
        changed = [name for name, value in values.items() if getattr(item, name) != value]
        model.update(**values).where(model.id == item.id).execute()
        audit.record(actor, f"{model.audit_prefix}.{verb}", item, changed)
    for name, value in values.items():
        setattr(item, name, value)


def _set_active(actor, item: BilingualItem, active: bool, verb: str) -> None:
    model = type(item)
    with write_tx():
        model.update(active=active).where(model.id == item.id).execute()
        audit.record(actor, f"{model.audit_prefix}.{verb}", item, ["active"])
    item.active = active


# --- views ---------------------------------------------------------------------------------


def item_or_404(model: type[BilingualItem], item_id: int) -> BilingualItem:
    item = model.get_or_none(model.id == item_id)
    if item is None:
        abort(404)
    return item


def submitted(form, save: Callable, message, back_to: str) -> Response | None:
    """A list form's answer once posted, valid and saved by `save(actor)`: back to the list
    with `message`. None when it is not posted, not valid or refused (the refusal is put beside
    its fields): the view shows its page again."""
    if not form.validate_on_submit():
        return None
    try:
        save(acting_user())
    except Refused as error:
        show_refusal(form, error)
        return None
    flash(message, "success")
    return redirect_to(back_to)


def retire_or_restore(
    model: type[BilingualItem], item_id: int, active: bool, back_to: str, message=None
):
    """A retire or restore view's answer: the change, then back to the list's page."""
    item = item_or_404(model, item_id)
    (restore if active else retire)(acting_user(), item)
    if message:
        flash(message, "success")
    return redirect_to(back_to)


def add_criterion_routes(
    bp, model: type[BilingualItem], permission: str, form_class, update: Callable, template: str
) -> None:
    """The edit, retire and restore views of a criteria list kept on `bp`'s index page (the
    complexity levels' and the closing evaluation's): `update(actor, item, values)` saves an
    edit, `template` draws the edit form."""
    back = f"{bp.name}.index"

    @bp.route("/<int:criterion_id>/edit", methods=["GET", "POST"], endpoint="edit")
    @requires(permission)
    def edit(criterion_id: int):
        """Reword a criterion (or move it)."""
        criterion = item_or_404(model, criterion_id)
        form = form_class(obj=criterion) if request.method == "GET" else form_class()
        saved = submitted(
            form,
            lambda actor: update(actor, criterion, form.criterion()),
            _l("The criterion is saved."),
            url_for(back),
        )
        if saved is not None:
            return saved
        status = 422 if request.method == "POST" else 200
        return render(template, status=status, form=form, criterion=criterion)

    @bp.post("/<int:criterion_id>/retire", endpoint="retire")
    @requires(permission)
    def retire_view(criterion_id: int):
        """Retire a criterion: no longer offered; what it graded or described keeps it."""
        return retire_or_restore(model, criterion_id, False, url_for(back))

    @bp.post("/<int:criterion_id>/restore", endpoint="restore")
    @requires(permission)
    def restore_view(criterion_id: int):
        """Offer a retired criterion again."""
        return retire_or_restore(model, criterion_id, True, url_for(back))
