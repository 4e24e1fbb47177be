"""The closing evaluation's graded scale: four steps of the client's progress on a criterion."""

from flask_babel import lazy_gettext as _l

#: grade -> its words; the scale is fixed (the methodology's), the criteria are the lead's list
GRADES = {
    1: _l("No progress"),
    2: _l("Some progress"),
    3: _l("Significant progress"),
    4: _l("Fully achieved"),
}
LOWEST, HIGHEST = min(GRADES), max(GRADES)
#: a grade that needs a comment: "no progress" says why
COMMENT_NEEDED = frozenset({LOWEST})


def grade_label(grade: int) -> str:
    """'3 – Significant progress'."""
    return f"{grade} – {GRADES[grade]}"
