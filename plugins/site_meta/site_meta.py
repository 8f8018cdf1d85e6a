"""Site-wide publishing plumbing: head metadata, archive-grade feeds, sitemap, search.

Signals: ``content_object_init`` attaches per-page metadata; ``get_writer`` swaps in the
feed writer; ``finalized`` writes sitemap.xml and robots.txt and runs Pagefind.
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from meded_core.fields import declared_fields  # noqa: F401 - fields are declared in meded_core

from .feeds import ArchiveFeedWriter
from .page_meta import attach_page_meta, canonical_root
from .search_index import build_search_index
from .sitemap import write_robots, write_sitemap

__all__ = ["register"]


def _content_init(content) -> None:
    if content.__class__.__name__ in {"Article", "Page"} and getattr(content, "title", None):
        attach_page_meta(content, content.settings)


def _add_context(pelican) -> None:
    pelican.settings["SITE_CANONICAL_ROOT"] = canonical_root(pelican.settings)


def _writer(pelican):
    return ArchiveFeedWriter


def _finalize(pelican) -> None:
    output = Path(pelican.settings["OUTPUT_PATH"])
    root = canonical_root(pelican.settings)
    write_sitemap(output, root)
    write_robots(output, root)
    if pelican.settings.get("PAGEFIND", True):
        build_search_index(output)


def register() -> None:
    signals.initialized.connect(_add_context)
    signals.content_object_init.connect(_content_init)
    signals.get_writer.connect(_writer)
    signals.finalized.connect(_finalize)
