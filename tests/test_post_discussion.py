"""Discussion from social media: announcement URLs checked, replies from the committed data
shown as static, sanitised HTML (rel="nofollow ugc"), moderation, a join link."""

from __future__ import annotations

from pathlib import Path
import shutil

from conftest import build_site
from meded_core import ContentProblemsError
from post_fixture import front, post_content, soup
import pytest

DATA = Path(__file__).parent / "fixtures" / "discussion" / "discussion.json"
ANNOUNCED = front(
    "Announced",
    "2025-03-01",
    "discussion:\n  - https://bsky.app/profile/ada.bsky.example/post/3kfixture1\n"
    "  - https://mastodon.example/@ada/112233445566\n"
    "discussion_hide: [at://did:plc:fixture3/app.bsky.feed.post/3kspam]",
)


def _build(tmp_path, posts, **settings):
    content = post_content(tmp_path / "content", posts)
    (content / "data").mkdir(exist_ok=True)
    shutil.copy(DATA, content / "data" / "discussion.json")
    settings.setdefault("QUALITY_REQUIRED", [])
    return build_site(tmp_path / "output", content=content, **settings)


def test_replies_are_static_sanitised_and_moderated(tmp_path):
    build = _build(tmp_path, {"posts/announced.md": ANNOUNCED})
    page = soup(build, "posts/2025/announced/index.html")
    section = page.select_one("section.discussion")
    assert section["aria-labelledby"] == "discussion-title"
    assert section.select_one(".discussion__summary").get_text() == (
        "2 replies on Bluesky and Mastodon"
    )
    replies = section.select("li.discussion__reply")
    assert [r.select_one(".discussion__meta a").get_text() for r in replies] == [
        "@ben@mastodon.example",  # oldest first
        "@resident.bsky.example",
    ]
    html = str(section)
    assert "<script" not in html and "onclick" not in html and "onerror" not in html
    assert "javascript:" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # Bluesky text is text
    assert "Buy followers" not in html and "No date" not in html
    for link in section.select(".discussion__reply a"):
        assert {"nofollow", "ugc"} <= set(link["rel"]), link
    assert section.select_one('.discussion__text a[href="https://example.org/paper"]')
    join = [a["href"] for a in section.select(".discussion__join a")]
    assert join == [
        "https://bsky.app/profile/ada.bsky.example/post/3kfixture1",
        "https://mastodon.example/@ada/112233445566",
    ]
    scripts = [s["src"] for s in page.find_all("script", src=True)]
    assert not [src for src in scripts if "bsky" in src or "mastodon" in src], scripts


def test_site_wide_moderation_and_no_data_yet(tmp_path):
    build = _build(
        tmp_path,
        {"posts/announced.md": ANNOUNCED},
        DISCUSSION_HIDE=["https://mastodon.example/@ben/112233445599"],
    )
    page = soup(build, "posts/2025/announced/index.html")
    assert page.select_one(".discussion__summary").get_text() == "1 reply on Bluesky and Mastodon"
    (tmp_path / "content" / "data" / "discussion.json").unlink()
    fresh = build_site(tmp_path / "output2", content=tmp_path / "content", QUALITY_REQUIRED=[])
    page = soup(fresh, "posts/2025/announced/index.html")
    assert page.select_one(".discussion__summary").get_text() == "0 replies on Bluesky and Mastodon"
    assert len(page.select(".discussion__join a")) == 2


def test_a_url_that_is_not_a_post_is_reported_with_the_line(tmp_path):
    bad = front(
        "Bad",
        "2025-01-01",
        "discussion: [https://bsky.app/profile/ada.bsky.example, https://example.org/blog, "
        "https://mastodon.example/@ada/112233445566]",
    )
    build = _build(tmp_path, {"posts/bad.md": bad})
    messages = build.messages()
    assert any(
        "bad.md:5: discussion[1]: 'https://bsky.app/profile/ada.bsky.example' is a Bluesky "
        "address but not of a post" in m
        for m in messages
    ), messages
    assert any(
        "bad.md:5: discussion[2]: 'https://example.org/blog' is neither a Bluesky post" in m
        for m in messages
    ), messages
    page = soup(build, "posts/2025/bad/index.html")
    assert page.select_one(".discussion__summary").get_text() == "1 reply on Mastodon"
    with pytest.raises(ContentProblemsError):
        _build(tmp_path / "strict", {"posts/bad.md": bad}, STRICT=True)
