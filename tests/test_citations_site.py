"""Whole-site builds: the fixture blog's AMA references, bad input, resolution, caches, styles."""

from __future__ import annotations

import json
import re

from conftest import build_site, write_posts
from meded_core import ContentProblemsError
import pytest

from bench.fakeapi import FakeAPI

SOCIAL = "posts/2024/social-media-academic-medicine/index.html"
FOAM = "posts/2024/appraising-foam/index.html"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def references_section(html: str) -> str:
    return html[
        html.index('<section class="references"') : html.index(
            "</section>", html.index('<section class="references"')
        )
    ]


def test_fixture_post_has_an_ama_reference_list(fixture_site):
    html = fixture_site.page(SOCIAL)
    section = references_section(html)
    assert '<h2 id="references-heading">References</h2>' in section
    assert section.count("<li ") == 3 and "<ol" in section
    first = text_of(re.search(r'<li id="ref-1".*?</li>', section, re.S).group(0))
    assert (
        "Choo EK, Ranney ML, Chan TM, et al. Twitter as a tool" in first
        and "Med Teach. 2015;37(5):411-416." in first
    )
    body = html[html.index('<div class="post-body') : html.index('<section class="references"')]
    assert [text_of(s) for s in re.findall(r"<sup class=\"citation[^>]*>.*?</sup>", body)] == [
        "1",
        "2",
        "3",
        "1",
    ]
    assert "it.<sup" in body and "recruit.<sup" in body
    assert 'Choo et al<sup class="citation narrative"' in body
    assert 'href="#cite-1"' in section and 'href="#cite-4"' in section  # both places citing Choo


def test_fixture_locator_and_identifier_kinds(fixture_site):
    foam = fixture_site.page(FOAM)
    assert re.search(r"podcasts\.<sup class=\"citation\"[^>]*>.*?2\(p548\).*?3</a></sup>", foam)
    altmetrics = fixture_site.page("posts/2024/altmetrics-for-educators/index.html")
    section = references_section(altmetrics)
    assert "Priem J, Taraborelli D, Groth P, Neylon C. Altmetrics: a manifesto." in text_of(section)
    assert "Hutchins BI, Yuan X, Anderson JM, Santangelo GM." in text_of(section)
    assert "https://pubmed.ncbi.nlm.nih.gov/27599104/" in section


def test_fixture_head_tags_json_ld_and_cite_this(fixture_site):
    html = fixture_site.page(SOCIAL)
    head = html[: html.index("</head>")]
    assert (
        '<meta name="citation_title" content="Social media in academic medicine: a guide for the sceptical educator">'
        in head
    )
    assert '<meta name="citation_publication_date" content="2024/03/12">' in head
    assert '<meta name="citation_publisher" content="Teaching Rounds">' in head
    assert '<meta name="DC.type" content="blogPost">' in head  # a blog post, not a journal article
    assert 'citation_journal_title" content="Teaching Rounds' not in head
    assert '<meta name="citation_language" content="en">' in head
    assert head.count('<meta name="citation_reference"') == 3
    assert (
        head.count('name="citation_author"') == 2
    )  # written once (by the authors plugin when present)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    dois = [c["@id"] for c in data["citation"] if "@id" in c]  # the DOI is each work's @id
    assert dois[0] == "https://doi.org/10.3109/0142159X.2014.993371"
    assert len(data["citation"]) == 3
    cite = html[html.index('<section class="cite-this') :]
    assert "Okafor M, Reyes D. Social media in academic medicine" in text_of(cite)
    assert "Okafor, M., &amp; Reyes, D. (2024, March 12)." in cite
    folder = fixture_site.output / "posts/2024/social-media-academic-medicine"
    bib = (folder / "social-media-academic-medicine-citation.bib").read_text()
    assert "author = {Okafor, Maya and Reyes, Daniel}" in bib and "Teaching Rounds" in bib
    ris = (folder / "social-media-academic-medicine-references.ris").read_text()
    assert ris.count("TY  - JOUR") == 3
    bibtex = (folder / "social-media-academic-medicine-references.bib").read_text()
    assert bibtex.startswith("@article{choo2015,") and bibtex.count("@article{") == 3


