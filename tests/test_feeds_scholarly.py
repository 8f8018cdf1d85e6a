"""Feeds as archives read them: references, ORCIDs, stable ids, complete and archived history.

Built from the fixture site in tests/fixtures/scholarly and read with feedparser (Atom, RSS)
and jsonfeed-util (JSON Feed 1.1).
"""

from __future__ import annotations

import json
from xml.etree import ElementTree

from conftest import build_site, write_posts
import feedparser
import jsonfeed
import pytest
from scholarly_site import FIXTURE, SITEURL, build_fixture
from site_meta.feeds import archive_path

FH = "{http://purl.org/syndication/history/1.0}"
ATOM = "{http://www.w3.org/2005/Atom}"
CITED_DOIS = ("10.3109/0142159X.2014.993371", "10.5555/fixture.chapter.1", "10.5555/fixture.proc.2")
ORCID_ZOE = "https://orcid.org/0000-0002-1825-0097"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("scholarly-feeds"))


def _entry(feed, title):
    return next(e for e in feed.entries if e.title == title)


def _body(entry) -> str:
    return entry.content[0].value if "content" in entry else entry.description


@pytest.mark.parametrize(
    "name", ["feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/complete.atom.xml"]
)
def test_feed_entries_carry_the_reference_list_with_absolute_links(site, name):
    feed = feedparser.parse(site.page(name))
    assert not feed.bozo, feed.get("bozo_exception")
    body = _body(_entry(feed, "A cited post"))
    references = body[body.index("<h2>References</h2>") :]
    assert references.count("<li") == 3
    for doi in CITED_DOIS:
        assert f"https://doi.org/{doi}" in references
    post = f"{SITEURL}/posts/2024/cited/"
    assert f'href="{post}#ref-1"' in body and f'href="{post}#ref-3"' in body
    assert 'href="#' not in body


def test_entry_ids_never_follow_a_doi_added_later(site):
    feed = feedparser.parse(site.page("feeds/all.atom.xml"))
    later = _entry(feed, "A post that got a DOI later")
    assert later.id.startswith("tag:blog.example.org,2024-02-01:")
    links = {link.rel: link.href for link in later.links}
    assert links["related"] == "https://doi.org/10.5555/fixture.later"
    pregenerated = _entry(feed, "A post with a pre-registered DOI")
    assert pregenerated.id == "https://doi.org/10.59350/fixture-0001"
    rss = feedparser.parse(site.page("feeds/all.rss.xml"))
    assert _entry(rss, "A post that got a DOI later").id == later.id
    assert _entry(rss, "A post with a pre-registered DOI").id == pregenerated.id


def test_rss_guid_of_a_tag_id_is_not_a_permalink(site):
    root = ElementTree.fromstring(site.page("feeds/all.rss.xml"))
    guids = {g.text: g.get("isPermaLink") for g in root.iter("guid")}
    tags = [g for g in guids if g.startswith("tag:")]
    assert tags
    assert all(guids[g] == "false" for g in tags)


def test_atom_author_uri_is_the_orcid_and_the_author_page_stays_linked(site):
    feed = feedparser.parse(site.page("feeds/all.atom.xml"))
    entry = _entry(feed, "A cited post")
    assert [a["name"] for a in entry.authors] == [
        "Zoë van der Berg",
        "Nguyễn Thị Minh Khai",
        "Ana Lima",
    ]
    assert entry.authors[0]["href"] == ORCID_ZOE
    assert entry.authors[1]["href"] == f"{SITEURL}/authors/minh-khai/"  # no ORCID
    pages = [link.href for link in entry.links if link.rel == "author"]
    assert pages == [
        f"{SITEURL}/authors/{s}/" for s in ("zoe-van-der-berg", "minh-khai", "ana-lima")
    ]


def test_complete_feed_holds_every_post_and_says_so(site):
    text = site.page("feeds/complete.atom.xml")
    root = ElementTree.fromstring(text)
    assert root.find(f"{FH}complete") is not None
    posts = sorted((FIXTURE / "posts").glob("*.md"))
    assert len(posts) >= 5
    assert {e.title for e in feedparser.parse(text).entries} == {
        feedparser.parse(site.page("feeds/all.atom.xml")).entries[0].title,
        *_titles(posts),
    }


