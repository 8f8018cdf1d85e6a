"""sitemap.xml and robots.txt for search engines, written after the site; the devserver's stamp.

Each URL carries ``<lastmod>``: a post's or page's own last change (``modified``, else its
date); an author, category or topic page the newest change among its posts; any other
page (home, lists) the newest change on the site. Crawlers use it to revisit what changed.
"""

from __future__ import annotations

from collections.abc import Iterable
import datetime as dt
from pathlib import Path
import time
from typing import Any
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


def changed(content: Any) -> dt.datetime | None:
    return getattr(content, "modified", None) or getattr(content, "date", None)


def last_modified(generators: Iterable[Any]) -> dict[str, str]:
    """Site-relative URL -> W3C date of its last change (see the module docstring)."""
    dates: dict[str, dt.datetime] = {}

    def note(url: str, when: dt.datetime | None) -> None:
        if when is not None and (url not in dates or when > dates[url]):
            dates[url] = when

    newest = None
    for generator in generators:
        contents = [*getattr(generator, "articles", []), *getattr(generator, "pages", [])]
        for content in contents:
            when = changed(content)
            note(content.url, when)
            if when is not None and content in getattr(generator, "articles", []):
                newest = when if newest is None or when > newest else newest
        for group in ("authors", "categories", "tags"):
            found = getattr(generator, group, None) or []
            pairs = found.items() if isinstance(found, dict) else found  # tags are a dict
            for taxonomy, posts in pairs:
                for post in posts:
                    note(taxonomy.url, changed(post))
    found = {url: when.date().isoformat() for url, when in dates.items()}
    if newest is not None:
        found[""] = newest.date().isoformat()  # any other page
    return found


def write_sitemap(output_path: Path, root: str, lastmod: dict[str, str] | None = None) -> Path:
    lastmod = lastmod or {}
    prefix = f"{root}/"
    lines = []
    for url in page_urls(output_path, root):
        relative = url[len(prefix) :] if url.startswith(prefix) else url
        when = lastmod.get(relative) or lastmod.get("")
        stamp = f"<lastmod>{when}</lastmod>" if when else ""
        lines.append(f"  <url><loc>{escape(url)}</loc>{stamp}</url>\n")
    body = "".join(lines)
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
