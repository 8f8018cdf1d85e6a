"""What a feed says about one post: its id, its people, its DOI, its full HTML and summary.

Shared by the Atom/RSS writer and the JSON Feed so that every format gives archives the same
answers. Rogue Scholar (and other archives) match posts by entry id, read an author's ORCID
from the Atom ``<author><uri>``, and extract the reference list from the entry's HTML; those
rules are what this module encodes.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Any

from feedgenerator import get_tag_uri
from meded_core import feed_sections_html

# href="#ref-1" in a feed resolves against the feed's URL, not the post's: make it absolute.
_FRAGMENT_LINK = re.compile(r"""(\s(?:href|xlink:href)=)(["'])#""")


@dataclass(frozen=True)
class FeedPerson:
    name: str  # without degrees: archives split names on commas
    page: str | None  # the author page on this site
    orcid: str | None = None  # https://orcid.org/… when the person has one

    @property
    def uri(self) -> str | None:
        """The ORCID URL when known (what Rogue Scholar reads), else the author page."""
        return self.orcid or self.page


def entry_id(item: Any, link: str) -> str:
    """The entry id, which never changes once a post is published.

    A ``tag:`` URI of the post's first URL and date, unless the post declares its id in
    ``feed_id`` (``make doi`` writes the post's pre-registered DOI there, so Rogue Scholar
    registers that DOI). A DOI added to a post later never changes the id: readers and
    archives would see a new post.
    """
    declared = (getattr(item, "metadata", None) or {}).get("feed_id")
    if declared:
        return str(declared).strip()
    return get_tag_uri(link, item.date)


def feed_people(item: Any, base: str) -> list[FeedPerson]:
    """Each author in byline order: plain name, author page and ORCID."""
    records = getattr(item, "author_records", None)
    if records:
        return [
            FeedPerson(r.name, f"{base}/{r.url}", getattr(r, "orcid_url", None)) for r in records
        ]
    return [FeedPerson(str(a), f"{base}/{a.url}") for a in getattr(item, "authors", None) or []]


def entry_html(item: Any, base: str, link: str) -> str:
    """The whole post for a feed: body, then the sections plugins add (the reference list),
    with in-page links (``#ref-1``) made absolute against the post's own URL."""
    body = item.get_content(base)
    extra = feed_sections_html(item)
    html = f"{body}\n{extra}" if extra else body
    return absolute_fragments(html, link)


def entry_summary(item: Any, link: str) -> str:
    """The post's summary (its ``summary:`` or Pelican's automatic one), links made absolute:
    what summary-only feeds carry beside the link to the whole post."""
    return absolute_fragments(str(getattr(item, "summary", "") or ""), link)


def absolute_fragments(html: str, link: str) -> str:
    """In-page links (``#ref-1``) pointed at the post's own URL."""
    return _FRAGMENT_LINK.sub(lambda m: f"{m.group(1)}{m.group(2)}{link}#", html)


def doi_url(item: Any) -> str | None:
    return getattr(item, "doi_url", None)
