"""The register: scores, bands and review dates; the table's filters and sort; creating, editing
and closing risks; risk types; comments; access per role; query counts; garbage input."""

import re
from datetime import date, timedelta

import pytest
from playhouse.test_utils import assert_query_count, count_queries

from app.audit import AuditEvent
from app.calendar import local_today
from app.periods.models import Period, PeriodKind
from app.permissions import Role
from app.risks import queries
from app.risks.models import Risk, RiskComment, RiskStatus, RiskType
from app.risks.scoring import BandRules
from tests.factories import make_risk, risk_type
from tests.risks.conftest import add_measures, risk_data

# --- scores, bands, review dates -----------------------------------------------------------


@pytest.mark.parametrize(
    ("likelihood", "impact", "band"),
    [
        (5, 5, "high"),
        (3, 5, "high"),  # 15: the first high score
        (5, 3, "high"),
        (4, 4, "high"),
        (2, 4, "medium"),  # 8: the first medium score
        (3, 4, "medium"),
        (2, 5, "medium"),
        (2, 3, "low"),  # 6
        (1, 5, "low"),
        (1, 1, "low"),
    ],
)
def test_score_and_band_with_the_default_config(app, likelihood, impact, band):
    with app.app_context():
        assert BandRules.from_config().band(likelihood, impact) == band


def test_review_interval_follows_the_band(app):
    day = date(2026, 1, 10)
    with app.app_context():
        rules = BandRules.from_config()
        assert rules.next_review(5, 4, day) == day + timedelta(days=30)
        assert rules.next_review(2, 4, day) == day + timedelta(days=90)
        assert rules.next_review(1, 2, day) == day + timedelta(days=180)


def test_next_review_and_overdue_flag_in_the_register_rows(app):
    today = local_today()
    due = make_risk("High, reviewed 31 days ago", likelihood=5, impact=4)
    Risk.update(last_reviewed_on=today - timedelta(days=31)).where(Risk.id == due.id).execute()
    fresh = make_risk("High, reviewed 30 days ago", likelihood=5, impact=4)
    Risk.update(last_reviewed_on=today - timedelta(days=30)).where(Risk.id == fresh.id).execute()
    never = make_risk(
        "Low, never reviewed", likelihood=1, impact=2, added_on=today - timedelta(181)
    )
    closed = make_risk(
        "Closed long ago", likelihood=5, impact=5, status="closed", closed_on=today - timedelta(99)
    )
    with app.test_request_context():
        rows = {row["id"]: row for row in queries.register_rows("en", today)}
    assert rows[due.id]["next_review"] == today - timedelta(days=1)
    assert rows[due.id]["overdue"] is True
    assert rows[fresh.id]["next_review"] == today and rows[fresh.id]["overdue"] is False
    assert rows[never.id]["band"] == "low" and rows[never.id]["overdue"] is True
    assert rows[closed.id]["overdue"] is False  # closed risks are never due
    assert rows[due.id]["score"] == 20 and rows[due.id]["band"] == "high"


# --- the table ----------------------------------------------------------------------------


@pytest.fixture
def register(english):
    """Three active risks of different bands, types and owners, and a closed one."""
    today = local_today()
    finances = risk_type("Finances")
    return {
        "high": make_risk(
            "Budget overrun",
            type=finances,
            likelihood=4,
            impact=5,
            owner=english[Role.LEAD],
            last_reviewed_on=today - timedelta(days=10),
        ),
        "medium": make_risk(
            "Staff turnover",
            likelihood=2,
            impact=4,
            contract_priority="high",
            owner=english[Role.SOCIAL_WORKER],
            last_reviewed_on=today,
        ),
        "low": make_risk(
            "Angry press",
            likelihood=1,
            impact=3,
            contract_priority="medium",
            added_on=today - timedelta(days=400),
        ),
        "closed": make_risk(
            "Old office lease", status=RiskStatus.CLOSED, closed_on=today, closed_reason="Moved."
        ),
    }


def titles(page: str) -> list[str]:
    return re.findall(r'<a href="/risks/\d+">([^<]+)</a>', page)


