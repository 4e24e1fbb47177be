"""Charts: SVG a strict CSP lets through (no style element or attribute), labelled for screen
readers, ids unique to each chart; PNG for the documents."""

import re

from defusedxml.ElementTree import fromstring

from app.reports import charts
from app.reports.sections import Chart, Hours, Table

SVG = "{http://www.w3.org/2000/svg}"


def chart(key="activities", **options) -> Chart:
    table = Table(
        key,
        "Stundas pēc darbības veida",
        ["Darbības veids", "Stundas", "Citas"],
        [["Psihoemocionālais atbalsts", Hours(300), Hours(30)], ["Ēšana", Hours(95), Hours(0)]],
    )
    return Chart(table, **options)


def test_the_svg_has_no_style_and_no_prolog(app):
    with app.test_request_context():
        drawing = charts.svg(chart(series=(1, 2), horizontal=True, unit="h"))
    assert "style" not in drawing
    assert not drawing.startswith("<?xml") and "<!DOCTYPE" not in drawing
    root = fromstring(drawing)
    assert not root.findall(f".//{SVG}style")
    assert all("style" not in element.attrib for element in root.iter())


def test_the_svg_is_an_image_with_its_title(app):
    with app.test_request_context():
        drawing = charts.svg(chart(stacked=True, by_row=True, width=2))
    root = fromstring(drawing)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title.text == "Stundas pēc darbības veida"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("width") is None and root.get("viewBox")


def test_two_charts_on_a_page_share_no_id(app):
    with app.test_request_context():
        first, second = charts.svg(chart("one")), charts.svg(chart("two"))
    ids = re.findall(r' id="([^"]+)"', first + second)
    assert len(ids) == len(set(ids))
    references = re.findall(r'aria-labelledby="([^"]+)"', first)
    assert references and all(ref.startswith("chart-one-") for ref in references)


def test_the_png_is_a_png(app):
    with app.test_request_context():
        image = charts.png(chart())
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
