"""Every build exports the committed figures as output/impact/impact.json and impact.csv."""

from __future__ import annotations

import csv
import io
import json

from conftest import build_site, write_posts
from impact.export import csv_text
from impact.store import Figures, save_figures
from pelican import signals
import pytest

POSTS = {
    "posts/own.md": "---\ntitle: Our own paper\ndate: 2025-01-01\ndoi: 10.59350/demo-1\n---\nBody.\n",
    "posts/other.md": "---\ntitle: Another post\ndate: 2025-02-01\n---\nBody.\n",
}


def _site(tmp_path):
    content = tmp_path / "content"
    figures = Figures()
    work = figures.record("doi:10.7717/peerj.4375")
    figures.add_ids(work, {"doi": "10.7717/peerj.4375", "pmid": "29456894"})
    work.title = '=HYPERLINK("http://evil.example")'
    figures.set_figures(
        work,
        "openalex",
        {
            "openalex.cited_by_count": 962,
            "openalex.counts_by_year": [{"year": 2024, "cited_by_count": 118}],
        },
        "2026-01-01",
    )
    figures.set_figures(
        work,
        "icite",
        {"icite.relative_citation_ratio": 9.87, "icite.provisional": False},
        "2025-12-01",
    )
    post = figures.record("doi:10.59350/demo-1", "post")
    figures.add_ids(post, {"doi": "10.59350/demo-1"})
    figures.set_figures(post, "crossref", {"crossref.is_referenced_by_count": 3}, "2026-01-01")
    author = figures.record("orcid:0000-0002-1825-0097", "author")
    figures.add_ids(author, {"orcid": "0000-0002-1825-0097"})
    figures.set_figures(author, "openalex", {"openalex.h_index": 7}, "2026-01-01")
    figures.record("doi:10.5555/nothing")  # checked, nothing found: not exported
    save_figures(content / "data/impact", figures)
    return write_posts(content, POSTS)


def test_exports_json_and_csv_with_identifiers_and_dates(tmp_path):
    build = build_site(
        tmp_path / "out", content=_site(tmp_path), siteurl="https://example.github.io/blog"
    )
    records = json.loads(build.page("impact/impact.json"))
    by_key = {r.get("doi") or r.get("orcid"): r for r in records}
    assert set(by_key) == {"10.7717/peerj.4375", "10.59350/demo-1", "0000-0002-1825-0097"}
    work = by_key["10.7717/peerj.4375"]
    assert work["kind"] == "work" and work["pmid"] == "29456894"
    assert work["url"] == "https://doi.org/10.7717/peerj.4375"
    assert work["metrics"]["openalex.cited_by_count"] == {"value": 962, "as_of": "2026-01-01"}
    assert work["metrics"]["icite.relative_citation_ratio"] == {
        "value": 9.87,
        "as_of": "2025-12-01",
    }
    post = by_key["10.59350/demo-1"]
    assert post["kind"] == "post"
    assert post["url"] == "https://example.github.io/blog/posts/2025/own/"  # the post's page
    assert by_key["0000-0002-1825-0097"]["url"] == "https://orcid.org/0000-0002-1825-0097"
    rows = list(csv.DictReader(io.StringIO(build.page("impact/impact.csv"))))
    assert list(rows[0]) == [
        "kind",
        "doi",
        "pmid",
        "orcid",
        "title",
        "url",
        "figure",
        "provider",
        "value",
        "as_of",
    ]
    row = next(r for r in rows if r["figure"] == "openalex.cited_by_count")
    assert (row["provider"], row["value"], row["as_of"]) == ("openalex", "962", "2026-01-01")
    assert row["title"].startswith("'=HYPERLINK")  # a spreadsheet will not run it as a formula
    assert next(r for r in rows if r["figure"] == "icite.provisional")["value"] == "false"
    assert len(rows) == sum(len(r["metrics"]) for r in records)


def test_context_holds_the_figures_for_templates_and_plugins(tmp_path):
    seen = {}

    def look(generator):
        seen["figures"] = generator.context.get("impact_figures")
        seen["info"] = generator.context.get("impact_figure_info")

    signals.article_generator_finalized.connect(look)
    try:
        build_site(tmp_path / "out", content=_site(tmp_path))
    finally:
        signals.article_generator_finalized.disconnect(look)
    figures = seen["figures"]
    assert figures.lookup(pmid="29456894").value("openalex.cited_by_count") == 962
    assert figures.history("doi:10.7717/peerj.4375", "openalex.cited_by_count")[0].value == 962
    assert seen["info"]["icite.relative_citation_ratio"].label == "Relative Citation Ratio"


def test_a_broken_figures_file_is_a_content_problem_not_a_crash(tmp_path):
    content = write_posts(tmp_path / "content", POSTS)
    (content / "data/impact").mkdir(parents=True, exist_ok=True)
    (content / "data/impact/figures.json").write_text("{oops")
    build = build_site(tmp_path / "out", content=content)
    assert any("figures.json:1: not valid JSON" in m for m in build.messages())
    assert json.loads(build.page("impact/impact.json")) == []


@pytest.mark.parametrize(
    "title",
    [
        "=1+1",
        ' =HYPERLINK("http://evil.example")',
        "\t+cmd",
        "\n-2+3",
        "\r\n@SUM(A1)",
        "  \t =1",
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(title):
    """Spreadsheets skip leading spaces and line breaks before a formula: so does the guard."""
    text = csv_text(
        [{"kind": "work", "title": title, "metrics": {"a.b": {"value": 1, "as_of": "2026-01-01"}}}]
    )
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["title"] == "'" + title


@pytest.mark.parametrize("title", ["Troponin <5 ng/L", "A -- B", "50% = half", "e-mail"])
def test_ordinary_titles_are_left_alone(title):
    text = csv_text(
        [{"kind": "work", "title": title, "metrics": {"a.b": {"value": 1, "as_of": "2026-01-01"}}}]
    )
    assert next(csv.DictReader(io.StringIO(text)))["title"] == title
