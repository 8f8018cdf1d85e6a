"""Author pages, the authors index, bylines and the Mastodon share page in a real browser:
layout at 320px, accessibility (axe-core), and the share page handing text to the reader's server."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from browser import (
    PHONE,
    assert_loads_cleanly,
    axe_violations,
    open_page,
    opened_page,
)
import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/authors/",
    "/authors/maya-okafor/",
    "/authors/samuel-adeyemi/",
    "/posts/2024/social-media-academic-medicine/",
    "/share/mastodon/",
]


@pytest.mark.parametrize("path", PAGES)
def test_author_pages_fit_a_phone(browser, browser_site, path):
    with opened_page(browser, browser_site.root + path, PHONE) as opened:
        assert_loads_cleanly(opened)  # photos and icons are all local


@pytest.mark.parametrize("path", PAGES)
def test_author_pages_pass_axe(browser, browser_site, path):
    with opened_page(browser, browser_site.root + path, PHONE) as opened:
        assert axe_violations(opened.page) == []


def test_handle_links_have_accessible_names(browser, browser_site):
    opened = open_page(
        browser, browser_site.root + "/posts/2024/social-media-academic-medicine/", PHONE
    )
    page = opened.page
    try:
        link = page.get_by_role(
            "link", name="Maya Okafor on Mastodon (@mayaokafor@med-mastodon.example)"
        )
        assert link.get_attribute("href") == "https://med-mastodon.example/@mayaokafor"
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.2 target size
    finally:
        page.context.close()


def test_mastodon_share_page_sends_the_text_to_the_readers_server(browser, browser_site):
    post = open_page(
        browser, browser_site.root + "/posts/2024/social-media-academic-medicine/", PHONE
    )
    href = post.page.get_by_role("link", name="Share on Mastodon").get_attribute("href")
    post.page.context.close()
    with opened_page(browser, href, PHONE) as opened:
        page = opened.page
        text = page.input_value("#share-text")
        assert "@mayaokafor@med-mastodon.example and @dreyes@mastodon.example" in text
        page.fill("#share-server", "not a server")
        page.click("button[type=submit]")
        assert "server name" in page.text_content("#share-error")
        page.fill("#share-server", "@me@Example.Social")
        with page.expect_request("https://example.social/**") as request:
            page.click("button[type=submit]")
        target = urlsplit(request.value.url)
        assert target.path == "/share"
        assert parse_qs(target.query)["text"] == [text]


def test_icons_are_drawn_from_the_one_icons_file(browser, browser_site):
    """Every icon is a <use> of a symbol in theme/icons.svg: the browser fetches that file
    once and draws each icon from it (a missing file or symbol draws nothing)."""
    post = "/posts/2024/social-media-academic-medicine/"
    with opened_page(browser, browser_site.root + post, PHONE) as opened:
        page = opened.page
        assert_loads_cleanly(opened)
        count = page.locator("svg.icon use").count()
        assert count >= 10  # byline, author box, share and follow links
        page.wait_for_function(
            "() => [...document.querySelectorAll('svg.icon use')]"
            ".every(u => u.getBBox().width > 0)",
            timeout=5000,
        )
        fetched = page.evaluate(
            "() => performance.getEntriesByType('resource').map(e => e.name.split('#')[0])"
            ".filter(n => n.endsWith('/icons.svg'))"
        )
        assert fetched == [browser_site.root + "/theme/icons.svg"]  # one request for all
