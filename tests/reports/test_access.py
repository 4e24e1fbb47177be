"""Who may read the reports: staff and the auditor; per-person rows never for the auditor."""

import pytest

from app.permissions import Role
from tests.reports.conftest import EMPTY_MONTH, MARCH, docx_tables

URLS = [
    "/reports/",
    f"/reports/monthly?month={MARCH}",
    f"/reports/monthly.docx?month={MARCH}",
    f"/reports/monthly.xlsx?month={MARCH}",
    "/reports/interim?from=2020-01-01&to=2020-02-29",
    "/reports/interim.docx?from=2020-01-01&to=2020-02-29",
]


@pytest.mark.parametrize("url", URLS)
def test_a_mentor_may_not_read_reports(client_as, url):
    assert client_as(Role.MENTOR).get(url).status_code == 403


@pytest.mark.parametrize("url", URLS)
def test_the_auditor_reads_the_aggregates(client_as, url):
    assert client_as(Role.AUDITOR).get(url).status_code == 200


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN])
def test_per_person_rows_are_a_404_for_the_auditor_and_the_admin(client_as, role):
    response = client_as(role).get(f"/reports/monthly/people?month={EMPTY_MONTH}")
    assert response.status_code == 404


def test_the_coordinator_reads_the_per_person_page(client_as):
    response = client_as(Role.COORDINATOR).get(f"/reports/monthly/people?month={EMPTY_MONTH}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('<section class="report-section"') == 1  # the per-person section
    assert f'href="/reports/monthly?month={EMPTY_MONTH}"' in html  # back to the month


def test_the_auditors_monthly_documents_have_no_per_person_rows(demo_as):
    client = demo_as("auditor")
    page = client.get(f"/reports/monthly?month={MARCH}").get_data(as_text=True)
    assert "/reports/monthly/people" not in page
    assert "Mentore-Paraudziņa" not in page
    body = client.get(f"/reports/monthly.docx?month={MARCH}&lang=en").get_data()
    assert "Hours per mentor" not in docx_tables(body)
    assert "Summary" in docx_tables(body)


def test_the_monthly_page_links_staff_to_the_per_person_page(demo_as):
    page = demo_as("lead").get(f"/reports/monthly?month={MARCH}").get_data(as_text=True)
    assert f"/reports/monthly/people?month={MARCH}" in page
