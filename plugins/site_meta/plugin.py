"""Site-wide publishing plumbing: head metadata, archive-grade feeds, sitemap, search.

Signals: ``content_object_init`` attaches per-page metadata; ``get_writer`` swaps in the
writer (feeds; unchanged pages are not rendered again); ``all_generators_finalized`` notes each page's last change (sitemap) and starts the search index in the
background; ``finalized`` waits for it and writes sitemap.xml and robots.txt. Pelican's own reader cache is made crash-safe at registration
(reader_cache.py).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from meded_core import build_outputs
from meded_core.contents import canonical_root, generator_contents
from meded_core.fields import declared_fields  # noqa: F401 - fields are declared in meded_core
from pelican import signals

from .feeds import ACTIVE_WRITERS, ArchiveFeedWriter
from .output_lock import output_lock
from .page_meta import attach_page_meta
from .prune import mark_start, prune, static_outputs
from .reader_cache import install as install_reader_cache
from .search_index import SearchIndexJob, remove_abandoned, search_document
from .settings import SETTINGS
from .sitemap import last_modified, write_live_reload_stamp, write_robots, write_sitemap

_search_jobs: list[SearchIndexJob] = []
_build: dict = {}  # this build's start time and the static files it copies
_lastmod: dict[str, str] = {}

__all__ = ["register"]

logger = logging.getLogger(__name__)


def _content_init(content) -> None:
    if content.__class__.__name__ in {"Article", "Page"} and getattr(content, "title", None):
        attach_page_meta(content, content.settings)


def _add_context(pelican) -> None:
    pelican.settings["SITE_CANONICAL_ROOT"] = canonical_root(pelican.settings)


def _start_build(pelican) -> None:
    """Each build (``get_generators`` is sent once per build, also under the devserver)."""
    build_outputs.reset()
    _search_jobs.clear()
    _build.clear()
    _build["started_ns"] = mark_start(Path(pelican.settings["CACHE_PATH"]))
    remove_abandoned(Path(pelican.settings["CACHE_PATH"]) / "search-builds")


def _note_static_files(generators) -> None:
    _build["static"] = static_outputs(generators, generators[0].settings)


def _writer(pelican):
    return ArchiveFeedWriter


def _note_lastmod(generators) -> None:
    """Every post and taxonomy is final here: note when each page last changed (sitemap)."""
    _lastmod.clear()
    _lastmod.update(last_modified(generators))


def _start_search_index(generators) -> None:
    """Posts and pages are final here: index them while Pelican renders the site."""
    _search_jobs.clear()
    settings = generators[0].settings
    if not SETTINGS.values(settings)["PAGEFIND"]:
        return
    lang = settings.get("DEFAULT_LANG", "en")
    contents = [c for g in generators for c in generator_contents(g, ("articles", "pages"))]
    documents = [search_document(c, getattr(c, "lang", lang) or lang) for c in contents]
    scratch = Path(settings["CACHE_PATH"]) / "search-builds"
    job = SearchIndexJob([d for d in documents if d], Path(settings["OUTPUT_PATH"]), scratch)
    job.start()
    _search_jobs.append(job)


def _finalize(pelican) -> None:
    output = Path(pelican.settings["OUTPUT_PATH"])
    root = canonical_root(pelican.settings)
    jobs = list(_search_jobs)
    _search_jobs.clear()
    try:
        ready = [job for job in jobs if job.wait()]
        with output_lock(output):  # another build may be finishing the same folder
            for job in ready:
                job.swap_in()
            _prune_stale_files(output)  # before the sitemap, which lists what is in output/
            write_sitemap(output, root, _lastmod)
            write_robots(output, root)
            if pelican.settings.get("LIVE_RELOAD"):
                write_live_reload_stamp(output)
    finally:
        for job in jobs:
            job.cleanup()
    for writer in ACTIVE_WRITERS:
        keys = writer.page_keys
        logger.info("pages: %d rendered, %d unchanged and reused", keys.rendered, keys.reused)


def _prune_stale_files(output: Path) -> None:
    if "started_ns" not in _build or not output.is_dir():
        return
    kept = set(_build.get("static", ())) | set(build_outputs.claimed())
    kept |= {os.path.realpath(output / name) for name in ("sitemap.xml", "robots.txt")}  # next
    for writer in ACTIVE_WRITERS:
        kept.update(os.path.realpath(name) for name in writer._written_files)
    removed = prune(output, _build["started_ns"], kept, keep_folders=("pagefind",))
    if removed:
        logger.info("removed %d file(s) of posts or pages no longer in the site", removed)


def register() -> None:
    install_reader_cache()
    signals.initialized.connect(_add_context)
    signals.get_generators.connect(_start_build)
    signals.content_object_init.connect(_content_init)
    signals.get_writer.connect(_writer)
    signals.all_generators_finalized.connect(_note_lastmod)
    signals.all_generators_finalized.connect(_start_search_index)
    signals.all_generators_finalized.connect(_note_static_files)
    signals.finalized.connect(_finalize)
