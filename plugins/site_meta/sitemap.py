"""sitemap.xml and robots.txt for search engines, written after the site; the devserver's stamp."""

from __future__ import annotations

from pathlib import Path
import time
from xml.sax.saxutils import escape

SKIP = {"404.html"}


def page_urls(output_path: Path, root: str) -> list[str]:
    """Every HTML page in the output as an absolute URL; index.html becomes its folder."""
    urls = []
    for html in sorted(output_path.rglob("*.html")):
        relative = html.relative_to(output_path).as_posix()
        if relative in SKIP or relative.startswith(("drafts/", "pagefind/", "theme/")):
            continue
        if relative.endswith("index.html"):
            relative = relative[: -len("index.html")]
        urls.append(f"{root}/{relative}")
    return urls


def write_sitemap(output_path: Path, root: str) -> Path:
    body = "".join(
        f"  <url><loc>{escape(url)}</loc></url>\n" for url in page_urls(output_path, root)
    )
    target = output_path / "sitemap.xml"
    target.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n",
        encoding="utf-8",
    )
    return target


def write_robots(output_path: Path, root: str) -> Path:
    target = output_path / "robots.txt"
    target.write_text(f"User-agent: *\nAllow: /\n\nSitemap: {root}/sitemap.xml\n", encoding="utf-8")
    return target


LIVE_RELOAD_STAMP = "livereload.txt"


def write_live_reload_stamp(output_path: Path) -> Path:
    """Devserver builds only: a new value after every build tells open pages to reload."""
    target = output_path / LIVE_RELOAD_STAMP
    target.write_text(f"{time.time_ns()}\n", encoding="utf-8")
    return target
