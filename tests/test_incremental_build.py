"""The incremental-build layer: a cached build is byte-identical to a clean one after every
kind of edit, an unchanged build stops at once, and problems are still reported."""

from __future__ import annotations

from collections.abc import Callable
import json
import logging
import os
from pathlib import Path
import shutil
import subprocess
import sys

from conftest import CONF, ROOT, build_site, copy_fixture_site
from meded_core.incremental import BuildMemo, digest, stable
import pytest

POST = "posts/2025/podcasts-on-shift/index.html"


def output_files(output: Path) -> dict[str, bytes]:
    """Every file a reader gets (the search index is off in these builds)."""
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rendered_and_reused(build) -> tuple[int, int]:
    line = next(m for m in reversed(build.messages(logging.INFO)) if m.startswith("pages: "))
    words = line.split()
    return int(words[1]), int(words[3])


def edit_post(content: Path, settings: dict) -> None:
    edit(content / "posts/podcasts-on-shift.md", "Ask a room of residents", "Ask any room")


def edit_registry(content: Path, settings: dict) -> None:
    edit(content / "authors.yml", "Maya Okafor", "Maya O. Okafor")


def edit_bibliography_entry(content: Path, settings: dict) -> None:
    edit(
        content / "bibliography/foam.bib",
        "Quality indicators for blogs",
        "Quality markers for blogs",
    )


def edit_impact_data(content: Path, settings: dict) -> None:
    edit(content / "data/impact/figures.json", '"value": 174.894}', '"value": 181.5}')


def edit_template(content: Path, settings: dict) -> None:
    theme = content.parent / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings["THEME"] = str(theme)
    edit(theme / "templates/base.html", 'class="site-tagline"', 'class="site-tagline tagline"')


def edit_setting(content: Path, settings: dict) -> None:
    settings["SITESUBTITLE"] = "Cited and reviewed teaching notes"


