"""The fixture blog builds with every page type a reader expects, in the right places."""

from __future__ import annotations

import datetime as dt
import logging

from bs4 import BeautifulSoup
from conftest import FIXTURE_SITE, SUBPATH_SITEURL, build_site, write_posts
from meded_core.problems import collected_problems

PAGES = [
    "index.html",
    "archives/index.html",
    "topics/index.html",
    "categories/index.html",
    "authors/index.html",
    "search/index.html",
    "404.html",
    "about/index.html",
    "sitemap.xml",
    "robots.txt",
    "feeds/all.atom.xml",
    "feeds/all.rss.xml",
    "pagefind/pagefind-ui.js",
]


def fixture_posts() -> list[str]:
    return sorted(p.stem for p in (FIXTURE_SITE / "posts").glob("*.md"))


def test_every_page_type_is_written(fixture_site):
    for relative in PAGES:
        assert (fixture_site.output / relative).exists(), relative
    posts = list((fixture_site.output / "posts").glob("*/*/index.html"))
    assert sorted(p.parent.name for p in posts) == fixture_posts()
    assert list((fixture_site.output / "topics").glob("*/index.html"))
    assert list((fixture_site.output / "categories").glob("*/index.html"))


def test_fixture_blog_builds_without_content_problems(fixture_site):
    problems = [m for m in fixture_site.messages() if "content problem" in m]
    assert problems == [], fixture_site.messages()
    errors = [r.getMessage() for r in fixture_site.records if r.levelno >= logging.ERROR]
    assert errors == []


def test_post_page_has_head_basics(fixture_site):
    html = fixture_site.page("posts/2024/appraising-foam/index.html")
    soup = BeautifulSoup(html, "html.parser")
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"{SUBPATH_SITEURL}/posts/2024/appraising-foam/"
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="og:url")["content"] == canonical
    assert soup.find("meta", attrs={"name": "twitter:card"})
    assert soup.find("meta", attrs={"name": "viewport"})
    assert soup.html["lang"] == "en"
    assert soup.find("a", class_="skip-link")["href"] == "#main"
    assert soup.find("main", id="main")


def test_sitemap_and_robots_use_the_subpath(fixture_site):
    sitemap = fixture_site.page("sitemap.xml")
    assert f"<loc>{SUBPATH_SITEURL}/posts/2024/appraising-foam/</loc>" in sitemap
    assert "404" not in sitemap
    assert f"Sitemap: {SUBPATH_SITEURL}/sitemap.xml" in fixture_site.page("robots.txt")


def test_pagination_uses_clean_urls(tmp_path):
    posts = {
        f"posts/p{i:02d}.md": f"---\ntitle: Post {i}\ndate: 2024-01-{i + 1:02d}\n---\nBody {i}.\n"
        for i in range(23)
    }
    build = build_site(tmp_path / "out", content=write_posts(tmp_path / "c", posts))
    assert (build.output / "page/2/index.html").exists()
    assert (build.output / "page/3/index.html").exists()
    first = build.page("index.html")
    assert 'rel="next"' in first and "page/2/" in first


def test_post_doi_is_a_link_and_licence_can_be_set(tmp_path):
    post = (
        "---\ntitle: With DOI\ndate: 2024-02-01\ndoi: https://doi.org/10.59350/ABCD-1234\n"
        "license: CC BY-NC 4.0\n---\nBody.\n"
    )
    build = build_site(tmp_path / "out", content=write_posts(tmp_path / "c", {"posts/d.md": post}))
    html = build.page("posts/2024/d/index.html")
    assert 'href="https://doi.org/10.59350/abcd-1234"' in html
    assert "https://creativecommons.org/licenses/by-nc/4.0/" in html


def test_bad_doi_and_licence_are_reported(tmp_path):
    post = "---\ntitle: Bad\ndate: 2024-02-01\ndoi: not-a-doi\nlicense: Free for all\n---\nBody.\n"
    build = build_site(tmp_path / "out", content=write_posts(tmp_path / "c", {"posts/b.md": post}))
    messages = "\n".join(build.messages())
    assert "b.md:4: doi: 'not-a-doi' is not a DOI" in messages
    assert "b.md:5: license: unknown licence 'Free for all'" in messages
    own = [p for p in collected_problems() if p.field in {"doi", "license"}]
    assert len(own) == 2


def test_front_matter_text_is_escaped_everywhere(tmp_path):
    post = (
        "---\ntitle: 'Risky <script>alert(1)</script> title'\ndate: 2024-02-01\n"
        "tags: ['<b>bold</b>']\n---\nBody.\n"
    )
    build = build_site(tmp_path / "out", content=write_posts(tmp_path / "c", {"posts/x.md": post}))
    for relative in [
        "posts/2024/x/index.html",
        "index.html",
        "archives/index.html",
        "topics/index.html",
    ]:
        html = build.page(relative)
        assert "<script>alert(1)" not in html, relative
        assert "<b>bold</b>" not in html, relative
    assert "&lt;script&gt;alert(1)" in build.page("posts/2024/x/index.html")


def test_dates_are_machine_readable(fixture_site):
    soup = BeautifulSoup(fixture_site.page("archives/index.html"), "html.parser")
    stamps = [t["datetime"] for t in soup.find_all("time")]
    assert stamps and all(dt.datetime.fromisoformat(s) for s in stamps)


def test_links_between_posts_resolve_whatever_the_reading_order(tmp_path):
    """Each post links every other one, so some link always points at a post read later."""
    names = [f"p{i}" for i in range(6)]
    posts = {
        f"posts/{name}.md": f"---\ntitle: Post {name}\ndate: 2024-03-0{i + 1}\n---\n"
        + " ".join(f"[{other}]({{filename}}{other}.md)" for other in names if other != name)
        for i, name in enumerate(names)
    }
    build = build_site(tmp_path / "out", content=write_posts(tmp_path / "c", posts))
    for name in names:
        html = build.page(f"posts/2024/{name}/index.html")
        assert "{filename}" not in html, name
        assert html.count('href="../../../posts/2024/p') >= 5, name
    assert not [m for m in build.messages() if "Unable to find" in m]
