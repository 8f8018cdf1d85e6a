"""Author impact: the author-page section, the printable portfolio and its CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

from impact_pages.portfolio import CSV_COLUMNS, Portfolio, WrittenPost, portfolio_csv
from impact_pages_data import (
    MAYA_ORCID,
    POST_DOI,
    RECENT,
    impact_site_fixture,  # noqa: F401 - provides the session fixture "impact_site"
    soup,
)


def _csv(site, slug: str) -> list[dict[str, str]]:
    text = (site.output / f"authors/{slug}/impact.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _figures(section) -> dict[str, str]:
    return {
        d.dt.get_text(strip=True): d.dd.get_text(" ", strip=True)
        for d in section.select(".impact-figures > div")
    }


def test_author_page_shows_openalex_figures_and_links_to_portfolio_and_csv(impact_site):
    page = soup(impact_site, "authors/maya-okafor/index.html")
    section = page.select_one(".author-impact")
    figures = _figures(section)
    assert figures["h-index"] == "14"
    assert figures["i10-index"] == "20"
    assert figures["Works"] == "61"
    assert figures["OpenAlex citations"] == "1,234"
    assert section.find("a", href=f"https://orcid.org/{MAYA_ORCID}")
    links = {a.get_text(" ", strip=True)[:22]: a["href"] for a in section.select(".impact-links a")}
    assert links["Impact portfolio (prin"] == "../../authors/maya-okafor/portfolio/"
    assert links["Download CSV"] == "../../authors/maya-okafor/impact.csv"
    posts = [r.th.get_text(strip=True) for r in section.select("tbody tr")]
    assert posts == ["Evidence for the donut"]  # the post without references or DOI is left out


def test_portfolio_lists_posts_written_with_role_and_figures(impact_site):
    page = soup(impact_site, "authors/maya-okafor/portfolio/index.html")
    assert page.h1.get_text() == "Impact portfolio: Maya Okafor"
    rows = page.select('table[class="impact-table"] caption')
    assert rows[0].get_text().startswith("Posts by Maya Okafor")
    written = page.select_one("#portfolio-written-caption").find_parent("table")
    cells = {
        r.th.a.get_text(): [c.get_text(" ", strip=True) for c in r.find_all("td")]
        for r in written.select("tbody tr")
    }
    assert cells["Evidence for the donut"][0].startswith("Author 1 of 2")
    assert cells["Evidence for the donut"][1] == "4"  # Crossref: OpenAlex has none for the post
    assert cells["Evidence for the donut"][2] == "7"
    assert "1 retracted" in cells["Evidence for the donut"][3]
    assert cells["No references at all"][1] == "no DOI"
    assert page.select_one("svg, .impact-chart img")["src"].endswith("author-maya-okafor.svg")


def test_portfolio_has_a_real_print_button_that_is_hidden_without_javascript(impact_site):
    page = soup(impact_site, "authors/maya-okafor/portfolio/index.html")
    button = page.select_one("button[data-impact-print]")
    assert button["type"] == "button" and button.has_attr("hidden")
    assert button.find_parent(class_="no-print") is not None
    assert page.find("script", src="../../../theme/js/impact.js") is not None
    assert "Save as PDF" in page.noscript.get_text()
    css = (impact_site.output / "theme/css/site.css").read_text(encoding="utf-8")
    assert ".no-print" in css.split("@media print")[1]


def test_reviewers_get_their_reviews_in_the_portfolio(impact_site):
    page = soup(impact_site, "authors/samuel-adeyemi/portfolio/index.html")
    reviewed = page.select_one("#portfolio-reviewed-caption").find_parent("table")
    row = reviewed.select_one("tbody tr")
    assert row.th.get_text(strip=True) == "Evidence for the donut"
    assert row.time["datetime"] == "2025-01-20"
    rows = [r for r in _csv(impact_site, "samuel-adeyemi") if r["section"] == "post reviewed"]
    assert [(r["title"], r["date"], r["doi"]) for r in rows] == [
        ("Evidence for the donut", "2025-01-20", POST_DOI)
    ]


def test_author_without_orcid_gets_a_portfolio_that_says_why_there_are_no_figures(impact_site):
    page = soup(impact_site, "authors/hannah-lindqvist/portfolio/index.html")
    text = page.get_text(" ", strip=True)
    assert "No ORCID iD is on file for Hannah Lindqvist" in text
    assert page.select(".impact-figures") == []
    author_page = soup(impact_site, "authors/hannah-lindqvist/index.html")
    assert "No ORCID iD is on file" in author_page.select_one(".author-impact").get_text()
    rows = _csv(impact_site, "hannah-lindqvist")
    assert rows[0]["section"] == "author" and rows[0]["status"] == "no ORCID iD on file"


def test_csv_has_every_figure_with_source_status_and_date(impact_site):
    rows = _csv(impact_site, "maya-okafor")
    assert list(rows[0]) == list(CSV_COLUMNS)
    author = {r["figure"]: r for r in rows if r["section"] == "author"}
    assert author["openalex.h_index"]["value"] == "14"
    assert author["openalex.h_index"]["as_of"] == RECENT
    assert author["openalex.two_year_mean_citedness"]["status"] == "none found"
    post = {r["figure"]: r for r in rows if r["title"] == "Evidence for the donut"}
    assert post["crossref.is_referenced_by_count"]["value"] == "4"
    assert post["openalex.cited_by_count"]["value"] == ""  # not available is never a zero
    assert post["openalex.cited_by_count"]["status"] == "not available"
    assert post["evidence.attention_total"]["value"] == "1733.5"
    assert post["crossref.is_referenced_by_count"]["url"].endswith("/posts/2025/everything/")
    listed = [r for r in rows if r["title"] == "No references at all"]
    assert len(listed) == 1 and listed[0]["figure"] == ""  # listed even without figures


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    post = SimpleNamespace(
        title='=HYPERLINK("http://evil.example")',
        date=dt.datetime(2025, 1, 1),
        url="posts/2025/x/",
    )
    portfolio = Portfolio(
        slug="x",
        name="@Someone",
        record=None,
        orcid=None,
        orcid_url=None,
        state="no_orcid",
        written=[WrittenPost(post=post, position=1, coauthors=[], impact=None)],
    )
    rows = list(csv.reader(io.StringIO(portfolio_csv(portfolio, "https://example.org"))))
    assert rows[1][1] == "'@Someone"
    assert rows[2][1] == '\'=HYPERLINK("http://evil.example")'
    assert rows[2][5] == "https://example.org/posts/2025/x/"
