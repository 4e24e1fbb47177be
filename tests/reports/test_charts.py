"""Charts: SVG a strict CSP lets through (no style element or attribute), labelled for screen
readers, ids unique to each chart; PNG for the documents."""

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring
from PIL import Image

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


def test_the_png_is_the_pages_layout_at_print_resolution(app):
    with app.test_request_context():
        image = Image.open(io.BytesIO(charts.png(chart(horizontal=True))))
        drawing = charts.drawing_key(chart(horizontal=True))
        drawn = charts.layout_of(drawing, charts.DOCUMENT_WIDTH)
    assert image.format == "PNG"
    assert image.size == (
        round(drawn.width * charts.PNG_SCALE),
        round(drawn.height * charts.PNG_SCALE),
    )
    # the first bar's colour, halfway along it
    bar = drawn.bars[0]
    middle = (
        (bar.x + bar.width / 2) * charts.PNG_SCALE,
        (bar.y + bar.height / 2) * charts.PNG_SCALE,
    )
    red, green, blue = image.convert("RGB").getpixel(middle)
    assert f"#{red:02x}{green:02x}{blue:02x}" == charts.COLOURS[0]


def bars(drawing: str) -> list[dict]:
    """The drawing's bars (rectangles with a hint), in order: their hint and size."""
    root = fromstring(drawing)
    return [
        {
            "hint": rect.find(f"{SVG}title").text,
            "width": float(rect.get("width")),
            "height": float(rect.get("height")),
            "y": float(rect.get("y")),
        }
        for rect in root.iter(f"{SVG}rect")
        if rect.find(f"{SVG}title") is not None
    ]


def texts(drawing: str) -> list[str]:
    root = fromstring(drawing)
    return ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]


def test_a_bar_is_as_long_as_its_value_and_says_it(app):
    with app.test_request_context():
        drawing = charts.svg(chart(horizontal=True, unit="stundas"))
        shown = [str(Hours(300)), str(Hours(95))]
    first, second = bars(drawing)
    assert first["width"] / second["width"] == pytest.approx(300 / 95, rel=0.01)
    assert first["hint"] == f"Psihoemocionālais atbalsts – Stundas: {shown[0]}"
    words = texts(drawing)
    assert "Psihoemocionālais atbalsts" in words and "Ēšana" in words
    assert set(shown) <= set(words) and "stundas" in words


def test_columns_grow_from_one_baseline_and_a_legend_names_each_series(app):
    with app.test_request_context():
        drawing = charts.svg(chart(series=(1, 2), unit="h"))
    found = bars(drawing)
    assert len(found) == 4  # two categories × two series
    bottoms = [bar["y"] + bar["height"] for bar in found]
    assert max(bottoms) - min(bottoms) < 0.2  # one baseline (coordinates are rounded to 0.1)
    assert found[0]["height"] / found[2]["height"] == pytest.approx(300 / 95, rel=0.01)
    assert found[3]["height"] == 0  # "Citas" of "Ēšana" is zero: drawn flat and unlabelled
    assert {"Stundas", "Citas"} <= set(texts(drawing))


def test_stacked_bars_add_up(app):
    table = Table("stack", "Stundas", ["Darbība", "Janvāris", "Februāris"], [])
    table.rows = [["Atbalsts", Hours(120), Hours(60)], ["Valoda", Hours(60), Hours(0)]]
    with app.test_request_context():
        drawing = charts.svg(Chart(table, by_row=True, width=2, stacked=True))
    january = [bar for bar in bars(drawing) if bar["hint"].startswith("Janvāris")]
    february = [bar for bar in bars(drawing) if bar["hint"].startswith("Februāris")]
    total = sum(bar["height"] for bar in january)
    assert total / sum(bar["height"] for bar in february) == pytest.approx(3, rel=0.01)
    # each segment sits on the one below it
    assert january[0]["y"] == pytest.approx(january[1]["y"] + january[1]["height"], abs=0.2)


def test_the_axis_ticks_are_round_and_cover_the_largest_value():
    assert charts.nice_step(5) == 1
    assert charts.nice_step(300) == 100  # 0, 100, 200, 300
    assert charts.nice_step(9) == 2
    assert charts.nice_step(0.4) == pytest.approx(0.1)


def test_a_png_is_drawn_once_per_content_and_again_when_the_data_changes(app):
    charts.drawn_png.cache_clear()
    with app.test_request_context():
        first = charts.png(chart())
        again = charts.png(chart())
        changed = chart()
        changed.table.rows[1][1] = Hours(200)
        redrawn = charts.png(changed)
    info = charts.drawn_png.cache_info()
    assert again is first
    assert (info.hits, info.misses) == (1, 2)
    assert redrawn != first and redrawn.startswith(b"\x89PNG")


def test_the_pages_charts_load_no_drawing_library(tmp_path):
    """A worker that serves pages only loads neither matplotlib nor Pillow's drawing: the app
    and an SVG chart are built in a fresh interpreter, which then says what was loaded."""
    script = f"""
import sys
from app import create_app
from app.reports import charts
from app.reports.sections import Chart, Table
app = create_app({{"DATA_DIR": {str(tmp_path)!r}, "SECRET_KEY": "t", "APP_ENV": "development"}})
with app.test_request_context():
    charts.svg(Chart(Table("t", "Stundas", ["Darbība", "Stundas"], [["Atbalsts", 3]])))
print([name for name in ("matplotlib", "PIL.ImageDraw", "PIL.ImageFont") if name in sys.modules])
"""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(  # noqa: S603 - our own interpreter on our own script
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


def test_the_svg_escapes_its_words(app):
    table = Table("t", "<script>alert(1)</script> & co", ["Darbība", "Stundas"], [["<b>x</b>", 3]])
    with app.test_request_context():
        drawing = charts.svg(Chart(table))
    assert "<script>" not in drawing and "<b>" not in drawing
    assert fromstring(drawing).find(f"{SVG}title").text == "<script>alert(1)</script> & co"
