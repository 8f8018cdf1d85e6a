"""Front matter: both header styles, and a clear, located message for each mistake."""

from __future__ import annotations

from conftest import build_site, write_posts
from frontmatter.parsing import first_undecodable_line, split_front_matter
from meded_core import ContentProblemsError
import pytest

GOOD_YAML = """---
title: "Good: a YAML post"
date: 2024-01-02
authors: [maya-okafor]
tags: [FOAM, teaching]
review:
  type: editorial
---
Body with **bold**.
"""

GOOD_PELICAN = """Title: Good Pelican post
Date: 2024-01-03 10:00
Tags: FOAM, blogging

Body paragraph.
"""


def test_yaml_front_matter_keeps_nested_values_and_lines():
    front = split_front_matter(GOOD_YAML)
    assert front.style == "yaml"
    assert front.values["title"] == "Good: a YAML post"
    assert front.values["date"] == "2024-01-02"  # dates stay text for Pelican to parse
    assert front.values["review"] == {"type": "editorial"}
    assert front.lines["tags"] == 5
    assert front.body.startswith("Body with")


def test_pelican_front_matter_with_continuation_lines():
    front = split_front_matter("Title: A\nSummary: first line\n  second line\n\nBody\n")
    assert front.style == "pelican"
    assert front.values["summary"] == "first line second line"
    assert front.body.strip() == "Body"


def test_malformed_yaml_reports_the_file_line():
    front = split_front_matter("---\ntitle: ok\ntags: [a, b\ndate: 2024-01-01\n---\nBody\n")
    assert front.error and "malformed YAML" in front.error
    assert front.error_line in (3, 4, 5)


def test_unclosed_yaml_is_an_error():
    front = split_front_matter("---\ntitle: x\n\nBody\n")
    assert "never closed" in front.error


def test_first_undecodable_line():
    assert first_undecodable_line(b"ok\nline two caf" + b"\xe9\n") == (2, 13)


def test_both_styles_build(tmp_path):
    content = write_posts(
        tmp_path / "content", {"posts/a.md": GOOD_YAML, "posts/b.md": GOOD_PELICAN}
    )
    build = build_site(tmp_path / "out", content=content)
    html = build.page("posts/2024/a/index.html")
    assert "Good: a YAML post" in html and "<strong>bold</strong>" in html
    assert "Good Pelican post" in build.page("posts/2024/b/index.html")
    assert "FOAM" in html


BAD_POSTS = {
    "posts/broken-yaml.md": "---\ntitle: ok\ntags: [a, b\n---\nBody\n",
    "posts/no-title.md": "---\ndate: 2024-01-01\n---\nBody\n",
    "posts/no-date.md": "---\ntitle: No date here\n---\nBody\n",
    "posts/latin1.md": "Title: Caf\xe9\nDate: 2024-01-01\n\nBody\n".encode("latin-1"),
    "posts/wrong-type.md": "---\ntitle: [not, a, title]\ndate: 2024-01-01\n---\nBody\n",
    "posts/bad-date.md": "---\ntitle: Bad date\ndate: 31/31/2024\n---\nBody\n",
    "posts/typo.md": "---\ntitle: Typo\ndate: 2024-01-01\nautors: [maya-okafor]\n---\nBody\n",
}


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    content = write_posts(folder / "content", {**BAD_POSTS, "posts/fine.md": GOOD_YAML})
    return build_site(folder / "out", content=content)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("broken-yaml.md:", "malformed YAML front matter"),
        ("no-title.md:1: title:", "no title"),
        ("no-date.md:1: date:", "no date"),
        ("latin1.md:1:", "not UTF-8"),
        ("wrong-type.md:2: title:", "expected a single value, got a list"),
        ("bad-date.md:3: date:", "cannot read '31/31/2024'"),
        ("typo.md:4: autors:", "did you mean 'authors'?"),
    ],
)
def test_each_bad_input_is_named_with_file_line_and_fix(bad_build, name, expected):
    warnings = bad_build.messages()
    matching = [w for w in warnings if name in w]
    assert matching, f"no warning for {name}: {warnings}"
    assert any(expected in w for w in matching), matching


def test_bad_posts_are_skipped_but_the_rest_builds(bad_build):
    assert (bad_build.output / "posts/2024/fine/index.html").exists()
    assert not (bad_build.output / "posts/2024/broken-yaml").exists()
    assert not any("Traceback" in m for m in bad_build.messages(0))


def test_strict_build_fails_with_the_whole_list(tmp_path):
    content = write_posts(tmp_path / "content", {**BAD_POSTS, "posts/fine.md": GOOD_YAML})
    with pytest.raises(ContentProblemsError) as failure:
        build_site(tmp_path / "out", content=content, STRICT=True)
    message = str(failure.value)
    assert "strict build failed" in message
    for name in BAD_POSTS:
        assert name.split("/")[-1] in message


def test_problems_are_reported_again_from_the_cache(tmp_path):
    """Pelican caches reader output; a cached bad post must still be reported."""
    content = write_posts(tmp_path / "content", {"posts/typo.md": BAD_POSTS["posts/typo.md"]})
    first = build_site(tmp_path / "out", content=content)
    second = build_site(tmp_path / "out", content=content)
    for build in (first, second):
        assert any("did you mean 'authors'" in m for m in build.messages())
