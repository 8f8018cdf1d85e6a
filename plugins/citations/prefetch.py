"""Format cited works in a second process while Pelican reads the posts (cold builds only).

Pelican is single-threaded, and citeproc-py costs milliseconds per entry (figures in
:mod:`formatting`), so a cold build of a large site spends seconds formatting. Most of that can overlap with reading Markdown on a
second core: before the first post is read, the posts are scanned cheaply for the keys they
cite (a regular expression, not the Markdown parser: a key missed or over-read only costs a
little time), the keys are resolved from the bibliographies and the committed cache only
(never the network), and a forked worker formats the works not in the entry cache, in the
order the posts will need them. When a post needs an entry the worker was given, the main
process waits for that entry instead of formatting it twice.

The worker runs the very same :meth:`formatting.Formatter.entry` code, so output is
identical. A post's own ``bibliography:`` files are read for the keys it cites (once: the
build shares them, see ``bibliography.BibliographyFiles``). Anything the worker did not get
(a work resolved from the network, an entry citeproc-py fails on, a key the scan missed) is
formatted in the main process as before.
Without ``fork`` (Windows, macOS' default), on one core, or for small jobs, nothing starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import logging
import multiprocessing
import os
from pathlib import Path
import re
import threading
from typing import Any

from meded_core.publication import POST_SUFFIXES

from .formatting import Formatter
from .styles import Style

logger = logging.getLogger(__name__)

# what follows an @ in a citation: {odd key} or key (cheap over-approximation of syntax.py)
KEY_RE = re.compile(r"@(?:\{([^{}\n]+)\}|([\w][^\s,;\[\]{}]*))")
OWN_BIBLIOGRAPHY = re.compile(r"(?im)^bibliography\s*[:=]")
CHUNK = 8  # entries per message from the worker
AUTO_MINIMUM = 64  # fewer entries to format are not worth a second process


@dataclass(frozen=True)
class Planned:
    """A key as the first post citing it will look it up: with that post's own
    ``bibliography:`` entries (as written, relative to the post's folder)."""

    key: str
    post: Path
    bibliography: tuple[str, ...] = ()


def planned_citations(paths: Iterable[Path]) -> list[Planned]:
    """Keys in the order the posts cite them first (files in Pelican's reading order), once
    per bibliography they are looked up in."""
    seen: dict[tuple, Planned] = {}
    for path in paths:
        if path.suffix.lower() not in POST_SUFFIXES:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        own = _own_bibliography(text)
        for match in KEY_RE.finditer(text):
            key = match.group(1) or match.group(2).rstrip(".:")
            where = (path.parent, own) if own else None
            seen.setdefault((key, where), Planned(key, path, own))
    return list(seen.values())


def _own_bibliography(text: str) -> tuple[str, ...]:
    """The post's ``bibliography:`` entries; the front matter is parsed only when a line
    names the field (most posts use the site bibliography alone)."""
    if not OWN_BIBLIOGRAPHY.search(text):
        return ()
    from frontmatter.parsing import split_front_matter
    from meded_core.fields import as_list

    try:
        value = split_front_matter(text).values.get("bibliography")
    except Exception:  # a broken header is reported when the post is read, not here
        return ()
    return tuple(str(entry) for entry in as_list(value))


def available() -> bool:
    """Fork only a single-threaded process: a child forked while another thread holds a
    lock (a logging handler, a server or browser driver thread) can wait on it forever,
    and the build with it."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )


class Prefetcher:
    """A worker process formatting ``(style, item)`` jobs in order; entries flow into the
    formatter's store as they arrive."""

    def __init__(self, formatter: Formatter, jobs: Iterable[tuple[Style, dict[str, Any]]]):
        self.formatter = formatter
        self.pending: set[str] = set()
        todo = []
        for style, item in jobs:
            key = formatter.entry_key(style, item)
            if key not in self.pending and formatter.known(key) is None:
                self.pending.add(key)
                todo.append((style, item))
        self.jobs = len(todo)
        self.connection = None
        if not todo:
            return
        context = multiprocessing.get_context("fork")
        self.connection, child = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_work, args=(child, todo), name="citations-format", daemon=True
        )
        self.process.start()
        child.close()

    def wait_for(self, key: str) -> str | None:
        """The entry for ``key`` once the worker has sent it; None when the worker was not
        given it, could not format it, or has gone (the caller then formats it itself)."""
        while key in self.pending and self.connection is not None:
            try:
                chunk = self.connection.recv()
            except (EOFError, OSError):
                self.close()
                break
            for done, entry in chunk:
                self.pending.discard(done)
                if entry is not None:
                    self.formatter.add(done, entry)
        return self.formatter.known(key)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        process = getattr(self, "process", None)
        if process is not None:
            if process.is_alive():
                process.terminate()
            process.join(5)
            if process.is_alive():  # stuck where SIGTERM cannot reach it
                process.kill()
                process.join()
        self.pending.clear()


def _work(connection, jobs: list[tuple[Style, dict[str, Any]]]) -> None:
    """In the worker: format each item, send (key, entry) in small chunks; an item citeproc-py
    cannot format is sent as None so the main process formats (and reports) it."""
    formatter = Formatter(strict=True, remember=False)
    chunk: list[tuple[str, str | None]] = []
    try:
        for style, item in jobs:
            key = formatter.entry_key(style, item)
            try:
                entry = str(formatter.entry(style, item))
            except Exception:  # the main process formats and reports it
                entry = None
            chunk.append((key, entry))
            if len(chunk) >= CHUNK:
                connection.send(chunk)
                chunk = []
        connection.send(chunk)
    except (BrokenPipeError, OSError):  # the main process no longer listens
        pass
    finally:
        connection.close()
