"""Trend charts: SVG drawn at build time with a title, a description, the data points, no
script and no third-party reference, plus a data table on the page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from impact.store import Figures
from impact_pages.charts import carry_forward, line_chart
from impact_pages.dashboard import build_dashboard
from impact_pages_data import (
    EARLIER,
    OLD,
    RECENT,
    figures_data,
    impact_site_fixture,  # noqa: F401 - provides the session fixture "impact_site"
    soup,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
DATES = ["2026-01-05", "2026-02-02", "2026-03-02"]


def _chart():
    return line_chart(
        "demo",
        "Citations over time",
        "Citations rose from 10 to 14.",
        DATES,
        [("OpenAlex", [10, 12, 14]), ("Crossref", [None, 9, 9])],
    )


def test_svg_has_title_desc_and_labels_them():
    root = ET.fromstring(_chart().svg)
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title.text == "Citations over time"
    assert desc.text == "Citations rose from 10 to 14."
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_svg_carries_every_data_point():
    root = ET.fromstring(_chart().svg)
    values = [
        d.text for d in root.iter("{http://www.w3.org/2000/svg}desc") if d.get("class") == "value"
    ]
    assert values == ["10", "12", "14", "9", "9"]  # the missing first Crossref point is not drawn


def test_svg_has_no_script_no_external_reference_and_is_reproducible():
    svg = _chart().svg
    root = ET.fromstring(svg)
    assert list(root.iter("{http://www.w3.org/2000/svg}script")) == []
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.endswith("href"):
                assert not value.startswith(("http", "//")), value
    assert "kozea.github.io" not in svg and "googleapis" not in svg
    assert _chart().svg == svg  # no random ids, no build date


def test_data_table_rows_match_the_series():
    assert _chart().rows == [
        ["2026-01-05", "10", "—"],
        ["2026-02-02", "12", "9"],
        ["2026-03-02", "14", "9"],
    ]


def test_carry_forward_repeats_the_last_value_but_never_invents_earlier_ones():
    points = [("2026-02-02", 5), ("2026-03-02", 7)]
    assert carry_forward(points, ["2026-01-05", "2026-02-02", "2026-02-20", "2026-03-02"]) == [
        None,
        5,
        5,
        7,
    ]


def test_trend_charts_need_two_dates_but_citations_by_year_does_not():
    single = Figures()
    work = single.record("doi:10.1000/one")
    single.set_figures(
        work,
        "openalex",
        {
            "openalex.cited_by_count": 5,
            "openalex.counts_by_year": [{"year": 2025, "cited_by_count": 5}],
        },
        RECENT,
    )
    single.set_figures(work, "altmetric", {"altmetric.score": 3.0}, RECENT)
    one_date = build_dashboard([], single, stale_days=120, top=5, chart_series=5)
    assert [c.slug for c in one_date.charts] == ["citations-by-year"]
    assert "two different days" in one_date.trend_note
    two_dates = build_dashboard([], figures_data(), stale_days=120, top=5, chart_series=5)
    assert [c.slug for c in two_dates.charts] == [
        "citations-trend",
        "attention-trend",
        "citations-by-year",
    ]
    empty = build_dashboard([], Figures(), stale_days=120, top=5, chart_series=5)
    assert empty.charts == [] and not empty.has_data


def test_dashboard_shows_chart_files_with_alt_text_and_tables(impact_site):
    page = soup(impact_site, "impact/index.html")
    block = page.select_one("#chart-citations-trend")
    img = block.select_one("img")
    assert img["alt"].startswith("Citations of the cited works over time.")
    svg_file = impact_site.output / "impact/charts/citations-trend.svg"
    root = ET.fromstring(svg_file.read_text(encoding="utf-8"))
    assert root.find("svg:title", NS).text == "Citations of the cited works over time"
    assert img["src"] == "../impact/charts/citations-trend.svg"
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in block.select("tbody tr")]
    assert [r[0] for r in rows] == [OLD, EARLIER, RECENT]
    assert rows[-1][1] == "1,462"  # OpenAlex: peerj 962 + RCR 500 at the last update
    assert block.select_one("table thead").get_text(" ", strip=True) == "Date OpenAlex Crossref"
