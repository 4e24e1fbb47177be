"""The reports' charts, laid out here once: SVG for the pages, written by a template, and PNG
for the documents, drawn by Pillow.

A page's SVG is bars, lines and text placed by our own arithmetic
(reports/_chart.svg), with presentation attributes only (the pages' CSP allows no inline style),
its text in the page's own font, one id (its <title>, prefixed with the chart's key: several
charts share a page), role="img" for screen readers and a <title> on each bar for the pointer.
Text widths are estimated from the letters (the browser measures, we cannot), generously.

A document's PNG is the same layout drawn by Pillow in Open Sans (the ttf-opensans package,
with the Latvian letters), both imported on the first drawing. The drawing is cached by what it
shows (its title, labels and values): a changed record changes the key, so a cached image is
never stale.
"""

import io
import math
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from flask import render_template
from flask_babel import format_decimal, get_locale

from app.reports.sections import Chart

#: a qualitative palette readable on white and told apart without colour vision (Okabe–Ito,
#: then Tableau's)
COLOURS = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#9c755f", "#bab0ac",
]  # fmt: skip
#: characters before a label wraps: a bar's label on the left, under a column, in the legend
LABEL_WIDTH, COLUMN_LABEL_WIDTH, LEGEND_WIDTH = 32, 12, 45
#: how many PNG drawings a worker keeps (a six-month report has about a dozen)
PNG_CACHE = 64

# --- layout (both drawings) ------------------------------------------------------------------

#: the drawing's width in its own units (px at 100 % on a page; a document's is narrower, so
#: its text prints larger across the same 150 mm); sizes of text, bars and gaps in them
WIDTH, DOCUMENT_WIDTH = 720, 600
TITLE_SIZE, TEXT_SIZE, SMALL_SIZE = 15, 12, 11
LINE = 1.25  #: line height, in text sizes
BAR, BAR_GAP = 18, 10
PLOT_HEIGHT = 240
PAD = 10
TICKS = 5
#: a letter's width in ems, for estimating a text's width (a narrow, a wide, any other)
NARROW, WIDE = set("fijlrtI.,:;!'|() "), set("mwMW%@")


def text_width(text: str, size: float) -> float:
    """An estimate of `text`'s width in a sans-serif font of `size`, erring on the wide side."""
    ems = 0.0
    for letter in text:
        if letter in NARROW:
            ems += 0.32
        elif letter in WIDE:
            ems += 0.9
        elif letter.isupper() or letter.isdigit():
            ems += 0.66
        else:
            ems += 0.56
    return ems * size


@dataclass
class Text:
    x: float
    y: float
    lines: list[str]
    size: float = TEXT_SIZE
    anchor: str = "start"
    bold: bool = False
    rotate: bool = False  #: read bottom to top (the unit beside a vertical axis)

    @property
    def line_height(self) -> float:
        return round(self.size * LINE, 1)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    hint: str  #: "category – series: value", the bar's own <title>


@dataclass
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    grid: bool = True  #: a faint grid line, else the axis


@dataclass
class Layout:
    """Everything the template places, in the drawing's units."""

    id: str
    title: str
    width: float
    height: float = 0
    texts: list[Text] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    swatches: list[Bar] = field(default_factory=list)


def nice_step(top: float) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that covers `top` in about TICKS."""
    if top <= 0:
        return 1.0
    raw = top / TICKS
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _ticks(top: float) -> list[float]:
    step = nice_step(top)
    count = max(1, math.ceil(top / step - 1e-9))
    return [step * n for n in range(count + 1)]


def _number(value: float) -> str:
    return format_decimal(round(value, 2), "#,##0.##")


def _shown(values: list[float], texts: list[str]) -> list[str]:
    """The bars' labels: a zero bar has none; a masked count ("<3", drawn as 0) keeps its text."""
    return [t if v or not t.startswith("0") else "" for v, t in zip(values, texts, strict=True)]


