"""Feeds good enough for a blog archive (Rogue Scholar and friends).

Pelican's writer already writes Atom and RSS; this subclass adds what archives ask for:
absolute entry links even in local builds, every author's real name and ORCID, an entry id
that never changes, the post's DOI beside it, the whole post with its reference list, the
licence as ``<rights>``, and RFC 5005 history:

- the subscription feed (``feeds/all.atom.xml``) holds the newest ``FEED_MAX_ITEMS`` posts;
- archive documents (``feeds/all.atom.1.xml`` = the oldest posts, ``.2`` the next, …) are
  counted from the oldest post and hold only full pages, so an archived page never changes
  when a post is added (a new page appears instead); each carries ``fh:archive``;
- a complete feed (``FEED_COMPLETE_ATOM``, ``fh:complete``) with every published post, for
  archives that read one document and never follow ``prev-archive`` (Rogue Scholar);
- a JSON Feed 1.1 (``FEED_ALL_JSON``) paged the same way (``next_url``).

Each post's full text is written where a reader or archive reads it whole: the newest posts
in the site's subscription feeds (Atom, RSS, and the first JSON Feed page, any of which an
archive may poll) and every post in the complete feed. Everything else (archive pages,
per-author and per-category feeds) carries the summary and the link: repeating the whole post
in a dozen documents made the feeds many times the size of the posts themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
import logging
import os
from pathlib import Path

from feedgenerator import Atom1Feed, Rss201rev2Feed
from meded_core.incremental import digest
from meded_core.shared import FollowLink, follow_links
from meded_core.text import plain
from pelican import signals
from pelican.utils import sanitised_join, set_date_tzinfo
from pelican.writers import Writer

from .feed_entries import doi_url, entry_html, entry_id, entry_summary, feed_people
from .json_feed import json_feed
from .page_keys import CachedTemplate, PageKeys, feed_signature
from .settings import SETTINGS

ACTIVE_WRITERS: list[Writer] = []  # the writer of the current build, for saving its cache
HISTORY_NS = "http://purl.org/syndication/history/1.0"
DC_NS = "http://purl.org/dc/elements/1.1/"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedDocument:
    """One document of a feed: the subscription feed, an archive page, or the complete feed."""

    role: str  # "current", "archive", "complete" or "single" (no history)
    path: str
    url: str  # public path
    number: int = 0  # archive page number, 1 = oldest
    archives: int = 0  # how many archive pages exist
    base: str = ""  # the public path of the subscription feed


def carries_full_text(role: str, base: str, settings: dict) -> bool:
    """The complete feed and the site-wide subscription feeds carry whole posts."""
    names = ["FEED_ALL_ATOM", "FEED_ALL_JSON"]
    if not settings.get("RSS_FEED_SUMMARY_ONLY"):
        names.append("FEED_ALL_RSS")
    site_feeds = {settings.get(name) for name in names} - {None}
    return role == "complete" or (role in ("current", "single") and base in site_feeds)


def archive_path(path: str, number: int) -> str:
    """``feeds/all.atom.xml`` -> ``feeds/all.atom.1.xml`` for archive page 1 (the oldest)."""
    stem, dot, ext = path.rpartition(".")
    return f"{stem}.{number}{dot}{ext}" if dot else f"{path}.{number}"


def archive_pages(elements: list, size: int) -> list[list]:
    """Full pages of ``size`` posts counted from the oldest, each newest-first.

    ``elements`` is newest-first (Pelican's order). The newest, incomplete page is not an
    archive yet: its posts are in the subscription feed until the page fills up.
    """
    if size <= 0 or len(elements) <= size:
        return []
    oldest_first = list(reversed(elements))
    full = len(oldest_first) // size
    return [list(reversed(oldest_first[i * size : (i + 1) * size])) for i in range(full)]


def feed_documents(
    elements: list, path: str, url: str, size: int, history: bool
) -> list[tuple[list, FeedDocument]]:
    """A feed's documents with their posts: the newest ``size`` posts, then (with
    ``history``) the archive pages, oldest first."""
    archives = archive_pages(elements, size) if history else []
    total = len(archives)
    role = "current" if archives else "single"
    documents = [(elements[:size], FeedDocument(role, path, url, archives=total, base=url))]
    for n, chunk in enumerate(archives, start=1):
        page = FeedDocument("archive", archive_path(path, n), archive_path(url, n), n, total, url)
        documents.append((chunk, page))
    return documents


def history_links(doc: FeedDocument, domain: str) -> list[tuple[str, str]]:
    """RFC 5005 links of one document."""
    current = f"{domain}/{doc.base}"
    links = [("current", current)]
    if doc.role == "current" and doc.archives:
        links.append(("prev-archive", f"{domain}/{archive_path(doc.base, doc.archives)}"))
    if doc.role == "archive":
        if doc.number > 1:
            links.append(("prev-archive", f"{domain}/{archive_path(doc.base, doc.number - 1)}"))
        if doc.number < doc.archives:
            links.append(("next-archive", f"{domain}/{archive_path(doc.base, doc.number + 1)}"))
    return links


class _HistoryMixin:
    """RFC 5005 links and markers on the feed root, and per-person, per-DOI entry elements."""

    history_links: tuple[tuple[str, str], ...] = ()
    history_marker: str | None = None  # "archive" or "complete"
    follow: tuple[FollowLink, ...] = ()  # the site's own accounts (Atom rel="related")
    icon_url: str | None = None
    empty_feed_date = None  # set by the writer: feeds with no entries stay reproducible

    def latest_post_date(self):
        """feedgenerator stamps an empty feed with the current time; use the site's newest post."""
        if not self.items and self.empty_feed_date is not None:
            return self.empty_feed_date
        return super().latest_post_date()

    def _write_history(self, handler, link_tag: str) -> None:
        for rel, href in self.history_links:
            handler.addQuickElement(link_tag, "", {"rel": rel, "href": href})
        if self.history_marker:
            handler.addQuickElement(f"fh:{self.history_marker}", "")


