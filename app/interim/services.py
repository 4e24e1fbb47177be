"""Writing the interim report's parts and challenges, and reporting the period: the document as
sent is kept with its SHA-256, and from then on nothing of the report changes."""

import hashlib
from collections.abc import Callable
from datetime import date

from flask_babel import lazy_gettext as _l

from app import audit
from app.accounts import User
from app.db import utcnow, write_tx
from app.i18n import format_instant
from app.interim.models import Challenge, NarrativeVersion, SentReport
from app.interim.queries import current_texts
from app.periods import services as period_services
from app.periods.models import Period
from app.permissions import has_permission
from app.refusals import Refused, refuse

WRITE, REPORT = "write", "report"
#: the longest text of one part: the seed's longest section is about 30 000 characters
TEXT_LIMIT = 60_000
CHALLENGE_LIMIT = 4_000


def allowed_actions(period: Period, user: User) -> set[str]:
    """What the user may do with the period's report now: the pages draw their buttons from this
    answer and the services below enforce the same one."""
    if period.reported_on is not None:
        return set()
    actions = set()
    if has_permission(user, "interim.write"):
        actions.add(WRITE)
    if has_permission(user, "interim.report"):
        actions.add(REPORT)
    return actions


def _require(period: Period, user: User, action: str) -> None:
    if action not in allowed_actions(period, user):
        raise Refused.because(
            _l("This period is reported: its report is kept as it was sent.")
            if period.reported_on is not None
            else _l("You may not change this report."),
            status=409 if period.reported_on is not None else 403,
        )


def save_text(actor: User, period: Period, part: str, text: str, base_id: int | None) -> bool:
    """Save a part's text as its new version; False when it is the text already saved. Refused
    when someone saved the part after `base_id` (the version the writer started from)."""
    with write_tx():
        period = Period.get_by_id(period.id)
        _require(period, actor, WRITE)
        latest = current_texts(period.id).get(part)
        if latest is not None and latest["id"] != base_id:
            raise refuse(
                _l(
                    "%(name)s saved this part at %(time)s, after you opened it. Your text is "
                    "kept here: compare it with theirs below and save again.",
                    name=latest["author"],
                    time=format_instant(latest["written_at"]),
                ),
                "text",
            )
        if (latest["text"] if latest else "") == text:
            return False
        NarrativeVersion.create(period=period.id, part=part, text=text, written_by=actor.id)
        audit.record(actor, "interim.write", period, [part])
    return True


def save_challenge(
    actor: User, period: Period, values: dict, challenge_id: int | None = None
) -> bool:
    """Add a problem and its solution at the end of section XII, or change one."""
    with write_tx():
        period = Period.get_by_id(period.id)
        _require(period, actor, WRITE)
        if challenge_id is None:
            last = Challenge.select().where(Challenge.period == period.id).count()
            challenge = Challenge.create(
                period=period.id, position=last + 1, written_by=actor.id, **values
            )
            audit.record(actor, "interim.challenge.add", challenge, list(values))
            return True
        challenge = _challenge_of(period, challenge_id)
        changed = [name for name, value in values.items() if getattr(challenge, name) != value]
        if not changed:
            return False
        Challenge.update(**values, written_by=actor.id, updated_at=utcnow()).where(
            Challenge.id == challenge.id
        ).execute()
        audit.record(actor, "interim.challenge.update", challenge, changed)
    return True


def delete_challenge(actor: User, period: Period, challenge_id: int) -> None:
    with write_tx():
        period = Period.get_by_id(period.id)
        _require(period, actor, WRITE)
        challenge = _challenge_of(period, challenge_id)
        challenge.delete_instance()
        audit.record(actor, "interim.challenge.delete", challenge, [challenge.area])


def _challenge_of(period: Period, challenge_id: int) -> Challenge:
    challenge = Challenge.get_or_none(Challenge.id == challenge_id, Challenge.period == period.id)
    if challenge is None:
        raise Refused.because(_l("This problem is no longer in the report."), status=404)
    return challenge


def report(
    actor: User,
    period: Period,
    reported_on: date,
    missing: list[str],
    build: Callable[[], tuple[str, bytes]],
) -> SentReport:
    """Mark the period reported and keep the document as sent. Refused while anything the final
    document needs is `missing` (weeks not approved, months not locked)."""
    _require(period, actor, REPORT)
    period_services.check_reported_on(period, reported_on)  # before seconds of building
    if missing:
        raise refuse(
            _l("The report is not final yet: %(missing)s", missing="; ".join(missing)),
            "reported_on",
        )
    filename, document = build()  # outside the transaction: building takes seconds
    with write_tx():
        period_services.mark_reported(actor, period, reported_on)
        sent = SentReport.create(
            period=period.id,
            filename=filename,
            document=document,
            sha256=hashlib.sha256(document).hexdigest(),
            sent_by=actor.id,
        )
        audit.record(actor, "interim.sent", period, [sent.sha256])
    return sent
