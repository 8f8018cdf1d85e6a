"""The inputs of each page and feed, so unchanged ones are not rendered again.

Pelican renders and writes every page on every build, even when nothing changed; our pages
are rich (references, impact panels, checklists), which makes that cost dominant. The
writer asks the build's memo (``meded_core.incremental``) whether a file was written from
the same inputs before; this module says what those inputs are:

* what every page may show: the code, theme, settings, data files and date
  (:func:`meded_core.incremental.inputs`) and the front matter of every post and page (a
  post's metadata shows up on other pages: reviewer credits, topic counts, author lists);
* the page's own inputs: the post or page it shows, or the posts on that page of a list;
* a page whose generator names what it shows of the posts (``page_inputs``, a digest
  passed to the writer with the page's context, e.g. the Cited works list) depends on that;
* pages that show none of those (indexes, dashboards, plugin pages) depend on the whole
  site: any change to any post renders them again.

Correctness rests on the key covering every input; anything unknown makes the key change.
"""

from __future__ import annotations

from typing import Any

from meded_core import feed_sections_html
from meded_core.incremental import digest, inputs, memo

LIST_PAGE_KEYS = ("articles_page", "dates_page")
CONTENT_KEYS = ("article", "page")


def metadata_signature(content: Any) -> str:
    """Hash of a post's or page's front matter (and what plugins added to it), memoised."""
    signature = getattr(content, "_metadata_signature", None)
    if signature is None:
        signature = digest(getattr(content, "source_path", ""), getattr(content, "metadata", {}))
        content._metadata_signature = signature
    return signature


def content_signature(content: Any) -> str:
    """Hash of what a post or page shows about itself; memoised on the object for one build."""
    signature = getattr(content, "_render_signature", None)
    if signature is None:
        signature = digest(
            type(content).__name__, getattr(content, "_content", ""), metadata_signature(content)
        )
        content._render_signature = signature
    return signature


def feed_signature(content: Any) -> str:
    """Hash of what a feed entry shows of a post: the post and the sections other plugins
    add to its entry (references, corrections). Memoised on the object like the others:
    the sections are complete before the first feed is written, and every feed document
    holding the post (its category's, its tags', the archives, the complete feed) asks."""
    signature = getattr(content, "_feed_signature", None)
    if signature is None:
        signature = digest(content_signature(content), str(feed_sections_html(content)))
        content._feed_signature = signature
    return signature


class PageKeys:
    """The key of every file one build writes through the writer."""

    def __init__(self) -> None:
        self.site: str | None = None  # what every page may show
        self.everything: str | None = None  # every post and page as shown
        self.rendered = 0
        self.reused = 0

    def prepare(self, context: dict[str, Any]) -> None:
        if self.site is not None:
            return
        front = [*context.get("articles", []), *context.get("hidden_articles", [])]
        front += [*context.get("pages", []), *context.get("hidden_pages", [])]
        self.site = digest(inputs().all, [metadata_signature(c) for c in front])
        shown = [*context.get("articles", []), *context.get("drafts", [])]
        self.everything = digest(
            [content_signature(c) for c in [*shown, *context.get("pages", [])]]
        )

    def page(self, name: str, template_name: str, localcontext: dict[str, Any]) -> str:
        shown = (localcontext.get(k) for k in CONTENT_KEYS)
        own = [content_signature(content) for content in shown if content is not None]
        for page in (localcontext.get(k) for k in LIST_PAGE_KEYS):
            if page is not None:
                posts = [content_signature(c) for c in page.object_list]
                own.append((page.number, page.paginator.num_pages, posts))
        if localcontext.get("page_inputs") is not None:
            own.append(localcontext["page_inputs"])
        return digest(
            self.site, name, template_name, localcontext.get("SITEURL"), own or self.everything
        )

    def is_current(self, path: str, key: str) -> bool:
        current = memo().output_is_current(path, key)
        if current:
            self.reused += 1
        else:
            self.rendered += 1
        return current


class CachedTemplate:
    """Wraps a Jinja template: skips rendering when the page's inputs are unchanged.

    ``on_reuse(name)`` tells the writer to leave that file alone; ``render`` then returns
    an empty string that the writer discards.
    """

    def __init__(self, template: Any, keys: PageKeys, path_of, on_reuse):
        self._template = template
        self._keys = keys
        self._path_of = path_of
        self._on_reuse = on_reuse

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)

    def render(self, localcontext: dict[str, Any]) -> str:
        name = localcontext.get("output_file")
        if not name:
            return self._template.render(localcontext)
        key = self._keys.page(name, self._template.name, localcontext)
        if self._keys.is_current(self._path_of(name), key):
            self._on_reuse(name)
            return ""
        return self._template.render(localcontext)
