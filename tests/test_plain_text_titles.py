"""A title with < and > is text: "Troponin <5 ng/L and eGFR >60" is published exactly,
everywhere a reader or a program sees it, and reference titles keep their real markup.

Checked with the software that reads each output: an HTML parser, extruct (JSON-LD),
feedparser (Atom, RSS), json (JSON Feed, CSL-JSON), bibtexparser and rispy.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import bibtexparser
from bs4 import BeautifulSoup
from conftest import build_site, write_posts
import extruct
import feedparser
from meded_core.text import markup_to_text
import pytest
import rispy

TITLE = "Troponin <5 ng/L and eGFR >60"
REFERENCE = "High-sensitivity troponin <5 ng/L and <i>eGFR</i> >60 in chest pain"
REFERENCE_TEXT = "High-sensitivity troponin <5 ng/L and eGFR >60 in chest pain"
POST = f"""---
title: "{TITLE}"
date: 2024-03-01
authors: [ana-lopez]
summary: "Rule out when troponin is <5 ng/L and eGFR >60."
bibliography: refs.json
disclosures: None declared.
---
See [@trop].
"""
REFS = [
    {
        "id": "trop",
        "type": "article-journal",
        "title": REFERENCE,
        "author": [{"family": "Smith", "given": "A"}],
        "container-title": "Emerg Med J",
        "issued": {"date-parts": [[2023]]},
        "DOI": "10.1234/trop.5",
    }
]
SITE = "https://example.org"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("titles")
    content = write_posts(
        base / "content",
        {
            "authors.yml": "ana-lopez:\n  name: Ana Lopez\n",
            "posts/trop.md": POST,
            "posts/refs.json": json.dumps(REFS),
        },
    )
    return build_site(base / "output", content=content, siteurl=SITE)


def page(site):
    return site.page("posts/2024/trop/index.html")


def test_head_title_and_meta_tags_carry_the_exact_title(site):
    soup = BeautifulSoup(page(site), "html.parser")
    assert soup.title.get_text().startswith(TITLE + " ·")
    assert soup.h1.get_text() == TITLE
    for attribute, name in (
        ("property", "og:title"),
        ("name", "twitter:title"),
        ("name", "citation_title"),
    ):
        assert soup.find("meta", attrs={attribute: name})["content"] == TITLE, name
    assert "&amp;lt;" not in page(site)  # escaped once, not twice


def test_json_ld_headline_and_cited_work_name(site):
    data = extruct.extract(page(site), base_url=SITE, syntaxes=["json-ld"])["json-ld"]
    posting = next(d for d in data if d.get("headline"))
    assert posting["headline"] == TITLE
    assert [c["name"] for c in posting["citation"]] == [REFERENCE_TEXT]


def test_feeds_carry_the_exact_title(site):
    for name in ("all.atom.xml", "all.rss.xml"):
        parsed = feedparser.parse(site.page(f"feeds/{name}"))
        assert [e.title for e in parsed.entries] == [TITLE], name
    assert [i["title"] for i in json.loads(site.page("feeds/all.json"))["items"]] == [TITLE]


def test_cite_this_share_links_and_references_keep_the_thresholds(site):
    soup = BeautifulSoup(page(site), "html.parser")
    cite_this = soup.select(".cite-this__text")
    assert cite_this and all(TITLE in text.get_text() for text in cite_this)
    texts = [  # the text each share link pre-fills (LinkedIn takes only the URL)
        values[0]
        for a in soup.select("a.share__link")
        for key, values in parse_qs(urlsplit(a["href"]).query).items()
        if key in {"text", "subject"}
    ]
    assert len(texts) >= 3 and all(text.startswith(TITLE) for text in texts), texts
    reference = soup.select_one(".reference-text")
    assert REFERENCE_TEXT in " ".join(reference.get_text().split())
    assert reference.find("i").get_text() == "eGFR"  # the API's real markup is kept
    highwire = soup.find("meta", attrs={"name": "citation_reference"})["content"]
    assert f"citation_title={REFERENCE_TEXT};" in highwire


def test_downloads_carry_the_exact_titles(site):
    folder = "posts/2024/trop/trop"
    record = bibtexparser.parse_string(site.page(f"{folder}-citation.bib"))
    assert [e.fields_dict["title"].value for e in record.entries] == [TITLE]
    references = bibtexparser.parse_string(site.page(f"{folder}-references.bib"))
    assert [e.fields_dict["title"].value for e in references.entries] == [REFERENCE_TEXT]
    assert [r["title"] for r in rispy.loads(site.page(f"{folder}-citation.ris"))] == [TITLE]
    assert [r["title"] for r in rispy.loads(site.page(f"{folder}-references.ris"))] == [
        REFERENCE_TEXT
    ]
    assert [i["title"] for i in json.loads(site.page(f"{folder}-citation.json"))] == [TITLE]


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("H<sub>2</sub>O and <jats:italic>E. coli</jats:italic>", "H2O and E. coli"),
        ("Troponin <5 ng/L &amp; eGFR >60", "Troponin <5 ng/L & eGFR >60"),
        ("If a<b and c>d", "If a<b and c>d"),
        ('<span class="nocase">pH</span> <mml:mi>x</mml:mi>', "pH x"),
    ],
)
def test_reference_markup_becomes_text_without_eating_comparisons(raw, text):
    assert markup_to_text(raw) == text
