"""On a laptop screen (1366 px) the interim report's tables use the page's width: a chart's
table of more than three columns goes under the chart instead of into a narrow column beside
it, and a table wider than the page scrolls in its frame with its row headings kept in view."""

import pytest
from playwright.sync_api import Page, expect

from app.accounts import User
from app.periods.models import Period, PeriodKind
from app.permissions import Role
from tests.browser.conftest import demo_app, sign_in_to_demo

LAPTOP = {"width": 1366, "height": 768}


app = pytest.fixture(demo_app)


def test_the_interim_reports_tables_fit_a_laptop_screen(page: Page, app):
    with app.app_context():
        coordinator = User.get(User.role == Role.COORDINATOR)
        period = Period.select().where(Period.kind == PeriodKind.INTERIM).order_by(Period.id).get()
    page.set_viewport_size(LAPTOP)
    sign_in_to_demo(page, coordinator.username)
    # the whole report on one page takes seconds to build (issue 18), more on a busy machine
    page.goto(f"/interim/{period.id}", timeout=60_000)
    expect(page.locator(".report")).to_be_visible()
    main_width = page.evaluate("document.querySelector('main').clientWidth")
    frames = page.evaluate(
        """() => [...document.querySelectorAll('.report .table-wrap')].map(frame => ({
            columns: frame.querySelectorAll('thead th').length,
            width: frame.clientWidth,
            overflows: frame.scrollWidth > frame.clientWidth,
        }))"""
    )
    wide = [frame for frame in frames if frame["columns"] > 3]
    assert wide, "the demo's report has tables of more than three columns"
    for frame in wide:
        assert frame["width"] >= 0.9 * main_width, frame
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]

    # a frame that must scroll keeps its row headings where they are
    page.set_viewport_size({"width": 800, "height": 768})
    frame = page.locator(".report .table-wrap").filter(has=page.locator("thead th:nth-child(6)"))
    first = frame.first
    first.evaluate("frame => frame.scrollLeft = 300")
    heading = first.locator("tbody th[scope=row]").first
    frame_box, heading_box = first.bounding_box(), heading.bounding_box()
    assert abs(heading_box["x"] - frame_box["x"]) < 3, (heading_box, frame_box)
