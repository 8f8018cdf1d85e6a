"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1), which Rogue Scholar also reads.

Each item carries what the Atom entry carries: the same id, the whole post with its
reference list, every author (``url`` is the ORCID when the person has one, as in the Atom
``<uri>``; the author page stays in the ``_scholarly`` extension object), the language and
the DOI. Pages of older posts follow ``next_url`` (the same stable pages as the Atom archive).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from meded_core.text import plain
from pelican.utils import set_date_tzinfo

from .feed_entries import doi_url, entry_html, entry_id, entry_summary, feed_people

VERSION = "https://jsonfeed.org/version/1.1"


def json_item(item: Any, base: str, timezone: str | None, full_text: bool = True) -> dict[str, Any]:
    """One item; without ``full_text`` (older pages) the summary stands in for the post."""
    link = f"{base}/{item.url}"
    people = feed_people(item, base)
    summary = entry_summary(item, link)
    data: dict[str, Any] = {
        "id": entry_id(item, link),
        "url": link,
        "title": plain(item.title),
        "content_html": entry_html(item, base, link) if full_text else summary,
        "summary": (Markup(summary).striptags() or None) if full_text else None,
        "date_published": set_date_tzinfo(item.date, timezone).isoformat(),
        "date_modified": set_date_tzinfo(item.modified, timezone).isoformat()
        if getattr(item, "modified", None)
        else None,
        "authors": [{"name": p.name, "url": p.uri} for p in people],
        "tags": [str(t) for t in getattr(item, "tags", None) or []] or None,
        "language": getattr(item, "lang", None),
    }
    extension = {
        "doi": doi_url(item),
        "author_pages": [p.page for p in people if p.page] or None,
        "orcids": [p.orcid for p in people if p.orcid] or None,
        "license": getattr(getattr(item, "license", None), "url", None),
    }
    extension = {k: v for k, v in extension.items() if v}
    if extension:
        data["_scholarly"] = extension
    return {k: v for k, v in data.items() if v is not None}


def json_feed(
    items: list,
    context: dict[str, Any],
    settings: dict[str, Any],
    *,
    base: str,
    feed_url: str,
    next_url: str | None,
    full_text: bool = True,
) -> dict[str, Any]:
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": plain(context.get("SITENAME", "")),
        "home_page_url": f"{base}/",
        "feed_url": feed_url,
        "description": context.get("SITESUBTITLE") or None,
        "language": settings.get("DEFAULT_LANG"),
        "next_url": next_url,
        "items": [json_item(item, base, settings.get("TIMEZONE"), full_text) for item in items],
    }
    return {k: v for k, v in feed.items() if v is not None}
