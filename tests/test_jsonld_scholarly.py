"""JSON-LD and Open Graph as crawlers read them (extruct), on every page of the fixture site.

The domain table below is schema.org's (v30) for the properties this site writes whose
domain is narrower than Thing; a property on a type outside its domain is what validators
(Adobe's, Google's) warn about.
"""

from __future__ import annotations

import json
from pathlib import Path

import extruct
import pytest
from scholarly_site import SITEURL, build_fixture

PARENT = {  # schema.org type -> its parent (only the types this site uses)
    "MedicalWebPage": "WebPage",
    "ProfilePage": "WebPage",
    "CollectionPage": "WebPage",
    "WebPage": "CreativeWork",
    "WebSite": "CreativeWork",
    "Blog": "CreativeWork",
    "BlogPosting": "SocialMediaPosting",
    "SocialMediaPosting": "Article",
    "ScholarlyArticle": "Article",
    "Article": "CreativeWork",
    "Book": "CreativeWork",
    "Chapter": "CreativeWork",
    "Report": "Article",
    "Thesis": "CreativeWork",
    "Dataset": "CreativeWork",
    "SoftwareSourceCode": "CreativeWork",
    "Periodical": "CreativeWork",
    "CreativeWorkSeries": "CreativeWork",
    "CorrectionComment": "Comment",
    "Comment": "CreativeWork",
    "ImageObject": "MediaObject",
    "MediaObject": "CreativeWork",
    "CreativeWork": "Thing",
    "Person": "Thing",
    "Organization": "Thing",
    "PropertyValue": "Thing",
}
DOMAINS = {
    "reviewedBy": {"WebPage"},
    "lastReviewed": {"WebPage"},
    "mainEntity": {"CreativeWork"},
    "citation": {"CreativeWork"},
    "publisher": {"CreativeWork"},
    "headline": {"CreativeWork"},
    "datePublished": {"CreativeWork"},
    "license": {"CreativeWork"},
    "keywords": {"CreativeWork", "Organization", "Person"},
    "isPartOf": {"CreativeWork"},
    "sponsor": {"CreativeWork", "Organization", "Person"},
    "correction": {"CreativeWork"},
    "givenName": {"Person"},
    "familyName": {"Person"},
    "honorificSuffix": {"Person"},
    "jobTitle": {"Person"},
    "affiliation": {"Person"},
    "isbn": {"Book"},
}


def _ancestors(kind: str) -> set[str]:
    found = {kind}
    while kind in PARENT:
        kind = PARENT[kind]
        found.add(kind)
    return found


def _nodes(value):
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from _nodes(child)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("scholarly-jsonld"))


def _jsonld(site, relative: str) -> list[dict]:
    return extruct.extract(site.page(relative), syntaxes=["json-ld"])["json-ld"]


def schema_domain_violations(output: Path) -> tuple[list[tuple[str, str, str]], int]:
    """Every JSON-LD node on every page of ``output``, as extruct reads it: the properties used
    outside their schema.org domain (or on a type the table does not know), and how many
    properties were checked."""
    violations = []
    checked = 0
    for path in sorted(Path(output).rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for block in extruct.extract(html, syntaxes=["json-ld"])["json-ld"]:
            for node in _nodes(block):
                kind = node.get("@type")
                if not isinstance(kind, str):
                    continue  # an @id reference
                if kind not in PARENT:
                    violations.append((str(path), kind, "@type"))
                    continue
                for prop, allowed in DOMAINS.items():
                    if prop in node:
                        checked += 1
                        if not _ancestors(kind) & allowed:
                            violations.append((str(path), kind, prop))
    return violations, checked


def test_schema_org_domains_hold_on_every_page(site):
    violations, checked = schema_domain_violations(site.output)
    assert violations == []
    assert checked > 50  # the check saw the properties, on many pages


def test_review_lives_on_the_web_page_with_the_post_as_main_entity(site):
    blocks = _jsonld(site, "posts/2024/reviewed/index.html")
    post, page = blocks[0], blocks[1]
    assert post["@type"] == "BlogPosting"  # first: readers take the first known block
    assert "reviewedBy" not in post and "lastReviewed" not in post
    assert page["@type"] == "MedicalWebPage"
    assert page["mainEntity"] == {"@id": post["@id"]}
    assert post["mainEntityOfPage"] == {"@id": page["@id"]}
    assert page["lastReviewed"] == "2024-07-01"
    assert page["reviewedBy"] == [
        {
            "@type": "Person",
            "name": "Zoë van der Berg",  # no degrees
            "@id": "https://orcid.org/0000-0002-1825-0097",
            "identifier": "https://orcid.org/0000-0002-1825-0097",
            "url": f"{SITEURL}/authors/zoe-van-der-berg/",
        }
    ]
    assert post["sponsor"] == {"@type": "Organization", "name": "Fixture Foundation"}
    assert post["publisher"] == {
        "@type": "Organization",
        "name": "Teaching Rounds",
        "url": f"{SITEURL}/",
    }
    assert "Zoë" not in json.dumps(post.get("author"))  # the reviewer is not an author


def test_cited_works_keep_their_doi_as_id(site):
    post = _jsonld(site, "posts/2024/cited/index.html")[0]
    ids = [work.get("@id") for work in post["citation"]]
    assert ids == [
        "https://doi.org/10.3109/0142159X.2014.993371",
        "https://doi.org/10.5555/fixture.chapter.1",
        "https://doi.org/10.5555/fixture.proc.2",
    ]
    chapter = post["citation"][1]
    assert chapter["@type"] == "Chapter"
    assert chapter["name"] == "Free open access meducation"
    assert "editor" not in chapter and "author" not in chapter  # in citation_reference instead


def test_author_pages_have_open_graph_profiles(site):
    data = extruct.extract(
        site.page("authors/minh-khai/index.html"), syntaxes=["opengraph"], uniform=True
    )["opengraph"][0]
    assert data["@type"] == "profile"  # og:type
    assert data["og:url"] == f"{SITEURL}/authors/minh-khai/"
    assert data["profile:last_name"] == "Nguyễn"
    assert data["profile:first_name"] == "Thị Minh Khai"


def test_sitemap_has_lastmod(site):
    from xml.etree import ElementTree

    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ElementTree.fromstring(site.page("sitemap.xml"))
    dates = {u.find(f"{ns}loc").text: u.find(f"{ns}lastmod").text for u in root}
    assert dates[f"{SITEURL}/posts/2024/reviewed/"] == "2024-07-15"  # modified wins
    assert dates[f"{SITEURL}/posts/2024/group/"] == "2024-04-01"
    assert dates[f"{SITEURL}/authors/journal-club/"] == "2024-04-01"
    assert dates[f"{SITEURL}/"] == "2024-07-15"  # the newest change on the site
    assert all(dates.values())