def test_register_lists_active_risks_by_band_with_priority_beside_band(client_as, register):
    page = client_as(Role.COORDINATOR).get("/risks/").get_data(as_text=True)
    assert titles(page) == ["Budget overrun", "Staff turnover", "Angry press"]
    assert "Old office lease" not in page
    # the contract said high, the score says medium: both shown
    assert "contract: high · scored:" in page
    row = page[page.index(f'id="risk-{register["medium"].id}"') :]
    row = row[: row.index("</tr>")]
    assert "contract: high" in row and "band-medium" in row
    assert "overdue" in page[page.index(f'id="risk-{register["low"].id}"') :][:2000]


def test_filters_and_sort_come_from_the_url(client_as, register, english):
    client = client_as(Role.LEAD)

    def shown(query: str) -> list[str]:
        response = client.get("/risks/?" + query)
        assert response.status_code == 200
        return titles(response.get_data(as_text=True))

    assert shown("sort=title") == ["Angry press", "Budget overrun", "Staff turnover"]
    assert shown("sort=title&dir=desc") == ["Staff turnover", "Budget overrun", "Angry press"]
    assert shown("sort=score") == ["Budget overrun", "Staff turnover", "Angry press"]
    assert shown("sort=score&dir=asc") == ["Angry press", "Staff turnover", "Budget overrun"]
    assert shown("sort=next_review")[0] == "Angry press"  # overdue first
    assert shown("band=medium") == ["Staff turnover"]
    assert shown(f"type={register['high'].type_id}") == ["Budget overrun"]
    assert shown(f"owner={english[Role.SOCIAL_WORKER].id}") == ["Staff turnover"]
    assert shown("overdue=1") == ["Angry press"]
    assert shown("status=closed") == ["Old office lease"]
    assert len(shown("status=all")) == 4
    assert shown("likelihood=4&impact=5") == ["Budget overrun"]
    # anything unknown is ignored, never an error
    assert len(shown("band=extreme&sort=nonsense&dir=up&type=x&owner=-&likelihood=9")) == 3


