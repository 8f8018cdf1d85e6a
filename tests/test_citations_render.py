"""In-text citations and reference entries for real references, without Pelican."""

from __future__ import annotations

import re

from citations import bibliography, reference_cache
from citations.bibliography import Bibliography, Entry
from citations.formatting import Formatter
from citations.lookup import resolve_key
from citations.model import Cluster
from citations.render import render_post
from citations.styles import load_style
from citations.syntax import CitationExtension
from conftest import FIXTURE_SITE
from markdown import Markdown
import pytest

BIB = bibliography.load([FIXTURE_SITE / "bibliography"])
CACHE = reference_cache.load(FIXTURE_SITE / "data" / "references.json")

EXPECTED_AMA = {
    "choo2015": "Choo EK, Ranney ML, Chan TM, et al. Twitter as a tool for communication and knowledge "
    "exchange in academic medicine: a guide for skeptics and novices. Med Teach. 2015;37(5):411-416. "
    "doi:10.3109/0142159X.2014.993371",
    "lin2015quality": "Lin M, Thoma B, Trueger NS, Ankel F, Sherbino J, Chan T. Quality indicators for blogs "
    "and podcasts used in medical education: modified Delphi consensus recommendations by an international "
    "cohort of health professions educators. Postgrad Med J. 2015;91(1080):546-550. "
    "doi:10.1136/postgradmedj-2014-133230",
    "thoma2015consensus": "Thoma B, Chan TM, Paterson QS, Milne WK, Sanders JL, Lin M. Emergency medicine and "
    "critical care blogs and podcasts: establishing an international consensus on quality. Ann Emerg Med. "
    "2015;66(4):396-402.e4. doi:10.1016/j.annemergmed.2015.03.002",
    "doi:10.1136/emermed-2013-203502": "Cadogan M, Thoma B, Chan TM, Lin M. Free Open Access Meducation (FOAM): "
    "the rise of emergency medicine and critical care blogs and podcasts (2002-2013). Emerg Med J. "
    "2014;31(e1):e76-e77. doi:10.1136/emermed-2013-203502",
    "doi:10.1016/j.ekir.2018.02.003": "Colbert GB, Topf J, Jhaveri KD, et al. The social media revolution in "
    "nephrology education. Kidney Int Rep. 2018;3(3):519-529. doi:10.1016/j.ekir.2018.02.003",
    "url:https://altmetrics.org/manifesto/": "Priem J, Taraborelli D, Groth P, Neylon C. Altmetrics: a manifesto. "
    "altmetrics.org. October 26, 2010. https://altmetrics.org/manifesto/",
}


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", str(html)).replace("&amp;", "&")


def build(markdown: str, *, style: str = "american-medical-association", bib: Bibliography = BIB):
    """Parse like the reader, then render like the plugin (no network: a cache-only resolver)."""
    from citations.resolve import Resolver

    md = Markdown(extensions=[CitationExtension(), "markdown.extensions.smarty"])
    md.extra_metadata, md.body_line = {}, 1
    html = md.convert(markdown)
    clusters = [Cluster.from_dict(c) for c in md.extra_metadata.get("citation_clusters", [])]
    resolver = Resolver(CACHE, {}, online=False)
    return render_post(
        html,
        clusters,
        source="post.md",
        lookup=lambda key, narrative: resolve_key(key, bib, resolver, narrative=narrative),
        style=load_style(style, []),
        formatter=Formatter(),
    )


@pytest.mark.parametrize("key", sorted(EXPECTED_AMA))
def test_ama_entries_for_real_references(key):
    result = build(f"Claim [@{key}].")
    assert text_of(result.references[0].html) == EXPECTED_AMA[key]
    assert not result.problems


def test_entries_link_doi_pubmed_and_pmc():
    result = build("A [@choo2015]. B [@pmcid:PMC5815332].")
    first, second = result.references
    assert '<a href="https://doi.org/10.3109/0142159X.2014.993371">' in str(first.html)
    assert [link.label for link in first.links] == ["PubMed"]
    assert first.links[0].url == "https://pubmed.ncbi.nlm.nih.gov/25523012/"
    assert [link.url for link in second.links] == [
        "https://pubmed.ncbi.nlm.nih.gov/29456894/",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC5815332/",
    ]


