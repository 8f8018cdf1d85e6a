"""What is deleted disappears: a rebuild removes the output of removed posts and pages."""

from __future__ import annotations

from pathlib import Path
import shutil

from conftest import build_site

FIXTURE = Path(__file__).parent / "fixtures" / "publication"


def _site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "images").mkdir()
    (content / "images" / "figure.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    return content


def _mentions(output: Path, word: str) -> list[str]:
    return [
        str(p.relative_to(output))
        for p in output.rglob("*")
        if word in str(p).lower()
        or (p.is_file() and word in p.read_bytes().decode(errors="replace").lower())
    ]


def test_removed_post_page_and_author_leave_output_on_the_next_build(tmp_path):
    content = _site(tmp_path)
    output = tmp_path / "output"
    build_site(output, content=content)
    kept_page = output / "posts/2024/published/index.html"
    removed_page = output / "posts/2024/hugo-not-draft/index.html"
    assert removed_page.exists() and (output / "about/index.html").exists()
    assert (output / "authors/wren-drafter/index.html").exists()
    (output / "stray.html").write_text("left by an old build")

    (content / "posts/hugo-not-draft.md").unlink()
    (content / "pages/about.md").unlink()
    for name in ("status-draft", "hugo-draft", "jekyll-unpublished", "scheduled"):
        (content / f"posts/{name}.md").unlink()  # drafts too: their preview pages go
    registry = (content / "authors.yml").read_text()
    (content / "authors.yml").write_text(registry.split("wren-drafter:")[0])
    for name in ("status-hidden", "jekyll-hidden", "draft-page"):
        for path in content.rglob(f"{name}.md"):
            path.unlink()
    build_site(output, content=content)

    assert not removed_page.exists()
    assert not (output / "posts/2024/hugo-not-draft").exists()
    assert not (output / "about").exists()
    assert not (output / "drafts").exists()
    assert not (output / "stray.html").exists()
    assert not (output / "authors/wren-drafter").exists()
    assert _mentions(output, "zqxhugonotdraft") == []
    assert kept_page.exists()
    assert (output / "images/figure.svg").exists()
    assert (output / "theme/css/site.css").exists()
    assert "zqxpublished" in (output / "feeds/all.atom.xml").read_text().lower()


def test_files_reused_without_rewriting_are_kept(tmp_path):
    """The render cache leaves unchanged pages alone; pruning must not take them for stale."""
    content = _site(tmp_path)
    output = tmp_path / "output"
    build_site(output, content=content)
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    other = content / "posts/hugo-not-draft.md"  # an edit elsewhere, so the build runs
    other.write_text(other.read_text().replace("must stay", "has to stay"))
    second = build_site(output, content=content)
    reused = [m for m in second.messages(20) if m.startswith("pages: ")]
    assert reused and not reused[0].endswith(" 0 unchanged and reused"), "nothing was reused"
    after = {p for p in output.rglob("*") if p.is_file()}
    missing = sorted(str(p.relative_to(output)) for p in set(before) - after)
    assert missing == []
    page = output / "posts/2024/published/index.html"
    assert page.stat().st_mtime_ns == before[page]  # reused, not rewritten


def test_leftover_search_staging_of_an_interrupted_build_is_not_published(tmp_path):
    content = _site(tmp_path)
    output = tmp_path / "output"
    leftover = output / ".pagefind-new" / "pagefind-entry.json"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("{}")
    build_site(output, content=content)
    assert not (output / ".pagefind-new").exists()
