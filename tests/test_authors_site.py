"""Authors plugin in real Pelican builds: head tags, JSON-LD, bylines, author pages, feeds, share links."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup
from conftest import CONF, SUBPATH_SITEURL, build_site, write_posts
import feedparser
from meded_core import ContentProblemsError
from pelican.settings import read_settings
import pytest

POST = "posts/2024/social-media-academic-medicine/index.html"


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def metas(page: BeautifulSoup, name: str) -> list[str]:
    return [m["content"] for m in page.find_all("meta", attrs={"name": name})]


def jsonld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def post(title: str, authors: str, extra: str = "", body: str = "Body.") -> str:
    return f"---\ntitle: {title}\ndate: 2024-05-01\nauthors: {authors}\n{extra}---\n{body}\n"


# --- The fixture blog (sub-path SITEURL, as on GitHub project pages) --------------------------------


@pytest.fixture(scope="module")
def fixture_post(fixture_site):
    return soup(fixture_site.page(POST))


def test_citation_authors_in_order_with_institution_and_orcid(fixture_post):
    tags = [
        (m["name"], m["content"])
        for m in fixture_post.find_all(
            "meta", attrs={"name": lambda n: n and n.startswith("citation_author")}
        )
    ]
    assert tags == [
        ("citation_author", "Okafor, Maya"),
        ("citation_author_institution", "Northbridge University School of Medicine"),
        ("citation_author_orcid", "https://orcid.org/0000-0002-1825-0097"),
        ("citation_author", "Reyes, Daniel"),
        ("citation_author_institution", "Lakeshore Health Sciences University"),
        ("citation_author_orcid", "https://orcid.org/0000-0000-0000-538X"),
    ]


def test_social_creator_tags(fixture_post):
    assert metas(fixture_post, "twitter:creator") == ["@DemoMayaOkafor"]
    assert metas(fixture_post, "fediverse:creator") == [
        "@mayaokafor@med-mastodon.example",
        "@dreyes@mastodon.example",
    ]
    article_authors = [
        m["content"] for m in fixture_post.find_all("meta", property="article:author")
    ]
    assert article_authors == [
        f"{SUBPATH_SITEURL}/authors/maya-okafor/",
        f"{SUBPATH_SITEURL}/authors/daniel-reyes/",
    ]
    assert metas(fixture_post, "author") == ["Maya Okafor and Daniel Reyes"]


def test_jsonld_people(fixture_post):
    data = jsonld(fixture_post)[0]  # the BlogPosting; the WebPage that holds it follows
    assert data["@type"] == "BlogPosting"
    maya, daniel = data["author"]
    assert maya["@type"] == "Person" and maya["name"] == "Maya Okafor"
    assert maya["@id"] == maya["identifier"] == "https://orcid.org/0000-0002-1825-0097"
    assert maya["url"] == f"{SUBPATH_SITEURL}/authors/maya-okafor/"
    assert {"https://x.com/DemoMayaOkafor", "https://med-mastodon.example/@mayaokafor"} <= set(
        maya["sameAs"]
    )
    assert maya["affiliation"] == {
        "@type": "Organization",
        "name": "Northbridge University School of Medicine",
    }
    assert daniel["@id"] == "https://orcid.org/0000-0000-0000-538X"


def test_byline_links_names_degrees_and_handles(fixture_post):
    byline = fixture_post.select_one(".byline")
    people = byline.select(".byline__author")
    assert [p.select_one(".p-name").get_text() for p in people] == ["Maya Okafor", "Daniel Reyes"]
    assert people[0].select_one(".p-name")["href"] == f"{SUBPATH_SITEURL}/authors/maya-okafor/"
    assert people[0].select_one(".p-honorific-suffix").get_text() == "MD, MEd"
    labels = [a.get_text(" ", strip=True) for a in people[0].select(".author-handles a")]
    assert "Maya Okafor on Mastodon (@mayaokafor@med-mastodon.example)" in labels
    assert "ORCID iD of Maya Okafor: https://orcid.org/0000-0002-1825-0097" in labels
    for link in byline.select(".author-handles a"):  # icons are hidden; the label names the link
        assert link.svg["aria-hidden"] == "true" and link.select_one(".visually-hidden").get_text()


def test_list_byline_uses_display_names(fixture_site):
    home = soup(fixture_site.page("index.html"))
    names = [a.get_text() for a in home.select(".post-summary .post-meta a")]
    assert "Maya Okafor, MD, MEd" in names and "Priya Natarajan, MBBS, MSc, FRCPC" in names


def test_share_links_credit_each_network_handle(fixture_post, fixture_site):
    links = {a.get_text(" ", strip=True): a["href"] for a in fixture_post.select(".share a")}
    assert set(links) == {
        "Share on X",
        "Share on Bluesky",
        "Share on Mastodon",
        "Share on LinkedIn",
        "Share on Email",
    }
    canonical = f"{SUBPATH_SITEURL}/posts/2024/social-media-academic-medicine/"
    x = parse_qs(urlsplit(links["Share on X"]).query)
    assert x["url"] == [canonical]
    assert x["text"][0].endswith("by @DemoMayaOkafor and @DemoDanReyes")
    bluesky = parse_qs(urlsplit(links["Share on Bluesky"]).query)["text"][0]
    assert "@maya-okafor.bsky.example and Daniel Reyes" in bluesky and bluesky.endswith(canonical)
    mastodon = urlsplit(links["Share on Mastodon"])
    assert (
        f"{mastodon.scheme}://{mastodon.netloc}{mastodon.path}"
        == f"{SUBPATH_SITEURL}/share/mastodon/"
    )
    assert (
        "@mayaokafor@med-mastodon.example and @dreyes@mastodon.example"
        in parse_qs(mastodon.query)["text"][0]
    )
    share_page = soup(fixture_site.page("share/mastodon/index.html"))
    assert share_page.find("label", attrs={"for": "share-server"}) is not None
    assert "/share?text=" in share_page.find_all("script")[-1].string
    assert not fixture_post.select('.share script, script[src*="share"]')  # no tracking scripts


def test_author_page_profile(fixture_site):
    page = soup(fixture_site.page("authors/maya-okafor/index.html"))
    [h1] = page.find_all("h1")
    assert h1.get_text() == "Maya Okafor, MD, MEd"
    assert (
        page.select_one(".author-profile__photo")["src"]
        == f"{SUBPATH_SITEURL}/images/authors/maya-okafor.svg"
    )
    assert page.select_one(".author-profile__bio strong").get_text() == "asynchronous curriculum"
    me = {a["href"]: a.get_text(" ", strip=True) for a in page.select('a[rel="me"]')}
    assert (
        me["https://med-mastodon.example/@mayaokafor"]
        == "Mastodon: @mayaokafor@med-mastodon.example"
    )
    # ORCID brand guidelines: the iD icon beside the full https://orcid.org/ URL as the link text
    orcid = page.select_one("a.author-profile__orcid")
    assert orcid["href"] == "https://orcid.org/0000-0002-1825-0097"
    assert orcid.get_text(" ", strip=True) == "ORCID iD: https://orcid.org/0000-0002-1825-0097"
    assert "icon--orcid" in orcid.svg["class"]
    assert set(me) >= {
        "https://x.com/DemoMayaOkafor",
        "https://bsky.app/profile/maya-okafor.bsky.example",
        "https://www.linkedin.com/in/demo-maya-okafor",
        "https://maya-okafor.example.org/",
    }
    [profile] = jsonld(page)
    assert profile["@type"] == "ProfilePage"
    assert profile["mainEntity"]["@id"] == "https://orcid.org/0000-0002-1825-0097"
    assert profile["mainEntity"]["description"].startswith("Maya teaches evidence appraisal")
    assert len(page.select(".post-list > li")) == 3


def test_every_registry_person_has_one_page_and_feed(fixture_site):
    pages = sorted(p.parent.name for p in (fixture_site.output / "authors").glob("*/index.html"))
    assert pages == [
        "daniel-reyes",
        "hannah-lindqvist",
        "maya-okafor",
        "priya-natarajan",
        "samuel-adeyemi",
        "teresa-halvorsen",
    ]
    reviewer = soup(fixture_site.page("authors/samuel-adeyemi/index.html"))
    assert "No posts yet." in reviewer.get_text()
    feed = feedparser.parse(fixture_site.page("feeds/author/daniel-reyes.atom.xml"))
    assert feed.feed.title == "Daniel Reyes, MD, MHPE"
    assert len(feed.entries) == 3


def test_authors_index(fixture_site):
    page = soup(fixture_site.page("authors/index.html"))
    sections = {
        s.h2.get_text(): [h.get_text(" ", strip=True) for h in s.select(".author-card__name")]
        for s in page.select("main section")
    }
    assert sections["Post authors"][0] == "Teresa Halvorsen , PhD"  # sorted by family name
    assert len(sections["Post authors"]) == 4
    assert {"Samuel Adeyemi , MD, FRCPC", "Hannah Lindqvist , RN, MSN"} == set(
        sections["Editors and reviewers"]
    )


# --- Small sites built for one behaviour -------------------------------------------------------


def test_slug_name_and_comma_list_are_one_person(tmp_path):
    content = write_posts(
        tmp_path / "content",
        {
            "posts/a.md": post("A", "[maya-okafor]"),
            "posts/b.md": post("B", "[Maya Okafor, Daniel Reyes]"),
            "posts/c.md": "Title: C\nDate: 2024-05-02\nAuthors: Maya Okafor, MD, MEd, daniel-reyes\n\nBody.\n",
        },
    )
    build = build_site(tmp_path / "out", content=content)
    assert sorted(p.parent.name for p in (build.output / "authors").glob("*/index.html")) == [
        "daniel-reyes",
        "hannah-lindqvist",
        "maya-okafor",
        "priya-natarajan",
        "samuel-adeyemi",
        "teresa-halvorsen",
    ]
    assert len(feedparser.parse(build.page("feeds/author/maya-okafor.atom.xml")).entries) == 3
    c = soup(build.page("posts/2024/c/index.html"))
    assert metas(c, "citation_author") == ["Okafor, Maya", "Reyes, Daniel"]
    assert not [m for m in build.messages() if "author registry" in m]


def test_unknown_author_warns_with_nearest_names_and_fails_strict(tmp_path):
    content = write_posts(
        tmp_path / "content", {"posts/a.md": post("A", "[maya-okafor, Daniel Reyse]")}
    )
    build = build_site(tmp_path / "out", content=content)
    [warning] = [m for m in build.messages() if "not in the author registry" in m]
    assert "a.md:4: authors: 'Daniel Reyse'" in warning
    assert "did you mean daniel-reyes (Daniel Reyes)" in warning
    page = soup(build.page("posts/2024/a/index.html"))
    assert [a.get_text() for a in page.select(".byline .p-name")] == [
        "Maya Okafor",
        "Daniel Reyse",
    ]  # credit kept
    with pytest.raises(ContentProblemsError) as failure:
        build_site(tmp_path / "strict", content=content, STRICT=True)
    assert "Daniel Reyse" in str(failure.value)


def test_per_post_handle_override(tmp_path):
    extra = "author_handles:\n  maya-okafor:\n    x: MayaAtConf\n    mastodon: ''\n"
    content = write_posts(
        tmp_path / "content",
        {"posts/a.md": post("A", "[maya-okafor]", extra), "posts/b.md": post("B", "[maya-okafor]")},
    )
    build = build_site(tmp_path / "out", content=content)
    a = soup(build.page("posts/2024/a/index.html"))
    assert metas(a, "twitter:creator") == ["@MayaAtConf"]
    assert metas(a, "fediverse:creator") == []
    assert "https://x.com/MayaAtConf" in jsonld(a)[0]["author"][0]["sameAs"]
    assert (
        "by @MayaAtConf"
        in parse_qs(urlsplit(a.select_one('.share a[href*="x.com"]')["href"]).query)["text"][0]
    )
    b = soup(build.page("posts/2024/b/index.html"))
    assert metas(b, "twitter:creator") == [
        "@DemoMayaOkafor"
    ]  # other posts keep the registry handle
    assert not [m for m in build.messages() if "author_handles" in m]


HOSTILE = """\
eve:
  name: "Eve </script><script>alert('name')</script>"
  degrees: "MD & <b>PhD</b>"
  role: '"><img src=x onerror=alert(1)>'
  affiliation: "A & B </script> Institute"
  bio: "Writes `</script><script>alert(2)</script>` and <script>alert(3)</script> raw."
  x: EveX