def test_sort_links_keep_the_filters_and_htmx_gets_the_table_only(client_as, register):
    client = client_as(Role.LEAD)
    page = client.get("/risks/?band=high&sort=score").get_data(as_text=True)
    assert 'hx-push-url="true"' in page and 'method="get"' in page
    # the active column links to its reverse, with the filter kept
    assert 'href="/risks/?band=high&amp;sort=score&amp;dir=asc"' in page
    assert 'aria-sort="descending"' in page
    # sort travels with the filter form, which lies outside the swapped table
    assert '<input type="hidden" name="sort" value="score" form="risk-filters">' in page
    fragment = client.get("/risks/?band=high", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and 'id="risk-register"' in text
    for tag in re.findall(r"<a [^>]*hx-get[^>]*>", text):
        assert 'href="' in tag, tag


# --- create, edit, close ----------------------------------------------------------------------


def test_lead_adds_a_risk(client_as, english):
    client = client_as(Role.LEAD)
    assert client.get("/risks/new").status_code == 200
    response = client.post("/risks/new", data=risk_data(owner=str(english[Role.SOCIAL_WORKER].id)))
    assert response.status_code == 303
    risk = Risk.get()
    assert (risk.title, risk.likelihood, risk.impact) == ("Staff turnover", 4, 5)
    assert risk.owner_id == english[Role.SOCIAL_WORKER].id and risk.version == 1
    assert AuditEvent.get(AuditEvent.action == "risk.create").object_id == risk.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The risk is added to the register." in page and "Staff turnover" in page
    # through htmx: the form swaps itself on errors, and navigates on success
    bad = client.post("/risks/new", data=risk_data(title=""), headers={"HX-Request": "true"})
    assert bad.status_code == 422 and "<html" not in bad.get_data(as_text=True)
    assert 'id="risk-form"' in bad.get_data(as_text=True)
    ok = client.post("/risks/new", data=risk_data(), headers={"HX-Request": "true"})
    assert ok.headers["HX-Redirect"].startswith("/risks/")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", "Give the risk a title."),
        ("title", "", "Give the risk a title."),
        ("likelihood", "0", "Choose a whole number from 1 to 5."),
        ("likelihood", "6", "Choose a whole number from 1 to 5."),
        ("impact", "2.5", "Choose a whole number from 1 to 5."),
        ("impact", "", "Choose a whole number from 1 to 5."),
        ("impact", "99999999999999999999999", "Choose a whole number from 1 to 5."),
        ("type", "99999", "Choose a risk type from the list."),
        ("owner", "99999", "Choose a person from the list."),
        ("contract_priority", "extreme", "Not a valid choice."),
        ("added_on", "2999-01-01", "A risk cannot be added to the register in the future."),
    ],
)
def test_bad_risk_input_is_explained_beside_the_field(client_as, english, field, value, message):
    client = client_as(Role.LEAD)
    response = client.post("/risks/new", data=risk_data(**{field: value}, description="Kept"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    assert error and message in error.group(1), page[:200]
    assert "Kept" in page  # the input is re-shown
    assert Risk.select().count() == 0


def test_mentor_cannot_be_a_risk_owner(client_as, english):
    response = client_as(Role.LEAD).post(
        "/risks/new", data=risk_data(owner=str(english[Role.MENTOR].id))
    )
    assert response.status_code == 422
    assert "Choose a person from the list." in response.get_data(as_text=True)


def test_edit_with_a_stale_version_is_told_it_changed_meanwhile(client_as, english):
    risk = make_risk()
    first, second = client_as(Role.LEAD), client_as(Role.ADMIN)
    url = f"/risks/{risk.id}/edit"
    assert 'name="version" type="hidden" value="1"' in first.get(url).get_data(as_text=True)
    ok = first.post(url, data=risk_data(title="Renamed by the lead", version="1"))
    assert ok.status_code == 303
    stale = second.post(url, data=risk_data(title="Renamed by the admin", version="1"))
    assert stale.status_code == 422
    assert "changed meanwhile" in stale.get_data(as_text=True)
    assert "Renamed by the admin" in stale.get_data(as_text=True)  # their input is kept
    saved = Risk.get_by_id(risk.id)
    assert saved.title == "Renamed by the lead" and saved.version == 2
    garbage = second.post(url, data=risk_data(version="abc"))
    assert garbage.status_code == 422


def test_closing_a_risk_needs_a_reason_and_sets_closed_on(client_as, english):
    risk = make_risk()
    client = client_as(Role.LEAD)
    refused = client.post(f"/risks/{risk.id}/close", data={"reason": " ", "version": "1"})
    assert refused.status_code == 422
    assert "This field is required." in refused.get_data(as_text=True)
    response = client.post(
        f"/risks/{risk.id}/close", data={"reason": "Lease ended.", "version": "1"}
    )
    assert response.status_code == 303
    closed = Risk.get_by_id(risk.id)
    assert closed.status == "closed" and closed.closed_on == local_today()
    assert closed.closed_reason == "Lease ended." and closed.version == 2
    again = client.post(f"/risks/{risk.id}/close", data={"reason": "Again.", "version": "2"})
    assert again.status_code == 422 and "already closed" in again.get_data(as_text=True)
    page = client.get(f"/risks/{risk.id}").get_data(as_text=True)
    assert "Lease ended." in page and "Close the risk" not in page


# --- risk types ----------------------------------------------------------------------------


def test_lead_adds_renames_and_retires_a_risk_type(client_as, english):
    client = client_as(Role.LEAD)
    assert client.get("/risks/types").status_code == 200
    empty = client.post("/risks/types", data={"name_lv": "Vīrusi", "name_en": ""})
    assert empty.status_code == 422
    added = client.post(
        "/risks/types", data={"name_lv": "Vīrusu izplatība", "name_en": "Spread of viruses"}
    )
    assert added.status_code == 303
    virus = RiskType.get(RiskType.name_en == "Spread of viruses")
    assert "Spread of viruses" in client.get("/risks/new").get_data(as_text=True)
    renamed = client.post(
        f"/risks/types/{virus.id}",
        data={f"type{virus.id}-name_lv": "Epidēmija", f"type{virus.id}-name_en": "Epidemic"},
    )
    assert renamed.status_code == 303
    bad = client.post(
        f"/risks/types/{virus.id}",
        data={f"type{virus.id}-name_lv": "", f"type{virus.id}-name_en": "Epidemic"},
    )
    assert bad.status_code == 422
    risk = make_risk("Epidemic risk", type=virus.id)
    assert client.post(f"/risks/types/{virus.id}/retire").status_code == 303
    virus = RiskType.get_by_id(virus.id)
    assert (virus.name_lv, virus.name_en, virus.active) == ("Epidēmija", "Epidemic", False)
    # no longer offered for new risks, but kept on the risk that has it
    assert ">Epidemic<" not in client.get("/risks/new").get_data(as_text=True)
    assert ">Epidemic<" in client.get(f"/risks/{risk.id}/edit").get_data(as_text=True)
    assert client.post("/risks/new", data=risk_data(type=str(virus.id))).status_code == 422
    kept = client.post(f"/risks/{risk.id}/edit", data=risk_data(type=str(virus.id), version="1"))
    assert kept.status_code == 303
    assert client.post(f"/risks/types/{virus.id}/restore").status_code == 303
    assert client.post("/risks/types/99999/retire").status_code == 404


# --- comments ------------------------------------------------------------------------------


def test_coordinator_comments_but_cannot_edit(client_as, english):
    risk = make_risk()
    client = client_as(Role.COORDINATOR)
    page = client.get(f"/risks/{risk.id}").get_data(as_text=True)
    assert "Add the comment" in page and "Edit the risk" not in page
    response = client.post(
        f"/risks/{risk.id}/comments",
        data={"comment-text": "Check L-0042's case."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<html" not in text and "Check L-0042" in text and "The comment is added." in text
    empty = client.post(f"/risks/{risk.id}/comments", data={"comment-text": "  "})
    assert empty.status_code == 422
    assert RiskComment.select().count() == 1
    assert client.get(f"/risks/{risk.id}/edit").status_code == 403
    assert client.post(f"/risks/{risk.id}/edit", data=risk_data(version="1")).status_code == 403
    assert client.post(f"/risks/{risk.id}/close", data={"reason": "x"}).status_code == 403
    assert client.get("/risks/new").status_code == 403
    assert client.get("/risks/types").status_code == 403


def test_social_worker_comments_too(client_as, english):
    risk = make_risk()
    client = client_as(Role.SOCIAL_WORKER)
    response = client.post(f"/risks/{risk.id}/comments", data={"comment-text": " Seen. "})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/risks/{risk.id}#comments"
    comment = RiskComment.get()
    assert (comment.risk_id, comment.text) == (risk.id, "Seen.")
    assert comment.author_id == english[Role.SOCIAL_WORKER].id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Seen." in page and "The comment is added." in page


# --- access --------------------------------------------------------------------------------


def test_mentors_do_not_see_the_register(client_as, english, interims):
    risk = make_risk()
    client = client_as(Role.MENTOR)
    for url in (
        "/risks/",
        f"/risks/{risk.id}",
        "/risks/heatmap",
        "/risks/new",
        f"/risks/{risk.id}/assessments/{interims[0].id}",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/risks/{risk.id}/comments", data={"comment-text": "x"}).status_code == 403
    assert "/risks/" not in client.get("/").get_data(as_text=True)


def test_lead_edits(client_as, english):
    risk = make_risk()
    client = client_as(Role.LEAD)
    assert "Edit the risk" in client.get(f"/risks/{risk.id}").get_data(as_text=True)
    response = client.post(f"/risks/{risk.id}/edit", data=risk_data(title="Burnout", version="1"))
    assert response.status_code == 303
    saved = Risk.get_by_id(risk.id)
    assert (saved.title, saved.likelihood, saved.impact, saved.version) == ("Burnout", 4, 5, 2)
    event = AuditEvent.get(AuditEvent.action == "risk.update")
    assert "title" in event.changes.split(",")


def test_unknown_ids_are_404(client_as, english, interims):
    risk = make_risk()
    client = client_as(Role.LEAD)
    assert client.get("/risks/99999").status_code == 404
    assert client.get("/risks/99999/edit").status_code == 404
    assert client.post("/risks/99999/close", data={"reason": "x"}).status_code == 404
    assert client.get(f"/risks/{risk.id}/assessments/99999").status_code == 404
    assert client.get("/risks/heatmap?period=99999").status_code == 404
    monthly = Period.get(Period.kind == PeriodKind.MONTH)
    assert client.get(f"/risks/{risk.id}/assessments/{monthly.id}").status_code == 404
    assert client.get(f"/risks/heatmap?period={monthly.id}").status_code == 404


# --- query counts ----------------------------------------------------------------------------


def grow(english, count: int) -> None:
    for number in range(count):
        risk = make_risk(
            f"Risk {number}",
            owner=english[Role.LEAD] if number % 2 else None,
            likelihood=number % 5 + 1,
        )
        add_measures(risk, "First", "Second", "Third")


def test_register_page_query_count_does_not_grow_with_risks(client_as, english, interims):
    grow(english, 2)
    client = client_as(Role.LEAD)
    with count_queries() as baseline:
        assert client.get("/risks/?status=all").status_code == 200
    grow(english, 30)
    with assert_query_count(baseline.count):
        assert client.get("/risks/?status=all").status_code == 200


def test_risk_page_query_count_does_not_grow_with_measures_or_assessments(
    client_as, english, interims
):
    from tests.factories import assess

    small = make_risk("Small")
    add_measures(small, "Only one")
    client = client_as(Role.LEAD)
    with count_queries() as baseline:
        assert client.get(f"/risks/{small.id}").status_code == 200
    large = make_risk("Large", owner=english[Role.COORDINATOR])
    add_measures(large, *[f"Measure {n}" for n in range(25)])
    for period in interims:
        assess(large, period, 3, 4, english[Role.LEAD])
    for n in range(10):
        RiskComment.create(risk=large, author=english[Role.SOCIAL_WORKER], text=f"Note {n}")
    with assert_query_count(baseline.count):
        assert client.get(f"/risks/{large.id}").status_code == 200


# --- garbage -------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "x" * 10_000,
    "\x00",
    "<script>",
    "ā" * 300,
    "-1",
    "0",
    "99999999999999999999999",
    "2026-13-45",
    "1.5",
    "None",
    "1²",  # str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits: int() reads them
]
RISK_FIELDS = [
    "type",
    "title",
    "description",
    "owner",
    "contract_priority",
    "likelihood",
    "impact",
    "added_on",
    "version",
    "reason",
    "text",
    "status",
    "direction",
    "name_lv",
    "name_en",
    "new-text",
    "new-owner",
    "new-status",
    "comment-text",
    "period",
    "band",
    "sort",
    "dir",
    "overdue",
]


def test_garbage_in_every_risk_field_never_gives_500(app, client_as, english, interims):
    risk = make_risk()
    (measure,) = add_measures(risk, "Only")
    type_id = RiskType.select().first().id
    client = client_as(Role.LEAD)
    period = interims[1].id
    gets = [
        "/risks/",
        "/risks/heatmap",
        f"/risks/{risk.id}",
        "/risks/new",
        "/risks/types",
        f"/risks/{risk.id}/assessments/{period}",
    ]
    posts = [
        "/risks/new",
        f"/risks/{risk.id}/edit",
        f"/risks/{risk.id}/close",
        f"/risks/{risk.id}/comments",
        f"/risks/{risk.id}/measures",
        f"/risks/{risk.id}/measures/{measure.id}",
        f"/risks/{risk.id}/measures/{measure.id}/move",
        f"/risks/{risk.id}/assessments/{period}",
        "/risks/types",
        f"/risks/types/{type_id}",
    ]
    fields = RISK_FIELDS + [f"measure{measure.id}-{name}" for name in ("text", "owner", "status")]
    fields += [f"type{type_id}-name_lv", f"type{type_id}-name_en"]
    for value in NASTY:
        data = dict.fromkeys(fields, value)
        for url in gets:
            response = client.get(url, query_string=data)
            assert response.status_code < 500, (url, value[:10])
        for url in posts:
            for headers in ({}, {"HX-Request": "true"}):
                response = client.post(url, data=data, headers=headers)
                assert response.status_code < 500, (url, value[:10], response.status_code)
    for saved in Risk.select():
        assert saved.title.strip() and saved.likelihood in range(1, 6)
        assert saved.impact in range(1, 6)