EDITS: dict[str, Callable[[Path, dict], None]] = {
    "post": edit_post,
    "registry": edit_registry,
    "bibliography entry": edit_bibliography_entry,
    "impact data": edit_impact_data,
    "template": edit_template,
    "setting": edit_setting,
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_a_cached_build_after_an_edit_equals_a_clean_build(tmp_path, kind):
    content = copy_fixture_site(tmp_path / "content")
    settings: dict = {}
    if kind == "template":  # the same copied theme before and after the edit
        shutil.copytree(ROOT / "theme", tmp_path / "theme")
        settings["THEME"] = str(tmp_path / "theme")
    build_site(tmp_path / "out", content=content, **settings)
    before = output_files(tmp_path / "out")

    if kind == "template":
        shutil.rmtree(tmp_path / "theme")
    EDITS[kind](content, settings)
    cached = build_site(tmp_path / "out", content=content, **settings)
    after = output_files(tmp_path / "out")
    build_site(tmp_path / "clean", content=content, **settings)

    assert after != before, "the edit reaches the output"
    assert after == output_files(tmp_path / "clean")
    if kind == "post":  # only what shows the post is rendered again
        rendered, reused = rendered_and_reused(cached)
        assert reused > rendered > 0


def test_a_post_edit_leaves_the_cited_works_page_unless_what_it_shows_changed(tmp_path):
    """The Cited works page names what it shows of the posts (entries, citing posts' titles
    and addresses): an edit of a post's text leaves the file as it is; an edited entry
    writes it again (the cached and clean outputs are compared above)."""
    content = copy_fixture_site(tmp_path / "content")
    build_site(tmp_path / "out", content=content)
    page = tmp_path / "out/cited-works/index.html"
    stamp = page.stat().st_mtime_ns

    edit_post(content, {})
    build_site(tmp_path / "out", content=content)
    assert page.stat().st_mtime_ns == stamp

    edit_bibliography_entry(content, {})
    build_site(tmp_path / "out", content=content)
    assert "Quality markers for blogs" in page.read_text(encoding="utf-8")


def test_an_unchanged_build_stops_at_once_and_still_reports_its_problems(tmp_path):
    content = copy_fixture_site(tmp_path / "content")
    edit(content / "posts/podcasts-on-shift.md", "[@thoma2015consensus]", "[@no-such-key]")
    first = build_site(tmp_path / "out", content=content)
    problem = next(m for m in first.messages() if "no-such-key" in m)
    files = output_files(tmp_path / "out")

    second = build_site(tmp_path / "out", content=content)
    info = second.messages(logging.INFO)
    assert "Nothing changed since the last build" in " ".join(info)
    assert not any(m.startswith("pages: ") for m in info), "nothing was rendered"
    assert problem in second.messages()
    assert output_files(tmp_path / "out") == files
    failures = []
    for _ in range(2):  # the second strict build is the unchanged one
        with pytest.raises(Exception, match="strict build failed") as failed:
            build_site(tmp_path / "strict", content=content, STRICT=True)
        failures.append(str(failed.value))
    assert "no-such-key" in failures[0] and failures[1] == failures[0]


def test_a_touched_output_file_makes_the_build_run_again(tmp_path):
    content = copy_fixture_site(tmp_path / "content")
    build_site(tmp_path / "out", content=content)
    page = tmp_path / "out" / POST
    original = page.read_bytes()
    page.write_text("edited by hand", encoding="utf-8")
    again = build_site(tmp_path / "out", content=content)
    assert "Nothing changed" not in " ".join(again.messages(logging.INFO))
    assert page.read_bytes() == original


def test_a_plugin_code_edit_reaches_every_cached_artefact(tmp_path):
    """Plugins are Python modules loaded once per process, so this edit runs Pelican in
    subprocesses on a copy of the project."""
    project = tmp_path / "project"
    shutil.copytree(
        ROOT / "plugins", project / "plugins", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copy(CONF, project / "pelican.conf.py")
    content = copy_fixture_site(project / "content")

    def pelican(output: str, cache: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "pelican", str(content), "-s", "pelican.conf.py",
             "-o", output, "-e", f'CACHE_PATH="{cache}"', "PAGEFIND=false",
             'SITEURL=""', "--log-handler", "plain"],
            cwd=project, capture_output=True, text=True, timeout=600,
            env={**os.environ, "SITEURL": "", "STRICT": "", "PUBLISH": ""},
        )  # fmt: skip
        assert done.returncode == 0, (
            f"pelican failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        )

    pelican("out", "cache")
    before = output_files(project / "out")
    # in-text citation links come from the citations plugin's renderer (kept across builds)
    edit(
        project / "plugins/citations/render.py", 'class="citation-link"', 'class="citation-link c"'
    )
    pelican("out", "cache")
    after = output_files(project / "out")
    pelican("clean", "clean-cache")
    assert after != before
    assert b'class="citation-link c"' in after[POST]
    assert after == output_files(project / "clean")


def test_a_damaged_store_is_replaced_and_the_build_completes(tmp_path, caplog):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "build-memo.sqlite3").write_bytes(b"not a database at all" * 100)
    memo = BuildMemo(cache)
    memo.keep("kind", "key", {"value": 1})
    memo.save()
    assert BuildMemo(cache).recall("kind", "key") == {"value": 1}
    assert "could not be read" in caplog.text


def test_unused_artefacts_are_dropped_when_a_build_finishes(tmp_path):
    first = BuildMemo(tmp_path)
    first.keep("post", "old", 1)
    first.keep("post", "kept", 2)
    first.save()
    second = BuildMemo(tmp_path)
    assert second.recall("post", "kept") == 2
    second.save()
    third = BuildMemo(tmp_path)
    assert third.recall("post", "kept") == 2
    assert third.recall("post", "old") != 1 and not third.holds("missing-kind")


def test_keys_never_depend_on_memory_addresses():
    class Opaque:
        pass

    assert stable(Opaque()) != stable(Opaque())  # unknown objects never compare equal
    assert stable({"b": [1, 2], "a": None}) == {"a": None, "b": [1, 2]}
    assert digest(json.loads('{"a": 1}')) == digest({"a": 1})


def test_a_strict_build_after_an_edit_still_reports_the_problems_of_unedited_posts(tmp_path):
    """The second build reuses the unedited post's rendering and still fails on its problem."""
    content = copy_fixture_site(tmp_path / "content")
    edit(content / "posts/podcasts-on-shift.md", "[@thoma2015consensus]", "[@no-such-key]")
    with pytest.raises(Exception, match="strict build failed"):
        build_site(tmp_path / "out", content=content, STRICT=True)
    edit(content / "posts/appraising-foam.md", "FOAM", "FOAMed")
    with pytest.raises(Exception, match="strict build failed") as failed:
        build_site(tmp_path / "out", content=content, STRICT=True)
    assert "podcasts-on-shift.md:22: unknown citation key 'no-such-key'" in str(failed.value)