"""


def test_registry_text_is_escaped_everywhere(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "authors.yml").write_text(HOSTILE, encoding="utf-8")
    write_posts(content, {"posts/a.md": post("A", "[eve]")})
    build = build_site(tmp_path / "out", content=content)
    for relative in (
        "posts/2024/a/index.html",
        "authors/eve/index.html",
        "authors/index.html",
        "index.html",
    ):
        html = build.page(relative)
        assert "<img src=x" not in html and "<b>PhD" not in html, relative
        page = soup(html)
        scripts = page.find_all("script")
        assert all(
            "alert(" not in (s.string or "") or s.get("type") == "application/ld+json"
            for s in scripts
        ), relative
        texts = [json.dumps(data) for data in jsonld(page)]  # every block still parses
        assert not texts or any("</script>" in t for t in texts) or relative == "index.html"
    post_page = soup(build.page("posts/2024/a/index.html"))
    [person] = jsonld(post_page)[0]["author"]
    assert person["name"] == "Eve </script><script>alert('name')</script>"
    assert metas(post_page, "citation_author_institution") == ["A & B </script> Institute"]
    profile = jsonld(soup(build.page("authors/eve/index.html")))[0]["mainEntity"]
    assert "</script><script>alert(2)</script>" in profile["description"]
    assert "alert(3)" not in profile["description"]  # raw HTML in a bio is removed, not shown


def test_registry_problems_are_located_and_editing_the_registry_updates_pages(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "authors.yml").write_text(
        "ann:\n  name: Ann Lee\n  orcid: 0000-0002-1825-0098\n", encoding="utf-8"
    )
    write_posts(content, {"posts/a.md": post("A", "[ann]")})
    out = tmp_path / "out"
    first = build_site(out, content=content)
    [problem] = [m for m in first.messages() if "check digit" in m]
    assert "authors.yml:3: orcid: ann:" in problem
    assert metas(soup(first.page("posts/2024/a/index.html")), "citation_author") == ["Lee, Ann"]
    # Only the registry changes: the cached post must still show the new name (no stale HTML).
    (content / "authors.yml").write_text(
        "ann:\n  name: Ann Lee-Smith\n  orcid: 0000-0002-1825-0097\n", encoding="utf-8"
    )
    second = build_site(out, content=content)
    page = soup(second.page("posts/2024/a/index.html"))
    assert metas(page, "citation_author") == ["Lee-Smith, Ann"]
    assert metas(page, "citation_author_orcid") == ["https://orcid.org/0000-0002-1825-0097"]
    assert not [m for m in second.messages() if "check digit" in m]


def test_malformed_registry_fails_strict_with_line(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "authors.yml").write_text("ann:\n  name: Ann\n  bio: [oops\n", encoding="utf-8")
    write_posts(content, {"posts/a.md": post("A", "[ann]")})
    with pytest.raises(ContentProblemsError) as failure:
        build_site(tmp_path / "out", content=content, STRICT=True)
    message = str(failure.value)
    assert "authors.yml:4: the author registry is not valid YAML" in message
    assert "'ann' is not in the author registry" in message


def test_local_build_uses_relative_links(tmp_path):
    content = write_posts(tmp_path / "content", {"posts/a.md": post("A", "[maya-okafor]")})
    build = build_site(tmp_path / "out", content=content)
    page = soup(build.page("posts/2024/a/index.html"))
    assert page.select_one(".byline .p-name")["href"] == "../../../authors/maya-okafor/"
    assert page.select_one('.share a[href*="share/mastodon"]')["href"].startswith(
        "../../../share/mastodon/?text="
    )
    profile = soup(build.page("authors/maya-okafor/index.html"))
    assert (
        profile.select_one(".author-profile__photo")["src"]
        == "../../images/authors/maya-okafor.svg"
    )


def test_citation_author_tags_are_written_once_with_or_without_the_authors_plugin(tmp_path):
    """The authors plugin says which posts it writes ``citation_author`` for; without it the
    citations plugin writes them from the post's own author field."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "authors.yml").write_text("ann:\n  name: Ann Lee\n", encoding="utf-8")
    write_posts(content, {"posts/a.md": post("A", "[ann]")})
    both = build_site(tmp_path / "both", content=content)
    assert metas(soup(both.page("posts/2024/a/index.html")), "citation_author") == ["Lee, Ann"]
    plugins = [p for p in read_settings(str(CONF))["PLUGINS"] if p != "authors"]
    alone = build_site(tmp_path / "alone", content=content, PLUGINS=plugins, QUALITY_REQUIRED=[])
    assert len(metas(soup(alone.page("posts/2024/a/index.html")), "citation_author")) == 1
