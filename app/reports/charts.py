"""The reports' charts, drawn by matplotlib: SVG for the pages, PNG for the documents.

The pages' CSP allows no inline style, and matplotlib's SVG has a <style> element and style="…"
attributes; svg() rewrites them as presentation attributes, prefixes every id with the chart's
key (several charts share a page), and labels the drawing for screen readers. Text is drawn as
paths in DejaVu Sans (bundled with matplotlib, with the Latvian letters), so the SVG needs no
font. Only the object API is used (no pyplot): a job thread may draw while a request does.
"""

import io
import re
import textwrap
from xml.etree.ElementTree import Element, register_namespace, tostring  # noqa: S405

import matplotlib
from defusedxml.ElementTree import fromstring
from matplotlib.figure import Figure

from app.reports.sections import Chart

matplotlib.use("Agg")
matplotlib.rcParams.update(
    {
        "font.family": ["sans-serif"],
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": 9,
        "svg.fonttype": "path",
        "svg.hashsalt": "reports",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
register_namespace("", SVG)
register_namespace("xlink", XLINK)
#: a qualitative palette readable on white and told apart without colour vision (Okabe–Ito,
#: then Tableau's)
COLOURS = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#9c755f", "#bab0ac",
]  # fmt: skip
WIDTH_IN = 7.5
#: characters before a label wraps: a bar's label on the left, under a column, in the legend
LABEL_WIDTH, COLUMN_LABEL_WIDTH, LEGEND_WIDTH = 32, 12, 45
URL_REF = re.compile(r"url\(#([^)]+)\)")
PNG_DPI = 150


def _figure(chart: Chart) -> Figure:
    categories, series = chart.data()
    # under a column a label has the column's width: "2019. gada decembris" on two lines
    width = LABEL_WIDTH if chart.horizontal else COLUMN_LABEL_WIDTH
    labels = [textwrap.fill(label, width) for label in categories]
    label_lines = max((label.count("\n") + 1 for label in labels), default=1)
    rows = max(len(labels), 1)
    if chart.horizontal:
        height = 1.2 + 0.38 * rows * (len(series) if not chart.stacked else 1)
    else:
        height = (
            3.6 + (1.2 if len(series) > 1 else 0) + (0.15 * len(series) if chart.stacked else 0)
        )
    figure = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    axes = figure.subplots()
    axes.set_title(chart.title, loc="left", fontsize=11, fontweight="bold")
    positions = list(range(len(labels)))
    band = 0.8
    bottoms = [0.0] * len(labels)
    for index, (name, values, texts) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        if chart.stacked:
            offsets, size = positions, band
        else:
            size = band / len(series)
            offsets = [p - band / 2 + size * (index + 0.5) for p in positions]
        draw = axes.barh if chart.horizontal else axes.bar
        base = {"left": bottoms} if chart.horizontal else {"bottom": bottoms}
        label = textwrap.fill(name, LEGEND_WIDTH)
        bars = draw(offsets, values, size, label=label, color=colour, **base)
        if not chart.stacked:
            # a zero bar has no label; a masked count ("<3", drawn as 0) keeps its text
            shown = [
                t if v or not t.startswith("0") else "" for v, t in zip(values, texts, strict=True)
            ]
            axes.bar_label(bars, labels=shown, padding=2)
        if chart.stacked:
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    if chart.horizontal:
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(chart.unit)
        axes.margins(x=0.12)
    else:
        axes.set_xticks(positions, labels)
        axes.set_ylabel(chart.unit)
        axes.margins(y=0.12)
    if len(series) > 1:
        axes.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.15 if chart.horizontal else -0.1 - 0.06 * label_lines),
            ncols=2,
            frameon=False,
            fontsize=8,
        )
    return figure


def png(chart: Chart) -> bytes:
    """The chart as a PNG for a document."""
    out = io.BytesIO()
    _figure(chart).savefig(out, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return out.getvalue()


def svg(chart: Chart) -> str:
    """The chart as an <svg> element to inline in a page under a strict CSP: no <style>, no
    style attributes, no prolog; role="img" with a <title>."""
    out = io.BytesIO()
    _figure(chart).savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return clean_svg(out.getvalue(), chart.key, chart.title)


def clean_svg(source: bytes, key: str, title: str) -> str:
    """matplotlib's SVG document as an inline element (see the module's docstring)."""
    root = fromstring(source)
    prefix = f"chart-{key}-"
    rules: dict[str, str] = {}
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{SVG}}}style", f"{{{SVG}}}metadata"):
                if child.tag == f"{{{SVG}}}style":
                    rules.update(_declarations(_rule_body(child.text or "")))
                parent.remove(child)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for name, value in _declarations(style).items():
                element.set(name, value)
        for name, value in list(element.attrib.items()):
            if name == "id":
                element.set(name, prefix + value)
            elif name in ("href", f"{{{XLINK}}}href") and value.startswith("#"):
                element.set(name, "#" + prefix + value[1:])
            elif "url(#" in value:
                element.set(name, URL_REF.sub(lambda m: f"url(#{prefix}{m.group(1)})", value))
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    group = next((child for child in root if child.tag == f"{{{SVG}}}g"), None)
    for name, value in rules.items():
        (group if group is not None else root).set(name, value)
    title_id = prefix + "title"
    root.set("role", "img")
    root.set("aria-labelledby", title_id)
    root.set("focusable", "false")
    heading = Element(f"{{{SVG}}}title", {"id": title_id})
    heading.text = title
    root.insert(0, heading)
    return tostring(root, encoding="unicode")


def _rule_body(css: str) -> str:
    """The declarations of matplotlib's one rule, `*{stroke-linejoin: round; …}`."""
    start, end = css.find("{"), css.rfind("}")
    return css[start + 1 : end] if 0 <= start < end else ""


def _declarations(style: str) -> dict[str, str]:
    found = {}
    for declaration in style.split(";"):
        name, sep, value = declaration.partition(":")
        if sep and name.strip() and value.strip():
            found[name.strip()] = value.strip()
    return found
