"""Feeds good enough for a blog archive: full text, real names, stable ids, licence, history."""

from __future__ import annotations

from conftest import SUBPATH_SITEURL, build_site, write_posts
import feedparser
from site_meta.feeds import archive_path


def test_site_feeds_parse_with_full_content(fixture_site):
    for name in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        feed = feedparser.parse(fixture_site.page(name))
        assert not feed.bozo, (name, feed.bozo_exception)
        assert len(feed.entries) == 6
        for entry in feed.entries:
            assert entry.link.startswith(f"{SUBPATH_SITEURL}/posts/")
            body = entry.content[0].value if "content" in entry else entry.description
            assert "<h2" in body or len(body) > 400, entry.title  # the whole post, not a teaser
            assert entry.get("authors"), entry.title


def test_atom_entries_carry_licence_and_stable_ids(fixture_site):
    feed = feedparser.parse(fixture_site.page("feeds/all.atom.xml"))
    ids = {entry.title: entry.id for entry in feed.entries}
    doi_post = next(t for t in ids if t.startswith("Altmetrics for educators"))
    assert ids.pop(doi_post) == "https://doi.org/10.5555/teaching-rounds.2024.002"
    assert all(i.startswith("tag:") for i in ids.values())
    for entry in feed.entries:
        assert "creativecommons.org/licenses/by/4.0" in entry.get("rights", "")
    assert len(set(ids.values())) == len(ids)


def test_entry_ids_survive_edits_to_title_and_body(tmp_path):
    """A feed reader shows an edited post as the same entry, not as a new one."""
    content = write_posts(
        tmp_path / "c",
        {"posts/a.md": "---\ntitle: First title\ndate: 2024-03-01\n---\nFirst body.\n"},
    )

    def entry_ids(output):
        build = build_site(tmp_path / output, content=content, siteurl="https://example.org/blog")
        feed = feedparser.parse(build.page("feeds/all.atom.xml"))
        return [(e.title, e.id) for e in feed.entries]

    [(title, first_id)] = entry_ids("one")
    (content / "posts/a.md").write_text(
        "---\ntitle: Edited title\ndate: 2024-03-01\n---\nA rewritten body.\n"
    )
    [(edited, second_id)] = entry_ids("two")
    assert (title, edited) == ("First title", "Edited title")
    assert second_id == first_id
    assert first_id.startswith("tag:example.org,2024-03-01:")


def test_per_category_and_per_author_feeds_exist(fixture_site):
    category_feeds = list((fixture_site.output / "feeds/category").glob("*.atom.xml"))
    author_feeds = list((fixture_site.output / "feeds/author").glob("*.atom.xml"))
    assert category_feeds and author_feeds
    for path in category_feeds + author_feeds:
        assert not feedparser.parse(path.read_text(encoding="utf-8")).bozo


def test_archive_path():
    assert archive_path("feeds/all.atom.xml", 2) == "feeds/all.atom.2.xml"


def test_every_author_is_named_separately_without_degrees(fixture_site):
    import re

    atom = fixture_site.page("feeds/all.atom.xml")
    entry = next(e for e in feedparser.parse(atom).entries if "Altmetrics for educators" in e.title)
    assert [a["name"] for a in entry.authors] == ["Daniel Reyes", "Priya Natarajan"]
    assert entry.authors[0]["href"] == "https://orcid.org/0000-0000-0000-538X"  # ORCID first
    assert f"{SUBPATH_SITEURL}/authors/daniel-reyes/" in [
        link.href for link in entry.links if link.rel == "author"
    ]
    rss = fixture_site.page("feeds/all.rss.xml")
    assert "<dc:creator>Daniel Reyes</dc:creator><dc:creator>Priya Natarajan</dc:creator>" in rss
    assert not re.search(r"<name>[^<]*, M", atom)  # no degrees in feed names
