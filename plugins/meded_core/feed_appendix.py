"""Sections a plugin adds to the end of a post in feeds (the reference list, for example).

A feed entry carries the post's body, not the page template, so anything the template adds
after the body (the References section) is lost to feed readers and archives such as Rogue
Scholar, which extract a post's reference list from its feed entry. A plugin contributes its
section here as sanitised HTML; the feed writer appends every section, in order, to the entry.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup


def contribute_feed_section(content: Any, name: str, html: Markup) -> None:
    """Add (or replace) the section ``name`` of ``content``'s feed entry."""
    sections = getattr(content, "feed_sections", None)
    if sections is None:
        sections = {}
        content.feed_sections = sections
    if html:
        sections[name] = Markup(html)
    else:
        sections.pop(name, None)


def feed_sections_html(content: Any) -> Markup:
    """Every contributed section, in the order they were added."""
    sections = getattr(content, "feed_sections", None) or {}
    return Markup("\n").join(sections.values())
