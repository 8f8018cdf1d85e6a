"""What only a browser can judge: layout at phone and desktop widths, console errors,
accessibility (axe-core), search and print, on the site served from a sub-path."""

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

PAGES = [
    "/",
    "/posts/2024/appraising-foam/",
    "/posts/2025/podcasts-on-shift/",
    "/archives/",
    "/topics/",
    "/about/",
    "/search/",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_page_loads_cleanly_without_sideways_scroll(browser, browser_site, path, viewport):
    with opened_page(browser, browser_site.root + path, viewport) as opened:
        assert_loads_cleanly(opened)


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(browser, browser_site, path):
    with opened_page(browser, browser_site.root + path, PHONE) as opened:
        assert axe_violations(opened.page) == []


def test_dark_mode_also_passes_contrast(browser, browser_site):
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(browser_site.root + "/posts/2024/appraising-foam/")
        assert axe_violations(page) == []
    finally:
        context.close()


def test_skip_link_is_first_and_moves_focus(browser, browser_site):
    with opened_page(browser, browser_site.root + "/", DESKTOP) as opened:
        page = opened.page
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        assert focused == "Skip to content"
        assert page.evaluate("() => getComputedStyle(document.activeElement).left") != "-999px"


def test_search_finds_posts_from_a_subpath(browser, browser_site):
    with opened_page(browser, browser_site.root + "/search/", DESKTOP) as opened:
        page = opened.page
        page.fill(".pagefind-ui__search-input", "rMETRIQ")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=10000)
        links = page.eval_on_selector_all(
            ".pagefind-ui__result-link", "els => els.map(e => e.href)"
        )
        assert any("/teaching-rounds/posts/2024/appraising-foam/" in link for link in links), links
        assert opened.console_errors == []


def test_print_stylesheet_hides_navigation(browser, browser_site):
    opened = open_page(
        browser, browser_site.root + "/posts/2024/appraising-foam/", DESKTOP, media="print"
    )
    page = opened.page
    try:
        assert (
            page.evaluate(
                "() => getComputedStyle(document.querySelector('.site-header nav')).display"
            )
            == "none"
        )
        assert page.is_visible("h1")
    finally:
        page.context.close()
