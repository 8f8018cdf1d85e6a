"""Callouts, numbered figures and the discussion section in a real browser at phone width (390 px) with axe-core:
each box is a landmark named by its visible title, the commentary links to its person,
cross-references jump to their figure or table, boxes and figures print, replies from the
committed discussion data are plain links. A fixture site."""

from __future__ import annotations

from pathlib import Path

from browser import (
    PHONE_390,
    assert_loads_cleanly,
    axe_violations,
    horizontal_overflow,
    opened_page,
    served_site,
)
from conftest import build_site
from post_fixture import post_content
import pytest

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).parent / "fixtures"
POSTS = {
    "posts/airway.md": (FIXTURES / "callouts" / "airway.md").read_text(),
    "posts/evidence.md": (FIXTURES / "figures" / "evidence.md").read_text(),
    "posts/announced.md": (
        "---\ntitle: Announced\ndate: 2025-03-01\nauthors: [ada-fixture]\ndiscussion:\n"
        "  - https://bsky.app/profile/ada.bsky.example/post/3kfixture1\n"
        "  - https://mastodon.example/@ada/112233445566\n---\nText.\n"
    ),
    "data/discussion.json": (FIXTURES / "discussion" / "discussion.json").read_text(),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("callouts-browser")
    content = post_content(folder / "content", POSTS)

    def build(root: str) -> Path:
        build_site(folder / "output", content=content, siteurl=root, QUALITY_REQUIRED=[])
        return folder / "output"

    with served_site(build) as served:
        yield served


@pytest.mark.parametrize(
    "path", ["/posts/2025/airway/", "/posts/2025/evidence/", "/posts/2025/announced/"]
)
def test_pages_fit_a_phone_and_pass_axe(browser, site, path):
    with opened_page(browser, site.root + path, PHONE_390) as opened:
        assert_loads_cleanly(opened)
        assert horizontal_overflow(opened.page) == 0
        assert axe_violations(opened.page) == []


def test_callouts_are_named_landmarks_and_credit_the_commentator(browser, site):
    with opened_page(browser, site.root + "/posts/2025/airway/", PHONE_390) as opened:
        page = opened.page
        pearls = page.get_by_role("complementary", name="Pearls: First-pass success")
        assert pearls.is_visible()
        assert "ear to sternal notch" in pearls.inner_text()
        assert page.get_by_role("complementary", name="Pitfalls").is_visible()
        commentary = page.get_by_role("complementary", name="Expert commentary: Ben Sample, RN")
        commentary.get_by_role("link", name="Ben Sample, RN").click()
        page.wait_for_url("**/authors/ben-sample/")
        credits = page.get_by_role("region", name="Commentaries")
        assert credits.get_by_role("link", name="Airway pearls").is_visible()


def test_callouts_print_with_a_border(browser, site):
    with opened_page(
        browser, site.root + "/posts/2025/airway/", PHONE_390, media="print"
    ) as opened:
        box = opened.page.locator("aside.callout--pitfalls")
        assert box.is_visible()
        style = box.evaluate(
            "el => [getComputedStyle(el).borderTopWidth, getComputedStyle(el).backgroundColor]"
        )
        assert float(style[0].removesuffix("px")) >= 1
        assert style[1] in ("rgba(0, 0, 0, 0)", "transparent")


def test_cross_reference_jumps_to_the_numbered_figure(browser, site):
    with opened_page(browser, site.root + "/posts/2025/evidence/", PHONE_390) as opened:
        page = opened.page
        figure = page.get_by_role("figure", name="Figure 2. Flow of patients through the study")
        assert figure.count() == 1
        table = page.get_by_role("table", name="Table 1. Ketamine doses by route")
        assert table.count() == 1
        page.get_by_role("link", name="Figure 2").click()
        page.wait_for_url("**#fig:flow")
        assert figure.evaluate("el => el.matches(':target')")
        top = figure.evaluate("el => el.getBoundingClientRect().top")
        assert 0 <= top < PHONE_390["height"]


def test_discussion_replies_are_static_and_lead_to_the_networks(browser, site):
    with opened_page(browser, site.root + "/posts/2025/announced/", PHONE_390) as opened:
        page = opened.page
        section = page.get_by_role("region", name="Discussion")
        assert "3 replies on Bluesky and Mastodon" in section.inner_text()
        assert section.get_by_role("link", name="@ben@mastodon.example").is_visible()
        assert section.get_by_role("link", name="reply on Bluesky").is_visible()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.wait_for_timeout(200)
        assert dialogs == []  # reply text never runs
        assert (
            page.evaluate("document.querySelectorAll('.discussion script, .discussion img').length")
            == 0
        )
