"""The risk register's words for its values: bands, statuses, measure statuses, heat-map moves."""

from flask_babel import lazy_gettext as _l

from app.risks import heatmap
from app.risks.models import Band, MeasureStatus, RiskStatus

BAND_LABELS = {Band.HIGH: _l("high"), Band.MEDIUM: _l("medium"), Band.LOW: _l("low")}
STATUS_LABELS = {RiskStatus.ACTIVE: _l("active"), RiskStatus.CLOSED: _l("closed")}
MEASURE_STATUS_LABELS = {
    MeasureStatus.PLANNED: _l("planned"),
    MeasureStatus.IN_PLACE: _l("in place"),
    MeasureStatus.DROPPED: _l("dropped"),
}
DIRECTION_LABELS = {
    heatmap.UP: "↑",
    heatmap.DOWN: "↓",
    heatmap.NEW: "+",
    heatmap.SHIFTED: "↔",
}


def level_label(level: str) -> str:
    """'high' → 'Augsta' in Latvian, 'High' in English; an unknown value as it is."""
    label = BAND_LABELS.get(level)
    return str(label).capitalize() if label is not None else level


def label_context() -> dict:
    """The labels every page of the register hands to its templates."""
    return {
        "band_labels": BAND_LABELS,
        "status_labels": STATUS_LABELS,
        "measure_status_labels": MEASURE_STATUS_LABELS,
        "direction_labels": DIRECTION_LABELS,
    }
