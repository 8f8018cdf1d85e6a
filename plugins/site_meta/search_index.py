"""Pagefind full-text search, indexed from small search documents, alongside the build.

Why not run Pagefind over ``output/``: our post pages carry references, impact panels and
metadata that nobody searches, and Pagefind's time and memory grow with all of it
(measured at 1,000 posts: 6.6 s and 517 MB for the whole output, 1.7 s and 144 MB for
search documents). So, once the posts are read, each post and page becomes a minimal
HTML document (title, byline text, body), mirroring its output path so result links are
right. Pagefind then runs in a background process while Pelican renders the site (Pelican
uses one core; Pagefind gets the other), and the build waits for it at the end. When no
search document changed and the index exists, Pagefind is not run at all.

Builds may run side by side (``make html`` during ``make devserver``): the documents and
Pagefind's output go to temporary folders of this build only, under ``CACHE_PATH`` and
never in ``output/`` (an interrupted build cannot publish a half-made index), and the new
index replaces ``output/pagefind/`` under the output lock (:mod:`.output_lock`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
import hashlib
import logging
from pathlib import Path
import shutil
import subprocess
import sys
import tempfile
import time

from markupsafe import escape
from meded_core.text import plain

from .child_processes import die_with_parent

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


def documents_digest(documents: list[SearchDocument]) -> str:
    """A digest of the whole set: the same documents give the same index."""
    hasher = hashlib.sha256()
    for document in sorted(documents, key=lambda d: d.save_as):
        encoded = document.html.encode("utf-8")
        hasher.update(document.save_as.encode() + b"\0" + hashlib.sha256(encoded).digest())
    return hasher.hexdigest()


def write_documents(documents: list[SearchDocument], folder: Path) -> None:
    for document in documents:
        target = folder / document.save_as
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(document.html.encode("utf-8"))


def remove_abandoned(scratch: Path, older_than: float = 6 * 3600) -> None:
    """Temporary folders of builds that were killed (a running build's are recent)."""
    limit = time.time() - older_than
    for folder in scratch.glob("search-*") if scratch.is_dir() else []:
        with contextlib.suppress(OSError):
            if folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)


class SearchIndexJob:
    """Pagefind in a background process; :meth:`finish` waits and reports."""

    def __init__(self, documents: list[SearchDocument], output: Path, scratch: Path):
        self.documents, self.output, self.scratch = documents, output, scratch
        self.digest = documents_digest(documents)
        self.bundle = output / "pagefind"
        self.process: subprocess.Popen | None = None
        self.workdir: Path | None = None
        stamp = self.bundle / STAMP
        self.skipped = stamp.is_file() and stamp.read_text() == self.digest

    @property
    def staging(self) -> Path:
        assert self.workdir is not None
        return self.workdir / "index"

    def start(self) -> None:
        if self.skipped:
            return
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.workdir = Path(tempfile.mkdtemp(prefix="search-", dir=self.scratch))
        source = self.workdir / "documents"
        write_documents(self.documents, source)
        command = [
            sys.executable, "-m", "pagefind", "--site", str(source),
            "--output-path", str(self.staging), "--quiet",
        ]  # fmt: skip
        try:
            self.process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                preexec_fn=die_with_parent,  # a stopped devserver leaves no Pagefind behind
            )
        except OSError as exc:
            logger.warning("search index not built: %s", exc)

    def wait(self, timeout: float = 600) -> bool:
        """Wait for Pagefind; True when a new index is ready to be swapped in."""
        if self.skipped or self.process is None:
            return False
        try:
            out, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            logger.warning("search index not built: Pagefind took longer than %s s", timeout)
            return False
        if self.process.returncode != 0:
            detail = " ".join((err or out).strip().splitlines()[-3:])
            logger.warning(
                "search index not built (pagefind exit %s): %s", self.process.returncode, detail
            )
            return False
        return True

    def swap_in(self) -> None:
        """Replace ``output/pagefind`` with the new index (call under the output lock)."""
        (self.staging / STAMP).write_text(self.digest)
        old = self.workdir / "old"
        if self.bundle.exists():
            shutil.move(str(self.bundle), str(old))
        shutil.move(str(self.staging), str(self.bundle))  # readers never see a half index

    def cleanup(self) -> None:
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None
