"""`make new-blog` in a copy of the project: the demo goes, the product stays, `make check` passes."""

from __future__ import annotations

import shutil

from conftest import FIXTURE_SITE, copy_fixture_site, copy_repo, make_in
import pytest


def demo_copy(folder):
    """A copy of the project whose content/ is a demo (the fixture blog has the demo's six
    people), whatever this checkout's content/ holds now."""
    repo = copy_repo(folder)
    shutil.rmtree(repo / "content")
    copy_fixture_site(repo / "content")
    (repo / "content/series.yml").write_text("# the demo's series\n")
    assert (FIXTURE_SITE / "authors.yml").exists()
    return repo


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A copy of the project after `make new-blog` (stdin is not a terminal: no prompt)."""
    repo = demo_copy(tmp_path_factory.mktemp("new-blog") / "repo")
    result = make_in(
        repo,
        "new-blog",
        "NAME=Ward Notes",
        "AUTHOR=Jane Doe",
        "URL=https://jane.github.io/ward-notes/",
        stdin="",
    )
    assert result.returncode == 0, result.stderr
    return repo, result


def test_demo_is_removed_and_the_product_kept(fresh):
    repo, result = fresh
    content = repo / "content"
    assert list((content / "posts").iterdir()) == []
    assert list((content / "images").iterdir()) == []
    assert not (content / "data").exists()
    assert not (content / "series.yml").exists()
    assert [p.name for p in (content / "bibliography").iterdir()] == ["blog.bib"]
    registry = (content / "authors.yml").read_text()
    assert 'jane-doe:\n  name: "Jane Doe"\n' in registry
    assert "maya-okafor" not in registry
    assert (content / "pages/quality-criteria.md").exists()
    assert (content / "pages/quality-criteria.bib").exists()
    assert "About Ward Notes" in (content / "pages/about.md").read_text()
    conf = (repo / "pelican.conf.py").read_text()
    assert 'SITENAME = "Ward Notes"' in conf and 'AUTHOR = "Jane Doe"' in conf
    assert 'SITE_ADDRESS = "https://jane.github.io/ward-notes"' in conf
    assert "Your blog is ready" in result.stdout


def test_the_new_blog_passes_make_check(fresh):
    repo, _ = fresh
    result = make_in(repo, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "site checks passed" in result.stdout
    home = (repo / "output/index.html").read_text()
    assert "Ward Notes" in home and "Teaching Rounds" not in home


def test_it_refuses_to_replace_a_blog_that_is_no_longer_the_demo(fresh):
    repo, _ = fresh
    again = make_in(repo, "new-blog", "NAME=Other", "AUTHOR=Someone Else", stdin="")
    assert again.returncode != 0
    assert "not in the demo (jane-doe)" in again.stderr
    assert "Jane Doe" in (repo / "content/authors.yml").read_text()


def test_missing_values_fail_at_once_without_a_terminal(tmp_path):
    repo = demo_copy(tmp_path / "repo")
    result = make_in(repo, "new-blog", "NAME=Ward Notes", stdin="")
    assert result.returncode != 0
    assert "give your name" in result.stderr.lower()
    assert (repo / "content/posts").exists() and list((repo / "content/posts").iterdir())
