"""The per-post Impact section, the /impact/ dashboard, the metrics explainer and the edge
cases: no references, no figures, a provider that never answered, a retracted work, old
figures, and a site with no impact data at all."""

from __future__ import annotations

import json

from impact_pages_data import (
    DATA,
    OLD,
    PEERJ,
    POST_PAGES,
    build,
    impact_site_fixture,  # noqa: F401 - provides the session fixture "impact_site"
    make_site,
    soup,
)
from test_html_valid import validate


def _row_cells(row) -> list[str]:
    return [c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])]


def _evidence_rows(site):
    page = soup(site, POST_PAGES["everything"])
    return {
        r.find("th").get_text(" ", strip=True)[:20]: r
        for r in page.select("#impact table tbody tr")
    }


def test_evidence_panel_has_one_row_per_reference_with_sourced_figures(impact_site):
    rows = _evidence_rows(impact_site)
    assert len(rows) == 2  # the works with figures; the other two are named in one line each
    peerj = _row_cells(rows["The state of OA: a l"])
    assert peerj[0] == "1"
    assert peerj[2] == "OpenAlex: 962 Crossref: 850 Europe PMC: none found"  # answered, no record
    assert peerj[3] == "not available"  # iCite never answered: never a fake zero
    assert peerj[5].startswith("1,613")
    assert rows["The state of OA: a l"].find("a", href=True, string=None) is not None


def test_work_without_figures_and_reference_without_identifier(impact_site):
    """Works with nothing to show are named once, not given a row of empty cells each."""
    page = soup(impact_site, POST_PAGES["everything"])
    lines = [p.get_text(" ", strip=True) for p in page.select("#impact .impact-none")]
    assert lines == [
        "No figures yet for: reference 3 .",
        "No DOI or PubMed ID, so no figures: reference 4 .",
    ]
    assert page.select_one('#impact .impact-none a[href="#ref-3"]') is not None
    titles = page.select_one("#impact table").get_text(" ", strip=True)
    assert "The Altmetric Score" not in titles and "Altmetrics: a manifesto" not in titles
    assert "Europe PMC: not available" not in titles  # a provider with no answer is left out


def test_retracted_work_is_flagged_in_the_panel_and_dashboard(impact_site):
    page = soup(impact_site, POST_PAGES["everything"])
    alert = " ".join(page.select_one("#impact .impact-alert").get_text(" ", strip=True).split())
    assert "1 cited work is flagged as retracted: reference 1" in alert
    row = page.select_one("#impact tr.is-retracted")
    assert "flagged by OpenAlex" in row.get_text(" ", strip=True)
    dashboard = soup(impact_site, "impact/index.html")
    retracted = dashboard.select_one("#impact-works ul").get_text(" ", strip=True)
    assert "Retracted The state of OA" in retracted and "Evidence for the donut" in retracted


def test_old_figures_show_their_date_prominently(impact_site):
    rows = _evidence_rows(impact_site)
    rcr = rows["Relative Citation Ra"]
    stale = rcr.select(".impact-stale time")
    # OpenAlex's figure is older than OpenAlex's other figures on the page: it shows its date;
    # iCite's figures (RCR, clinical citations) are all of one date, which the line gives once
    assert [t["datetime"] for t in stale] == [OLD]
    assert "OpenAlex" in stale[0].find_parent("li").get_text()
    line = soup(impact_site, POST_PAGES["everything"]).select_one(".impact-asof-line")
    assert "older than 120 days" in line.get_text()
    assert "impact-stale" in line["class"]
    assert OLD in [t["datetime"] for t in line.select("time")]


def test_post_own_figures_distinguish_missing_from_zero(impact_site):
    page = soup(impact_site, POST_PAGES["everything"])
    figures = {
        dt.get_text(strip=True): dd.get_text(" ", strip=True)
        for dt, dd in zip(
            page.select("#impact .impact-figures dt"),
            page.select("#impact .impact-figures dd"),
            strict=True,
        )
    }
    assert figures["Crossref citations"] == "4"
    assert figures["OpenAlex citations"] == "not available"
    assert figures["Altmetric Attention Score"] == "7"
    assert figures["News stories"] == "none found"


def test_posts_without_references_or_doi_have_no_impact_section(impact_site):
    assert soup(impact_site, POST_PAGES["no-references"]).select_one("#impact") is None
    only_web = soup(impact_site, POST_PAGES["url-only"]).select_one("#impact")
    assert "No DOI or PubMed ID" in only_web.get_text()


