"""Typed data one plugin publishes on a post for others to read.

Plugins never read each other's attributes: the owner calls a ``set_…`` function, readers
call the matching getter, and both sides agree on the dataclass. A getter on a post the
owner never touched returns an empty value, so a site without that plugin still builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .cited_works import CitedWork  # one type for a post's and the site's cited works
from .people import SitePerson

_WORKS = "_meded_cited_works"
_ROLES = "_meded_contributor_roles"
_IMAGE = "_meded_share_image"
_HEAD_AUTHORS = "_meded_head_authors"
_PEOPLE = "_meded_post_people"


def set_cited_works(content: Any, works: list[CitedWork]) -> None:
    """Called by the citations plugin once a post's reference list is known."""
    setattr(content, _WORKS, tuple(works))


def cited_works(content: Any) -> tuple[CitedWork, ...]:
    """The resolved works a post cites, in reference-list order (empty without citations)."""
    return getattr(content, _WORKS, ())


def set_post_people(content: Any, people: list[SitePerson]) -> None:
    """Called by the authors plugin: the people a post credits, in byline order (registry
    people, and people as written for names the registry does not know)."""
    setattr(content, _PEOPLE, tuple(people))


def post_people(content: Any) -> tuple[SitePerson, ...] | None:
    """The people a post credits; None when no plugin credits people (the authors plugin
    is not installed), so a reader can fall back to the names as written."""
    return getattr(content, _PEOPLE, None)


def set_head_authors(content: Any, names: tuple[str, ...]) -> None:
    """Called by the authors plugin: the authors its head partial writes as
    ``citation_author`` tags (the citations plugin then leaves them out)."""
    setattr(content, _HEAD_AUTHORS, tuple(names))


def head_authors(content: Any) -> tuple[str, ...]:
    """The ``citation_author`` names another plugin already writes for this post."""
    return getattr(content, _HEAD_AUTHORS, ())


@dataclass(frozen=True)
class ContributorRole:
    """One CRediT role of one author: the term, its label and its NISO vocabulary URI."""

    term: str  # "writing-original-draft"
    label: str  # "Writing, original draft" (with an en dash)
    uri: str  # https://credit.niso.org/contributor-roles/writing-original-draft/


def set_contributor_roles(content: Any, roles: dict[str, tuple[ContributorRole, ...]]) -> None:
    """Called by the authors plugin: CRediT roles by author slug."""
    setattr(content, _ROLES, dict(roles))


def contributor_roles(content: Any) -> dict[str, tuple[ContributorRole, ...]]:
    """CRediT roles by author slug ({} when the post gives none)."""
    return dict(getattr(content, _ROLES, None) or {})


@dataclass(frozen=True)
class ShareImage:
    """The image social networks and search engines show for a post.

    ``url`` is site-relative (``images/hero.png``); ``generated`` marks a social card drawn
    by the build because the post has no raster image of its own.
    """

    url: str
    alt: str
    width: int | None = None
    height: int | None = None
    media_type: str = ""
    generated: bool = False


def set_share_image(content: Any, image: ShareImage | None) -> None:
    setattr(content, _IMAGE, image)


def share_image(content: Any) -> ShareImage | None:
    return getattr(content, _IMAGE, None)


@dataclass(frozen=True)
class FollowLink:
    """One of the site's own accounts or subscriptions ("Follow us"): footer and feeds."""

    kind: str  # x, bluesky, mastodon, newsletter, rss
    network: str  # what readers see ("Bluesky")
    url: str  # absolute
    text: str  # the handle as people write it


_FOLLOW = "site_follow"


def set_follow_links(context: dict, links: list[FollowLink]) -> None:
    """Called by the authors plugin, which validates handles, once per build."""
    context[_FOLLOW] = list(links)


def follow_links(context: dict) -> list[FollowLink]:
    return list(context.get(_FOLLOW) or [])
