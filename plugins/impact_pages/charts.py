"""Trend charts as SVG files, drawn at build time with pygal, plus their data tables.

Why files and tables: a chart is evidence in a dossier, so it must print, work without
JavaScript and be readable by screen readers. Each SVG carries a ``<title>`` and a
``<desc>`` (what is drawn and the main finding); the page shows it as an ``<img>`` with
the same text as ``alt`` and puts every plotted number in a table next to it.

pygal's output is cleaned before it is written: its ``<script>`` elements (a config blob
and, by default, a tooltip library from a CDN) are removed, as are comments that carry
the build date, and the random chart id is replaced by the chart's slug, so the same data
always gives the same file and the SVG makes no third-party request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
import xml.etree.ElementTree as ET

import pygal
from pygal.style import Style

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

# The site's palette (theme/static/css/site.css), dark enough on white for WCAG contrast.
CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1c1f23",
    foreground_strong="#1c1f23",
    foreground_subtle="#50575e",
    opacity="0.85",
    opacity_hover="1",
    colors=("#0b5d57", "#0a5a8a", "#8a4b00", "#a4161a", "#1b6e3a", "#5b3a8a", "#50575e"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=13,
    tooltip_font_size=13,
    no_data_font_size=20,
)


@dataclass
class Chart:
    """One chart: the SVG text, where it is written, and its data as a table."""

    slug: str
    title: str
    description: str
    x_label: str  # first table column ("Date", "Year")
    series_names: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # [x, value per series…]
    svg: str = ""
    path: str = ""  # output-relative path, set by the generator (impact/charts/x.svg)


def carry_forward(points: Sequence[tuple[str, Any]], dates: Sequence[str]) -> list[float | None]:
    """Values of one series at each date: the last known value on or before it, else None.

    History records a value only when it changes, so a date without a point repeats the
    previous value; before the first point there is no value (not a zero).
    """
    ordered = sorted((str(d), v) for d, v in points if _number(v) is not None)
    values: list[float | None] = []
    index, current = 0, None
    for date in dates:
        while index < len(ordered) and ordered[index][0] <= date:
            current = _number(ordered[index][1])
            index += 1
        values.append(current)
    return values


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _text(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


def _clean(svg: str, slug: str, title: str, description: str) -> str:
    root = ET.fromstring(svg)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG_NS}}}script":
                parent.remove(child)
    title_id, desc_id = f"{slug}-title", f"{slug}-desc"
    title_el = root.find(f"{{{SVG_NS}}}title")
    if title_el is None:
        title_el = ET.Element(f"{{{SVG_NS}}}title")
        root.insert(0, title_el)
    title_el.text = title
    title_el.set("id", title_id)
    desc_el = ET.Element(f"{{{SVG_NS}}}desc", {"id": desc_id})
    desc_el.text = description
    root.insert(list(root).index(title_el) + 1, desc_el)
    root.set("role", "img")
    root.set("aria-labelledby", f"{title_id} {desc_id}")
    text = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n"


def _config(chart_class, slug: str, **extra):
    chart = chart_class(
        style=CHART_STYLE,
        js=[],
        disable_xml_declaration=True,
        explicit_size=True,
        width=720,
        height=360,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        truncate_legend=40,
        print_values=False,
        show_minor_x_labels=True,
        x_label_rotation=0,
        margin=16,
        margin_right=48,  # room for the last date label
        **extra,
    )
    chart.uuid = slug  # stable id instead of uuid4 (pygal prefixes it with "chart-")
    return chart


def line_chart(
    slug: str,
    title: str,
    description: str,
    dates: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    x_label: str = "Date",
) -> Chart:
    """A line chart of several series over the same dates (None = no value yet)."""
    chart = _config(
        pygal.Line, slug, allow_interruptions=True, dots_size=4, show_legend=len(series) > 1
    )
    chart.x_labels = list(dates)
    if len(dates) > 8:
        chart.x_labels_major_every = max(1, len(dates) // 6)
        chart.show_minor_x_labels = False
    for name, values in series:
        chart.add(name, list(values))
    svg = _clean(chart.render(is_unicode=True), slug, title, description)
    rows = [[d] + [_text(values[i]) for _, values in series] for i, d in enumerate(dates)]
    return Chart(slug, title, description, x_label, [n for n, _ in series], rows, svg)


def bar_chart(
    slug: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    series_name: str,
    x_label: str = "Year",
) -> Chart:
    chart = _config(pygal.Bar, slug, show_legend=False)
    chart.x_labels = list(labels)
    chart.add(series_name, list(values))
    svg = _clean(chart.render(is_unicode=True), slug, title, description)
    rows = [[label, _text(value)] for label, value in zip(labels, values, strict=True)]
    return Chart(slug, title, description, x_label, [series_name], rows, svg)
