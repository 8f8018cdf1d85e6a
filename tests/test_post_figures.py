"""Numbered figures and tables: <figure>/<figcaption> and <caption> numbered in document
order, {@fig:x}/{@tbl:x} cross-references linked to them (absolute in feeds), problems for
missing and duplicate labels."""

from __future__ import annotations

from pathlib import Path

import feedparser
from meded_core import ContentProblemsError
from post_fixture import front, post_site, soup
import pytest

EVIDENCE = (Path(__file__).parent / "fixtures" / "figures" / "evidence.md").read_text()
PAGE = "posts/2025/evidence/index.html"


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_figures_and_tables_are_numbered_with_captions(tmp_path):
    build = post_site(tmp_path, {"posts/evidence.md": EVIDENCE})
    page = soup(build, PAGE)
    figures = page.select("figure.numbered-figure")
    assert [f.get("id") for f in figures] == ["fig:pyramid", "fig:flow"]
    assert [_text(f.figcaption) for f in figures] == [
        "Figure 1. The evidence pyramid",
        "Figure 2. Flow of patients through the study",
    ]
    assert figures[0].img["alt"].startswith("Levels of evidence")
    assert figures[0].img["src"].endswith("images/hero.svg")
    table = page.select_one("table#tbl\\:doses")
    assert table.caption is not None
    assert _text(table.caption) == "Table 1. Ketamine doses by route"
    assert table.find("caption") is table.find(True)  # the first child, as HTML requires
    assert not page.find(string=lambda s: "Table:" in s)


def test_cross_references_link_to_their_figure_or_table(tmp_path):
    build = post_site(tmp_path, {"posts/evidence.md": EVIDENCE})
    page = soup(build, PAGE)
    links = page.select("a.xref")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Figure 1", "#fig:pyramid"),
        ("Table 1", "#tbl:doses"),
        ("Figure 2", "#fig:flow"),
        ("Table 1", "#tbl:doses"),
    ]
    assert page.find("code", string="{@fig:pyramid}") is not None
    assert not build_has_citation_warning(build)
    entry = feedparser.parse(build.page("feeds/all.atom.xml")).entries[0]
    html = entry.content[0].value
    assert 'href="http://127.0.0.1:8000/posts/2025/evidence/#fig:pyramid"' in html
    assert "<figcaption>" in html and "<caption>" in html


def build_has_citation_warning(build) -> bool:
    """``{@fig:x}`` must not be read as a citation of the key ``fig:x``."""
    return any("fig:" in m and "cit" in m.lower() for m in build.messages())


def test_missing_and_duplicate_labels_are_reported_with_line_and_fix(tmp_path):
    bad = front(
        "Bad refs",
        "2025-01-01",
        body=(
            "See {@fig:pyramd} and {@tbl:none}.\n\n"
            '![A](/images/hero.svg "One"){#fig:pyramid}\n\n'
            '![B](/images/hero.svg "Two"){#fig:pyramid}\n'
        ),
    )
    build = post_site(tmp_path, {"posts/bad.md": bad})
    messages = build.messages()
    assert any(
        "bad.md:7: the cross-reference {@fig:pyramd} names no figure in this post" in m
        and "did you mean {@fig:pyramid}?" in m
        for m in messages
    ), messages
    assert any(
        "bad.md:7: the cross-reference {@tbl:none} names no table" in m
        and "Table: Caption {#tbl:none}" in m
        for m in messages
    ), messages
    assert any(
        "bad.md:11: the label 'fig:pyramid' is used twice; references go to the first (Figure 1)"
        in m
        for m in messages
    ), messages
    page = soup(build, "posts/2025/bad/index.html")
    assert [_text(s) for s in page.select(".xref--missing")] == ["{@fig:pyramd}", "{@tbl:none}"]
    assert len(page.select('[id="fig:pyramid"]')) == 1
    assert _text(page.select("figcaption")[1]) == "Figure 2. Two"
    with pytest.raises(ContentProblemsError) as failure:
        post_site(tmp_path / "strict", {"posts/bad.md": bad}, STRICT=True)
    assert "fig:pyramd" in str(failure.value)
