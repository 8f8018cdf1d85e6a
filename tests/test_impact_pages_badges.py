"""Badges: Altmetric's embed markup, the text fallback, the script once per page, settings."""

from __future__ import annotations

from impact.store import Figures
from impact_pages.badges import (
    Badge,
    Fallback,
    altmetric_page_attributes,
    badge_for,
    fallback_for,
)
from impact_pages.evidence import EvidenceRow, PostImpact
from impact_pages.figure_cells import Cell
from impact_pages.settings import BadgeOptions, merged
from impact_pages_data import (
    ALTMETRIC_PAPER,
    PEERJ,
    POST_DOI,
    POST_PAGES,
    RCR_DOI,
    RECENT,
    build,
    figures_data,
    impact_site_fixture,  # noqa: F401 - provides the session fixture "impact_site"
    make_site,
    soup,
)
import pytest

EMBED_JS = "https://d1bxh8uas1mnw7.cloudfront.net/assets/embed.js"


def scripts(page, src: str) -> list:
    return [s for s in page.find_all("script") if s.get("src") == src]


def impact_script(page):
    """Our impact.js tag, which carries the attributes the page's Altmetric badges share."""
    (script,) = [s for s in page.find_all("script") if s.get("src", "").endswith("/impact.js")]
    return script


# --- unit: what a badge is made of ----------------------------------------------------------


def test_badge_uses_the_doi_and_every_documented_attribute():
    badge = badge_for(
        {"doi": "https://doi.org/10.7717/PEERJ.4375", "pmid": "29456894"},
        figures_data(),
        BadgeOptions(),
    )
    assert dict(badge.altmetric) == {"data-doi": PEERJ}  # DOI preferred over PMID, normalised
    assert badge.scripts == {"altmetric"}
    # the attributes every badge of a page shares, said once per page (on impact.js's tag)
    assert dict(altmetric_page_attributes(BadgeOptions())) == {
        "data-badge-type": "donut",
        "data-badge-popover": "right",
        "data-hide-no-mentions": "true",
        "data-link-target": "_self",
    }
    chosen = dict(altmetric_page_attributes(BadgeOptions(), "medium-donut"))  # a post's own
    assert chosen["data-badge-type"] == "medium-donut"


def test_badge_falls_back_to_the_pmid_and_skips_works_without_identifiers():
    badge = badge_for({"pmid": "PMID: 12345678"}, Figures(), BadgeOptions())
    assert dict(badge.altmetric)["data-pmid"] == "12345678"
    assert "data-doi" not in dict(badge.altmetric)
    assert badge_for({"url": "https://example.org/"}, Figures(), BadgeOptions()) is None
    assert badge_for({"doi": "not a doi"}, Figures(), BadgeOptions()) is None


@pytest.mark.parametrize(
    ("mode", "embed", "fallback"),
    [("both", True, True), ("embed", True, False), ("static", False, True)],
)
def test_modes_choose_embed_and_fallback(mode, embed, fallback):
    badge = badge_for({"doi": PEERJ}, figures_data(), BadgeOptions(altmetric=mode))
    assert bool(badge.altmetric) is embed
    assert (badge.fallback is not None) is fallback


def test_off_and_static_without_figures_give_no_badge():
    assert badge_for({"doi": PEERJ}, figures_data(), BadgeOptions(altmetric="off")) is None
    assert badge_for({"doi": PEERJ}, Figures(), BadgeOptions(altmetric="static")) is None


def test_fallback_text_names_score_and_main_counts_with_date_and_details_link():
    record = figures_data().lookup(doi=RCR_DOI)
    fallback = fallback_for(record, stale_days=120)
    assert fallback.text == "Altmetric 121 · news 8 · policy 1"
    assert fallback.as_of == RECENT and not fallback.stale
    assert fallback.url is None  # the stored link was javascript:, never linked

    peerj = fallback_for(figures_data().lookup(doi=PEERJ), stale_days=120)
    assert peerj.text == "Altmetric 1,613 · news 8 · policy 1 · blogs 40"  # first three counts
    assert peerj.url == "https://www.altmetric.com/details.php?citation_id=32469090"  # https


