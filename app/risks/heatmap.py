"""The 5x5 heat map and "which risks moved": pure functions of (risk, likelihood, impact) points."""

from app.risks.scoring import SCALE, BandRules, score

UP, DOWN, NEW, SHIFTED = "up", "down", "new", "shifted"
#: the order the moved list is shown in
DIRECTIONS = (UP, NEW, SHIFTED, DOWN)


def grid(points: list[dict], rules: BandRules) -> list[list[dict]]:
    """Rows of cells, impact 5 at the top and likelihood 1 on the left, as risk maps are drawn.

    Each cell: likelihood, impact, score, band and the risks (id, title) that sit in it.
    """
    by_cell: dict[tuple[int, int], list[dict]] = {}
    for point in points:
        key = (point["likelihood"], point["impact"])
        by_cell.setdefault(key, []).append({"id": point["id"], "title": point["title"]})
    return [
        [
            {
                "likelihood": likelihood,
                "impact": impact,
                "score": score(likelihood, impact),
                "band": rules.band(likelihood, impact),
                "risks": by_cell.get((likelihood, impact), []),
            }
            for likelihood in SCALE
        ]
        for impact in reversed(SCALE)
    ]


def moved(points: list[dict], before: list[dict] | None) -> list[dict]:
    """The risks whose place changed against an earlier set of points.

    up / down: the score rose or fell; shifted: another cell with the same score; new: not in
    the earlier set. Risks that stayed in their cell are left out. Without an earlier set
    (no previous period) nothing is compared and the list is empty.
    """
    if before is None:
        return []
    earlier = {point["id"]: point for point in before}
    found = []
    for point in points:
        old = earlier.get(point["id"])
        new_score = score(point["likelihood"], point["impact"])
        if old is None:
            direction, old_score = NEW, None
        else:
            old_score = score(old["likelihood"], old["impact"])
            if new_score > old_score:
                direction = UP
            elif new_score < old_score:
                direction = DOWN
            elif (old["likelihood"], old["impact"]) != (point["likelihood"], point["impact"]):
                direction = SHIFTED
            else:
                continue
        found.append(
            {
                "id": point["id"],
                "title": point["title"],
                "direction": direction,
                "score": new_score,
                "old_score": old_score,
                "likelihood": point["likelihood"],
                "impact": point["impact"],
                "old_likelihood": old["likelihood"] if old else None,
                "old_impact": old["impact"] if old else None,
            }
        )
    found.sort(key=lambda row: (DIRECTIONS.index(row["direction"]), -row["score"], row["id"]))
    return found