def test_fixture_cited_works_page(fixture_site):
    html = fixture_site.page("cited-works/index.html")
    entry = re.search(
        r'<li id="(work-[0-9a-f]+)" class="cited-works__item">((?:(?!</li>).)*Quality indicators for blogs(?:(?!</li>).)*)</li>',
        html,
        re.S,
    )
    assert entry, "lin2015quality is listed"
    citing = text_of(entry.group(2))
    assert (
        "Appraising FOAM" in citing
        and "Peer review for blog posts" in citing
        and "Blogging in residency" in citing
    )
    social = fixture_site.page(FOAM)
    assert f"cited-works/#{entry.group(1)}" in social
    # one work cited by DOI in one post and by PMCID in another is one entry
    assert html.count("The state of OA") == 1


POST = """---
title: {title}
date: 2024-05-01
{extra}---
{body}
"""


def post(body: str, title: str = "Citing post", extra: str = "") -> str:
    return POST.format(title=title, extra=extra, body=body)


BAD = {
    "posts/unknown.md": post("Claim [@choo2016].", "Unknown key"),
    "posts/case.md": post("Claim [@Choo2015].", "Case key"),
    "posts/malformed.md": post(
        "A [@doi:10.1136].\n\nB [@pmid:12ab].\n\nC [@isbn:9780306406158].", "Malformed"
    ),
    "posts/badbib.md": post("Claim [@good].", "Bad bibliography", "bibliography: own.bib\n"),
    "posts/own.bib": "@article{good, title={Fine}, year=2020}\n\n@article{broken,\n  author = {Foo,\n  title = {Bar}\n\n@article{notitle, author={Nobody, A}, year=2021}\n",
    "posts/offline.md": post("Claim [@doi:10.1000/never-cached].", "Offline"),
    "posts/nobib.md": post("Claim [@choo2015].", "No such file", "bibliography: mine.bib\n"),
}


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("citations-bad")
    content = write_posts(folder / "content", BAD)
    return build_site(folder / "out", content=content), folder


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("unknown.md:5:", "unknown citation key 'choo2016' (did you mean @choo2015?"),
        ("case.md:5:", "matches 'choo2015' only when case is ignored"),
        ("malformed.md:5:", "'10.1136' is not a valid DOI"),
        ("malformed.md:7:", "'12ab' is not a valid PMID"),
        ("malformed.md:9:", "'9780306406158' is not a valid ISBN"),
        ("own.bib:3:", "the entry 'broken' starting here cannot be read"),
        ("own.bib:", "the entry 'notitle' has no title"),
        ("offline.md:5:", "'doi:10.1000/never-cached' could not be resolved"),
        ("nobib.md:4: bibliography", "the bibliography file 'mine.bib' was not found"),
    ],
)
def test_each_bad_input_is_named_with_file_and_line(bad_site, where, expected):
    build, _ = bad_site
    matching = [m for m in build.messages() if where in m]
    assert any(expected in m for m in matching), (where, build.messages())


def test_bad_input_still_renders_visible_entries(bad_site):
    build, _ = bad_site
    html = build.page("posts/2024/unknown/index.html")
    assert (
        'class="reference--unresolved"' in html
        and "Unresolved reference" in html
        and "choo2016" in html
    )
    assert "Choo EK, Ranney ML" in build.page("posts/2024/case/index.html")
    assert not any("Traceback" in m for m in build.messages(0))


def test_strict_build_fails_on_citation_problems(tmp_path):
    content = write_posts(tmp_path / "content", {"posts/unknown.md": BAD["posts/unknown.md"]})
    with pytest.raises(ContentProblemsError) as failure:
        build_site(tmp_path / "out", content=content, STRICT=True)
    assert "unknown citation key 'choo2016'" in str(failure.value)


CN_BODY = "doi-content-negotiation/csl-json-10.1126_science.169.3946.635.json"