def test_reference_badge_leaves_its_date_to_the_panel_unless_it_is_an_old_one_of_its_own():
    def post_with(badge_as_of: str, stale: bool, panel_as_of: str) -> tuple[PostImpact, Badge]:
        attention = Cell("altmetric.score", "Attention", "Altmetric", "ok", 5, "5", panel_as_of)
        row = EvidenceRow(number=1, title="A work", url=None, doi=PEERJ, pmid=None)
        row.attention = attention
        fallback = Fallback("Altmetric 5", None, badge_as_of, badge_as_of, stale, 5)
        return PostImpact(evidence=[row]), Badge(doi=PEERJ, pmid=None, fallback=fallback)

    impact, badge = post_with(RECENT, False, RECENT)
    assert not impact.badge_dated(badge)  # the date is once, in the panel's as-of line
    impact, badge = post_with("2020-01-01", True, "2020-01-01")
    assert not impact.badge_dated(badge)  # old, but the panel's as-of line gives that date
    impact, badge = post_with("2020-01-01", True, RECENT)
    assert impact.badge_dated(badge)  # older than the panel's date: it shows its own
    assert not impact.badge_dated(None)


def test_dimensions_and_plumx_markup_by_setting():
    options = BadgeOptions(dimensions=True, plumx=True)
    badge = badge_for({"pmid": "27599104"}, Figures(), options)
    assert dict(badge.dimensions) == {
        "data-pmid": "27599104",
        "data-style": "small_circle",
        "data-legend": "hover-right",
        "data-hide-zero-citations": "true",
    }
    assert badge.plumx_url == "https://plu.mx/plum/a/?pmid=27599104"
    assert badge.scripts == {"altmetric", "dimensions", "plumx"}


def test_bad_settings_are_reported_and_defaults_used():
    values, problems = merged({"ALTMETRIC_BADGES": "sometimes", "ALTMETRIC_BADGE_TYPE": "2"})
    assert values["ALTMETRIC_BADGES"] == "both" and values["ALTMETRIC_BADGE_TYPE"] == "donut"
    assert [p.field for p in problems] == ["ALTMETRIC_BADGES", "ALTMETRIC_BADGE_TYPE"]
    assert "'off', 'embed', 'static', 'both'" in problems[0].fix
    assert merged({"ALTMETRIC_BADGES": False})[0]["ALTMETRIC_BADGES"] == "off"


# --- built pages ----------------------------------------------------------------------------


@pytest.fixture
def site(impact_site):
    return impact_site


def test_reference_badges_have_the_right_identifiers_and_one_script(site):
    page = soup(site, POST_PAGES["everything"])
    references = page.select(".references li")
    identifiers = [
        [e.get("data-doi") or e.get("data-pmid") for e in li.select(".altmetric-embed")]
        for li in references
    ]
    # peerj by DOI; [@pmid:…] resolved to its DOI by the references cache; the web page none
    assert identifiers == [[PEERJ], [RCR_DOI], [ALTMETRIC_PAPER], []]
    assert len(scripts(page, EMBED_JS)) == 1
    script = scripts(page, EMBED_JS)[0]
    assert script.has_attr("async")
    assert script.find_parent("body") is not None
    # the shared attributes once, on impact.js, which runs first (not deferred) to copy them
    ours = impact_script(page)
    assert not ours.has_attr("defer") and not ours.has_attr("async")
    order = page.find_all("script", src=True)
    assert order.index(ours) < order.index(script)
    assert {ours["data-badge-popover"], ours["data-link-target"]} == {"right", "_self"}
    assert all(set(e.attrs) == {"class", "data-doi"} for e in page.select(".altmetric-embed"))


def test_post_badge_under_the_title_uses_the_post_doi(site):
    page = soup(site, POST_PAGES["everything"])
    badge = page.select_one(".post-header .post-badge .altmetric-embed")
    assert badge["data-doi"] == POST_DOI
    fallback = page.select_one(".post-badge .impact-fallback")
    assert fallback.a.get_text(" ", strip=True).endswith("Altmetric 7 · Bluesky 5")
    assert fallback.a["href"] == "https://www.altmetric.com/details.php?citation_id=1"
    assert fallback.time["datetime"] == RECENT
    what = page.select_one(".post-badge .impact-whatis")
    assert what.get_text() == "What is this?" and what["href"].endswith("impact/metrics/#altmetric")


