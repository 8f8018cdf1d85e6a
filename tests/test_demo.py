"""The demo in ``content/`` as a user's blog: checks that hold for ANY content.

These tests never name a demo post, person or count: a user who replaces the demo with
their own blog runs the same suite, and it must pass for them too (tests that need exact
content use the fixture blog in ``tests/fixtures/site/``).
"""

from __future__ import annotations

from conftest import ROOT, SUBPATH_SITEURL, build_site
import feedparser
import pytest
from test_html_valid import pages, validate
from test_links import broken_links


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """``content/`` built strictly under a project-pages sub-path, as CI publishes it."""
    output = tmp_path_factory.mktemp("demo") / "output"
    return build_site(
        output,
        content=ROOT / "content",
        siteurl=SUBPATH_SITEURL,
        pagefind=True,
        STRICT=True,
        CITATIONS_RESOLVE_ON_BUILD=False,
    )


def test_content_builds_strictly(demo):
    assert (demo.output / "index.html").exists()
    assert [m for m in demo.messages() if "content problem" in m] == []


def test_every_internal_link_resolves(demo):
    assert broken_links(demo.output, SUBPATH_SITEURL) == []


def test_every_feed_parses(demo):
    feeds = sorted(demo.output.glob("feeds/**/*.xml"))
    assert feeds
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path.name, parsed.bozo_exception)


def test_every_page_passes_the_nu_html_checker(demo):
    assert validate(pages(demo.output)) == []
