"""Site-wide publishing plumbing: head metadata, archive-grade feeds, sitemap, search.

Signals: ``content_object_init`` attaches per-page metadata; ``get_writer`` swaps in the
writer (feeds, render cache); ``all_generators_finalized`` starts the search index in the
background; ``finalized`` waits for it, writes sitemap.xml and robots.txt and saves the
render cache. Pelican's own reader cache is made crash-safe at registration
(reader_cache.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

from meded_core.contents import canonical_root
from meded_core.fields import declared_fields  # noqa: F401 - fields are declared in meded_core
from pelican import signals

from .feeds import ACTIVE_WRITERS, ArchiveFeedWriter
from .page_meta import attach_page_meta
from .reader_cache import install as install_reader_cache
from .search_index import SearchIndexJob, search_document, sync_documents
from .sitemap import write_robots, write_sitemap

_search_jobs: list[SearchIndexJob] = []

__all__ = ["register"]

logger = logging.getLogger(__name__)


def _content_init(content) -> None:
    if content.__class__.__name__ in {"Article", "Page"} and getattr(content, "title", None):
        attach_page_meta(content, content.settings)


def _add_context(pelican) -> None:
    pelican.settings["SITE_CANONICAL_ROOT"] = canonical_root(pelican.settings)


def _writer(pelican):
    return ArchiveFeedWriter


def _start_search_index(generators) -> None:
    """Posts and pages are final here: index them while Pelican renders the site."""
    _search_jobs.clear()
    settings = generators[0].settings
    if not settings.get("PAGEFIND", True):
        return
    lang = settings.get("DEFAULT_LANG", "en")
    documents = []
    for generator in generators:
        for content in [*getattr(generator, "articles", []), *getattr(generator, "pages", [])]:
            document = search_document(content, getattr(content, "lang", lang) or lang)
            if document:
                documents.append(document)
    source = Path(settings["CACHE_PATH"]) / "search-src"
    digest = sync_documents(documents, source)
    job = SearchIndexJob(source, Path(settings["OUTPUT_PATH"]), digest)
    job.start()
    _search_jobs.append(job)


def _finalize(pelican) -> None:
    output = Path(pelican.settings["OUTPUT_PATH"])
    root = canonical_root(pelican.settings)
    for job in _search_jobs:
        job.finish()
    _search_jobs.clear()
    write_sitemap(output, root)
    write_robots(output, root)
    for writer in ACTIVE_WRITERS:
        writer.save_render_cache()
        cache = writer.render_cache
        if cache is not None:
            logger.info("pages: %d rendered, %d unchanged and reused", cache.rendered, cache.reused)


def register() -> None:
    install_reader_cache()
    signals.initialized.connect(_add_context)
    signals.content_object_init.connect(_content_init)
    signals.get_writer.connect(_writer)
    signals.all_generators_finalized.connect(_start_search_index)
    signals.finalized.connect(_finalize)
