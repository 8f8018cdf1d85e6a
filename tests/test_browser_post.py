"""Post furniture in a real browser at phone width (390 px) with axe-core: the series banner
and parts list, the correction notice (seen without scrolling, kept in print), the hero
figure, the author box, related and previous/next posts, "Follow" links, and the series and
corrections pages. A fixture site, never the demo."""

from __future__ import annotations

from pathlib import Path

from browser import PHONE_390, assert_loads_cleanly, axe_violations, opened_page, served_site
from conftest import build_site
from post_fixture import post_content
import pytest

pytestmark = pytest.mark.browser

SERIES_FILE = """feeds-series:
  name: Teaching with feeds
  description: A fixture series in three parts.
  parts: 3
  forthcoming:
    - {part: 3, title: Feeds and wellbeing, expected: next spring}
"""


def post(title, date, extra, body="Text with a citation [@alpha2020].\n"):
    return (
        f"---\ntitle: {title}\ndate: {date}\nauthors: [ada-fixture, ben-sample]\n"
        f"tags: [feeds]\nai_use: None.\ndisclosures: None declared.\n{extra}\n---\n{body}"
    )


POSTS = {
    "series.yml": SERIES_FILE,
    "posts/one.md": post(
        "Why teach with feeds",
        "2025-01-01",
        """series: {name: Teaching with feeds, part: 1}
image:
  src: images/hero.png
  alt: A plain green panel standing in for a photograph of a ward round.
  caption: A caption long enough to wrap onto a second line on a phone screen.
  credit: Fixture image, CC BY 4.0.
credit:
  ada-fixture: [conceptualization, writing-original-draft]
  ben-sample: [writing-review-editing]""",
    ),
    "posts/two.md": post(
        "Starting a feed for residents",
        "2025-02-01",
        """series: Teaching with feeds
series_part: 2
updates:
  - date: 2025-03-01
    type: correction
    text: The dose in the example was corrected from 10 mg to 1 mg per kilogram of body weight.
  - date: 2025-03-05
    type: update
    text: Added a second example.""",
    ),
    "posts/other.md": post("An unrelated post", "2025-04-01", "tags: [other]", "No citations."),
}
PAGES = [
    "/posts/2025/one/",
    "/posts/2025/two/",
    "/series/feeds-series/",
    "/series/",
    "/corrections/",
]


@pytest.fixture(scope="module")
def post_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("post-browser")
    content = post_content(folder / "content", POSTS)

    def build(root: str) -> Path:
        build_site(
            folder / "output",
            content=content,
            siteurl=root,
            QUALITY_REQUIRED=[],
            SITE_FOLLOW={"bluesky": "rounds.bsky.example", "newsletter": "https://n.example.org/"},
        )
        return folder / "output"

    with served_site(build) as site:
        yield site


@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_phone_and_pass_axe(browser, post_site, path):
    with opened_page(browser, post_site.root + path, PHONE_390) as opened:
        assert_loads_cleanly(opened)
        assert axe_violations(opened.page) == []


def test_correction_is_seen_without_scrolling_and_leads_to_the_log(browser, post_site):
    with opened_page(browser, post_site.root + "/posts/2025/two/", PHONE_390) as opened:
        page = opened.page
        notice = page.locator("section.correction-notice")
        box = notice.bounding_box()
        assert box is not None and box["y"] + 40 < PHONE_390["height"]  # its heading is on screen
        assert page.get_by_role("region", name="This post has been corrected").count() == 1
        assert "Corrected 1 March 2025:" in notice.inner_text()
        page.get_by_role("link", name="Full corrections and updates log").click()
        page.wait_for_url("**#updates-log")
        log = page.locator("#updates-log")
        assert log.is_visible()
        assert log.locator("li").count() == 2


def test_correction_notice_is_kept_in_print(browser, post_site):
    with opened_page(
        browser, post_site.root + "/posts/2025/two/", PHONE_390, media="print"
    ) as opened:
        notice = opened.page.locator("section.correction-notice")
        assert notice.is_visible()
        border = notice.evaluate("el => getComputedStyle(el).borderTopWidth")
        assert float(border.removesuffix("px")) >= 3
        assert opened.page.locator("nav.post-nav").is_hidden()


def test_series_parts_mark_the_current_one_and_link_the_next(browser, post_site):
    with opened_page(browser, post_site.root + "/posts/2025/one/", PHONE_390) as opened:
        page = opened.page
        assert page.locator(".series-banner").inner_text() == "Part 1 of 3 in Teaching with feeds"
        nav = page.get_by_role("navigation", name="Teaching with feeds: all 3 parts")
        current = nav.locator('[aria-current="page"]')
        assert current.inner_text() == "Why teach with feeds"
        assert "forthcoming · next spring" in nav.inner_text().lower()
        nav.get_by_role("link", name="Next part: Starting a feed for residents").click()
        page.wait_for_url("**/posts/2025/two/")
        assert "Part 2 of 3" in page.locator(".series-banner").inner_text()


def test_hero_author_box_and_navigation(browser, post_site):
    with opened_page(browser, post_site.root + "/posts/2025/one/", PHONE_390) as opened:
        page = opened.page
        hero = page.get_by_role("img", name="A plain green panel standing in for a photograph")
        assert hero.is_visible()
        width = hero.evaluate("img => img.getBoundingClientRect().width")
        assert width <= PHONE_390["width"]
        assert page.locator("figure.hero figcaption").is_visible()
        box = page.get_by_role("region", name="About the authors")
        assert box.get_by_role("heading", name="Ada Fixture, MD, PhD").is_visible()
        assert "Conceptualization" in box.inner_text()
        related = page.get_by_role("region", name="Related posts")
        assert related.get_by_role("link", name="Starting a feed for residents").is_visible()
        follow = page.get_by_role("navigation", name="Follow Teaching Rounds")
        assert follow.get_by_role("link", name="Bluesky: @rounds.bsky.example").count() == 1
        page.get_by_role("navigation", name="Previous and next post").get_by_role(
            "link", name="Starting a feed for residents"
        ).click()
        page.wait_for_url("**/posts/2025/two/")
