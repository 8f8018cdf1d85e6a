"""Libraries as Zotero exports them (Better BibLaTeX, CSL JSON) and pandoc citation syntax.

The fixtures under ``fixtures/zotero/`` are written in the exact shapes Better BibLaTeX and
Zotero's CSL JSON export produce: biblatex's extended name format for particles, PMIDs as
``eprint``/``eprinttype``, ``@online`` with ``urldate``, ``@book`` with editors, and Zotero's
"PMID: …" Extra lines.
"""

from __future__ import annotations

from pathlib import Path
import re

from citations import bibliography
from conftest import build_site, write_posts
from meded_core import ContentProblemsError
from pelican import signals
import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "zotero"
POST_PATH = "posts/2024/from-zotero/index.html"

POST = """---
title: From Zotero
date: 2024-05-01
bibliography: library.bib
---
Entrustment decisions [see @tencateEntrustabilityProfessionalActivities2005, p. 1176].
Programmes of assessment [@vandervleutenAssessingProfessionalCompetence2005, pp. 309-311;
also @schuwirthProgrammaticAssessment2011].
As van der Vleuten argued [-@vandervleutenAssessingProfessionalCompetence2005], it works.

Feedback tips [@ramaniTwelveTipsGiving2012]. Checklists [@chanSocialMediaQuality2018] and
milestones [@acgmeMilestonesResources]. A framework [@frankCanMEDS2015Physician2015, chap. 2],
a chapter [@norciniWorkplaceBasedAssessment2014], a paper [@lewisFOAMedConference2019], a
report [@gmcPromotingExcellence2015] and a thesis [@mbekiCoachingResidents2021].

Twitter [@chooTwitterToolCommunication2015]; the same work by DOI
[@doi:10.3109/0142159X.2014.993371] and by PubMed ID [@pmid:25523012]. An ECG library
[@lifeInTheFastLane].
"""


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").split())


def entries(html: str) -> list[str]:
    """The reference list, one plain-text string per entry, in order."""
    section = html[html.index('<section class="references"') :]
    section = section[: section.index("</section>")]
    return [text_of(li) for li in re.findall(r'<li id="ref-\d+".*?</li>', section, re.S)]


@pytest.fixture(scope="module")
def zotero_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zotero")
    content = write_posts(
        folder / "content",
        {
            "posts/from-zotero.md": POST,
            "posts/library.bib": (FIXTURES / "library.bib").read_text(encoding="utf-8"),
            "bibliography/zotero-csl.json": (FIXTURES / "zotero-csl.json").read_text(
                encoding="utf-8"
            ),
        },
    )
    seen = {}

    def capture(generator):
        for article in generator.articles:
            seen[article.slug] = article

    signals.article_generator_finalized.connect(capture)
    try:
        build = build_site(
            folder / "out",
            content=content,
            CITATIONS_BIBLIOGRAPHY=[str(content / "bibliography" / "zotero-csl.json")],
        )
    finally:
        signals.article_generator_finalized.disconnect(capture)
    return build, seen["from-zotero"]


def test_better_biblatex_entries_become_the_right_csl_items():
    library = bibliography.load_file(FIXTURES / "library.bib")
    assert library.problems == []
    item = library.get("tencateEntrustabilityProfessionalActivities2005").item
    assert item["author"] == [{"family": "Cate", "given": "Olle", "non-dropping-particle": "ten"}]
    assert item["PMID"] == "16313574" and item["DOI"] == "10.1111/j.1365-2929.2005.02341.x"
    vleuten = library.get("vandervleutenAssessingProfessionalCompetence2005").item
    assert vleuten["author"] == [
        {"family": "Vleuten", "given": "Cees P. M.", "non-dropping-particle": "van der"},
        {"family": "Schuwirth", "given": "Lambert W. T."},
    ]
    ramani = library.get("ramaniTwelveTipsGiving2012").item
    assert (ramani["PMID"], ramani["PMCID"]) == ("22730899", "PMC3460317")
    types = {key: entry.item["type"] for key, entry in library.entries.items()}
    assert types["chanSocialMediaQuality2018"] == "webpage"
    assert types["frankCanMEDS2015Physician2015"] == "book"
    assert types["norciniWorkplaceBasedAssessment2014"] == "chapter"
    assert types["lewisFOAMedConference2019"] == "paper-conference"
    assert types["gmcPromotingExcellence2015"] == "report"
    assert types["mbekiCoachingResidents2021"] == "thesis"
    online = library.get("chanSocialMediaQuality2018").item
    assert online["accessed"] == {"date-parts": [[2024, 2, 10]]}
    assert online["container-title"] == "ALiEM"
    assert online["title"] == "Quality Checklists for Blogs & Podcasts"


