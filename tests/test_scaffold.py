"""`make post`: a new post with a slug, today's date and every declared field, that builds."""

from __future__ import annotations

import datetime as dt

from conftest import ROOT, build_site, copy_repo, make_in, write_posts
from frontmatter.parsing import split_front_matter
from meded_core import declared_fields
from meded_core.scaffold import ADVANCED, REQUIRED, create_post, scaffold_fields, slugify
import pytest


def test_slugify():
    assert slugify("Café: ECGs & you!") == "cafe-ecgs-you"
    assert slugify("???") == "new-post"


def test_scaffold_lists_every_declared_field(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    fields = scaffold_fields()
    path = create_post("A new post", posts=tmp_path, today=dt.date(2025, 3, 4), fields=fields)
    text = path.read_text()
    front = split_front_matter(text)
    assert front.values == {"title": "A new post", "date": "2025-03-04", "status": "draft"}
    for name in declared_fields():
        if name not in ADVANCED and name not in REQUIRED:
            assert f"#{name}:" in text, name


def test_scaffolded_post_is_a_draft_that_builds_without_problems(tmp_path, monkeypatch):
    """A new post starts as a draft: previewable, not published, not yet held to the checklist."""
    monkeypatch.chdir(ROOT)
    content = write_posts(tmp_path / "content", {})
    path = create_post("Fresh post", posts=content / "posts", today=dt.date(2025, 3, 4))
    build = build_site(tmp_path / "out", content=content)
    assert (build.output / "drafts/fresh-post/index.html").exists()
    assert not (build.output / "posts/2025/fresh-post").exists()
    assert [m for m in build.messages() if path.name in m] == []


def test_refuses_to_overwrite_and_needs_a_title(tmp_path):
    create_post("Same", posts=tmp_path, fields=[])
    with pytest.raises(FileExistsError):
        create_post("Same", posts=tmp_path, fields=[])
    with pytest.raises(ValueError, match="give the post a title"):
        create_post("  ", posts=tmp_path, fields=[])


def test_make_post_writes_a_post_and_reports_a_missing_title(tmp_path):
    """Run in a copy of the project: ``make post`` writes into ``content/posts/``."""
    repo = copy_repo(tmp_path / "repo")
    result = make_in(repo, "post", "TITLE=")
    assert result.returncode != 0
    assert "give the post a title" in result.stderr
    assert "Traceback" not in result.stderr
    made = make_in(repo, "post", "TITLE=Night shift teaching")
    assert made.returncode == 0, made.stderr
    post = repo / "content/posts/night-shift-teaching.md"
    assert split_front_matter(post.read_text()).values["title"] == "Night shift teaching"
    assert not (ROOT / "content/posts/night-shift-teaching.md").exists()


def test_slug_help_says_the_url_comes_from_the_file_name(tmp_path, monkeypatch):
    """The help every field list shows for ``slug`` matches what the build does."""
    monkeypatch.chdir(ROOT)
    content = write_posts(
        tmp_path / "content",
        {"posts/file-name.md": "---\ntitle: A Different Title\ndate: 2024-05-01\n---\nText.\n"},
    )
    build = build_site(tmp_path / "out", content=content)
    assert (build.output / "posts/2024/file-name/index.html").exists()
    assert not (build.output / "posts/2024/a-different-title").exists()
    help_text = declared_fields()["slug"].help
    assert "file name" in help_text and "title" not in help_text
