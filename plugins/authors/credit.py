"""Machine-readable credit: head tags and schema.org Person entries for a post's authors.

Google Scholar reads ``citation_author`` (+ ``_institution``, ``_orcid``) in author order;
X reads one ``twitter:creator``; Mastodon (4.3+) shows every ``fediverse:creator``; Open Graph
readers take ``article:author`` profile URLs; search engines read JSON-LD Persons whose
``@id`` is the ORCID URL. Everything here is plain data; templates only print it (escaped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .bio import plain_text
from .registry import Author


@dataclass(frozen=True)
class CitationAuthor:
    name: str  # "Family, Given", without degrees: Scholar and Zotero split it unambiguously
    institution: str = ""
    orcid_url: str | None = None


@dataclass(frozen=True)
class AuthorHead:
    citation_authors: list[CitationAuthor] = field(default_factory=list)
    twitter_creator: str | None = None
    fediverse_creators: list[str] = field(default_factory=list)
    article_authors: list[str] = field(default_factory=list)  # absolute author-page URLs
    names: str = ""  # <meta name="author">


def author_head(records: list[Author], root: str) -> AuthorHead:
    """The head-tag data for a post's authors, in byline order."""
    return AuthorHead(
        citation_authors=[
            CitationAuthor(r.name_parts.inverted(), r.affiliation, r.orcid_url) for r in records
        ],
        twitter_creator=next((f"@{r.x}" for r in records if r.x), None),
        fediverse_creators=[r.mastodon for r in records if r.mastodon],
        article_authors=[f"{root}/{r.url}" for r in records],
        names=join_names([r.name for r in records]),
    )


def join_names(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def person_jsonld(author: Author, root: str, *, full: bool = False) -> dict[str, Any]:
    """A schema.org Person. ``@id`` is the ORCID URL when known, else the author page.

    ``full`` adds the bio and photo (author pages); a post's author list stays compact.
    """
    page = f"{root}/{author.url}"
    parts = author.name_parts
    organisation = {"@type": "Organization", "name": author.affiliation}
    if author.ror_url:
        organisation |= {"@id": author.ror_url, "identifier": author.ror_url}
    person: dict[str, Any] = {
        "@type": "Organization" if parts.organization else "Person",
        "@id": author.orcid_url or page,
        "name": author.name,
        **parts.jsonld(),
        "url": page,
        "honorificSuffix": author.degrees,
        "identifier": author.orcid_url,
        "jobTitle": author.role,
        "affiliation": organisation if author.affiliation else None,
        "sameAs": author.same_as(root),
    }
    person = {key: value for key, value in person.items() if value}  # what the person has
    if full:
        if author.bio_html:
            person["description"] = plain_text(author.bio_html)
        if author.photo:
            person["image"] = f"{root}/{author.photo}" if author.photo_local else author.photo
    return person


def authors_jsonld(records: list[Author], root: str) -> dict[str, Any]:
    """The keys a post contributes to its BlogPosting JSON-LD."""
    return {"author": [person_jsonld(r, root) for r in records]}


def profile_jsonld(author: Author, root: str) -> dict[str, Any]:
    """A ProfilePage for the author page, its main entity the Person."""
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": f"{root}/{author.url}",
        "mainEntity": person_jsonld(author, root, full=True),
    }


def profile_open_graph(author: Author, root: str) -> list[tuple[str, str]]:
    """Open Graph ``profile`` tags for an author page, so link previews show the person."""
    parts = author.name_parts
    tags = [
        ("og:type", "profile"),
        ("og:title", author.display_name),
        ("og:url", f"{root}/{author.url}"),
    ]
    summary = plain_text(author.bio_html) if author.bio_html else (author.role or "")
    if summary:
        tags.append(("og:description", summary[:300]))
    if author.photo:
        tags.append(("og:image", f"{root}/{author.photo}" if author.photo_local else author.photo))
    if not parts.literal and parts.family:
        if parts.given:
            tags.append(("profile:first_name", parts.given))
        tags.append(("profile:last_name", parts.family_full))
    tags.append(("profile:username", author.slug))
    return tags
