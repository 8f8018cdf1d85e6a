"""The checklist card, the criteria page and the site quality page in a real browser:
layout at 320px, accessibility (axe-core), and sorting the quality table by keyboard."""

from __future__ import annotations

from browser import (
    DESKTOP,
    PHONE,
    assert_loads_cleanly,
    axe_violations,
    opened_page,
)
import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/posts/2024/appraising-foam/",
    "/posts/2025/peer-review-for-blogs/",
    "/quality-criteria/",
    "/quality/",
]


@pytest.mark.parametrize("path", PAGES)
def test_quality_pages_fit_a_phone(browser, browser_site, path):
    with opened_page(browser, browser_site.root + path, PHONE) as opened:
        assert_loads_cleanly(opened)


@pytest.mark.parametrize("path", PAGES)
def test_quality_pages_pass_axe(browser, browser_site, path):
    """Separate from the layout test: without axe-core only this one is skipped."""
    with opened_page(browser, browser_site.root + path, PHONE) as opened:
        assert axe_violations(opened.page) == []


def test_checklist_links_land_on_the_criterion(browser, browser_site):
    with opened_page(browser, browser_site.root + "/posts/2024/appraising-foam/", PHONE) as opened:
        page = opened.page
        assert page.is_visible("section.quality-card")
        page.click('li[data-criterion="conflicts-of-interest"] a')
        page.wait_for_url("**/quality-criteria/#criterion-conflicts-of-interest")
        assert page.is_visible("#criterion-conflicts-of-interest h3")


def test_quality_table_sorts_with_the_keyboard(browser, browser_site):
    with opened_page(browser, browser_site.root + "/quality/", DESKTOP) as opened:
        page = opened.page
        buttons = page.locator("table.quality-table th button.sort-button")
        assert buttons.count() == 7
        published = page.locator("table.quality-table th", has_text="Published")
        published.locator("button").focus()
        page.keyboard.press("Enter")
        assert published.get_attribute("aria-sort") == "ascending"
        dates = page.eval_on_selector_all(
            "table.quality-table tbody tr td:nth-child(2)",
            "cells => cells.map(c => c.dataset.sortValue)",
        )
        assert dates == sorted(dates)
        page.keyboard.press("Enter")
        assert published.get_attribute("aria-sort") == "descending"
        dates = page.eval_on_selector_all(
            "table.quality-table tbody tr td:nth-child(2)",
            "cells => cells.map(c => c.dataset.sortValue)",
        )
        assert dates == sorted(dates, reverse=True)
        assert "sorted by Published, descending" in page.inner_text("table.quality-table caption")
        assert opened.console_errors == []


def test_quality_table_is_readable_without_javascript(browser, browser_site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(browser_site.root + "/quality/")
        assert page.locator("table.quality-table tbody tr").count() >= 6
        assert page.locator("th button").count() == 0
        assert "Published" in page.inner_text("table.quality-table thead")
    finally:
        context.close()
