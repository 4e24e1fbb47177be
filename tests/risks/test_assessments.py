"""Assessments per six-month period: a review that leaves the current score alone; reported
periods read-only; no period before the risk; optimistic locking; the risk's timeline."""

import re
from datetime import timedelta

import pytest

from app.calendar import local_today
from app.periods.models import Period
from app.periods.services import mark_reported
from app.permissions import Role
from app.risks.models import Assessment, Risk
from tests.factories import assess, make_risk

HTMX = {"HX-Request": "true"}


def data(**extra) -> dict:
    values = {"text": "Two mentors left; covered by the team.", "likelihood": "4", "impact": "2"}
    values.update(extra)
    return values


@pytest.fixture
def risk(english, interims):
    """Added before the contract's first period ended, with current values 3 x 3."""
    return make_risk(added_on=interims[0].starts_on + timedelta(days=20))


def url(risk, period) -> str:
    return f"/risks/{risk.id}/assessments/{period.id}"


def test_writing_an_assessment_is_a_review_that_keeps_the_current_score(
    client_as, risk, interims, english
):
    client = client_as(Role.LEAD)
    page = client.get(url(risk, interims[1])).get_data(as_text=True)
    assert 'value="3"' in page  # starts from the risk's current values
    response = client.post(url(risk, interims[1]), data=data())
    assert response.status_code == 303
    assert response.headers["Location"] == f"/risks/{risk.id}#timeline"
    saved = Assessment.get()
    assert (saved.likelihood, saved.impact, saved.version) == (4, 2, 1)
    assert saved.author_id == english[Role.LEAD].id and saved.written_on == local_today()
    after = Risk.get_by_id(risk.id)
    assert after.last_reviewed_on == local_today()
    assert (after.likelihood, after.impact, after.version) == (3, 3, 1)


def test_rewriting_keeps_one_assessment_per_period(client_as, risk, interims):
    client = client_as(Role.LEAD)
    assert client.post(url(risk, interims[1]), data=data()).status_code == 303
    assert 'value="1"' in client.get(url(risk, interims[1])).get_data(as_text=True)
    again = client.post(url(risk, interims[1]), data=data(text="Rewritten.", version="1"))
    assert again.status_code == 303
    (only,) = Assessment.select()
    assert only.text == "Rewritten." and only.version == 2


def test_stale_assessment_is_told_it_changed_meanwhile(client_as, risk, interims):
    lead, admin = client_as(Role.LEAD), client_as(Role.ADMIN)
    # both open the empty form; the lead saves first
    assert lead.post(url(risk, interims[1]), data=data(text="The lead's")).status_code == 303
    second = admin.post(url(risk, interims[1]), data=data(text="The admin's", version=""))
    assert second.status_code == 422
    page = second.get_data(as_text=True)
    assert "changed meanwhile" in page and "The admin&#39;s" in page
    # and after a rewrite, an old version number is stale too
    assert lead.post(url(risk, interims[1]), data=data(version="1")).status_code == 303
    stale = admin.post(url(risk, interims[1]), data=data(text="Late", version="1"))
    assert stale.status_code == 422 and "changed meanwhile" in stale.get_data(as_text=True)
    assert Assessment.get().text == data()["text"] and Assessment.get().version == 2


def test_a_reported_period_is_read_only(client_as, risk, interims, english):
    assess(risk, interims[0], 2, 2, english[Role.LEAD], text="As reported.")
    mark_reported(english[Role.COORDINATOR], interims[0], interims[0].ends_on)
    client = client_as(Role.LEAD)
    page = client.get(url(risk, interims[0])).get_data(as_text=True)
    assert "reported to the funder" in page and "As reported." in page
    assert 'id="assessment-form"' not in page
    response = client.post(url(risk, interims[0]), data=data(version="1"), headers=HTMX)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "reported to the funder: its assessments are read-only" in text
    kept = Assessment.get()
    assert kept.text == "As reported." and kept.version == 1
    assert Risk.get_by_id(risk.id).last_reviewed_on is None
    timeline = client.get(f"/risks/{risk.id}").get_data(as_text=True)
    row = timeline[timeline.index(f'id="period-{interims[0].id}"') :]
    row = row[: row.index("</tr>")]
    assert "reported" in row and "Edit the assessment" not in row


def test_a_period_that_ended_before_the_risk_cannot_be_assessed(client_as, english, interims):
    late = make_risk("Added later", added_on=interims[1].starts_on + timedelta(days=1))
    client = client_as(Role.LEAD)
    page = client.get(url(late, interims[0])).get_data(as_text=True)
    assert "ended before the risk was added" in page
    response = client.post(url(late, interims[0]), data=data())
    assert response.status_code == 422
    assert "ended before the risk was added" in response.get_data(as_text=True)
    assert Assessment.select().count() == 0
    # the period that holds the day it was added is fine
    assert client.post(url(late, interims[1]), data=data()).status_code == 303


def test_future_periods_and_months_are_not_assessed(client_as, risk, interims):
    client = client_as(Role.LEAD)
    future = (
        Period.select()
        .where(Period.kind == "interim", Period.starts_on > local_today())
        .order_by(Period.starts_on)
        .first()
    )
    month = Period.get(Period.kind == "month")
    refused = client.post(url(risk, future), data=data())
    assert refused.status_code == 422 and "not begun" in refused.get_data(as_text=True)
    assert client.get(url(risk, month)).status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("likelihood", "0", "Choose a whole number from 1 to 5."),
        ("impact", "6", "Choose a whole number from 1 to 5."),
        ("impact", "abc", "Choose a whole number from 1 to 5."),
        ("text", " ", "This field is required."),
    ],
)
def test_bad_assessment_input_is_explained_beside_the_field(
    client_as, risk, interims, field, value, message
):
    response = client_as(Role.LEAD).post(url(risk, interims[1]), data=data(**{field: value}))
    assert response.status_code == 422
    error = re.search(rf'id="{field}-error">([^<]*)<', response.get_data(as_text=True))
    assert error and message in error.group(1)
    assert Assessment.select().count() == 0


def test_timeline_shows_one_row_per_period_with_score_changes(client_as, risk, interims, english):
    assess(risk, interims[0], 2, 3, english[Role.LEAD], text="Calm first half.")
    assess(risk, interims[1], 4, 4, english[Role.SOCIAL_WORKER], text="Epidemic.")
    page = client_as(Role.COORDINATOR).get(f"/risks/{risk.id}").get_data(as_text=True)
    timeline = page[page.index('id="timeline"') :]
    rows = re.findall(r"<tr[ >].*?</tr>", timeline, re.S)[1:]  # after the heading row
    assert len(rows) == 4  # three begun periods and "now"
    first, second, third, now = rows
    assert "Calm first half." in first and ">6 " in first and "band-low" in first
    assert "Epidemic." in second and ">16 " in second and "score rose" in second
    assert "Socialworker" in second and "band-high" in second
    assert "not assessed" in third
    assert "Now" in now and ">9 " in now and "score fell" in now
    # readers see it, but only editors get the links to write
    assert "Write the assessment" not in page


def test_docx_link_of_each_period_on_the_timeline(client_as, risk, interims):
    page = client_as(Role.LEAD).get(f"/risks/{risk.id}").get_data(as_text=True)
    assert f"/risks/export.docx?period={interims[0].id}" in page
