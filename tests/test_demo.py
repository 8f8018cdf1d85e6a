"""The demo in ``content/`` as a user's blog: checks that hold for ANY content.

These tests never name a demo post, person or count: a user who replaces the demo with
their own blog runs the same suite, and it must pass for them too (tests that need exact
content use the fixture blog in ``tests/fixtures/site/``).
"""

from __future__ import annotations

from xml.etree import ElementTree

from conftest import ROOT, SUBPATH_SITEURL, build_site
import feedparser
import pytest
from test_html_valid import pages, validate
from test_jsonld_scholarly import schema_domain_violations
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
        PUBLISH=True,
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


def test_schema_org_domains_hold_on_every_page(demo):
    violations, checked = schema_domain_violations(demo.output)
    assert violations == []
    assert checked > 0


def test_rss_guids_say_whether_they_are_links(demo):
    """The feed validators' rule: a guid that is not the item's address says
    isPermaLink="false" (RSS 2.0 reads a bare guid as a permalink)."""
    guids = [
        guid
        for path in sorted(demo.output.glob("feeds/**/*.rss*.xml"))
        for guid in ElementTree.parse(path).getroot().iter("guid")
    ]
    assert guids
    for guid in guids:
        if not guid.text.startswith(("http://", "https://")):
            assert guid.get("isPermaLink") == "false", guid.text
