"""Feeds good enough for a blog archive (Rogue Scholar and friends).

Pelican's writer already writes Atom and RSS; this subclass adds what archives ask for:
absolute entry links even in local builds, every author's real name, a stable entry id
(the post's DOI when it has one), the licence as ``<rights>``, and RFC 5005 archive pages
(``prev-archive`` links) so the whole history is reachable, not only the newest entries.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from feedgenerator import Atom1Feed, Rss201rev2Feed, get_tag_uri
from markupsafe import Markup
from pelican.utils import sanitised_join, set_date_tzinfo
from pelican.writers import Writer

from .render_cache import CachedTemplate, RenderCache, content_signature, digest

ACTIVE_WRITERS: list[Writer] = []  # the writer of the current build, for saving its cache


class _ArchiveLinksMixin:
    """Adds ``<link rel=…>`` (Atom) or ``<atom:link rel=…>`` (RSS) to the feed root."""

    archive_links: list[tuple[str, str]]

    empty_feed_date = None  # set by the writer: feeds with no entries stay reproducible

    def latest_post_date(self):
        """feedgenerator stamps an empty feed with the current time; use the site's newest post."""
        if not self.items and self.empty_feed_date is not None:
            return self.empty_feed_date
        return super().latest_post_date()

    def add_archive_link(self, rel: str, href: str) -> None:
        self.archive_links = [*getattr(self, "archive_links", []), (rel, href)]

    def _write_archive_links(self, handler, tag: str) -> None:
        for rel, href in getattr(self, "archive_links", []):
            handler.addQuickElement(tag, "", {"rel": rel, "href": href})


