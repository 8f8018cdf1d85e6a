"""Internal links and images of the built site, resolved as a browser would under a sub-path.

GitHub project pages serve a site under ``https://user.github.io/repo/``: a link to
``/posts/`` (the domain root) or to a file that was never written is a 404 only readers
see. Each HTML page is parsed once with the standard library's HTML parser (fast enough for
thousands of pages); a link is internal when it points at the site's own host.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# (tag, attribute) pairs that make the browser fetch or navigate to a URL
URL_ATTRIBUTES = {
    "a": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
}
NOT_FETCHED = ("#", "mailto:", "tel:", "data:", "javascript:", "sms:")
# a local build uses relative URLs: check it as if served from an arbitrary sub-path
LOCAL_BASE = "https://site.invalid/any/sub-path"


@dataclass(frozen=True)
class Link:
    page: str  # output path of the page, e.g. posts/2025/a/index.html
    tag: str
    url: str  # as written in the page


@dataclass(frozen=True)
class BrokenLink:
    link: Link
    reason: str
    site_path: str = ""  # the path under the site's address, e.g. posts/ ("" when outside)


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        wanted = URL_ATTRIBUTES.get(tag)
        if not wanted:
            return
        for name, value in attrs:
            if name not in wanted or not value:
                continue
            if name == "srcset":
                self.found += [(tag, part.split()[0]) for part in value.split(",") if part.split()]
            else:
                self.found.append((tag, value.strip()))


def page_links(html: str) -> list[tuple[str, str]]:
    """(tag, url) for every fetched or navigated URL in one HTML document."""
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    return parser.found


def html_pages(output: Path) -> Iterator[Path]:
    """The site's HTML pages; the search engine's own bundle is not site content."""
    for path in sorted(output.rglob("*.html")):
        if "pagefind" not in path.relative_to(output).parts:
            yield path


def target_file(output: Path, url_path: str, site_path: str) -> Path | None:
    """The file a URL path on the site's host serves, or None when it is outside the site."""
    root = site_path.rstrip("/") + "/"
    if url_path.rstrip("/") + "/" == root:
        rest = ""
    elif url_path.startswith(root):
        rest = unquote(url_path[len(root) :])
    else:
        return None
    target = output / rest
    if rest == "" or rest.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(output: Path, base_url: str = "") -> tuple[list[BrokenLink], int]:
    """Every internal URL in every page that does not resolve, and how many were checked.

    ``base_url`` is the site's SITEURL; empty for a build with relative URLs.
    """
    base = (base_url or LOCAL_BASE).rstrip("/")
    site = urlsplit(base)
    broken: list[BrokenLink] = []
    checked = 0
    exists: dict[Path, bool] = {}
    for page in html_pages(output):
        relative = page.relative_to(output).as_posix()
        page_url = f"{base}/{relative}"
        for tag, raw in page_links(page.read_text(encoding="utf-8", errors="replace")):
            if raw.startswith(NOT_FETCHED):
                continue
            absolute = urlsplit(urljoin(page_url, raw))
            if absolute.scheme not in {"http", "https", ""} or absolute.netloc != site.netloc:
                continue
            checked += 1
            link = Link(relative, tag, raw)
            target = target_file(output, absolute.path, site.path)
            if target is None and urlsplit(raw).scheme:
                continue  # a full address elsewhere on the same host, e.g. another project
            if target is None:
                broken.append(BrokenLink(link, f"it points outside the site's address {base}/"))
            elif not exists.setdefault(target, target.is_file()):
                shown = target.relative_to(output).as_posix()
                rest = unquote(absolute.path)[len(site.path.rstrip("/")) :]
                broken.append(BrokenLink(link, f"nothing was written at {shown}", rest))
    return broken, checked
