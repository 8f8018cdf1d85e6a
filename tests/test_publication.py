"""Drafts, hidden and scheduled posts: previewed with a mark, never in a publish build.

The fixture site (tests/fixtures/publication/) gives every withheld post a unique word in
its title, body, summary, category and tag; a publish build must contain none of them in
any file (search-index fragments are gzip-compressed, so they are read decompressed).
"""

from __future__ import annotations

import gzip
import logging
from pathlib import Path
import shutil

from conftest import build_site
from meded_core.publication import status_from_front_matter
import pytest
from test_links import broken_links

FIXTURE = Path(__file__).parent / "fixtures" / "publication"
WITHHELD = {
    "status-draft": "zqxstatusdraft",
    "hugo-draft": "zqxhugodraft",
    "jekyll-unpublished": "zqxjekyllunpublished",
    "status-hidden": "zqxstatushidden",
    "jekyll-hidden": "zqxjekyllhidden",
    "scheduled": "zqxscheduled",
    "draft-page": "zqxdraftpage",
}
PUBLISHED = {"published": "zqxpublished", "hugo-not-draft": "zqxhugonotdraft"}


def _site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    return content


def _readable(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace").lower()


def _files_mentioning(output: Path, word: str) -> list[str]:
    return [
        str(path.relative_to(output))
        for path in sorted(output.rglob("*"))
        if word in str(path.relative_to(output)).lower()
        or (path.is_file() and word in _readable(path))
    ]


@pytest.fixture(scope="module")
def publish_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("publish")
    return build_site(tmp / "output", content=_site(tmp), PUBLISH=True, pagefind=True)


@pytest.fixture(scope="module")
def preview_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("preview")
    return build_site(tmp / "output", content=_site(tmp))


@pytest.mark.parametrize("name", sorted(WITHHELD))
def test_publish_build_has_no_trace_of_withheld_content(publish_build, name):
    assert _files_mentioning(publish_build.output, WITHHELD[name]) == []


def test_publish_build_still_has_published_posts_everywhere(publish_build):
    out = publish_build.output
    for word in PUBLISHED.values():
        found = _files_mentioning(out, word)
        assert any(f.startswith("posts/") for f in found), found
        assert any(f.startswith("feeds/") for f in found), found
        assert any(f.startswith("pagefind/") for f in found), found
    assert "zqxpublished" in _readable(out / "sitemap.xml")
    assert not (out / "drafts").exists()


def test_preview_builds_drafts_marked_and_noindex(preview_build):
    out = preview_build.output
    for slug, word in WITHHELD.items():
        if slug in ("status-hidden", "jekyll-hidden"):
            continue  # hidden posts keep their normal URL
        folder = "drafts/pages" if slug == "draft-page" else "drafts"
        html = (out / folder / slug / "index.html").read_text(encoding="utf-8")
        assert f"{word}body" in html.lower()
        assert '<meta name="robots" content="noindex">' in html
        expected = "<strong>Scheduled</strong>" if slug == "scheduled" else "<strong>Draft</strong>"
        assert expected in html


def test_preview_marks_hidden_posts(preview_build):
    for slug in ("status-hidden", "jekyll-hidden"):
        html = (preview_build.output / "posts" / "2024" / slug / "index.html").read_text()
        assert "<strong>Hidden</strong>" in html
        assert '<meta name="robots" content="noindex">' in html


def test_preview_keeps_drafts_out_of_feeds_and_lists(preview_build):
    out = preview_build.output
    public = [out / "index.html", out / "sitemap.xml", *sorted((out / "feeds").rglob("*.xml"))]
    text = "\n".join(_readable(p) for p in public)
    assert "zqxpublished" in text
    for word in WITHHELD.values():
        assert word not in text


def test_published_post_carries_no_draft_mark(preview_build):
    html = (preview_build.output / "posts/2024/published/index.html").read_text()
    assert "noindex" not in html
    assert "publication-state" not in html


def test_other_spellings_are_noted_not_warned(preview_build):
    notes = [
        r.getMessage()
        for r in preview_build.records
        if r.levelno == logging.INFO and "read as 'status:" in r.getMessage()
    ]
    assert any("'draft: true' (Hugo, Quarto) read as 'status: draft'" in n for n in notes)
    assert any("'published: false' (Jekyll)" in n for n in notes)
    warnings = "\n".join(preview_build.messages(logging.WARNING))
    assert "unknown front-matter field 'draft'" not in warnings
    assert "unknown front-matter field 'published'" not in warnings


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ({"draft": True}, "draft"),
        ({"draft": "true"}, "draft"),
        ({"published": False}, "draft"),
        ({"published": "no"}, "draft"),
        ({"hidden": True}, "hidden"),
        ({"status": "hidden", "draft": True}, "draft"),  # the more private one wins
        ({"status": "draft", "hidden": True}, "draft"),
        ({"status": "published", "published": False}, "draft"),
    ],
)
def test_other_tools_spellings_mean_a_status(values, status):
    found, note = status_from_front_matter(values)
    assert found == status
    assert "read as 'status:" in note


@pytest.mark.parametrize(
    "values", [{"draft": False}, {"published": True}, {"hidden": False}, {"status": "draft"}, {}]
)
def test_spellings_that_publish_change_nothing(values):
    assert status_from_front_matter(values) == (None, None)


def test_unknown_status_is_a_problem_and_withholds_the_post(tmp_path):
    content = _site(tmp_path)
    (content / "posts" / "private.md").write_text(
        "---\ntitle: Zqxprivate title\ndate: 2024-04-01\nstatus: private\n---\nZqxprivatebody\n"
    )
    build = build_site(tmp_path / "output", content=content, PUBLISH=True)
    assert any(
        "private.md:4: status: unknown status 'private'; the post is kept as a draft" in m
        for m in build.messages()
    )
    assert _files_mentioning(build.output, "zqxprivate") == []


def test_preview_pages_of_drafts_have_their_cite_this_downloads(preview_build):
    """A draft's preview links to its Cite-this downloads like any post; they are written."""
    broken = broken_links(preview_build.output, "https://anywhere.example/some/sub/path")
    linked = [link for link in broken if link.startswith("drafts/") and "-citation." in link]
    assert list(preview_build.output.glob("drafts/hugo-draft/hugo-draft-citation.*"))
    assert linked == []
