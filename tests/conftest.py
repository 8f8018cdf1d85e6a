"""Shared test helpers: real Pelican builds of the fixture blog or of tiny sites in tmp dirs.

The tests never read ``content/``: that folder is the demo a fresh clone builds, and users
replace it with their own blog, so ``make test`` must pass whatever it holds. Tests use
the fixture blog in ``tests/fixtures/site/`` instead (six posts, six fictional people, a
``.bib``, a references cache, impact figures, images, an About and a criteria page).

- ``build_site(output, content=folder, siteurl=..., **settings)`` runs a real Pelican build
  with the project's settings, plugins and theme; ``content`` defaults to a fresh copy of
  the fixture blog. It returns a :class:`Build` (``.output``, ``.page(path)``,
  ``.messages()``).
- ``write_posts(folder, {"posts/a.md": "..."})`` makes a small content folder with the
  fixture blog's registry, bibliography, data and images, so posts can name its people
  (``maya-okafor``, ``daniel-reyes``...) and cite its works.
- ``copy_fixture_site(folder)`` copies the whole fixture blog, to change it in a test.
- ``copy_repo(folder)`` copies the project (no ``.git``, venv, output or caches) for tests
  that run ``make`` targets which write into the checkout; ``make_in(folder, ...)`` runs
  one there with this test run's Python, never reinstalling the virtualenv.
- Session fixtures: ``fixture_site`` (the fixture blog under a project-pages sub-path
  ``SUBPATH_SITEURL``, with search) and ``fixture_site_local`` (as ``make html`` builds it:
  relative URLs, no SITEURL). Build each once per test run; do not write into them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import logging
import os
from pathlib import Path
import shutil
import subprocess
import sys

from pelican import Pelican
from pelican.settings import read_settings
import pytest

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "pelican.conf.py"
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
SUBPATH_SITEURL = "https://example.github.io/teaching-rounds"
_SHARED = ("authors.yml", "data", "bibliography", "images")
# The site's identity is the user's (make new-blog sets it in pelican.conf.py): tests build
# the fixture blog under the fixture blog's own name, whatever the settings file says.
SITE_IDENTITY = {
    "SITENAME": "Teaching Rounds",
    "SITESUBTITLE": "Open, cited and reviewed medical education",
    "AUTHOR": "Teaching Rounds editors",
    "SITE_ADDRESS": "",
}

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
    conf: Path = CONF,
    **overrides,
) -> Build:
    """Build a site with the project's real settings, plugins and theme.

    ``content`` defaults to a copy of the fixture blog (next to ``output``); ``overrides``
    are settings (e.g. STRICT=True); ``conf`` is another settings file to start from.
    """
    if content is None:
        content = copy_fixture_site(output.parent / f"{output.name}-content")
    settings_override = {
        **SITE_IDENTITY,
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output.parent / f"{output.name}-cache"),
        "PAGEFIND": pagefind,
        "SITEURL": siteurl,
        "RELATIVE_URLS": not siteurl,
        "FEED_DOMAIN": siteurl or "http://127.0.0.1:8000",
        **overrides,
    }
    settings = read_settings(str(conf), override=settings_override)
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


def copy_fixture_site(folder: Path) -> Path:
    """A copy of the whole fixture blog in ``folder`` (builds may write its references cache)."""
    shutil.copytree(FIXTURE_SITE, folder, dirs_exist_ok=True)
    return folder


def write_posts(folder: Path, posts: dict[str, str | bytes]) -> Path:
    """Make a tiny content folder: ``{"posts/a.md": "..."}`` plus the fixture blog's
    registry, data, bibliography and images (a file the test writes itself wins)."""
    folder.mkdir(parents=True, exist_ok=True)
    for relative, text in posts.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    for shared in _SHARED:
        source = FIXTURE_SITE / shared
        if source.exists() and not (folder / shared).exists():
            if source.is_dir():
                shutil.copytree(source, folder / shared)
            else:
                shutil.copy(source, folder / shared)
    return folder


_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "output", ".cache", "node_modules", "__pycache__", "*.pyc", ".*_cache"
)


def copy_repo(folder: Path) -> Path:
    """A copy of the project in ``folder``, to run ``make`` targets that change the checkout."""
    shutil.copytree(ROOT, folder, ignore=_NOT_COPIED, symlinks=True)
    return folder


def make_in(folder: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``make -s ARGS`` in a copy of the project, with this Python and no venv install.

    The Makefile installs ``.venv`` when its stamp is older than ``pyproject.toml``; here the
    stamp is a fresh file in the copy and ``PY`` is the interpreter running the tests.
    """
    stamp = folder / ".test-stamp"
    stamp.touch()
    return subprocess.run(
        ["make", "-s", *args, f"PY={sys.executable}", f"STAMP={stamp}",
         f"PELICAN={Path(sys.executable).parent / 'pelican'}"],
        cwd=folder, input=stdin, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Build:
    """The fixture blog built once with a project-pages sub-path SITEURL and search."""
    output = tmp_path_factory.mktemp("fixture-site") / "output"
    return build_site(output, siteurl=SUBPATH_SITEURL, pagefind=True)


@pytest.fixture(scope="session")
def fixture_site_local(tmp_path_factory) -> Build:
    """The fixture blog as `make html` builds it: relative URLs, no SITEURL."""
    output = tmp_path_factory.mktemp("fixture-site-local") / "output"
    return build_site(output, pagefind=True)


# Browser fixtures live in tests/browser.py; re-exported so any test module can use them.
from browser import browser, browser_site  # noqa: E402, F401
