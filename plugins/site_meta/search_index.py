"""Pagefind full-text search, indexed from small search documents, alongside the build.

Why not run Pagefind over ``output/``: our post pages carry references, impact panels and
metadata that nobody searches, and Pagefind's time and memory grow with all of it
(measured at 1,000 posts: 6.6 s and 517 MB for the whole output, 1.7 s and 144 MB for
search documents). So, once the posts are read, each post and page becomes a minimal
HTML document (title, byline text, body) under ``CACHE_PATH/search-src/``, mirroring its
output path so result links are right. Pagefind then runs in a background process while
Pelican renders the site (Pelican uses one core; Pagefind gets the other), and the build
waits for it at the end. When no search document changed and the index exists, Pagefind
is not run at all.
"""

from __future__ import annotations

from dataclasses import dataclass
import hashlib
import logging
from pathlib import Path
import shutil
import subprocess
import sys

from markupsafe import escape
from meded_core.text import plain

logger = logging.getLogger(__name__)

STAMP = ".search-digest"


@dataclass(frozen=True)
class SearchDocument:
    save_as: str  # output path of the page, e.g. posts/2024/x/index.html
    html: str


def search_document(content, lang: str) -> SearchDocument | None:
    """The searchable part of a post or page, as a standalone HTML document."""
    save_as = getattr(content, "save_as", "")
    if not save_as:
        return None
    title = plain(content.title)
    byline = ", ".join(
        getattr(a, "display_name", str(a)) for a in (getattr(content, "author_records", None) or [])
    )
    html = (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><main data-pagefind-body>"
        f"<h1>{escape(title)}</h1>"
        + (f"<p>{escape(byline)}</p>" if byline else "")
        + f"{content._content}</main></body></html>"
    )
    return SearchDocument(save_as=save_as, html=html)


def sync_documents(documents: list[SearchDocument], source: Path) -> str:
    """Write changed documents, delete stale ones; return a digest of the whole set."""
    wanted = {d.save_as: d for d in documents}
    hasher = hashlib.sha256()
    for save_as in sorted(wanted):
        document = wanted[save_as]
        target = source / save_as
        encoded = document.html.encode("utf-8")
        hasher.update(save_as.encode() + b"\0" + hashlib.sha256(encoded).digest())
        try:
            unchanged = target.read_bytes() == encoded
        except OSError:
            unchanged = False
        if not unchanged:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(encoded)
    if source.exists():
        for stale in source.rglob("*.html"):
            if stale.relative_to(source).as_posix() not in wanted:
                stale.unlink()
    return hasher.hexdigest()


class SearchIndexJob:
    """Pagefind in a background process; :meth:`finish` waits and reports."""

    def __init__(self, source: Path, output: Path, digest: str):
        self.source, self.output, self.digest = source, output, digest
        self.bundle = output / "pagefind"
        self.process: subprocess.Popen | None = None
        self.skipped = (output / "pagefind" / STAMP).is_file() and (
            (output / "pagefind" / STAMP).read_text() == digest
        )

    def start(self) -> None:
        if self.skipped:
            return
        staging = self.output / ".pagefind-new"
        shutil.rmtree(staging, ignore_errors=True)
        command = [
            sys.executable, "-m", "pagefind", "--site", str(self.source),
            "--output-path", str(staging), "--quiet",
        ]  # fmt: skip
        try:
            self.process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        except OSError as exc:
            logger.warning("search index not built: %s", exc)

    def finish(self, timeout: float = 600) -> bool:
        if self.skipped:
            return True
        if self.process is None:
            return False
        try:
            out, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            logger.warning("search index not built: Pagefind took longer than %s s", timeout)
            return False
        if self.process.returncode != 0:
            detail = " ".join((err or out).strip().splitlines()[-3:])
            logger.warning(
                "search index not built (pagefind exit %s): %s", self.process.returncode, detail
            )
            return False
        staging = self.output / ".pagefind-new"
        (staging / STAMP).write_text(self.digest)
        shutil.rmtree(self.bundle, ignore_errors=True)
        staging.rename(self.bundle)  # readers never see a half-written index
        return True