def test_pages_without_badges_load_no_badge_script(site):
    for name in ("url-only", "no-references"):
        page = soup(site, POST_PAGES[name])
        assert page.select(".altmetric-embed") == []
        assert scripts(page, EMBED_JS) == []
        assert not any("impact.js" in (s.get("src") or "") for s in page.find_all("script"))
    assert scripts(soup(site, "index.html"), EMBED_JS) == []


def test_both_mode_shows_embed_and_fallback_and_one_script(site):
    page = soup(site, POST_PAGES["everything"])
    assert len(page.select(".altmetric-embed")) == 4  # the post and three references
    assert len(page.select(".impact-fallback")) == 3  # post, peerj and RCR have figures
    assert len(scripts(page, EMBED_JS)) == 1


@pytest.mark.parametrize(("mode", "fallbacks"), [("off", 0), ("static", 3)])
def test_off_and_static_load_no_third_party_script(tmp_path, mode, fallbacks):
    content = make_site(tmp_path, figures=figures_data())
    built = build(tmp_path, content, ALTMETRIC_BADGES=mode)
    page = soup(built, POST_PAGES["everything"])
    assert page.select(".altmetric-embed") == []
    assert len(page.select(".impact-fallback")) == fallbacks
    assert [s["src"] for s in page.find_all("script", src=True) if "://" in s["src"]] == []


def test_embed_mode_with_dimensions_and_plumx_loads_each_script_once(tmp_path):
    content = make_site(tmp_path, figures=figures_data())
    built = build(
        tmp_path, content, ALTMETRIC_BADGES="embed", DIMENSIONS_BADGES=True, PLUMX_BADGES=True
    )
    page = soup(built, POST_PAGES["everything"])
    assert len(page.select(".altmetric-embed")) == 4
    assert page.select(".impact-fallback") == []  # embed only: no text badge
    assert len(scripts(page, EMBED_JS)) == 1
    assert len(page.select("span.__dimensions_badge_embed__[data-doi]")) == 4
    plumx = page.select("a.plumx-plum-print-popup")
    assert plumx[0]["href"] == f"https://plu.mx/plum/a/?doi={POST_DOI}"
    assert len(scripts(page, "https://badge.dimensions.ai/badge.js")) == 1
    assert len(scripts(page, "https://cdn.plu.mx/widget-popup.js")) == 1
    explainer = soup(built, "impact/metrics/index.html")
    assert explainer.select_one("#dimensions") and explainer.select_one("#plumx")


def test_per_post_badge_type_and_a_wrong_one_is_reported(tmp_path):
    posts = {
        "posts/big.md": f"---\ntitle: Big\ndate: 2025-01-01\naltmetric_badge_type: medium-donut\n"
        f"---\nText [@doi:{PEERJ}].\n",
        "posts/typo.md": f"---\ntitle: Typo\ndate: 2025-01-02\naltmetric_badge_type: dougnut\n"
        f"---\nText [@doi:{PEERJ}].\n",
    }
    built = build(tmp_path, make_site(tmp_path, posts, figures_data()))
    big = impact_script(soup(built, "posts/2025/big/index.html"))
    assert big["data-badge-type"] == "medium-donut"
    typo = impact_script(soup(built, "posts/2025/typo/index.html"))
    assert typo["data-badge-type"] == "donut"
    message = next(m for m in built.messages() if "dougnut" in m)
    assert (
        "typo.md:4" in message and "altmetric_badge_type" in message and "medium-donut" in message
    )


def test_api_text_is_escaped_and_unsafe_links_dropped(tmp_path):
    figures = figures_data()
    evil = figures.record("doi:10.5555/evil", "work")
    figures.add_ids(evil, {"doi": "10.5555/evil"})
    evil.title = '<img src=x onerror="alert(1)">Evil'
    figures.set_figures(
        evil,
        "altmetric",
        {"altmetric.score": 99999.0, "altmetric.details_url": "javascript:alert(1)"},
        RECENT,
    )
    built = build(tmp_path, make_site(tmp_path, figures=figures))
    html = built.page("impact/index.html")
    assert "&lt;img src=x" in html  # shown as text in "Most discussed"
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
