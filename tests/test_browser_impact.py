"""Impact pages in a real browser: the dashboard, the metrics explainer and an author
portfolio (screen and print media), with badge scripts blocked as on a privacy-minded
reader's machine. The site is the fixture blog served from a sub-path (tests/browser.py)."""

from __future__ import annotations

from browser import (
    DESKTOP,
    PHONE,
    assert_loads_cleanly,
    axe_violations,
    open_page,
    opened_page,
)
import pytest

pytestmark = pytest.mark.browser

EMBED_JS = "https://d1bxh8uas1mnw7.cloudfront.net/assets/embed.js"  # the default setting
PAGES = ["/impact/", "/impact/metrics/", "/authors/maya-okafor/portfolio/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_impact_pages_load_cleanly_and_fit_the_screen(browser, browser_site, path, viewport):
    with opened_page(browser, browser_site.root + path, viewport) as opened:
        assert_loads_cleanly(opened)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("media", ["screen", "print"])
def test_no_serious_accessibility_violations(browser, browser_site, path, media):
    with opened_page(browser, browser_site.root + path, PHONE, media=media) as opened:
        assert axe_violations(opened.page) == []


def test_portfolio_print_button_works_with_javascript_and_is_not_printed(browser, browser_site):
    with opened_page(
        browser, browser_site.root + "/authors/maya-okafor/portfolio/", DESKTOP
    ) as opened:
        page = opened.page
        button = page.locator("button[data-impact-print]")
        assert button.is_visible()  # revealed by impact.js
        page.evaluate("() => { window.__printed = 0; window.print = () => window.__printed++; }")
        button.click()
        assert page.evaluate("() => window.__printed") == 1
        page.emulate_media(media="print")
        assert not button.is_visible()
        assert (
            page.evaluate(
                "() => getComputedStyle(document.querySelector('.site-header nav')).display"
            )
            == "none"
        )
        assert page.locator("h1").is_visible()
        assert page.locator("#portfolio-written-title").is_visible()


def test_portfolio_without_javascript_shows_no_dead_button(browser, browser_site):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(browser_site.root + "/authors/maya-okafor/portfolio/")
        assert not page.locator("button[data-impact-print]").is_visible()
        assert "Save as PDF" in page.locator("main").inner_text()
    finally:
        context.close()


def test_blocked_badge_script_leaves_the_text_fallback_and_print_keeps_it(browser, browser_site):
    opened = open_page(
        browser, browser_site.root + "/posts/2024/altmetrics-for-educators/", DESKTOP
    )
    page = opened.page
    try:
        fallbacks = page.locator(".references .impact-fallback")
        assert fallbacks.count() > 0
        assert fallbacks.first.is_visible()  # Altmetric's script is blocked: text stays
        assert "Altmetric" in fallbacks.first.inner_text()
        page.emulate_media(media="print")
        assert fallbacks.first.is_visible()
        assert not page.locator(".impact-whatis").first.is_visible()
    finally:
        page.context.close()


def test_altmetric_script_finds_every_badge_with_the_shared_attributes(browser, browser_site):
    """The page says the attributes all its Altmetric badges share once (on impact.js's tag);
    by the time Altmetric's script runs, each badge has them. A stand-in for that script
    records what it finds: the real one is third-party and not reachable here."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    stand_in = (
        "window.__badges = [...document.querySelectorAll('.altmetric-embed')].map(e => ["
        "e.dataset.doi || e.dataset.pmid, e.dataset.badgeType, e.dataset.badgePopover,"
        " e.dataset.hideNoMentions, e.dataset.linkTarget]);"
    )

    def route(route):
        url = route.request.url
        if url.startswith("http://127.0.0.1"):
            route.continue_()
        elif url == EMBED_JS:
            route.fulfill(status=200, content_type="text/javascript", body=stand_in)
        else:
            route.abort()

    page.route("**/*", route)
    try:
        page.goto(browser_site.root + "/posts/2024/altmetrics-for-educators/", wait_until="load")
        page.wait_for_function("() => window.__badges !== undefined", timeout=5000)
        badges = page.evaluate("() => window.__badges")
        assert len(badges) >= 3  # the post's references with a DOI or PMID
        for identifier, *shared in badges:
            assert identifier
            assert shared == ["donut", "right", "true", "_self"], identifier
    finally:
        context.close()
