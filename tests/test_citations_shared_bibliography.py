"""A ``bibliography:`` file named by many posts is read once per build, and each post still
gets the works of its own files.

Blogs often give every post the same Zotero export; parsing it for every post made the
build grow with posts times library size. The parse count is observed at the reader the
loader really calls, and the output is compared with a build where every post has its own
copy of the file (parsed once per copy).
"""

from __future__ import annotations

import json

from citations import bibliography
from conftest import build_site, write_posts
import pytest

WORKS = [
    {
        "id": f"work{i}",
        "type": "article-journal",
        "title": f"Shared library work number {i}",
        "author": [{"family": f"Author{i}", "given": "A."}],
        "container-title": "Medical Teacher",
        "issued": {"date-parts": [[2010 + i]]},
        "DOI": f"10.5555/shared.{i}",
    }
    for i in range(8)
]
POSTS = 5


def _site(folder, *, shared: bool):
    """Five posts citing works of one library, from one shared file or from a copy each."""
    files = {}
    for n in range(POSTS):
        name = "library.json" if shared else f"library-{n}.json"
        files[f"posts/post-{n}.md"] = (
            f"---\ntitle: Post {n}\ndate: 2024-05-0{n + 1}\nbibliography: {name}\n---\n"
            f"Cited first [@work{n}] and then [@work{n + 1}; @work7].\n"
        )
        files[f"posts/{name}"] = json.dumps(WORKS, indent=1)
    return write_posts(folder, files)


@pytest.fixture
def counted_parses(monkeypatch):
    """The file name of every read of a bibliography file (reading, hashing and merging a
    large file is what cost time per post) and of every parse of one (each build has its
    own cache folder, so no parse is left from an earlier build)."""
    calls: list[str] = []
    real_load, real_reader = bibliography.load_file, bibliography._read_csl_json

    def load_file(path):
        if path.suffix == ".json":  # not the site's own .bib
            calls.append(f"read {path.name}")
        return real_load(path)

    def reader(text, source):
        calls.append(f"parse {source.rsplit('/', 1)[-1]}")
        return real_reader(text, source)

    monkeypatch.setattr(bibliography, "load_file", load_file)
    monkeypatch.setattr(bibliography, "_read_csl_json", reader)
    return calls


def _references(page: str) -> str:
    """The post's reference list (the checklist differs: a shared file is not judged for
    uncited entries, see the last test)."""
    return page.split('<section class="references"')[1].split("</section>")[0]


def _pages(output):
    return {
        n: (output / "posts" / "2024" / f"post-{n}" / "index.html").read_text(encoding="utf-8")
        for n in range(POSTS)
    }


def test_a_file_named_by_five_posts_is_parsed_once_and_renders_as_five_copies(
    tmp_path, counted_parses
):
    shared = build_site(
        tmp_path / "shared", content=_site(tmp_path / "shared-content", shared=True)
    )
    assert counted_parses == ["read library.json", "parse library.json"]
    counted_parses.clear()
    copies = build_site(
        tmp_path / "copies", content=_site(tmp_path / "copies-content", shared=False)
    )
    assert sorted(counted_parses) == sorted(
        f"{step} library-{n}.json" for n in range(POSTS) for step in ("read", "parse")
    )
    shared_pages, copied_pages = _pages(shared.output), _pages(copies.output)
    for n in range(POSTS):
        assert f"Shared library work number {n}" in shared_pages[n]
        assert _references(shared_pages[n]) == _references(copied_pages[n])


def test_posts_with_different_files_under_the_same_key_each_get_their_own_work(
    tmp_path, counted_parses
):
    """The per-build sharing must never hand one post another file's entry."""
    posts = {}
    for n in range(4):
        work = {**WORKS[0], "id": "same", "title": f"Only in file {n}", "DOI": f"10.5555/own.{n}"}
        posts[f"posts/own-{n}.json"] = json.dumps([work])
        posts[f"posts/post-{n}.md"] = (
            f"---\ntitle: Post {n}\ndate: 2024-05-0{n + 1}\nbibliography: own-{n}.json\n---\n"
            "Cited [@same].\n"
        )
    build = build_site(tmp_path / "out", content=write_posts(tmp_path / "content", posts))
    for n in range(4):
        page = build.page(f"posts/2024/post-{n}/index.html")
        assert f"Only in file {n}" in page
        assert all(f"Only in file {m}" not in page for m in range(4) if m != n)
    assert sorted(counted_parses) == sorted(
        f"{step} own-{n}.json" for n in range(4) for step in ("read", "parse")
    )


def test_the_background_worker_is_given_the_works_of_a_shared_file(tmp_path, monkeypatch):
    """Before the posts are read, the keys they cite from their own bibliography: files are
    looked up there, so the second process formats those works too (the planned jobs are
    recorded here instead of forking from the test runner)."""
    from citations import prefetch

    given = []

    class Recording:
        def __init__(self, formatter, jobs):
            given.extend(item for _style, item in jobs)
            self.jobs = 0  # nothing to wait for: the build formats in this process

        def close(self):
            pass

    monkeypatch.setattr(prefetch, "available", lambda: True)
    monkeypatch.setattr(prefetch, "Prefetcher", Recording)
    content = _site(tmp_path / "content", shared=True)
    build_site(tmp_path / "out", content=content, CITATIONS_FORMAT_IN_BACKGROUND=True)
    works = sorted(item["title"] for item in given if item["title"].startswith("Shared"))
    # work0..work5 and work7 are cited; "Cite this post" jobs for the posts come later
    assert works == sorted(f"Shared library work number {i}" for i in (*range(POSTS + 1), 7))


def test_a_shared_library_is_not_a_reference_list_but_a_post_s_own_file_is(tmp_path):
    """ "Every listed reference is cited" judges a post's own file; a library that several
    posts name holds works they never meant to cite."""
    shared = build_site(
        tmp_path / "shared", content=_site(tmp_path / "shared-content", shared=True)
    )
    assert not [m for m in shared.messages() if "not cited in the text" in m]
    copies = build_site(
        tmp_path / "copies", content=_site(tmp_path / "copies-content", shared=False)
    )

    def references_cited(build) -> str:
        page = build.page("posts/2024/post-0/index.html")
        return page.split('data-criterion="references-cited">')[1].split("</li>")[0]

    assert "Met:" in references_cited(shared) and "Not met:" not in references_cited(shared)
    assert "not cited in the text: work2, work3, work4" in references_cited(copies)