def test_bare_ampersand_and_verbatim_urls_survive(tmp_path):
    path = tmp_path / "hand.bib"
    path.write_text(
        "@online{hand, title = {Feedback & coaching: 100% practical},\n"
        "  url = {https://example.org/a%20b~c}, urldate = {2024-05-01}}\n",
        encoding="utf-8",
    )
    item = bibliography.load_file(path).get("hand").item
    assert item["title"] == "Feedback & coaching: 100% practical"
    assert item["URL"] == "https://example.org/a%20b~c"


def test_rendered_ama_list_has_particles_pubmed_links_and_accessed_dates(zotero_site):
    build, _ = zotero_site
    html = build.page(POST_PATH)
    listed = entries(html)
    assert listed[0].startswith("ten Cate O. Entrustability of Professional Activities")
    assert listed[1].startswith("van der Vleuten CPM, Schuwirth LWT. Assessing Professional")
    assert listed[2].startswith("Schuwirth LWT, van der Vleuten CPM. Programmatic assessment")
    assert any(
        e.startswith("Chan TM. Quality Checklists for Blogs & Podcasts. ALiEM.")
        and "Accessed February 10, 2024." in e
        for e in listed
    )
    assert any(
        e.startswith("Milestones & Resources. Accreditation Council")
        and "Accessed March 5, 2024." in e
        for e in listed
    )
    assert any("Accessed January 15, 2024. https://litfl.com/ecg-library/" in e for e in listed)
    # an edited book names its editors once; a biblatex thesis type is spelled out
    assert any(
        e.startswith(
            "Frank JR, Snell L, Sherbino J, eds. CanMEDS 2015 Physician Competency Framework. "
            "Royal College of Physicians and Surgeons of Canada; 2015."
        )
        for e in listed
    )
    assert any(
        "Self-Regulated Learning. PhD thesis. University of Cape Town; 2021." in e for e in listed
    )
    assert any(
        e.startswith("Choo EK, Ranney ML, Chan TM, et al. Twitter as a tool") for e in listed
    )
    for pmid in ("16313574", "15733167", "22730899", "25523012", "21609177"):
        assert f'href="https://pubmed.ncbi.nlm.nih.gov/{pmid}/"' in html, pmid
    assert 'href="https://pmc.ncbi.nlm.nih.gov/articles/PMC3460317/"' in html
    assert "Blogs &amp; Podcasts" in html and "Blogs & Podcasts" not in html


def test_pandoc_prefixes_locators_and_suppressed_authors(zotero_site):
    build, _ = zotero_site
    html = build.page(POST_PATH)
    body = html[html.index('<div class="post-body') : html.index('<section class="references"')]
    assert "[" not in text_of(body) and "@" not in text_of(body)
    plain = text_of(body)
    assert "Entrustment decisions see1(p1176)." in plain
    assert "Programmes of assessment2(pp309-311) also3." in plain
    assert "As van der Vleuten argued,2 it works." in plain
    assert "A framework,7(ch2) a chapter,8" in plain


def test_one_work_under_a_key_a_doi_and_a_pmid_has_one_number(zotero_site):
    build, post = zotero_site
    body = build.page(POST_PATH)
    choo = [r for r in post.references if r.doi == "10.3109/0142159X.2014.993371"]
    assert len(choo) == 1
    number = choo[0].number
    plain = text_of(body[body.index('<div class="post-body') :])
    assert f"Twitter{number}; the same work by DOI{number} and by PubMed ID.{number}" in plain
    assert f"{number},{number}" not in plain
    assert post.uncited_references == []


