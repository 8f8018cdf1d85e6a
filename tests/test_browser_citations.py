"""Citation previews in a real browser: keyboard focus shows the reference, Escape hides it,
hovering works, and without JavaScript the number is still a plain link to the entry."""

from __future__ import annotations

from browser import DESKTOP, PHONE, axe_violations, horizontal_overflow, opened_page
import pytest

pytestmark = pytest.mark.browser

POST = "/posts/2024/social-media-academic-medicine/"


def test_keyboard_focus_shows_the_reference_and_escape_hides_it(browser, browser_site):
    with opened_page(browser, browser_site.root + POST, DESKTOP) as opened:
        page = opened.page
        link = page.locator("a.citation-link").first
        assert link.get_attribute("aria-describedby") == "ref-1-text"
        link.focus()
        preview = page.locator(".citation-preview")
        preview.wait_for(state="visible")
        assert "Choo EK, Ranney ML, Chan TM, et al." in preview.inner_text()
        page.keyboard.press("Escape")
        assert preview.count() == 0
        page.keyboard.press("Enter")  # still a link: jumps to the entry
        assert page.evaluate("location.hash") == "#ref-1"
        assert opened.console_errors == []


def hover_third_citation(page):
    page.locator("a.citation-link").nth(2).hover()
    preview = page.locator(".citation-preview")
    preview.wait_for(state="visible")
    return preview


def test_hover_shows_the_preview_on_a_phone_without_sideways_scroll(browser, browser_site):
    with opened_page(browser, browser_site.root + POST, PHONE) as opened:
        preview = hover_third_citation(opened.page)
        assert "Colbert GB" in preview.inner_text()
        box = preview.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert horizontal_overflow(opened.page) <= 0


def test_open_preview_passes_axe(browser, browser_site):
    """Separate from the layout test: without axe-core only this one is skipped."""
    with opened_page(browser, browser_site.root + POST, PHONE) as opened:
        hover_third_citation(opened.page)
        assert axe_violations(opened.page) == []


def test_without_javascript_the_citation_is_a_plain_link(browser, browser_site):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(browser_site.root + POST)
        page.locator("a.citation-link").first.click()
        assert page.evaluate("location.hash") == "#ref-1"
        assert page.locator(".citation-preview").count() == 0
    finally:
        context.close()


def test_cited_works_page_fits_a_phone(browser, browser_site):
    with opened_page(browser, browser_site.root + "/cited-works/", PHONE) as opened:
        assert opened.console_errors == [] and opened.failed_requests == []
        assert horizontal_overflow(opened.page) <= 0


def test_cited_works_page_passes_axe(browser, browser_site):
    with opened_page(browser, browser_site.root + "/cited-works/", PHONE) as opened:
        assert axe_violations(opened.page) == []