def test_dashboard_ranks_posts_and_works_with_sources_and_downloads(impact_site):
    page = soup(impact_site, "impact/index.html")
    assert page.h1.get_text() == "Impact"
    attention = page.select_one('ol[aria-labelledby="impact-rank-attention"]').get_text(
        " ", strip=True
    )
    assert "Evidence for the donut" in attention and "1,733.5" in attention  # 1612.5 + 121
    own = page.select_one('ol[aria-labelledby="impact-rank-own"]').get_text(" ", strip=True)
    assert "4 citations (Crossref)" in own
    most_cited = page.select('ol[aria-labelledby="impact-most-cited"] li')
    assert [li.a.get_text()[:12] for li in most_cited] == ["The state of", "Relative Cit"]
    discussed = page.select_one('ol[aria-labelledby="impact-most-discussed"] li')
    assert discussed.find("a", string="Altmetric 1,613 · news 8 · policy 1 · blogs 40")["href"] == (
        "https://www.altmetric.com/details.php?citation_id=32469090"
    )
    sources = {
        r.th.get_text(strip=True): _row_cells(r) for r in page.select("#impact-sources tbody tr")
    }
    assert set(sources) == {"Altmetric", "Crossref", "OpenAlex", "NIH iCite"}
    assert "over 120 days old" in sources["NIH iCite"][2]
    assert "Europe PMC" in page.select_one("#impact-sources").get_text()  # no figures: named
    downloads = [a["href"] for a in page.select("#impact-downloads a[download]")]
    assert downloads == ["../impact/impact.json", "../impact/impact.csv"]
    exported = json.loads((impact_site.output / "impact/impact.json").read_text())
    assert any(r.get("doi") == PEERJ for r in exported)


def test_explainer_explains_every_provider_caveats_and_attributions(impact_site):
    page = soup(impact_site, "impact/metrics/index.html")
    for anchor in ("altmetric", "openalex", "crossref", "icite", "europepmc", "attributions"):
        assert page.find(id=anchor) is not None, anchor
    text = page.get_text(" ", strip=True)
    for phrase in (
        "gamed or manipulated",
        "Sources disagree",
        "Triangulate, do not replace",
        "Relative Citation Ratio",
        "h-index",
        "not available",
        "details page",
    ):
        assert phrase in text, phrase
    # every "What is this?" link lands on this page's Altmetric section
    post = soup(impact_site, POST_PAGES["everything"])
    links = {a["href"] for a in post.select("a.impact-whatis")}
    assert links == {"../../../impact/metrics/#altmetric"}


def test_site_without_impact_data_still_builds_and_says_how_to_get_it(tmp_path):
    built = build(tmp_path, make_site(tmp_path))  # no figures folder at all
    dashboard = soup(built, "impact/index.html")
    assert "make impact" in dashboard.select_one("#impact-empty-title").find_parent().get_text()
    assert dashboard.select("main svg, img.impact-chart") == []  # no charts (footer icons aside)
    panel = soup(built, POST_PAGES["everything"]).select_one("#impact")
    assert "have not been collected" in panel.get_text()
    assert panel.select("table") == []  # no table of "not available"
    assert "No ORCID iD" not in built.page("authors/maya-okafor/index.html")  # she has one
    assert "not been collected yet" in built.page("authors/maya-okafor/index.html")


def test_broken_impact_file_is_reported_and_pages_still_build(tmp_path):
    content = make_site(tmp_path)
    (content / DATA).mkdir()
    (content / DATA / "figures.json").write_text("<<<<<<< HEAD\n{}\n", encoding="utf-8")
    built = build(tmp_path, content)
    assert any("merge-conflict" in m for m in built.messages())
    assert "No impact figures yet" in built.page("impact/index.html")


def test_impact_pages_pass_the_nu_html_checker(impact_site):
    out = impact_site.output
    pages = [
        out / "impact/index.html",
        out / "impact/metrics/index.html",
        out / POST_PAGES["everything"],
        out / "authors/maya-okafor/index.html",
        out / "authors/maya-okafor/portfolio/index.html",
        out / "authors/hannah-lindqvist/portfolio/index.html",
    ]
    assert validate(pages) == []