def _wrapped(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def layout(chart: Chart) -> Layout:
    """The chart's bars, axes, labels and legend, placed."""
    return layout_of(drawing_key(chart))


def layout_of(chart: "Drawing", width: float = WIDTH) -> Layout:
    """The layout of what a drawing shows, `width` units wide."""
    categories, series = chart.categories, chart.series
    found = Layout(f"chart-{chart.key}-title", chart.title, width)
    title = _wrapped(chart.title, int(width / (TITLE_SIZE * 0.6)))
    found.texts.append(Text(PAD, PAD + TITLE_SIZE, title, TITLE_SIZE, bold=True))
    top = PAD + TITLE_SIZE * LINE * len(title) + PAD
    if chart.stacked:
        totals = [sum(values[i] for _, values, _ in series) for i in range(len(categories))]
    else:
        totals = [value for _, values, _ in series for value in values]
    ticks = _ticks(max(totals, default=0) or 1)
    if chart.horizontal:
        bottom = _horizontal(found, chart, categories, series, ticks, top)
    else:
        bottom = _vertical(found, chart, categories, series, ticks, top)
    found.height = _legend(found, series, bottom) + PAD
    return found


def _horizontal(found, chart, categories, series, ticks, top) -> float:
    """Categories down the left, bars to the right, the value axis at the bottom."""
    labels = [_wrapped(category, LABEL_WIDTH) for category in categories]
    label_width = max(
        (text_width(line, TEXT_SIZE) for lines in labels for line in lines), default=0
    )
    left = PAD + min(label_width, found.width * 0.45) + PAD
    right = found.width - PAD - text_width("0000,0", TEXT_SIZE)
    scale = (right - left) / ticks[-1]
    count = 1 if chart.stacked or not series else len(series)  #: bars side by side in a row
    y = top
    for index, lines in enumerate(labels):
        row = max(BAR * count, TEXT_SIZE * LINE * len(lines)) + BAR_GAP
        # a label of several lines gets thicker bars, not only more space around them
        bar = max(BAR, (row - BAR_GAP) * 0.75 / count)
        middle = y + row / 2
        first_line = middle - TEXT_SIZE * LINE * (len(lines) - 1) / 2 + TEXT_SIZE * 0.35
        found.texts.append(Text(left - PAD / 2, first_line, lines, anchor="end"))
        start, bar_top = 0.0, middle - bar * count / 2
        for number, (name, values, texts) in enumerate(series):
            value = values[index]
            colour = COLOURS[number % len(COLOURS)]
            hint = f"{categories[index]} – {name}: {texts[index]}"
            if chart.stacked:
                found.bars.append(
                    Bar(left + start * scale, bar_top, value * scale, bar, colour, hint)
                )
                start += value
                continue
            bar_y = bar_top + bar * number
            found.bars.append(Bar(left, bar_y, value * scale, bar - 2, colour, hint))
            shown = _shown(values, texts)[index]
            if shown:
                end = left + value * scale + 4
                found.texts.append(Text(end, bar_y + bar / 2 + 3, [shown], SMALL_SIZE))
        y += row
    for tick in ticks:
        x = left + tick * scale
        found.rules.append(Rule(x, top, x, y))
        found.texts.append(Text(x, y + SMALL_SIZE + 4, [_number(tick)], SMALL_SIZE, "middle"))
    found.rules.append(Rule(left, top, left, y, grid=False))
    bottom = y + SMALL_SIZE + 4
    if chart.unit:
        bottom += TEXT_SIZE * LINE + 2
        found.texts.append(Text((left + right) / 2, bottom, [chart.unit], anchor="middle"))
    return bottom + PAD


def _vertical(found, chart, categories, series, ticks, top) -> float:
    """The value axis on the left, a column per category, its label under it."""
    tick_width = max(text_width(_number(tick), SMALL_SIZE) for tick in ticks)
    left = PAD + (TEXT_SIZE * LINE if chart.unit else 0) + tick_width + PAD
    right = found.width - PAD
    plot_bottom = top + TEXT_SIZE + PLOT_HEIGHT  # room above the tallest bar for its label
    scale = PLOT_HEIGHT / ticks[-1]
    column = (right - left) / max(len(categories), 1)
    width = column * 0.8
    lines = 1
    for index, category in enumerate(categories):
        middle = left + column * (index + 0.5)
        label = _wrapped(category, COLUMN_LABEL_WIDTH)
        lines = max(lines, len(label))
        found.texts.append(Text(middle, plot_bottom + SMALL_SIZE + 6, label, SMALL_SIZE, "middle"))
        base = 0.0
        for number, (name, values, texts) in enumerate(series):
            value = values[index]
            colour = COLOURS[number % len(COLOURS)]
            hint = f"{category} – {name}: {texts[index]}"
            if chart.stacked:
                height = value * scale
                bar_top = plot_bottom - base * scale - height
                found.bars.append(Bar(middle - width / 2, bar_top, width, height, colour, hint))
                base += value
                continue
            size = width / len(series)
            x = middle - width / 2 + size * number
            height = value * scale
            found.bars.append(Bar(x, plot_bottom - height, size - 1, height, colour, hint))
            shown = _shown(values, texts)[index]
            if shown:
                label_y = plot_bottom - height - 4
                found.texts.append(Text(x + size / 2, label_y, [shown], SMALL_SIZE, "middle"))
    for tick in ticks:
        y = plot_bottom - tick * scale
        found.rules.append(Rule(left, y, right, y))
        found.texts.append(Text(left - 4, y + 4, [_number(tick)], SMALL_SIZE, "end"))
    found.rules.append(Rule(left, plot_bottom, right, plot_bottom, grid=False))
    if chart.unit:
        middle = plot_bottom - PLOT_HEIGHT / 2
        unit = Text(PAD + TEXT_SIZE, middle, [chart.unit], anchor="middle", rotate=True)
        found.texts.append(unit)
    return plot_bottom + SMALL_SIZE + 6 + SMALL_SIZE * LINE * lines + PAD


def _legend(found: Layout, series, top: float) -> float:
    """Two columns of swatches and names under the chart when it has several series."""
    if len(series) < 2:
        return top
    column = (found.width - 2 * PAD) / 2
    y = top
    for start in range(0, len(series), 2):
        row = 1
        for offset, (name, _values, _texts) in enumerate(series[start : start + 2]):
            number = start + offset
            x = PAD + column * offset
            lines = _wrapped(name, LEGEND_WIDTH)
            row = max(row, len(lines))
            colour = COLOURS[number % len(COLOURS)]
            found.swatches.append(Bar(x, y, 12, 12, colour, name))
            found.texts.append(Text(x + 18, y + 10, lines))
        y += TEXT_SIZE * LINE * row + 6
    return y


# --- SVG ---------------------------------------------------------------------------------------


def svg(chart: Chart) -> str:
    """The chart as an <svg> element to inline in a page under a strict CSP: no <style>, no
    style attributes, no prolog; role="img" with a <title>."""
    return render_template("reports/_chart.svg", chart=layout(chart)).strip()


# --- PNG ---------------------------------------------------------------------------------------

#: pixels per drawing unit: 600 units → 1 800 px, about 300 dpi across the document's 150 mm
PNG_SCALE = 3
PNG_DPI = 300
GRID_COLOUR, AXIS_COLOUR, INK = "#dddddd", "#555555", "#222222"


def png(chart: Chart) -> bytes:
    """The chart as a PNG for a document: the page's layout drawn by Pillow in Open Sans (drawn
    once per content; see the module's docstring)."""
    return drawn_png(drawing_key(chart))


class Drawing(NamedTuple):
    """What a chart's drawing shows, hashable: equal drawings are equal images (the PNG cache's
    key)."""

    key: str
    locale: str  #: of the axis' numbers
    title: str
    unit: str
    horizontal: bool
    stacked: bool
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...], tuple[str, ...]], ...]