class ArchivedAtomFeed(_HistoryMixin, Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:fh": HISTORY_NS, "xmlns:dc": DC_NS}

    def add_root_elements(self, handler):
        """History links, then the site's icon and its own accounts ("Follow us") as
        ``rel="related"`` links with the network as title (RFC 4287 section 4.2.7)."""
        super().add_root_elements(handler)
        self._write_history(handler, "link")
        if self.icon_url:
            handler.addQuickElement("icon", self.icon_url)
        for link in self.follow:
            if link.kind != "rss":  # the feed itself
                handler.addQuickElement(
                    "link", "", {"rel": "related", "href": link.url, "title": link.network}
                )

    def add_item_elements(self, handler, item):
        """One ``<author>`` per person (feedgenerator writes at most one): ``<uri>`` is the
        ORCID when the person has one (Rogue Scholar reads it there), and the author page is
        kept as a ``rel="author"`` link. The DOI is a ``rel="related"`` link and
        ``dc:identifier``, never the id (ids do not change)."""
        super().add_item_elements(handler, item)
        for person in item.get("people", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", person.name)
            if person.uri:
                handler.addQuickElement("uri", person.uri)
            handler.endElement("author")
        for person in item.get("people", ()):
            if person.page:
                handler.addQuickElement(
                    "link", "", {"rel": "author", "href": person.page, "title": person.name}
                )
        if item.get("doi_url"):
            handler.addQuickElement(
                "link", "", {"rel": "related", "href": item["doi_url"], "title": "DOI"}
            )
            handler.addQuickElement("dc:identifier", item["doi_url"])


class ArchivedRssFeed(_HistoryMixin, Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC_NS, "xmlns:fh": HISTORY_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        self._write_history(handler, "atom:link")

    def add_item_elements(self, handler, item):
        """One ``<dc:creator>`` per person: RSS's own ``<author>`` must be an e-mail address."""
        super().add_item_elements(handler, item)
        for person in item.get("people", ()):
            handler.addQuickElement("dc:creator", person.name)
        if item.get("doi_url"):
            handler.addQuickElement("dc:identifier", item["doi_url"])


class ArchiveFeedWriter(Writer):
    """Pelican's writer with archive-friendly feed entries, RFC 5005 history, the complete
    and JSON feeds; pages and feeds whose inputs did not change are left as they are
    (page_keys.py).
    """

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.page_keys = PageKeys()
        self._full_text = True  # whether the document being written carries whole posts
        self._reused_paths: set[str] = set()
        ACTIVE_WRITERS[:] = [self]

    def write_file(self, name, template, context, *args, **kwargs):
        if name:
            self.page_keys.prepare(context)
            template = CachedTemplate(template, self.page_keys, self._output_file, self._reuse)
        return super().write_file(name, template, context, *args, **kwargs)

    def _output_file(self, name: str) -> str:
        return sanitised_join(self.output_path, name)

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

    # --- Feed documents -----------------------------------------------------------------

    def _create_new_feed(self, feed_type, feed_title, context):
        feed_class = ArchivedRssFeed if feed_type == "rss" else ArchivedAtomFeed
        title = plain(feed_title or context["SITENAME"])
        dates = [a.date for a in context.get("articles", []) if getattr(a, "date", None)]
        newest = set_date_tzinfo(max(dates), self.settings.get("TIMEZONE")) if dates else None
        license_name = context.get("SITE_LICENSE")
        feed = feed_class(
            title=title,
            link=f"{self.feed_base}/",
            feed_url=self.feed_url,
            description=context.get("SITESUBTITLE", ""),
            subtitle=context.get("SITESUBTITLE", None),
            language=context.get("DEFAULT_LANG"),
            feed_copyright=f"Content licensed {license_name} unless an entry says otherwise"
            if license_name
            else None,
        )
        feed.empty_feed_date = newest
        feed.follow = tuple(follow_links(context))
        static = context.get("THEME_STATIC_DIR") or "theme"
        feed.icon_url = f"{self.feed_base}/{static}/favicon.svg"
        return feed

    def _add_item_to_the_feed(self, feed, item):
        title = plain(item.title)
        link = self.urljoiner(self.feed_base, item.url)
        summary = entry_summary(item, link)
        if not self._full_text:
            description, content = summary, None
        elif isinstance(feed, Rss201rev2Feed):
            description, content = entry_html(item, self.feed_base, link), None
        else:
            description, content = summary, entry_html(item, self.feed_base, link)
        categories = [item.category] if getattr(item, "category", None) else []
        categories.extend(getattr(item, "tags", []))
        license_ = getattr(item, "license", None)
        timezone = self.settings.get("TIMEZONE")
        unique_id = entry_id(item, link)
        feed.add_item(
            title=title,
            link=link,
            unique_id=unique_id,
            unique_id_is_permalink=unique_id == link,  # RSS guid: only the post's own address
            description=description,
            content=content,
            categories=categories or None,
            people=feed_people(item, self.feed_base),
            doi_url=doi_url(item),
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
        if not path:
            return super().write_feed(
                elements, context, path, url, feed_type, override_output, feed_title
            )
        size = self.settings.get("FEED_MAX_ITEMS") or len(elements) or 1
        documents = feed_documents(elements, path, url or path, size, self._keeps_history(path))
        written = [
            self._write_document(chunk, context, doc, feed_type, override_output, feed_title)
            for chunk, doc in documents
        ]
        if path == self.settings.get("FEED_ALL_ATOM"):
            self._write_site_feeds(elements, context, size, override_output)
        return written[0]

    def _keeps_history(self, path: str) -> bool:
        """Archive pages for the site-wide feeds only: a per-author or per-category feed is a
        subscription to new posts, and the whole history is in the site's archive."""
        site_feeds = {self.settings.get(name) for name in ("FEED_ALL_ATOM", "FEED_ALL_RSS")}
        return SETTINGS.values(self.settings)["FEED_ARCHIVE_PAGES"] and path in site_feeds

    def _write_site_feeds(self, elements, context, size, override_output) -> None:
        """The complete Atom feed and the JSON Feed, written beside the site's main feed."""
        values = SETTINGS.values(self.settings)
        complete = values["FEED_COMPLETE_ATOM"]
        if complete:
            doc = FeedDocument("complete", complete, complete, base=complete)
            self._write_document(elements, context, doc, "atom", override_output, None)
        json_path = values["FEED_ALL_JSON"]
        if json_path:
            self._write_json_feed(elements, context, json_path, size)

    def _write_json_feed(self, elements, context, path: str, size: int) -> None:
        history = SETTINGS.values(self.settings)["FEED_ARCHIVE_PAGES"]
        documents = feed_documents(elements, path, path, size, history)
        domain = (context.get("FEED_DOMAIN") or self.feed_base).rstrip("/")
        for chunk, doc in documents:
            if self._feed_is_fresh(chunk, context, doc, "json", None):
                continue
            next_number = doc.archives if doc.role != "archive" else doc.number - 1
            data = json_feed(
                chunk,
                context,
                self.settings,
                base=self.feed_base,
                feed_url=f"{domain}/{doc.url}",
                next_url=f"{domain}/{archive_path(path, next_number)}" if next_number > 0 else None,
                full_text=carries_full_text(doc.role, doc.base, self.settings),
            )
            target = Path(sanitised_join(self.output_path, doc.path))
            target.parent.mkdir(parents=True, exist_ok=True)
            with self._open_w(str(target), "utf-8") as fp:
                json.dump(data, fp, ensure_ascii=False, indent=1)
                fp.write("\n")
            logger.info('Writing "%s"', target)

    def _feed_is_fresh(self, chunk, context, doc: FeedDocument, feed_type, feed_title) -> bool:
        """True when this feed document was written from the same entries before."""
        self.page_keys.prepare(context)
        key = digest(
            self.page_keys.site,
            feed_type,
            feed_title,
            [doc.role, doc.path, doc.url, doc.number, doc.archives, doc.base],
            [feed_signature(item) for item in chunk],
        )
        fresh = self.page_keys.is_current(self._output_file(doc.path), key)
        if fresh:
            # kept as it is, but still written by this build (pruning and overwrite checks)
            self._written_files.add(sanitised_join(self.output_path, doc.path))
        return fresh

    def _write_document(self, chunk, context, doc, feed_type, override_output, feed_title):
        """One Atom/RSS document with its history links (Pelican's write_feed, unsliced)."""
        if self._feed_is_fresh(chunk, context, doc, feed_type, feed_title):
            return None
        self.site_url = context.get("SITEURL", "")
        self.feed_domain = context.get("FEED_DOMAIN")
        self.feed_url = self.urljoiner(self.feed_domain, doc.url)
        domain = (context.get("FEED_DOMAIN") or self.feed_base).rstrip("/")
        feed = self._create_new_feed(feed_type, feed_title, context)
        if doc.role in ("current", "archive"):
            feed.history_links = tuple(history_links(doc, domain))
        feed.history_marker = doc.role if doc.role in ("archive", "complete") else None
        self._full_text = carries_full_text(doc.role, doc.base, self.settings)
        for element in chunk:
            self._add_item_to_the_feed(feed, element)
        signals.feed_generated.send(context, feed=feed)
        complete_path = sanitised_join(self.output_path, doc.path)
        os.makedirs(os.path.dirname(complete_path), exist_ok=True)
        with self._open_w(complete_path, "utf-8", override_output) as fp:
            feed.write(fp, "utf-8")
            logger.info('Writing "%s"', complete_path)
        signals.feed_written.send(complete_path, context=context, feed=feed)
        return feed
