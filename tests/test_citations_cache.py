"""Caches across builds: rendered posts and download files are reused only while their
inputs are unchanged (citeproc-py is counted, not mocked: a spy subclass of its class)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
import subprocess
import sys

from citations import formatting, prefetch
from citations.styles import load_style
from conftest import build_site, write_posts
import pytest
from test_citations_site import post, references_section

CITED = "doi:10.1016/j.ekir.2018.02.003"
OTHER = "doi:10.7717/peerj.4375"
A = "posts/2024/a/index.html"
B = "posts/2024/b/index.html"


@pytest.fixture
def citeproc_runs(monkeypatch):
    """How many entries citeproc-py formatted (the real class, counted)."""
    runs = []

    class Counting(formatting.CitationStylesBibliography):
        def __init__(self, *args, **kwargs):
            runs.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(formatting, "CitationStylesBibliography", Counting)
    return runs


def site(tmp_path):
    return write_posts(
        tmp_path / "content",
        {
            "posts/a.md": post(f"Claim [@{CITED}].", "A"),
            "posts/b.md": post(f"Other claim [@{OTHER}].", "B"),
        },
    )


def build(tmp_path, content):
    return build_site(tmp_path / "out", content=content, CACHE_PATH=str(tmp_path / "cache"))


def edit_cached_item(content, work_id, change):
    path = content / "data/references.json"
    items = json.loads(path.read_text(encoding="utf-8"))
    change(next(i for i in items if i["id"] == work_id))
    path.write_text(json.dumps(items, indent=2), encoding="utf-8")


def test_warm_build_formats_nothing_and_rewrites_no_download(tmp_path, citeproc_runs):
    content = site(tmp_path)
    first = build(tmp_path, content)
    assert citeproc_runs, "the cold build formats with citeproc-py"
    pages = {p: first.page(p) for p in (A, B, "cited-works/index.html")}
    downloads = sorted((tmp_path / "out").rglob("*-references.bib")) + sorted(
        (tmp_path / "out").rglob("*-citation.*")
    )
    assert len(downloads) == 8
    stamps = {p: p.stat().st_mtime_ns for p in downloads}
    citeproc_runs.clear()

    second = build(tmp_path, content)
    assert citeproc_runs == []
    assert {p: second.page(p) for p in pages} == pages
    assert {p: p.stat().st_mtime_ns for p in downloads} == stamps


def test_edited_cache_item_rerenders_the_posts_citing_it(tmp_path, citeproc_runs):
    content = site(tmp_path)
    first = build(tmp_path, content)
    assert "Nephrology" not in first.page(A)
    unchanged = first.page(B)
    edit_cached_item(content, CITED, lambda i: i.update(title="Nephrology on social media"))
    citeproc_runs.clear()

    second = build(tmp_path, content)
    assert "Nephrology on social media" in references_section(second.page(A))
    head = second.page(A).split("</head>")[0]  # Highwire and JSON-LD are kept per work too
    assert "citation_title=Nephrology on social media" in head
    assert '"name":"Nephrology on social media"' in head  # compact JSON-LD
    assert second.page(B) == unchanged
    assert len(citeproc_runs) == 1  # the edited entry only; post B and Cite this are reused
    bib = next((tmp_path / "out").rglob("a-references.bib")).read_text(encoding="utf-8")
    assert "Nephrology on social media" in bib


def test_retraction_added_to_a_cached_item_is_shown(tmp_path):
    """``updated-by`` is not a formatted field: the post key covers the whole item."""
    content = site(tmp_path)
    assert "Retracted" not in build(tmp_path, content).page(A)
    edit_cached_item(
        content,
        CITED,
        lambda i: i.update(
            {
                "updated-by": [
                    {
                        "type": "retraction",
                        "DOI": "10.1016/j.ekir.2099.01.001",
                        "updated": {"date-parts": [[2024, 1, 2]]},
                    }
                ]
            }
        ),
    )
    second = build(tmp_path, content)
    assert "Retracted" in references_section(second.page(A))
    assert "Retracted" not in second.page(B)


def test_download_removed_from_output_is_written_again(tmp_path):
    content = site(tmp_path)
    build(tmp_path, content)
    target = next((tmp_path / "out").rglob("a-citation.ris"))
    text = target.read_text(encoding="utf-8")
    target.unlink()
    build(tmp_path, content)
    assert target.read_text(encoding="utf-8") == text


def test_unreadable_post_cache_only_slows_the_build(tmp_path):
    content = site(tmp_path)
    html = build(tmp_path, content).page(A)
    (tmp_path / "cache" / "citations-posts.pickle").write_bytes(b"not a pickle")
    assert build(tmp_path, content).page(A) == html


@pytest.fixture
def workers_started(monkeypatch):
    """How many background formatting workers the build started (the real class, counted)."""
    started = []

    class Counting(prefetch.Prefetcher):
        def __init__(self, *args, **kwargs):
            started.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(prefetch, "Prefetcher", Counting)
    return started


def test_background_formatting_gives_the_same_site(tmp_path, citeproc_runs, workers_started):
    """The forked worker formats the cited works and half of "Cite this post"; the main
    process formats only what is left, and every page is byte-identical. A process with
    other threads (a test runner's) never forks, and then formats everything itself."""
    content = site(tmp_path)
    plain = build_site(
        tmp_path / "plain",
        content=content,
        CITATIONS_FORMAT_IN_BACKGROUND=False,
    )
    assert workers_started == []
    in_process = len(citeproc_runs)
    citeproc_runs.clear()
    shared = build_site(
        tmp_path / "shared",
        content=content,
        CITATIONS_FORMAT_IN_BACKGROUND=True,
    )
    if workers_started:
        assert 0 < len(citeproc_runs) < in_process  # the worker's runs are not counted here
    else:
        assert len(citeproc_runs) == in_process
    for page in (A, B, "cited-works/index.html"):
        assert shared.page(page) == plain.page(page)


_SINGLE_THREADED_BUILD = """
import sys
from pathlib import Path
from citations import prefetch
started = []
class Counting(prefetch.Prefetcher):
    def __init__(self, *args, **kwargs):
        started.append(1)
        super().__init__(*args, **kwargs)
prefetch.Prefetcher = Counting
from conftest import build_site
build_site(Path(sys.argv[1]), content=Path(sys.argv[2]),
           CITATIONS_FORMAT_IN_BACKGROUND=True)
print("workers started:", len(started))
"""


def test_a_single_threaded_build_formats_in_the_background(tmp_path):
    """A real build is single-threaded, so on two or more cores it starts the worker (run in a
    fresh interpreter: the test runner's own threads would rightly prevent the fork)."""
    content = site(tmp_path)
    root = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root / "plugins"), str(root / "tests")]),
    }
    result = subprocess.run(
        [sys.executable, "-c", _SINGLE_THREADED_BUILD, str(tmp_path / "out"), str(content)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    started = int(result.stdout.rsplit("workers started:", 1)[1])
    if (os.cpu_count() or 1) > 1:
        assert started >= 1
    else:
        assert started == 0


def test_prefetch_plans_keys_in_reading_order(tmp_path):
    (tmp_path / "a.md").write_text("x [@doi:10.1/a; @choo2015, p. 4] and @lin2015.\n")
    (tmp_path / "b.md").write_text("[@{odd key}] [@doi:10.1/a] `@code`\n")
    planned = prefetch.planned_citations([tmp_path / "a.md", tmp_path / "b.md"])
    assert [p.key for p in planned][:4] == ["doi:10.1/a", "choo2015", "lin2015", "odd key"]
    assert all(p.bibliography == () for p in planned)


def test_prefetch_plans_each_key_with_the_bibliography_of_the_post_citing_it(tmp_path):
    """A post's own bibliography: goes with its keys, so the worker formats works found
    only there; the same key under another bibliography is planned again."""
    (tmp_path / "a.md").write_text("---\ntitle: A\nbibliography: [lib.json]\n---\n[@smith]\n")
    (tmp_path / "b.md").write_text("---\ntitle: B\n---\n[@smith] [@jones]\n")
    (tmp_path / "c.md").write_text("Title: C\nBibliography: lib.json\n\n[@smith]\n")
    planned = prefetch.planned_citations([tmp_path / n for n in ("a.md", "b.md", "c.md")])
    assert [(p.key, p.post.name, p.bibliography) for p in planned] == [
        ("smith", "a.md", ("lib.json",)),
        ("smith", "b.md", ()),
        ("jones", "b.md", ()),
    ]


def test_a_worker_gone_early_never_blocks_the_build(tmp_path):
    """Killed before or after sending: the entry comes from it or from the main process."""
    style = load_style("american-medical-association", [tmp_path])
    item = {"type": "article-journal", "title": "Lonely", "container-title": "J"}
    formatter = formatting.Formatter(remember=False)
    worker = prefetch.Prefetcher(formatter, [(style, item)])
    worker.process.kill()
    worker.process.join()
    formatter.prefetch = worker
    assert "Lonely" in formatter.entry(style, item)


def test_one_post_edit_keeps_the_other_posts_cached(tmp_path, citeproc_runs):
    """After an edit, the other post's rendering and both posts' entries come from the
    build's memo: citeproc-py runs for nothing, and the memo still holds both posts."""
    content = site(tmp_path)
    build(tmp_path, content)
    (content / "posts/b.md").write_text(
        post(f"Other claim, edited [@{OTHER}].", "B"), encoding="utf-8"
    )
    citeproc_runs.clear()
    second = build(tmp_path, content)
    assert "Other claim, edited" in second.page(B)
    assert citeproc_runs == []
    assert "citations.post 1 reused/1 new" in " ".join(second.messages(logging.INFO))
    (content / "posts/a.md").write_text(post(f"Claim, edited [@{CITED}].", "A"), encoding="utf-8")
    third = build(tmp_path, content)
    assert "citations.post 1 reused/1 new" in " ".join(third.messages(logging.INFO))
