"""Site checks on built sites: broken links and images with their content line, feeds that do
not parse, unpublished posts whose text reached the output, and the command's exit status."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

from conftest import FIXTURE_SITE, SUBPATH_SITEURL, build_site, write_posts
from frontmatter.parsing import split_front_matter
import pytest
from site_checks import check_site
from site_checks.__main__ import main
from site_checks.leaks import leaks
from site_checks.sources import read_sources, unpublished, unpublished_reason

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
POST = """---
title: Links of every kind
date: 2025-01-02
authors: [maya-okafor]
---
A fine link to [the other post]({{filename}}other.md) and [home]({{index}}).

A link to [a missing post]({{filename}}missing.md).

![A chart](images/chart-without-static.png)
![A photo]({{static}}images/photo.png) is looked for next to the post, not in content/images.

A [root link](/posts/) that leaves the project's sub-path.
{extra}
"""
OTHER = "---\ntitle: Other\ndate: 2025-01-01\nauthors: [maya-okafor]\n---\nThe other post.\n"


def messages(report) -> list[str]:
    return [str(p) for p in report.problems]


# --- the fixture blog passes ------------------------------------------------------------------


def test_fixture_blog_passes_under_a_subpath(fixture_site):
    report = check_site(FIXTURE_SITE, fixture_site.output, SUBPATH_SITEURL, now=NOW)
    assert messages(report) == []
    assert report.pages > 20 and report.links > 500 and report.feeds >= 4


def test_local_build_passes_from_any_folder(fixture_site_local):
    assert messages(check_site(FIXTURE_SITE, fixture_site_local.output, "", now=NOW)) == []


# --- links and images -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    root = tmp_path_factory.mktemp("links")
    content = write_posts(
        root / "content", {"posts/links.md": POST.format(extra=""), "posts/other.md": OTHER}
    )
    build = build_site(root / "output", content=content, siteurl=SUBPATH_SITEURL, pagefind=True)
    return content, build


def test_broken_links_and_images_name_their_markdown_line(linked):
    content, build = linked
    report = check_site(content, build.output, SUBPATH_SITEURL, now=NOW)
    source = content / "posts/links.md"
    by_line = {p.line: str(p) for p in report.problems if p.source == str(source)}
    assert sorted(by_line) == [8, 10, 11, 13], messages(report)
    assert "link '{filename}missing.md' does not resolve" in by_line[8]
    assert "nothing was written at posts/2025/links/{filename}missing.md" in by_line[8]
    assert "(on posts/2025/links/index.html, " in by_line[8]  # and the lists showing it
    assert "image 'images/chart-without-static.png' does not resolve" in by_line[10]
    assert "{static}/images/name.png" in by_line[10]
    assert f"image '{SUBPATH_SITEURL}/posts/images/photo.png' does not resolve" in by_line[11]
    # written '/posts/': outside the sub-path, or (rewritten under SITEURL) a page not written
    assert "/posts/' does not resolve" in by_line[13]
    assert "outside the site's address" in by_line[13] or "posts/index.html" in by_line[13]
    assert len(report.problems) == 4  # the good links are not reported


def test_a_missing_theme_file_names_the_page(linked, tmp_path):
    content, build = linked
    css = next(build.output.glob("theme/css/*.css"))
    saved = css.read_bytes()
    css.unlink()
    try:
        report = check_site(content, build.output, SUBPATH_SITEURL, now=NOW)
    finally:
        css.write_bytes(saved)
    theme = [str(p) for p in report.problems if "from the theme" in str(p)]
    assert len(theme) == 1 and css.name in theme[0] and "index.html" in theme[0]


# --- feeds ------------------------------------------------------------------------------------


def test_a_feed_that_does_not_parse_is_named(linked):
    content, build = linked
    atom = build.output / "feeds/all.atom.xml"
    saved = atom.read_bytes()
    atom.write_bytes(saved.replace(b"</feed>", b""))
    try:
        report = check_site(content, build.output, SUBPATH_SITEURL, now=NOW)
    finally:
        atom.write_bytes(saved)
    [problem] = [p for p in report.problems if "feed" in p.message]
    assert problem.source.endswith("feeds/all.atom.xml")
    assert "does not parse" in problem.message


def test_json_feed_is_read_as_a_json_feed(tmp_path):
    output = tmp_path / "output"
    (output / "feeds").mkdir(parents=True)
    (output / "index.html").write_text("<!doctype html><title>t</title>")
    good = '{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [{"id": "1"}]}'
    (output / "feeds/all.json").write_text(good)
    (output / "feeds/broken.json").write_text(good.replace('"id": "1"', '"url": "x"'))
    report = check_site(tmp_path / "content", output, "", now=NOW)
    assert report.feeds == 2
    assert [(Path(p.source).name, p.message) for p in report.problems] == [
        ("broken.json", "the JSON Feed is incomplete: Item id is missing")
    ]


# --- unpublished posts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "why"),
    [
        ("status: draft", "status: draft"),
        ("Status: Hidden", "status: hidden"),
        ("draft: true", "draft: true"),
        ("draft: yes", "draft: true"),
        ("published: false", "published: false"),
        ("hidden: true", "hidden: true"),
        ("published: true\nhidden: true", "hidden: true"),
        ("date: 2025-07-01", "dated 2025-07-01 (scheduled)"),
        ("date: 2025-06-01 18:30", "dated 2025-06-01 18:30 (scheduled)"),
        ("date: 2025-05-31", None),
        ("draft: false", None),
        ("published: true", None),
        ("status: published", None),
    ],
)
def test_what_counts_as_unpublished(front, why):
    parsed = split_front_matter(f"---\ntitle: T\n{front}\n---\nBody.\n")
    reason = unpublished_reason(parsed, NOW)
    assert (reason[0] if reason else None) == why


def test_pelican_style_headers_count_too():
    parsed = split_front_matter("Title: T\nDate: 2024-01-01\nStatus: draft\n\nBody.\n")
    assert unpublished_reason(parsed, NOW) == ("status: draft", "status")


DRAFT = """---
title: Reflections on a difficult night
date: 2025-01-05
draft: true
---
The resident on nights told me about a patient whose family was upset at handover today.
"""


def leak_site(tmp_path, files: dict[str, bytes]) -> tuple[Path, Path]:
    content = write_posts(tmp_path / "content", {"posts/night.md": DRAFT})
    output = tmp_path / "output"
    for relative, data in files.items():
        (output / relative).parent.mkdir(parents=True, exist_ok=True)
        (output / relative).write_bytes(data)
    return content, output


def test_draft_text_is_found_wherever_it_lands(tmp_path):
    sentence = "The resident on nights told me about a patient whose family was upset"
    xml = f"<entry><content>&lt;p&gt;{sentence.replace(' on ', ' on&amp;nbsp;')}</content>"
    content, output = leak_site(
        tmp_path,
        {
            "index.html": b"<p>Nothing here.</p>",
            "feeds/all.atom.xml": xml.replace("&amp;nbsp;", " ").encode(),
            "pagefind/fragment/en_1.pf_fragment": gzip.compress(sentence.upper().encode()),
            "posts/2025/night/cite.ris": b"TI  - Reflections on a difficult night\n",
            "images/photo.png": sentence.encode(),  # binary files are not searched
        },
    )
    [leak] = leaks(output, unpublished(read_sources(content), NOW))
    assert leak.files == (
        "feeds/all.atom.xml",
        "pagefind/fragment/en_1.pf_fragment",
        "posts/2025/night/cite.ris",
    )
    problems = check_site(content, output, "", now=NOW).problems
    [problem] = [p for p in problems if p.field == "draft"]
    assert str(problem).startswith(f"{content / 'posts/night.md'}:4: draft: this post is not ")
    assert "(draft: true) but its text is in feeds/all.atom.xml" in str(problem)


def test_no_leak_when_the_text_is_absent(tmp_path):
    content, output = leak_site(tmp_path, {"index.html": b"<p>The resident on nights.</p>"})
    report = check_site(content, output, "", now=NOW)
    assert report.problems == [] and report.unpublished == 1


# --- the command ------------------------------------------------------------------------------


def test_command_exit_status_and_summary(linked, capsys):
    content, build = linked
    args = ["--content", str(content), "--output", str(build.output)]
    assert main([*args, "--siteurl", SUBPATH_SITEURL]) == 1
    err = capsys.readouterr().err
    assert err.startswith("  - ") and err.count("\n  - ") == 3
    assert "site checks: 4 problem(s) to fix" in err
    assert main(["--output", str(build.output / "nowhere")]) == 2
    assert "no built site here" in capsys.readouterr().err
