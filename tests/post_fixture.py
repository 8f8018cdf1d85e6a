"""A tiny fixture site for the post-furniture tests (series, corrections, author box, hero
images, navigation): its own registry, bibliography and images from tests/fixtures/post/,
never the demo content."""

from __future__ import annotations

from pathlib import Path
import shutil

from conftest import Build, build_site

FIXTURE = Path(__file__).parent / "fixtures" / "post"


def post_content(folder: Path, posts: dict[str, str]) -> Path:
    """Copy the fixture registry, bibliography and images, then write ``posts``."""
    shutil.copytree(FIXTURE, folder, dirs_exist_ok=True)
    for relative, text in posts.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def post_site(tmp_path: Path, posts: dict[str, str], **settings) -> Build:
    content = post_content(tmp_path / "content", posts)
    settings.setdefault("QUALITY_REQUIRED", [])
    return build_site(tmp_path / "output", content=content, **settings)


def front(title: str, date: str, extra: str = "", body: str = "Some text.") -> str:
    """A post with YAML front matter; ``extra`` is more YAML lines."""
    return f"---\ntitle: {title}\ndate: {date}\nauthors: [ada-fixture]\n{extra}\n---\n{body}\n"


def soup(build: Build, path: str):
    """The parsed HTML of one output file."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(build.page(path), "html.parser")
