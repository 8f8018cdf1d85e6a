"""The render cache: unchanged pages are reused, and a cached build always equals a fresh one."""

from __future__ import annotations

from pathlib import Path

from conftest import build_site, copy_fixture_site
from site_meta.feeds import ACTIVE_WRITERS
from site_meta.render_cache import stable


def html_files(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file() and p.suffix in {".html", ".xml"} and "pagefind" not in p.parts
    }


def copy_site(target: Path) -> Path:
    return copy_fixture_site(target)


def counts():
    cache = ACTIVE_WRITERS[0].render_cache
    return cache.rendered, cache.reused


def fresh_build(content: Path, output: Path) -> dict[str, bytes]:
    build_site(
        output, content=content, RENDER_CACHE=False, CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False
    )
    return html_files(output)


def test_unchanged_rebuild_reuses_every_page(tmp_path):
    content = copy_site(tmp_path / "content")
    build_site(tmp_path / "out", content=content)
    first = html_files(tmp_path / "out")
    rendered_first, _ = counts()
    build_site(tmp_path / "out", content=content)
    rendered, reused = counts()
    assert rendered_first > 20
    assert rendered == 0 and reused >= rendered_first
    assert html_files(tmp_path / "out") == first


def test_editing_one_post_rerenders_only_what_shows_it_and_matches_a_fresh_build(tmp_path):
    content = copy_site(tmp_path / "content")
    build_site(tmp_path / "out", content=content)
    post = content / "posts" / "podcasts-on-shift.md"
    post.write_text(
        post.read_text().replace("Ask a room of residents", "Ask any room of residents")
    )
    build_site(tmp_path / "out", content=content)
    rendered, reused = counts()
    cached = html_files(tmp_path / "out")
    assert "Ask any room of residents" in cached["posts/2025/podcasts-on-shift/index.html"].decode()
    other_posts = [n for n in cached if n.startswith("posts/") and "podcasts-on-shift" not in n]
    assert reused >= len(other_posts) and rendered < reused
    assert cached == fresh_build(content, tmp_path / "fresh")


def test_front_matter_and_data_changes_reach_every_page_that_shows_them(tmp_path):
    content = copy_site(tmp_path / "content")
    build_site(tmp_path / "out", content=content)
    # a data file (the author registry) and another post's front matter both change
    registry = content / "authors.yml"
    registry.write_text(registry.read_text().replace("Maya Okafor", "Maya O. Okafor"))
    post = content / "posts" / "altmetrics-for-educators.md"
    post.write_text(
        post.read_text().replace(
            "tags: [altmetrics, promotion, impact]",
            "tags: [altmetrics, promotion, impact, dossiers]",
        )
    )
    build_site(tmp_path / "out", content=content)
    cached = html_files(tmp_path / "out")
    assert (
        "Maya O. Okafor" in cached["posts/2024/social-media-academic-medicine/index.html"].decode()
    )
    assert "topics/dossiers/index.html" in cached
    assert cached == fresh_build(content, tmp_path / "fresh")


def test_stable_never_uses_memory_addresses():
    class Opaque:
        pass

    first, second = stable(Opaque()), stable(Opaque())
    assert first != second  # unknown objects make the key unique, never falsely equal
    assert stable({"b": [1, 2], "a": None}) == {"a": None, "b": [1, 2]}
