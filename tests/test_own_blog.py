"""A blog of its own, end to end: what a user who replaced the demo gets from a publish build.

The blog in ``tests/fixtures/own-blog/`` has one registry person, three published posts
(YAML and Pelican headers), a ``.bib``, images, cross-links and one draft, and nothing from
the demo. Built as the Pages workflow builds it (strict, publish, sub-path SITEURL), it must
pass the site checks, and the draft's text must be in no output file at all.
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil

from conftest import ROOT, SUBPATH_SITEURL, build_site
import pytest
from site_checks import check_site

OWN_BLOG = ROOT / "tests" / "fixtures" / "own-blog"
DRAFT_WORD = b"zephyrine"  # appears only in the draft post


@pytest.fixture(scope="module")
def own_blog(tmp_path_factory):
    root = tmp_path_factory.mktemp("own-blog")
    content = shutil.copytree(OWN_BLOG, root / "content")
    build = build_site(
        root / "output",
        content=content,
        siteurl=SUBPATH_SITEURL,
        pagefind=True,
        STRICT=True,
        PUBLISH=True,
        CITATIONS_RESOLVE_ON_BUILD=False,
    )
    return content, build


def test_builds_strictly_and_passes_the_site_checks(own_blog):
    content, build = own_blog
    report = check_site(content, build.output, SUBPATH_SITEURL, now=dt.datetime.now(dt.UTC))
    assert [str(p) for p in report.problems] == []
    assert report.unpublished == 1 and report.feeds >= 2
    posts = sorted(p.parent.name for p in build.output.glob("posts/*/*/index.html"))
    assert posts == ["feedback-on-nights", "teaching-at-handover", "ward-rounds-that-teach"]
    handover = build.page("posts/2025/teaching-at-handover/index.html")
    assert f'src="{SUBPATH_SITEURL}/images/handover-board.svg"' in handover
    assert "Okonkwo R, Lee S. Teaching in five minutes" in handover  # from the .bib
    assert (build.output / "authors/ruth-okonkwo/index.html").exists()
    assert not list(build.output.glob("authors/maya-okafor*"))  # nobody from the demo


def readable(path) -> bytes:
    """The file's bytes as a reader gets them (the search index's fragments are gzipped)."""
    data = path.read_bytes()
    return (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).lower()


def test_the_draft_is_in_no_output_file(own_blog):
    _content, build = own_blog
    files = [p for p in build.output.rglob("*") if p.is_file()]
    assert len(files) > 30
    found = [p.relative_to(build.output).as_posix() for p in files if DRAFT_WORD in readable(p)]
    assert found == []
    assert not (build.output / "drafts").exists()
