"""Post DOIs from Rogue Scholar: pre-registered by ``make doi`` and looked up by
``make impact`` (against the local fake of Rogue Scholar's InvenioRDM records API), then
used everywhere without editing the post."""

from __future__ import annotations

import json
from pathlib import Path
import re

import base32_lib
from conftest import build_site
import extruct
import feedparser
from impact.targets import collect_targets
from impact_support import run
from meded_core.post_dois import read_post_dois
import pytest
from rogue_scholar.__main__ import main as make_doi
from rogue_scholar.backfill import backfill_post_dois
from scholarly_site import SITEURL, copy_fixture

from bench.fakeapi import FakeAPI

FOUND = (
    "10.59350/r9ayc-8zr91"  # tests/fixtures/impact-apis/rogue-scholar/records-search-by-url.json
)
CITED_URL = f"{SITEURL}/posts/2024/cited/"


def has_valid_checksum(doi: str) -> bool:
    """The DOI's suffix decodes with Rogue Scholar's checksum (base32-lib, its own library)."""
    try:
        base32_lib.decode(doi.split("/", 1)[1], checksum=True)
    except ValueError:
        return False
    return True


def _draft(folder: Path, style: str = "yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "new.md"
    if style == "yaml":
        path.write_text(
            "---\ntitle: New\ndate: 2026-01-01\nstatus: draft\n---\nBody.\n", encoding="utf-8"
        )
    else:
        path.write_text("Title: New\nDate: 2026-01-01\nStatus: draft\n\nBody.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("style", ["yaml", "pelican"])
def test_make_doi_pregenerates_a_checksummed_doi_and_uses_it_as_the_feed_id(tmp_path, style):
    post = _draft(tmp_path / "posts", style)
    assert make_doi(["doi", "--prefix", "10.59350", str(post)]) == 0
    text = post.read_text(encoding="utf-8")
    doi = re.search(r"^doi: (\S+)$", text, re.M).group(1)
    assert re.fullmatch(r"10\.59350/[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}", doi)
    assert has_valid_checksum(doi)
    assert not has_valid_checksum(doi[:-1] + ("0" if doi[-1] != "0" else "1"))
    assert f"feed_id: https://doi.org/{doi}" in text
    assert text.rstrip().endswith("Body.")
    assert make_doi(["doi", "--prefix", "10.59350", str(post)]) == 1  # never a second DOI
    assert post.read_text(encoding="utf-8") == text


def test_make_doi_leaves_published_posts_and_needs_a_prefix(tmp_path, capsys):
    post = tmp_path / "posts/old.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: Old\ndate: 2020-01-01\n---\nBody.\n", encoding="utf-8")
    assert make_doi(["doi", "--prefix", "10.59350", str(post)]) == 1
    assert "not a draft" in capsys.readouterr().err
    assert "doi:" not in post.read_text(encoding="utf-8")
    assert make_doi(["doi", "--settings", "none.py", str(post)]) == 2
    assert "ROGUE_SCHOLAR_PREFIX" in capsys.readouterr().err


@pytest.fixture
def site_content(tmp_path) -> Path:
    return copy_fixture(tmp_path / "content")


def _backfill(content: Path, api: FakeAPI, **kwargs):
    lines: list[str] = []
    settings = {
        "PATH": str(content),
        "ARTICLE_PATHS": ["posts"],
        "ARTICLE_URL": "posts/{date:%Y}/{slug}/",
        "SLUGIFY_SOURCE": "basename",
    }
    result = backfill_post_dois(
        settings,
        env={"SITEURL": SITEURL, **api.env()},
        today="2026-12-01",
        say=lines.append,
        **kwargs,
    )
    return result, lines


def test_backfill_finds_the_record_for_the_post_url_and_skips_posts_with_a_doi(site_content):
    with FakeAPI() as api:
        api.rogue_scholar[CITED_URL] = "rogue-scholar/records-search-by-url.json"
        result, _ = _backfill(site_content, api)
        asked = [json.dumps(r.query) for r in api.requests("rogue-scholar")]
    stored, problems = read_post_dois(site_content / "data/dois.json")
    assert not problems
    assert {k: v.doi for k, v in stored.items()} == {"posts/cited.md": FOUND}
    assert stored["posts/cited.md"].url == CITED_URL
    assert result.asked == 3  # cited, group, reviewed; the two posts with their own DOI are not
    assert not any("pregenerated" in q or "later-doi" in q for q in asked)


def test_a_failed_or_different_lookup_never_loses_a_known_doi(site_content):
    with FakeAPI() as api:
        api.rogue_scholar[CITED_URL] = "rogue-scholar/records-search-by-url.json"
        _backfill(site_content, api)
    before = (site_content / "data/dois.json").read_bytes()
    with FakeAPI() as api:
        api.route("/rogue-scholar/api/records", status=503, body=b"unavailable")
        result, lines = _backfill(site_content, api)
    assert result.failed == 3
    assert any("kept " + FOUND in line for line in lines)
    assert (site_content / "data/dois.json").read_bytes() == before
    with FakeAPI() as api:  # the record vanished from search: still kept
        result, _ = _backfill(site_content, api)
    assert (site_content / "data/dois.json").read_bytes() == before
    stored = json.loads(before)
    stored["posts/cited.md"]["doi"] = "10.59350/aaaaa-bbb00"
    (site_content / "data/dois.json").write_text(json.dumps(stored), encoding="utf-8")
    with FakeAPI() as api:
        api.rogue_scholar[CITED_URL] = "rogue-scholar/records-search-by-url.json"
        _, lines = _backfill(site_content, api)
    assert (
        json.loads((site_content / "data/dois.json").read_text())["posts/cited.md"]["doi"]
        == "10.59350/aaaaa-bbb00"
    )
    assert any("kept 10.59350/aaaaa-bbb00" in line for line in lines)


def test_make_impact_stores_the_doi_and_the_build_uses_it_everywhere(tmp_path, site_content):
    with FakeAPI() as api:
        api.rogue_scholar[CITED_URL] = "rogue-scholar/records-search-by-url.json"
        result = run(api, site_content, env={"SITEURL": SITEURL})
    assert result.code == 0
    assert read_post_dois(site_content / "data/dois.json")[0]["posts/cited.md"].doi == FOUND
    notices: list[str] = []
    targets = collect_targets({"PATH": str(site_content), **_impact_paths()}, notices)
    assert f"doi:{FOUND}" in {t.key for t in targets if t.kind == "post"}

    build = build_site(tmp_path / "out", content=site_content, siteurl=SITEURL)
    page = build.page("posts/2024/cited/index.html")
    assert f'<meta name="citation_doi" content="{FOUND}">' in page
    assert f"https://doi.org/{FOUND}" in page.split('class="post-doi"')[1][:200]
    data = extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
    assert FOUND in json.dumps(data)
    csl = json.loads(build.page("posts/2024/cited/cited-citation.json"))
    assert csl[0]["DOI"] == FOUND
    entry = next(
        e
        for e in feedparser.parse(build.page("feeds/all.atom.xml")).entries
        if e.title == "A cited post"
    )
    assert entry.id.startswith("tag:")  # the id stays; the DOI is beside it
    assert {link.rel: link.href for link in entry.links}["related"] == f"https://doi.org/{FOUND}"


def _impact_paths():
    from impact import settings as impact_settings

    return impact_settings.merged({"PATH": "content"})[0]


def test_the_doi_lookup_reads_post_files_as_the_build_does(tmp_path):
    """make impact looks up DOIs for published posts only, whatever tool's spelling keeps a
    post a draft, and for every Markdown suffix the reader takes."""
    from rogue_scholar.backfill import published_posts

    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "live.md").write_text("---\ntitle: Live\ndate: 2024-01-02\n---\nText.\n")
    (posts / "other.markdown").write_text("---\ntitle: Other\ndate: 2024-01-03\n---\nText.\n")
    (posts / "hugo.md").write_text("---\ntitle: Hugo\ndate: 2024-01-04\ndraft: true\n---\nText.\n")
    (posts / "jekyll.md").write_text(
        "---\ntitle: Jekyll\ndate: 2024-01-05\npublished: false\n---\nText.\n"
    )
    settings = {
        "PATH": str(tmp_path / "content"),
        "ARTICLE_PATHS": ["posts"],
        "ARTICLE_URL": "posts/{date:%Y}/{slug}/",
        "SLUGIFY_SOURCE": "basename",
    }
    found, _ = published_posts(settings)
    assert sorted(p.source for p in found) == ["posts/live.md", "posts/other.markdown"]