def test_the_checklist_counts_every_key_of_a_work_as_cited(tmp_path):
    content = write_posts(
        tmp_path / "content",
        {
            "posts/a.md": "---\ntitle: Twice\ndate: 2024-05-01\nbibliography: own.json\n---\n"
            "By key [@chooTwitterToolCommunication2015], by DOI [@doi:10.3109/0142159X.2014.993371].\n",
            "posts/own.json": (FIXTURES / "zotero-csl.json").read_text(encoding="utf-8"),
        },
    )
    seen = {}

    def capture(generator):
        seen.update({a.slug: a for a in generator.articles})

    signals.article_generator_finalized.connect(capture)
    try:
        build_site(tmp_path / "out", content=content, CITATIONS_BIBLIOGRAPHY=[])
    finally:
        signals.article_generator_finalized.disconnect(capture)
    post = seen["a"]
    assert len(post.references) == 1
    # the post's own file lists three works; the two never cited are the only uncited ones
    assert sorted(post.uncited_references) == [
        "lifeInTheFastLane",
        "schuwirthProgrammaticAssessment2011",
    ]


BAD_NAMES = """@article{typo2020,
  title = {A typo in a name part},
  author = {Carraccio, Carol and family=Cate, gvien=Olle, prefix=ten, useprefix=true},
  date = {2020},
}
"""


def test_unknown_name_part_is_a_problem_with_file_line_and_fix(tmp_path):
    path = tmp_path / "names.bib"
    path.write_text(BAD_NAMES, encoding="utf-8")
    result = bibliography.load_file(path)
    entry = result.get("typo2020")
    assert entry is not None and entry.item["author"][0] == {
        "family": "Carraccio",
        "given": "Carol",
    }
    (problem,) = result.problems
    assert problem.line == 3 and problem.field == "author"
    assert "unknown part 'gvien' (did you mean 'given'?)" in problem.message
    assert "family=Cate, given=Olle" in problem.fix
    assert "brace" not in str(problem)


def test_strict_build_fails_on_a_bad_name_without_a_traceback(tmp_path):
    content = write_posts(
        tmp_path / "content",
        {
            "posts/a.md": "---\ntitle: Bad name\ndate: 2024-05-01\nbibliography: names.bib\n---\n"
            "Claim [@typo2020].\n",
            "posts/names.bib": BAD_NAMES,
        },
    )
    with pytest.raises(ContentProblemsError) as failure:
        build_site(tmp_path / "out", content=content, STRICT=True, CITATIONS_BIBLIOGRAPHY=[])
    assert re.search(
        r"names\.bib:3: author: entry 'typo2020': .*unknown part 'gvien'", str(failure.value)
    )
    assert "Traceback" not in str(failure.value)


def test_a_repeated_field_keeps_the_entry_with_its_first_value(tmp_path):
    path = tmp_path / "twice.bib"
    path.write_text(
        "@article{twice, title = {Kept}, author = {ten Cate, Olle and Smith, Ann},\n"
        "  url = {https://example.org/first},\n"
        "  url = {https://example.org/second}, date = {2020}}\n"
        "@article{after, title = {After}, date = {2021}}\n",
        encoding="utf-8",
    )
    result = bibliography.load_file(path)
    item = result.get("twice").item
    assert item["URL"] == "https://example.org/first" and item["title"] == "Kept"
    assert item["author"][0] == {"family": "Cate", "given": "Olle", "non-dropping-particle": "ten"}
    assert result.get("after") is not None
    (problem,) = result.problems
    assert (problem.line, problem.field) == (3, "url")
    assert "has the field 'url' twice" in problem.message and "line 2" in problem.message
    assert "brace" not in str(problem)


def test_prefixes_and_suffixes_in_an_author_date_style():
    from citations.formatting import Formatter
    from citations.lookup import resolve_key
    from citations.model import Cluster
    from citations.render import render_post
    from citations.styles import load_style
    from citations.syntax import CitationExtension
    from markdown import Markdown

    library = bibliography.load_file(FIXTURES / "library.bib")
    md = Markdown(extensions=[CitationExtension()])
    md.extra_metadata, md.body_line = {}, 1
    html = md.convert(
        "Shown [see @ramaniTwelveTipsGiving2012, p. 788, table 2; "
        "also -@tencateEntrustabilityProfessionalActivities2005]."
    )
    clusters = [Cluster.from_dict(c) for c in md.extra_metadata["citation_clusters"]]
    result = render_post(
        html,
        clusters,
        source="post.md",
        lookup=lambda key, narrative: resolve_key(key, library, None, narrative=narrative),
        style=load_style("apa", []),
        formatter=Formatter(),
    )
    assert text_of(result.content) == (
        "Shown (see Ramani & Krackov, 2012, p. 788, table 2; also 2005)."
    )