def drawing_key(chart: Chart) -> Drawing:
    categories, series = chart.data()
    return Drawing(
        chart.key,
        str(get_locale()),
        chart.title,
        chart.unit,
        chart.horizontal,
        chart.stacked,
        tuple(categories),
        tuple((name, tuple(values), tuple(texts)) for name, values, texts in series),
    )


@lru_cache(maxsize=PNG_CACHE)
def drawn_png(key: Drawing) -> bytes:
    from PIL import Image, ImageDraw

    found = layout_of(key, DOCUMENT_WIDTH)
    scale = PNG_SCALE
    image = Image.new("RGB", (round(found.width * scale), round(found.height * scale)), "white")
    draw = ImageDraw.Draw(image)
    line = max(1, round(scale))
    for rule in found.rules:
        ends = [rule.x1 * scale, rule.y1 * scale, rule.x2 * scale, rule.y2 * scale]
        draw.line(ends, fill=GRID_COLOUR if rule.grid else AXIS_COLOUR, width=line)
    for bar in [*found.bars, *found.swatches]:
        if bar.width > 0 and bar.height > 0:
            box = [bar.x, bar.y, bar.x + bar.width, bar.y + bar.height]
            draw.rectangle([round(edge * scale) for edge in box], fill=bar.colour)
    for text in found.texts:
        _draw_text(image, draw, text, scale)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(PNG_DPI, PNG_DPI), optimize=False)
    return out.getvalue()


@lru_cache(maxsize=8)
def _font(size: int, bold: bool):
    import ttf_opensans
    from PIL import ImageFont

    face = ttf_opensans.OPENSANS_BOLD if bold else ttf_opensans.OPENSANS_REGULAR
    return ImageFont.truetype(face.path, size)


#: Pillow's anchors: left, middle or right of the text, on its baseline
ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def _draw_text(image, draw, text: Text, scale: float) -> None:
    from PIL import Image, ImageDraw

    font = _font(round(text.size * scale), text.bold)
    if text.rotate:  # written on its own image, turned to read upwards
        words = text.lines[0]
        left, top, right, bottom = font.getbbox(words, anchor="ls")
        label = Image.new("RGBA", (right - left, bottom - top), (255, 255, 255, 0))
        ImageDraw.Draw(label).text((-left, -top), words, font=font, fill=INK, anchor="ls")
        turned = label.rotate(90, expand=True)
        x = round(text.x * scale + top)  # the baseline on the unit's x
        y = round(text.y * scale - turned.height / 2)
        image.paste(turned, (x, y), turned)
        return
    for number, words in enumerate(text.lines):
        at = (text.x * scale, (text.y + number * text.line_height) * scale)
        draw.text(at, words, font=font, fill=INK, anchor=ANCHORS[text.anchor])
