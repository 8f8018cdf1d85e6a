"""The citation syntax inside Python-Markdown: clusters, locators, narrative cites, lines."""

from __future__ import annotations

from pathlib import Path

from citations.syntax import (
    PLACEHOLDER_RE,
    CitationExtension,
    parse_cluster_body,
    parse_locator_and_suffix,
)
from markdown import Markdown

ROOT = Path(__file__).resolve().parents[1]


def convert(text: str, body_line: int = 1) -> tuple[str, list[dict]]:
    md = Markdown(
        extensions=[CitationExtension(), "markdown.extensions.extra", "markdown.extensions.smarty"]
    )
    md.body_line = body_line
    md.extra_metadata = {}
    html = md.convert(text)
    return html, md.extra_metadata.get("citation_clusters", [])


def test_cluster_with_identifiers_keys_and_locators():
    html, clusters = convert("Claim [@doi:10.1136/bmj.g7016; @choo2015, p. 412; @pmid:26275428].")
    assert len(clusters) == 1
    items = clusters[0]["items"]
    assert [i["key"] for i in items] == ["doi:10.1136/bmj.g7016", "choo2015", "pmid:26275428"]
    assert items[1]["label"] == "page" and items[1]["locator"] == "412"
    assert (
        PLACEHOLDER_RE.search(html).group(2)
        == "[@doi:10.1136/bmj.g7016; @choo2015, p. 412; @pmid:26275428]"
    )


def test_braces_keep_odd_characters_of_a_doi():
    _, clusters = convert(
        "Old DOI [@{doi:10.1002/(SICI)1097-4636(199706)35:4<463::AID-JBM6>3.0.CO;2-C}]."
    )
    assert (
        clusters[0]["items"][0]["key"]
        == "doi:10.1002/(SICI)1097-4636(199706)35:4<463::AID-JBM6>3.0.CO;2-C"
    )


def test_url_key_keeps_its_trailing_slash():
    _, clusters = convert("A manifesto [@url:https://altmetrics.org/manifesto/].")
    assert clusters[0]["items"][0]["key"] == "url:https://altmetrics.org/manifesto/"


def test_never_inside_code_spans_or_blocks():
    html, clusters = convert("Inline `[@choo2015]` and\n\n    [@indented]\n\n```\n[@fenced]\n```\n")
    assert clusters == []
    assert "<code>[@choo2015]</code>" in html


def test_narrative_citations_but_not_email_addresses_or_links():
    html, clusters = convert(
        "@choo2015 showed it. Write to a.b@example.org or see [x](https://m.example/@who)."
    )
    assert [(c["narrative"], c["items"][0]["key"]) for c in clusters] == [(True, "choo2015")]
    assert "a.b@example.org" in html


def test_links_and_footnotes_are_not_clusters():
    html, clusters = convert("[@text](https://example.org) and a note[^1].\n\n[^1]: The note.\n")
    assert '<a href="https://example.org">' in html
    assert 'class="footnote-ref"' in html
    assert not any(c["text"].startswith("[") for c in clusters)


def test_pandoc_prefix_suffix_and_suppressed_author():
    _, clusters = convert(
        "A [see @choo2015, p. 1190]. B [@a, pp. 33-35, emphasis added; also -@b]. "
        "Mail [a@b.org] or [x @ y] are not citations."
    )
    assert [c["text"] for c in clusters] == [
        "[see @choo2015, p. 1190]",
        "[@a, pp. 33-35, emphasis added; also -@b]",
    ]
    first, (second, third) = clusters[0]["items"][0], clusters[1]["items"]
    assert (first["prefix"], first["key"], first["label"], first["locator"]) == (
        "see",
        "choo2015",
        "page",
        "1190",
    )
    assert (second["locator"], second["suffix"]) == ("33-35", "emphasis added")
    assert (third["prefix"], third["key"], third["suppress_author"]) == ("also", "b", True)


def test_lines_are_the_file_lines():
    text = "First paragraph.\n\nSecond [@a].\n\n- item [@b]\n- again [@a]\n"
    _, clusters = convert(text, body_line=7)
    assert [c["line"] for c in clusters if not c["narrative"]] == [9, 11, 12]


def test_locators():
    assert parse_locator_and_suffix("p. 548") == ("page", "548", "")
    assert parse_locator_and_suffix("pp. 3\u20135") == ("page", "3-5", "")
    assert parse_locator_and_suffix("chap. 2") == ("chapter", "2", "")
    assert parse_locator_and_suffix("548") == ("page", "548", "")
    assert parse_locator_and_suffix("the appendix") == ("", "", "the appendix")
    assert parse_cluster_body("@a; -@b, fig. 2")[1].suppress_author
    assert parse_cluster_body("@a; not a cite") is None


TRICKY = """Intro *[see @a, p. 4]* and **@b** said; a [link with @c](https://x.org/@d) and
<a href="mailto:e@f.org">mail</a>, <https://m.example/@g>, `code [@h]`, \\[@i] escaped.

| Table | Cite |
|---|---|
| row | [@j; also @k, chap. 2] |

```
[@fenced]
```

<div markdown="1">In HTML [@l].</div>

A footnote[^1] and "smart [@m]" quotes -- dashes.

[^1]: The note cites [@n].
"""


def test_the_fast_parser_for_site_tools_finds_what_the_build_finds(tmp_path):
    """make refs and make impact parse without the HTML-only inline patterns; the keys and
    lines they find must be the build's."""
    from citations.site_works import post_citations
    from pelican.settings import read_settings

    config = read_settings(str(ROOT / "pelican.conf.py"))["MARKDOWN"]
    md = Markdown(
        extensions=[*config["extension_configs"], CitationExtension()],
        extension_configs=config["extension_configs"],
    )
    md.extra_metadata, md.body_line = {}, 5
    md.convert(TRICKY)
    expected = [
        (item["key"], cluster["line"])
        for cluster in md.extra_metadata["citation_clusters"]
        for item in cluster["items"]
    ]
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: T\ndate: 2024-01-01\n---\n" + TRICKY, encoding="utf-8")
    found = post_citations(path, config).keys
    assert sorted(found) == sorted(expected)
    assert {"a", "b", "j", "k", "l", "m", "n"} <= {k for k, _ in found}
    assert not {"h", "fenced", "e", "g"} & {k for k, _ in found}
