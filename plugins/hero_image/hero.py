"""Read a post's ``image:`` into a :class:`Hero` (pure: returns problems, never logs).

Alt text is required: a hero image without it tells a screen-reader user nothing, so such
an image is reported and left off the page (it still serves as the social-card image).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
import difflib
from pathlib import Path, PurePosixPath
import re
from typing import Any

from meded_core import Problem
from meded_core.identifiers import http_url

KEYS = ("src", "alt", "caption", "credit")
RASTER = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
EXAMPLE = "image: {src: images/cover.png, alt: What the image shows, caption: …, credit: …}"


@dataclass(frozen=True)
class Hero:
    src: str  # site-relative path (local) or an absolute URL
    alt: str
    caption: str = ""
    credit: str = ""
    local: bool = True
    width: int | None = None
    height: int | None = None

    @property
    def media_type(self) -> str:
        return RASTER.get(PurePosixPath(self.src.split("?")[0]).suffix.lower(), "")

    @property
    def raster(self) -> bool:
        """Social networks show PNG, JPEG, WebP and GIF; not SVG."""
        return bool(self.media_type)


def image_size(path: Path) -> tuple[int | None, int | None]:
    """Pixel size of a raster file (Pillow reads only the header), or an SVG's width/height."""
    if path.suffix.lower() == ".svg":
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
        svg = re.search(r"<svg\b[^>]*>", head)
        if svg:
            w = re.search(r'\bwidth="(\d+)(?:px)?"', svg.group(0))
            h = re.search(r'\bheight="(\d+)(?:px)?"', svg.group(0))
            if w and h:
                return int(w.group(1)), int(h.group(1))
        return None, None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None, None


def read_hero(
    value: Any, content_root: Path, source: str, line: int | None
) -> tuple[Hero | None, list[Problem]]:
    """The hero image, or None (no image, or one that cannot be shown), and its problems."""
    problems: list[Problem] = []

    def problem(message: str, fix: str, where: str = "image") -> None:
        problems.append(Problem(source, message, fix, line=line, field=where))

    if value in (None, "", {}):
        return None, problems
    entry = value if isinstance(value, dict) else {"src": value}
    for key in [str(k) for k in entry if str(k) not in KEYS]:
        close = difflib.get_close_matches(key, KEYS, n=1)
        problem(
            f"unknown key '{key}' in image",
            f"did you mean '{close[0]}'?" if close else f"use {', '.join(KEYS)}",
        )
    raw = str(entry.get("src") or "").strip()
    if not raw:
        problem("the image has no src", EXAMPLE, "image.src")
        return None, problems
    url = http_url(raw)
    if url is not None:
        hero = Hero(url, "", local=False)
    else:
        relative = raw.removeprefix("{static}").lstrip("/")
        path = content_root / relative
        if not relative or not path.is_file():
            problem(
                f"the image '{raw}' was not found in {content_root.name}/",
                "give a path under content/ (e.g. images/cover.png) or an https:// address",
                "image.src",
            )
            return None, problems
        width, height = image_size(path)
        hero = Hero(relative, "", width=width, height=height)
    alt = str(entry.get("alt") or "").strip()
    if not alt:
        problem(
            "the image has no alt text; it is not shown on the page until it has",
            "describe what the image shows for readers who cannot see it: " + EXAMPLE,
            "image.alt",
        )
    caption = str(entry.get("caption") or "").strip()
    credit = str(entry.get("credit") or "").strip()
    return replace(hero, alt=alt, caption=caption, credit=credit), problems
