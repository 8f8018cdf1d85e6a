"""Shared test helpers: real Pelican builds of the demo site or of tiny sites in tmp dirs."""

from __future__ import annotations

from dataclasses import dataclass, field
import logging
import os
from pathlib import Path
import shutil

from pelican import Pelican
from pelican.settings import read_settings
import pytest

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "pelican.conf.py"
SUBPATH_SITEURL = "https://example.github.io/teaching-rounds"

# Tests never reach the real internet: a build that meets an identifier missing from the
# references cache asks a closed port on 127.0.0.1 (tests that need answers start a fake
# server and point these at it with monkeypatch.setenv).
_SERVICES = ("DOI_RESOLVER", "CROSSREF_API", "NCBI_EUTILS", "EUROPEPMC_API", "OPENLIBRARY_API")
for _service in _SERVICES:
    os.environ[f"{_service}_URL"] = "http://127.0.0.1:9"


@dataclass
class Build:
    output: Path
    records: list[logging.LogRecord] = field(default_factory=list)

    def page(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def build_site(
    output: Path,
    *,
    content: Path | None = None,
    siteurl: str = "",
    pagefind: bool = False,
    **overrides,
) -> Build:
    """Build a site with the project's real settings, plugins and theme.

    ``content`` defaults to the demo content; ``overrides`` are settings (e.g. STRICT=True).
    """
    settings_override = {
        "PATH": str(content or ROOT / "content"),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output.parent / f"{output.name}-cache"),
        "PAGEFIND": pagefind,
        "SITEURL": siteurl,
        "RELATIVE_URLS": not siteurl,
        "FEED_DOMAIN": siteurl or "http://127.0.0.1:8000",
        **overrides,
    }
    settings = read_settings(str(CONF), override=settings_override)
    collector = _Collector()
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    previous_level = root_logger.level
    root_logger.setLevel(logging.INFO)
    try:
        Pelican(settings).run()
    finally:
        root_logger.removeHandler(collector)
        root_logger.setLevel(previous_level)
    return Build(output=output, records=collector.records)


def write_posts(folder: Path, posts: dict[str, str | bytes]) -> Path:
    """Make a tiny content folder: ``{"posts/a.md": "..."}``; authors.yml copied from the demo."""
    folder.mkdir(parents=True, exist_ok=True)
    for relative, text in posts.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    for shared in ("authors.yml", "data", "bibliography", "images"):
        source = ROOT / "content" / shared
        if source.exists() and not (folder / shared).exists():
            if source.is_dir():
                shutil.copytree(source, folder / shared)
            else:
                shutil.copy(source, folder / shared)
    return folder


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Build:
    """The demo site built once with a project-pages sub-path SITEURL and search."""
    output = tmp_path_factory.mktemp("demo") / "output"
    return build_site(output, siteurl=SUBPATH_SITEURL, pagefind=True)


@pytest.fixture(scope="session")
def demo_site_local(tmp_path_factory) -> Build:
    """The demo site as `make html` builds it: relative URLs, no SITEURL."""
    output = tmp_path_factory.mktemp("demo-local") / "output"
    return build_site(output, pagefind=True)


# Browser fixtures live in tests/browser.py; re-exported so any test module can use them.
from browser import browser, browser_site  # noqa: E402, F401
