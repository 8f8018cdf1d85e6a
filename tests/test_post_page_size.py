"""A post page sends each piece of markup once and stays light enough for phones.

The fixture post cites 17 works from its own CSL-JSON bibliography, 12 of them with impact
figures (citations, attention, RCR), has a registered author, a review-free checklist and the
Cite-this downloads: every feature of a post page is on it.
"""

from __future__ import annotations

import statistics

from bs4 import BeautifulSoup
from lean_site import build_blog, make_blog
import pytest

WORKS = 17
WITH_FIGURES = 12
PAGE_BUDGET_KB = 61  # the page weighs 59.3 KB (it was 66 KB): a guard against growth


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("lean-pages")
    content = make_blog(root, posts=3, works_per_post=WORKS, with_figures=WITH_FIGURES)
    return build_blog(root, content)


def _pages(site):
    return sorted((site.output / "posts/2025").glob("*/index.html"))


def test_median_post_page_weighs_less_than_the_budget(site):
    sizes = [p.stat().st_size for p in _pages(site)]
    assert len(sizes) == 3
    assert statistics.median(sizes) <= PAGE_BUDGET_KB * 1024, sizes


def test_each_reference_is_written_out_once(site):
    html = _pages(site)[0].read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    entries = page.select(".reference-list > li")
    assert len(entries) == WORKS
    for number in range(1, WORKS + 1):
        assert len(page.select(f"#ref-{number}-text")) == 1  # previews are built from it
        citing = page.select(f'a.citation-link[href="#ref-{number}"]')
        assert citing, number  # the citation links to the entry, its accessible fallback
        assert all(a["aria-describedby"] == f"ref-{number}-text" for a in citing)
    for n in range(WORKS):  # each title once in the list, once in the evidence table at most
        title = f"clinical reasoning in workplace setting {n}<"
        assert html.count(title) <= 2, n
    assert html.count("What is this?") == 1  # said once for all the badges


def test_head_keeps_one_lean_citation_reference_per_work(site):
    page = BeautifulSoup(_pages(site)[0].read_text(encoding="utf-8"), "html.parser")
    tags = [m["content"] for m in page.find_all("meta", attrs={"name": "citation_reference"})]
    assert len(tags) == WORKS
    for value in tags:
        keys = [part.partition("=")[0] for part in value.split("; ")]
        assert {"citation_title", "citation_author", "citation_journal_title"} <= set(keys)
        assert keys.count("citation_doi") == 1
        assert "citation_fulltext_html_url" not in keys and "citation_pmid" not in keys


def test_every_feature_is_still_on_the_page(site):
    page = BeautifulSoup(_pages(site)[0].read_text(encoding="utf-8"), "html.parser")
    assert len(page.select(".reference-list .impact-badge")) == WORKS  # drawn from the DOI
    assert len(page.select(".reference-list .impact-fallback")) == WITH_FIGURES  # our figures
    # their date (this week's) is said once, in the panel's as-of line, not beside each
    assert page.select(".reference-list .impact-asof") == []
    as_of = page.select_one("#impact .impact-asof-line").get_text(" ", strip=True)
    assert "Altmetric" in as_of
    rows = page.select("#impact .impact-table tbody tr")
    assert len(rows) == WITH_FIGURES  # the works with figures, one row each
    missing = page.select_one("#impact .impact-none").get_text(" ", strip=True)
    assert missing == "No figures yet for: references 13 , 14 , 15 , 16 , 17 ."
    assert page.select_one('#impact .impact-none a[href="#ref-13"]') is not None
    assert "not available" not in rows[0].get_text(" ", strip=True)
    downloads = {a["href"].rsplit(".", 1)[-1] for a in page.select(".cite-this a[download]")}
    assert {"bib", "ris"} <= downloads
    assert page.select_one(".quality-card") is not None  # the checklist


def test_icons_are_uses_of_the_one_icons_file(site):
    """The icon drawings are sent once, in theme/icons.svg (cached across pages), not with
    every page: each icon on a post page points to a symbol that file has."""
    sprite = BeautifulSoup((site.output / "theme/icons.svg").read_text(), "html.parser")
    symbols = {s["id"] for s in sprite.find_all("symbol")}
    page = BeautifulSoup(_pages(site)[0].read_text(encoding="utf-8"), "html.parser")
    assert page.find("symbol") is None  # no drawing in the page itself
    uses = [u["href"] for u in page.select("svg.icon use")]
    assert len(uses) >= 10  # byline, author box, share and follow links
    for href in uses:
        url, _, symbol = href.partition("#")
        assert url == "https://blog.example.org/theme/icons.svg", href
        assert symbol in symbols, href
