"""Feeds stay in proportion to the posts: whole posts where they are read whole, summaries
elsewhere.

"The posts' own HTML" is, for each post, its full-text feed entry (the body and its
reference list) as feedparser reads it from the complete feed. Every file under ``feeds/``
(Atom, RSS, JSON Feed, archive pages, per-author and per-category feeds) together must weigh
at most twice that. The fixture has more posts than one feed page, as any blog soon does.
"""

from __future__ import annotations

import feedparser
from lean_site import AUTHORS, CATEGORIES, build_blog, make_blog
import pytest

POSTS = 20
PAGE = 2  # FEED_MAX_ITEMS: the history is longer than one feed page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("lean-feeds")
    content = make_blog(root, posts=POSTS, works_per_post=17, with_figures=12)
    return build_blog(root, content, FEED_MAX_ITEMS=PAGE)


def _parse(site, relative: str):
    feed = feedparser.parse(site.page(relative))
    assert not feed.bozo, (relative, feed.get("bozo_exception"))
    return feed


def _body(entry) -> str:
    return entry.content[0].value if "content" in entry else entry.description


def test_all_feeds_together_weigh_at_most_twice_the_posts(site):
    complete = _parse(site, "feeds/complete.atom.xml")
    assert len(complete.entries) == POSTS
    own_html = sum(len(_body(e).encode("utf-8")) for e in complete.entries)
    files = [p for p in (site.output / "feeds").rglob("*") if p.is_file()]
    feed_bytes = sum(p.stat().st_size for p in files)
    assert len(files) > 10  # archive pages, per-author and per-category feeds are all there
    assert feed_bytes <= 2 * own_html, (feed_bytes, own_html, sorted(str(p) for p in files))


def test_the_complete_and_subscription_feeds_carry_whole_posts(site):
    for name in ("feeds/complete.atom.xml", "feeds/all.atom.xml", "feeds/all.rss.xml"):
        for entry in _parse(site, name).entries:
            body = _body(entry)
            assert "<h2>References</h2>" in body, (name, entry.title)
            assert "What the evidence says" in body, (name, entry.title)


@pytest.mark.parametrize("kind,slugs", [("author", AUTHORS), ("category", CATEGORIES)])
def test_per_author_and_category_feeds_link_each_post_with_its_summary(site, kind, slugs):
    """Subscription feeds of the newest posts (Atom, which the pages link), summaries only."""
    seen = []
    for slug in slugs:
        feed = _parse(site, f"feeds/{kind}/{slug.lower()}.atom.xml")
        assert len(feed.entries) == PAGE
        for entry in feed.entries:
            assert entry.link.startswith("https://blog.example.org/posts/2025/")
            assert "asks of supervisors" in entry.summary
            assert "References" not in _body(entry)  # the summary, not the whole post
            page = site.output / entry.link.removeprefix("https://blog.example.org/")
            assert (page / "index.html").is_file()
            seen.append(entry.link)
    assert len(set(seen)) == len(seen) == PAGE * 2  # two authors (categories), newest of each


def test_json_feed_first_page_is_full_text_and_older_pages_summaries(site):
    import json

    first = json.loads(site.page("feeds/all.json"))
    assert all("<h2>References</h2>" in item["content_html"] for item in first["items"])
    older = json.loads(site.page("feeds/all.1.json"))
    assert older["items"] and all("References" not in i["content_html"] for i in older["items"])
    assert all(i["url"].startswith("https://blog.example.org/posts/") for i in older["items"])