def sups(html: str) -> list[str]:
    return [text_of(s) for s in re.findall(r'<sup class="citation[^"]*"[^>]*>.*?</sup>', html)]


def test_numbers_in_order_of_first_citation_collapsed_in_clusters():
    result = build(
        "One [@choo2015]. Three at once [@lin2015quality; @thoma2015consensus; @doi:10.1136/emermed-2013-203502]. "
        "Mixed [@doi:10.1016/j.ekir.2018.02.003; @choo2015; @thoma2015consensus; @lin2015quality; "
        "@doi:10.1136/emermed-2013-203502]. Again [@lin2015quality]."
    )
    assert sups(result.content) == ["1", "2-4", "1-5", "2"]
    assert [r.key for r in result.references] == [
        "choo2015",
        "lin2015quality",
        "thoma2015consensus",
        "doi:10.1136/emermed-2013-203502",
        "doi:10.1016/j.ekir.2018.02.003",
    ]
    assert result.references[1].backlinks == ["cite-2", "cite-3", "cite-4"]
    assert 'id="cite-3"' in result.content


def test_range_links_both_ends_and_gap():
    result = build(
        "X [@choo2015; @lin2015quality]. Y [@thoma2015consensus; @doi:10.1136/emermed-2013-203502; "
        "@doi:10.1016/j.ekir.2018.02.003; @choo2015]."
    )
    first, last = re.findall(r'<sup class="citation"[^>]*>.*?</sup>', result.content)
    assert text_of(first) == "1,2"  # a run of two stays a list, as in AMA
    assert text_of(last) == "1,3-5"
    assert re.findall(r'href="#(ref-\d)"', last) == ["ref-1", "ref-3", "ref-5"]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Blogs help [@choo2015].", "Blogs help.<sup"),
        ("Blogs help [@choo2015], and more.", "Blogs help,<sup"),
        (
            "Blogs help [@choo2015]: a note.",
            'Blogs help<sup class="citation" id="cite-1"><a class="citation-link" href="#ref-1" aria-describedby="ref-1-text">1</a></sup>:',
        ),
        ("Blogs help [@choo2015]; more.", "</sup>;"),
        ("Blogs help.[@choo2015] Next.", "Blogs help.<sup"),
    ],
)
def test_superscripts_after_periods_and_commas_before_colons_and_semicolons(markdown, expected):
    assert expected in build(markdown).content


def test_locator_in_ama_form():
    result = build(
        "Quality [@lin2015quality, p. 548; @thoma2015consensus]. Pages [@choo2015, pp. 412-413]."
    )
    assert sups(result.content) == ["1(p548),2", "3(pp412-413)"]


def test_narrative_citation_names_authors_in_ama_text_style():
    bib = BIB.merged_with(
        Bibliography(
            {
                "two": Entry(
                    "two",
                    {
                        "id": "two",
                        "type": "article-journal",
                        "title": "Blogs",
                        "author": [
                            {"family": "Khadpe", "given": "J"},
                            {"family": "Joshi", "given": "N"},
                        ],
                        "issued": {"date-parts": [[2016]]},
                    },
                    "x.bib",
                    1,
                ),
                "one": Entry(
                    "one",
                    {
                        "id": "one",
                        "type": "article-journal",
                        "title": "Promoting research",
                        "author": [{"family": "Wise", "given": "J"}],
                        "issued": {"date-parts": [[2014]]},
                    },
                    "x.bib",
                    2,
                ),
            }
        )
    )
    result = build(
        "@choo2015 showed it. @two agreed, and @one did too. Follow @someone on Bluesky.", bib=bib
    )
    text = text_of(result.content)
    assert "Choo et al1 showed it. Khadpe and Joshi2 agreed, and Wise3 did too." in text
    assert "Follow @someone on Bluesky." in text
    assert len(result.references) == 3 and not result.problems


def test_narrative_in_vancouver_and_apa():
    assert "Choo et al. (1) showed" in text_of(
        build("@choo2015 showed.", style="vancouver").content
    )
    assert "Choo et al. (2015) showed" in text_of(build("@choo2015 showed.", style="apa").content)