def point_services_at(monkeypatch, api: FakeAPI) -> None:
    monkeypatch.setenv("DOI_RESOLVER_URL", api.root + "/doi")
    monkeypatch.setenv("CROSSREF_API_URL", api.root + "/crossref")


def test_build_resolves_missing_identifiers_once_then_works_offline(tmp_path, monkeypatch):
    content = write_posts(
        tmp_path / "content", {"posts/water.md": post("Water [@doi:10.1126/science.169.3946.635].")}
    )
    with FakeAPI() as api:
        api.route("/doi/10.1126/science.169.3946.635", body=CN_BODY)
        point_services_at(monkeypatch, api)
        first = build_site(tmp_path / "out", content=content)
        assert api.count() == 1
        second = build_site(tmp_path / "out2", content=content)
        assert api.count() == 1  # the cache had it: no request at all
    cache = json.loads((content / "data/references.json").read_text())
    assert "doi:10.1126/science.169.3946.635" in [i["id"] for i in cache]
    for build in (first, second):
        assert (
            "Frank HS. The Structure of Ordinary Water. Science. 1970;169(3946):635-641."
            in text_of(build.page("posts/2024/water/index.html"))
        )


def test_retraction_or_correction_gets_a_label_and_a_warning(tmp_path, monkeypatch):
    content = write_posts(
        tmp_path / "content", {"posts/mph.md": post("Mice [@doi:10.1371/journal.pone.0033693].")}
    )
    with FakeAPI() as api:
        api.route(
            "/doi/10.1371/journal.pone.0033693", status=503, body=b"busy", content_type="text/plain"
        )
        point_services_at(monkeypatch, api)
        build = build_site(tmp_path / "out", content=content)
    html = build.page("posts/2024/mph/index.html")
    assert "reference-notice" in html and "Correction published 2012-05-08" in html
    assert any(
        "flagged by Crossref: correction published" in m and "mph.md" in m for m in build.messages()
    )


def test_edited_bibliography_is_never_served_stale(tmp_path):
    """The reader cache keeps the post; the reference list must follow the .bib."""
    content = write_posts(
        tmp_path / "content",
        {
            "posts/a.md": post("Claim [@mine].", extra="bibliography: refs.bib\n"),
            "posts/refs.bib": "@article{mine, title={First title}, journal={J}, year=2020}\n",
        },
    )
    cache = tmp_path / "cache"
    first = build_site(tmp_path / "out", content=content, CACHE_PATH=str(cache))
    assert "First title" in first.page("posts/2024/a/index.html")
    (content / "posts/refs.bib").write_text(
        "@article{mine, title={Second title}, journal={J}, year=2020}\n"
    )
    second = build_site(tmp_path / "out", content=content, CACHE_PATH=str(cache))
    html = second.page("posts/2024/a/index.html")
    assert "Second title" in html and "First title" not in html


def test_titles_are_escaped_in_a_real_build(tmp_path):
    content = write_posts(
        tmp_path / "content",
        {
            "posts/x.md": post("Claim [@x].", extra="bibliography: refs.json\n"),
            "posts/refs.json": json.dumps(
                [
                    {
                        "id": "x",
                        "type": "article-journal",
                        "title": "Sneaky <script>alert(1)</script> <i>E. coli</i>",
                        "container-title": "J",
                        "issued": {"date-parts": [[2020]]},
                    }
                ]
            ),
        },
    )
    html = build_site(tmp_path / "out", content=content).page("posts/2024/x/index.html")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<i>E. coli</i>" in html