def test_json_feed_reads_with_a_json_feed_library(site):
    raw = site.page("feeds/all.json")
    feed = jsonfeed.Feed.parse_string(raw)
    assert feed.language == "en"
    assert feed.feed_url == f"{SITEURL}/feeds/all.json"
    item = next(i for i in feed.items if i.title == "A cited post")
    assert "<h2>References</h2>" in item.content_html
    assert all(f"https://doi.org/{doi}" in item.content_html for doi in CITED_DOIS)
    assert [a.name for a in item.authors] == [
        "Zoë van der Berg",
        "Nguyễn Thị Minh Khai",
        "Ana Lima",
    ]
    assert item.authors[0].url == ORCID_ZOE
    atom = feedparser.parse(site.page("feeds/all.atom.xml"))
    assert {i.id for i in feed.items} == {e.id for e in atom.entries}
    data = json.loads(raw)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    page = site.page("index.html")
    assert 'type="application/feed+json"' in page


def _posts(count: int) -> dict[str, str]:
    return {
        f"posts/p{i:02d}.md": f"---\ntitle: Post {i}\ndate: 2023-01-{i + 1:02d}\n---\nBody {i}.\n"
        for i in range(count)
    }


def _ids(build, path):
    return [e.id for e in feedparser.parse(build.page(path)).entries]


def test_archive_pages_are_counted_from_the_oldest_and_never_shift(tmp_path):
    content = write_posts(tmp_path / "c", _posts(25))
    site_settings = {"siteurl": "https://example.org/blog", "FEED_MAX_ITEMS": 10}
    first = build_site(tmp_path / "out1", content=content, **site_settings)
    feed = "feeds/all.atom.xml"
    archived = {n: _ids(first, archive_path(feed, n)) for n in (1, 2)}
    assert not (first.output / archive_path(feed, 3)).exists()
    oldest = feedparser.parse(first.page(archive_path(feed, 1)))
    assert sorted(e.title for e in oldest.entries) == sorted(f"Post {i}" for i in range(10))

    current = feedparser.parse(first.page(feed))
    assert len(current.entries) == 10
    links = {link.rel: link.href for link in current.feed.links}
    assert links["prev-archive"] == "https://example.org/blog/feeds/all.atom.2.xml"
    newest_archive = first.page(archive_path(feed, 2))
    root = ElementTree.fromstring(newest_archive)
    assert root.find(f"{FH}archive") is not None
    rels = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert rels["prev-archive"].endswith("/feeds/all.atom.1.xml")
    assert rels["current"] == "https://example.org/blog/feeds/all.atom.xml"
    assert "next-archive" not in rels  # no newer archive document yet
    oldest_rels = {
        link.get("rel"): link.get("href")
        for link in ElementTree.fromstring(first.page(archive_path(feed, 1))).findall(f"{ATOM}link")
    }
    assert oldest_rels["next-archive"].endswith("/feeds/all.atom.2.xml")
    assert "prev-archive" not in oldest_rels

    write_posts(content, {k: v for k, v in _posts(31).items() if k >= "posts/p25.md"})
    second = build_site(tmp_path / "out2", content=content, **site_settings)
    for number, ids in archived.items():
        assert _ids(second, archive_path(feed, number)) == ids
    assert len(_ids(second, archive_path(feed, 3))) == 10
    seen = set(_ids(second, feed))
    for number in (1, 2, 3):
        seen |= set(_ids(second, archive_path(feed, number)))
    assert len(seen) == 31
    json_current = json.loads(second.page("feeds/all.json"))
    assert json_current["next_url"] == "https://example.org/blog/feeds/all.3.json"
    assert "next_url" not in json.loads(second.page("feeds/all.1.json"))


def _titles(posts):
    import re

    return {
        re.search(r'^title: "(.+)"$', p.read_text(encoding="utf-8"), re.M).group(1) for p in posts
    }
