"""Crawl the built site: every internal link and asset resolves, under a sub-path too."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from bs4 import BeautifulSoup
from conftest import SUBPATH_SITEURL

LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


def internal_targets(output: Path, base_url: str):
    """(page, raw link, file it should resolve to) for every internal link in the site."""
    site = urlparse(base_url)
    for page in sorted(output.rglob("*.html")):
        relative = page.relative_to(output).as_posix()
        if relative.startswith("pagefind/"):
            continue
        page_url = f"{base_url}/{relative}"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in LINK_ATTRS.items():
            for element in soup.find_all(tag):
                raw = element.get(attr)
                if not raw or raw.startswith(("#", "mailto:", "data:", "javascript:")):
                    continue
                absolute = urlparse(urljoin(page_url, raw))
                if absolute.netloc != site.netloc:
                    continue
                yield relative, raw, absolute, site.path


def resolve(output: Path, url_path: str, site_path: str) -> Path | None:
    if not url_path.startswith(site_path):
        return None
    rest = unquote(url_path[len(site_path) :]).lstrip("/")
    target = output / rest
    if target.is_dir() or rest == "" or rest.endswith("/"):
        target = target / "index.html"
    return target


def broken_links(output: Path, base_url: str) -> list[str]:
    broken = []
    for page, raw, absolute, site_path in internal_targets(output, base_url):
        target = resolve(output, absolute.path, site_path)
        if target is None or not target.exists():
            broken.append(f"{page}: {raw}")
    return broken


def test_every_internal_link_resolves_under_a_subpath(fixture_site):
    assert broken_links(fixture_site.output, SUBPATH_SITEURL) == []


def test_no_link_assumes_the_domain_root(fixture_site):
    offenders = []
    for page in fixture_site.output.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in LINK_ATTRS.items():
            for element in soup.find_all(tag):
                value = element.get(attr) or ""
                if value.startswith("/") and not value.startswith("//"):
                    offenders.append(f"{page.name}: {value}")
    assert offenders == []


def test_local_build_links_work_from_any_folder(fixture_site_local):
    """`make html` output uses relative links, so it works from any sub-path or file://."""
    assert broken_links(fixture_site_local.output, "https://anywhere.example/some/sub/path") == []