class ArchivedAtomFeed(_ArchiveLinksMixin, Atom1Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        self._write_archive_links(handler, "link")

    def add_item_elements(self, handler, item):
        """One ``<author>`` per person (feedgenerator writes at most one)."""
        super().add_item_elements(handler, item)
        for name, uri in item.get("people", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if uri:
                handler.addQuickElement("uri", uri)
            handler.endElement("author")


class ArchivedRssFeed(_ArchiveLinksMixin, Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        self._write_archive_links(handler, "atom:link")

    def add_item_elements(self, handler, item):
        """One ``<dc:creator>`` per person: RSS's own ``<author>`` must be an e-mail address."""
        super().add_item_elements(handler, item)
        for name, _uri in item.get("people", ()):
            handler.addQuickElement("dc:creator", name)


def entry_id(item: Any, link: str) -> str:
    """The DOI URL when the post has a DOI (it never changes), else a tag: URI of link+date."""
    if getattr(item, "doi_url", None):
        return item.doi_url
    return get_tag_uri(link, item.date)


def people(item: Any, base: str) -> list[tuple[str, str | None]]:
    """(plain name, author page URL) per author, in order.

    Plain names without degrees: "Daniel Reyes, MD, MHPE" would read as three people to
    an archive that splits on commas.
    """
    records = getattr(item, "author_records", None)
    if records:
        return [(r.name, f"{base}/{r.url}") for r in records]
    return [(str(a), f"{base}/{a.url}") for a in getattr(item, "authors", None) or []]


def archive_path(path: str, number: int) -> str:
    """``feeds/all.atom.xml`` -> ``feeds/all.atom.2.xml`` for archive page 2."""
    stem, dot, ext = path.rpartition(".")
    return f"{stem}.{number}{dot}{ext}" if dot else f"{path}.{number}"


class ArchiveFeedWriter(Writer):
    """Pelican's writer with archive-friendly feed entries, RFC 5005 archive pages, and a
    render cache that reuses pages and feeds whose inputs did not change (render_cache.py).
    """

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.render_cache = None
        self._reused_paths: set[str] = set()
        if self.settings.get("RENDER_CACHE", True) and self.settings.get("CACHE_PATH"):
            self.render_cache = RenderCache(Path(self.settings["CACHE_PATH"]), Path(output_path))
        ACTIVE_WRITERS[:] = [self]

    def write_file(self, name, template, context, *args, **kwargs):
        if self.render_cache is not None and name:
            self.render_cache.prepare(self.settings, context)
            template = CachedTemplate(template, self.render_cache, self._reuse)
        return super().write_file(name, template, context, *args, **kwargs)

    def _reuse(self, name: str) -> None:
        self._reused_paths.add(sanitised_join(self.output_path, name))

    def _open_w(self, filename, encoding, override=False):
        """A reused page keeps its file: the (empty) render is written to the null device."""
        if filename in self._reused_paths and filename not in self._written_files:
            self._written_files.add(filename)
            if override:
                self._overridden_files.add(filename)
            return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)

    def save_render_cache(self) -> None:
        if self.render_cache is not None:
            self.render_cache.save()

    def _create_new_feed(self, feed_type, feed_title, context):
        feed_class = ArchivedRssFeed if feed_type == "rss" else ArchivedAtomFeed
        title = Markup(feed_title or context["SITENAME"]).striptags()
        dates = [a.date for a in context.get("articles", []) if getattr(a, "date", None)]
        newest = set_date_tzinfo(max(dates), self.settings.get("TIMEZONE")) if dates else None
        license_name = context.get("SITE_LICENSE")
        feed = feed_class(
            title=title,
            link=f"{self.feed_base}/",
            feed_url=self.feed_url,
            description=context.get("SITESUBTITLE", ""),
            subtitle=context.get("SITESUBTITLE", None),
            feed_copyright=f"Content licensed {license_name} unless an entry says otherwise"
            if license_name
            else None,
        )
        feed.empty_feed_date = newest
        return feed

    def _add_item_to_the_feed(self, feed, item):
        title = Markup(item.title).striptags()
        link = self.urljoiner(self.feed_base, item.url)
        content = item.get_content(self.feed_base)
        if isinstance(feed, Rss201rev2Feed):
            description, content = content, None
        else:
            description = item.summary if item.summary != content else None
        categories = [item.category] if getattr(item, "category", None) else []
        categories.extend(getattr(item, "tags", []))
        license_ = getattr(item, "license", None)
        timezone = self.settings.get("TIMEZONE")
        feed.add_item(
            title=title,
            link=link,
            unique_id=entry_id(item, link),
            description=description,
            content=content,
            categories=categories or None,
            people=people(item, self.feed_base),
            pubdate=set_date_tzinfo(item.date, timezone),
            updateddate=set_date_tzinfo(item.modified, timezone)
            if getattr(item, "modified", None)
            else None,
            item_copyright=(f"{license_.name} {license_.url or ''}".strip() if license_ else None),
        )

    def write_feed(
        self,
        elements,
        context,
        path=None,
        url=None,
        feed_type="atom",
        override_output=False,
        feed_title=None,
    ):
        self.feed_base = (context.get("SITEURL") or context.get("FEED_DOMAIN") or "").rstrip("/")
        page_size = self.settings.get("FEED_MAX_ITEMS") or len(elements) or 1
        if not path or not self.settings.get("FEED_ARCHIVE_PAGES") or len(elements) <= page_size:
            self._archive_plan = None
            if self._feed_is_fresh(elements[:page_size], context, path, feed_type, feed_title):
                return None
            return super().write_feed(
                elements, context, path, url, feed_type, override_output, feed_title
            )
        pages = [elements[i : i + page_size] for i in range(0, len(elements), page_size)]
        domain = (context.get("FEED_DOMAIN") or self.feed_base).rstrip("/")
        public = url or path
        first = None
        for number, chunk in enumerate(pages, start=1):
            page_path = path if number == 1 else archive_path(path, number)
            page_url = public if number == 1 else archive_path(public, number)
            self._archive_plan = (number, len(pages), domain, public)
            feed = self._write_one(
                chunk, context, page_path, page_url, feed_type, override_output, feed_title
            )
            first = first or feed
        return first

    def _feed_is_fresh(self, chunk, context, path, feed_type, feed_title) -> bool:
        """True when this feed document was written from the same entries before."""
        if self.render_cache is None or not path:
            return False
        self.render_cache.prepare(self.settings, context)
        key = digest(
            self.render_cache.fingerprint,
            path,
            feed_type,
            feed_title,
            getattr(self, "_archive_plan", None),
            [content_signature(item) for item in chunk],
        )
        fresh = self.render_cache.is_fresh(path, key)
        if fresh:
            self.render_cache.reused += 1
        return fresh

    def _write_one(self, chunk, context, path, url, feed_type, override_output, feed_title):
        # Pelican's write_feed slices to FEED_MAX_ITEMS; each chunk already fits.
        if self._feed_is_fresh(chunk, context, path, feed_type, feed_title):
            return None
        original_create = self._create_new_feed
        number, total, domain, public = self._archive_plan

        def create(*args, **kwargs):
            feed = original_create(*args, **kwargs)
            if number == 1:
                feed.add_archive_link("current", f"{domain}/{public}")
            else:
                feed.add_archive_link("current", f"{domain}/{public}")
                if number > 2:
                    feed.add_archive_link(
                        "next-archive", f"{domain}/{archive_path(public, number - 1)}"
                    )
                else:
                    feed.add_archive_link("next-archive", f"{domain}/{public}")
            if number < total:
                feed.add_archive_link(
                    "prev-archive", f"{domain}/{archive_path(public, number + 1)}"
                )
            return feed

        self._create_new_feed = create
        try:
            return super().write_feed(
                chunk, context, path, url, feed_type, override_output, feed_title
            )
        finally:
            self._create_new_feed = original_create
