"""The site's own accounts ("Follow us"): footer links, Atom related links and icon, and
clear problems for a mistyped handle."""

from __future__ import annotations

import feedparser
from post_fixture import front, post_site, soup

FOLLOW = {
    "x": "@RoundsDemo",
    "bluesky": "https://bsky.app/profile/rounds.bsky.example",
    "mastodon": "@rounds@mastodon.example",
    "newsletter": "https://newsletter.example.org/rounds",
}


def test_footer_lists_the_sites_accounts(tmp_path):
    build = post_site(tmp_path, {"posts/a.md": front("A", "2025-01-01")}, SITE_FOLLOW=FOLLOW)
    for path in ("index.html", "posts/2025/a/index.html"):
        nav = soup(build, path).select_one('footer nav.follow[aria-label="Follow Teaching Rounds"]')
        links = [(a["href"], " ".join(a.get_text(" ").split())) for a in nav.select("a")]
        assert links == [
            ("https://x.com/RoundsDemo", "X: @RoundsDemo"),
            ("https://bsky.app/profile/rounds.bsky.example", "Bluesky: @rounds.bsky.example"),
            ("https://mastodon.example/@rounds", "Mastodon: @rounds@mastodon.example"),
            ("https://newsletter.example.org/rounds", "Newsletter"),
            ("http://127.0.0.1:8000/feeds/all.atom.xml", "RSS/Atom feed"),
        ]


def test_atom_feed_links_the_accounts_as_related(tmp_path):
    build = post_site(tmp_path, {"posts/a.md": front("A", "2025-01-01")}, SITE_FOLLOW=FOLLOW)
    feed = feedparser.parse(build.page("feeds/all.atom.xml"))
    assert feed.bozo == 0
    related = [(link.href, link.title) for link in feed.feed.links if link.rel == "related"]
    assert related == [
        ("https://x.com/RoundsDemo", "X"),
        ("https://bsky.app/profile/rounds.bsky.example", "Bluesky"),
        ("https://mastodon.example/@rounds", "Mastodon"),
        ("https://newsletter.example.org/rounds", "Newsletter"),
    ]
    assert feed.feed.icon == "http://127.0.0.1:8000/theme/favicon.svg"


def test_a_bad_handle_is_reported_against_the_setting(tmp_path):
    build = post_site(
        tmp_path,
        {"posts/a.md": front("A", "2025-01-01")},
        SITE_FOLLOW={"x": "not a handle!", "instagram": "rounds"},
    )
    messages = build.messages()
    assert any(
        m.startswith("pelican.conf.py: SITE_FOLLOW.x: 'not a handle!' is not an X handle")
        for m in messages
    ), messages
    assert any("SITE_FOLLOW: unknown network 'instagram'" in m for m in messages)
    links = soup(build, "index.html").select("footer nav.follow a")
    assert [a.get_text() for a in links] == ["RSS/Atom feed"]