def test_vancouver_dates_keep_their_spaces_and_brackets_are_inline():
    result = build("Claim [@choo2015; @lin2015quality].", style="nlm-citation-sequence")
    assert "2015 May;37(5)" in text_of(result.references[0].html)
    assert "Claim (1,2)." in text_of(result.content)


def test_apa_author_date_with_year_suffix_disambiguation():
    same = {
        "type": "article-journal",
        "author": [{"family": "Thoma", "given": "Brent"}],
        "issued": {"date-parts": [[2015]]},
        "container-title": "Ann Emerg Med",
    }
    bib = Bibliography(
        {
            "b": Entry("b", {**same, "id": "b", "title": "Beta paper"}, "x.bib", 1),
            "a": Entry("a", {**same, "id": "a", "title": "Alpha paper"}, "x.bib", 2),
        }
    )
    result = build("First [@b]. Second [@a; @b, p. 4].", style="apa", bib=bib)
    text = text_of(result.content)
    assert "First (Thoma, 2015b)." in text
    assert "Second (Thoma, 2015a; Thoma, 2015b, p. 4)." in text
    assert [text_of(r.html)[:30] for r in result.references] == [
        "Thoma, B. (2015a). Alpha paper",
        "Thoma, B. (2015b). Beta paper.",
    ]


def test_script_in_a_title_is_text_and_safe_markup_survives():
    evil = {
        "id": "evil",
        "type": "article-journal",
        "author": [{"family": "Evil<script>alert(1)</script>", "given": "E"}],
        "title": "Genome of <i>Homo sapiens</i> & <script>alert('x')</script> H<sub>2</sub>O",
        "container-title": "J <img src=x onerror=alert(2)>",
        "issued": {"date-parts": [[2020]]},
        "URL": "javascript:alert(3)",
    }
    result = build("Bad [@evil].", bib=Bibliography({"evil": Entry("evil", evil, "x.bib", 1)}))
    entry = str(result.references[0].html)
    assert "<script" not in entry and "<img" not in entry
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in entry
    assert "<i>Homo sapiens</i>" in entry and "H<sub>2</sub>O" in entry and "&amp;" in entry
    assert "javascript:" not in "".join(link.url for link in result.references[0].links)
    assert 'href="javascript' not in entry


def test_unknown_key_is_reported_with_nearest_keys_and_rendered_visibly():
    result = build("Claim [@choo2016].")
    (problem,) = result.problems
    assert "unknown citation key 'choo2016'" in problem.message and "@choo2015" in problem.fix
    assert problem.line == 1
    assert result.unresolved == ["choo2016"]
    assert "Unresolved reference" in text_of(result.references[0].html)


def test_key_differing_only_by_case():
    result = build("Claim [@Choo2015].")
    (problem,) = result.problems
    assert "only when case is ignored" in problem.message and "@choo2015" in problem.fix


@pytest.mark.parametrize(
    ("key", "what"),
    [
        ("doi:10.1136", "DOI"),
        ("pmid:12ab", "PMID"),
        ("isbn:9780306406158", "ISBN"),
        ("pmcid:12x", "PMCID"),
    ],
)
def test_malformed_identifiers(key, what):
    result = build(f"Claim [@{key}].")
    (problem,) = result.problems
    assert f"is not a valid {what}" in problem.message
    assert result.unresolved == [key]


def test_same_work_under_two_keys_is_listed_once():
    result = build("A [@choo2015]. B [@doi:10.3109/0142159X.2014.993371].")
    assert len(result.references) == 1 and sups(result.content) == ["1", "1"]
    assert "same work" in result.problems[0].message


def test_citeproc_speedups_do_not_change_any_output():
    from citations import citeproc_memo

    items = [e.item for e in BIB.entries.values()] + list(CACHE.items.values())
    styles = [
        load_style(name, [])
        for name in (
            "american-medical-association",
            "apa",
            "nlm-citation-sequence",
            "chicago-author-date",
        )
    ]

    def render_all():
        formatter = Formatter()
        return [str(formatter._render(s, i, None)) for s in styles for i in items] + [
            str(formatter._render(styles[1], i, ("page", "4"))) for i in items
        ]

    fast = render_all()
    with citeproc_memo.disabled():
        plain = render_all()
    assert fast == plain and len(fast) == 5 * len(items)
