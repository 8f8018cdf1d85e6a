"""One item type everywhere: the post page and every download describe a blog post, with
title, all authors in order, date, blog name, URL and DOI, as Zotero's importers and
citation-js read them; cited works carry the Highwire tags of their own type."""

from __future__ import annotations

import json
import re
import subprocess

import bibtexparser
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from external_tools import citation_js_command
import pytest
import rispy
from scholarly_site import SITEURL, build_fixture

POST = "posts/2024/pregenerated/"
DOI = "10.59350/fixture-0001"
BLOG = "Teaching Rounds"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("scholarly-zotero"))


def _metas(html: str, name: str) -> list[str]:
    return re.findall(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', html)


def test_page_tags_describe_a_blog_post(site):
    """Zotero's Embedded Metadata: any citation_journal_title forces a journal article;
    DC.type names the item type; og:site_name gives the blog's name."""
    page = site.page(POST + "index.html")
    assert not _metas(page, "citation_journal_title")
    assert _metas(page, "DC.type") == ["blogPost"]
    assert _metas(page, "og:site_name") == [BLOG]
    assert _metas(page, "citation_title") == ["A post with a pre-registered DOI"]
    assert _metas(page, "citation_doi") == [DOI]
    assert _metas(page, "citation_publication_date") == ["2024/05/01"]
    cited = site.page("posts/2024/cited/index.html")
    assert _metas(cited, "citation_author") == [
        "van der Berg, Zoë",
        "Nguyễn, Thị Minh Khai",
        "Lima, Ana",
    ]


def _references(site) -> dict[str, dict[str, list[str]]]:
    page = site.page("posts/2024/cited/index.html")
    found = {}
    for value in _metas(page, "citation_reference"):
        fields: dict[str, list[str]] = {}
        for part in value.split("; "):
            key, _, text = part.partition("=")
            fields.setdefault(key, []).append(text)
        found[fields["citation_title"][0]] = fields
    return found


def test_citation_reference_uses_the_tag_set_of_each_type(site):
    refs = _references(site)
    chapter = refs["Free open access meducation"]
    assert chapter["citation_inbook_title"] == ["Digital Teaching in Medicine"]
    assert "citation_journal_title" not in chapter
    assert chapter["citation_editor"] == ["Thoma, Brent"]
    assert chapter["citation_author"] == ["Cadogan, Mike"]
    assert chapter["citation_publication_date"] == ["2014/03/12"]
    proceedings = refs["Quality checklists for blogs"]
    assert proceedings["citation_conference_title"] == [
        "Proceedings of the Fixture Conference on Medical Education"
    ]
    assert "citation_journal_title" not in proceedings
    assert proceedings["citation_publication_date"] == ["2016"]  # no 2016/10 partial date
    article = next(v for k, v in refs.items() if k.startswith("Twitter as a tool"))
    assert article["citation_journal_title"] == ["Medical Teacher"]
    assert article["citation_publication_date"] == ["2015"]
    assert article["citation_doi"] == ["10.3109/0142159X.2014.993371"]


def _download(site, name: str) -> str:
    return (site.output / POST / f"pregenerated-citation.{name}").read_text(encoding="utf-8")


def test_bibtex_download_is_online_with_the_blog_name_zotero_imports(site):
    library = bibtexparser.parse_string(
        _download(site, "bib"), append_middleware=[SeparateCoAuthors(), SplitNameParts()]
    )
    entry = library.entries[0]
    assert entry.entry_type == "online"
    fields = entry.fields_dict
    assert fields["journaltitle"].value == BLOG  # Zotero: Website Title
    assert fields["doi"].value == DOI
    assert fields["url"].value == f"{SITEURL}/{POST}"
    assert fields["date"].value == "2024-05-01"
    assert [n.last for n in entry["author"]] == [["Lima"]]


def test_ris_download_is_a_blog_post_with_its_doi(site):
    [record] = rispy.loads(_download(site, "ris"))
    assert record["type_of_reference"] == "BLOG"
    assert record["doi"] == DOI
    assert record["secondary_title"] == BLOG
    assert record["authors"] == ["Lima, Ana"]
    assert record["date"] == "2024/05/01"
    assert f"DOI: {DOI}" in record["notes"]  # Zotero's blog post keeps a DOI in Extra only


def test_csl_json_download_is_a_post_weblog_with_its_doi(site):
    [item] = json.loads(_download(site, "json"))
    assert item["type"] == "post-weblog"
    assert item["DOI"] == DOI
    assert item["container-title"] == BLOG
    assert item["note"] == f"DOI: {DOI}"
    assert item["issued"] == {"date-parts": [[2024, 5, 1]]}


@pytest.mark.parametrize(
    "name, kind, blog_field",
    [
        ("bib", "webpage", "publisher"),
        ("ris", "post-weblog", "container-title"),
        ("json", "post-weblog", "container-title"),
    ],
)
def test_citation_js_reads_every_download_alike(site, name, kind, blog_field):
    path = site.output / POST / f"pregenerated-citation.{name}"
    result = subprocess.run(
        [*citation_js_command(), str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    [item] = json.loads(result.stdout)
    assert item["type"] == kind
    assert item["title"] == "A post with a pre-registered DOI"
    assert item["DOI"] == DOI
    assert item[blog_field] == BLOG
    assert item["URL"] == f"{SITEURL}/{POST}"
    assert item["issued"]["date-parts"][0][:3] == [2024, 5, 1]
    assert [(a["family"], a["given"]) for a in item["author"]] == [("Lima", "Ana")]