def test_per_post_styles(tmp_path):
    content = write_posts(
        tmp_path / "content",
        {
            "posts/apa.md": post(
                "Claim [@choo2015; @lin2015quality]. @thoma2015consensus agreed.",
                "APA post",
                "csl: apa\n",
            ),
            "posts/vancouver.md": post(
                "Claim [@choo2015; @lin2015quality].",
                "Vancouver post",
                "citation_style: vancouver\n",
            ),
            "posts/nostyle.md": post("Claim [@choo2015].", "Bad style", "csl: no-such-style\n"),
        },
    )
    build = build_site(tmp_path / "out", content=content)
    apa = text_of(build.page("posts/2024/apa/index.html"))
    assert "(Choo et al., 2015; Lin et al., 2015)" in apa and "Thoma et al. (2015) agreed" in apa
    assert "Choo, E. K., Ranney, M. L." in apa
    vancouver = text_of(build.page("posts/2024/vancouver/index.html"))
    assert "Claim (1,2)." in vancouver and "Med Teach. 2015 May;37(5):411" in vancouver
    assert any(
        "nostyle.md:4: csl: 'no-such-style' is not a known CSL style" in m for m in build.messages()
    )
    assert "Choo EK, Ranney ML, Chan TM, et al." in text_of(
        build.page("posts/2024/nostyle/index.html")
    )


def test_post_attributes_for_other_plugins(tmp_path):
    """The interface other plugins read: references, unresolved_citations, uncited_references."""
    from pelican import signals

    seen = {}

    def capture(generator):
        for article in generator.articles:
            seen[article.slug] = article

    content = write_posts(
        tmp_path / "content",
        {
            "posts/a.md": post("Claim [@one; @nope].", extra="bibliography: refs.bib\n"),
            "posts/refs.bib": "@article{one, title={One}, year=2020, doi={10.1000/one}}\n@article{two, title={Two}, year=2021}\n",
            "posts/b.md": post("No citations here.", "Plain"),
        },
    )
    signals.article_generator_finalized.connect(capture)
    try:
        build = build_site(tmp_path / "out", content=content)
    finally:
        signals.article_generator_finalized.disconnect(capture)
    a, b = seen["a"], seen["b"]
    assert [(r.number, r.key, r.resolved, r.doi) for r in a.references] == [
        (1, "one", True, "10.1000/one"),
        (2, "nope", False, None),
    ]
    assert a.references[0].csl["title"] == "One" and a.references[0].title == "One"
    assert a.unresolved_citations == ["nope"] and a.uncited_references == ["two"]
    assert (b.references, b.unresolved_citations, b.uncited_references) == ([], [], [])
    html = build.page("posts/2024/a/index.html")
    assert html.count('<li id="ref-') == 2 and "Two" not in references_section(html)


def test_excerpts_on_index_pages_drop_citation_numbers(tmp_path):
    content = write_posts(
        tmp_path / "content",
        {
            "posts/a.md": "---\ntitle: No summary\ndate: 2024-05-01\n---\nBlogs help [@choo2015]. @lin2015quality agreed.\n",
        },
    )
    build = build_site(tmp_path / "out", content=content)
    index = build.page("index.html")
    assert "Blogs help. Lin et al agreed." in text_of(index)
    assert 'id="cite-' not in index and "#ref-" not in index
    assert 'id="cite-1"' in build.page("posts/2024/a/index.html")


def test_a_post_with_its_own_doi_is_cited_with_it(tmp_path):
    content = write_posts(
        tmp_path / "content",
        {
            "posts/d.md": post(
                "Claim [@choo2015].",
                "With a DOI",
                "doi: 10.59350/abcd-1234\nauthors: [maya-okafor]\n",
            ),
        },
    )
    build = build_site(tmp_path / "out", content=content)
    html = build.page("posts/2024/d/index.html")
    assert '<meta name="citation_doi" content="10.59350/abcd-1234">' in html
    cite = text_of(html[html.index('<section class="cite-this') :])
    assert "Okafor M. With a DOI. Teaching Rounds. May 1, 2024. doi:10.59350/abcd-1234" in cite
    assert "https://doi.org/10.59350/abcd-1234" in cite  # APA
    record = json.loads((build.output / "posts/2024/d/d-citation.json").read_text())[0]
    assert record["DOI"] == "10.59350/abcd-1234" and record["author"] == [
        {"family": "Okafor", "given": "Maya"}
    ]
