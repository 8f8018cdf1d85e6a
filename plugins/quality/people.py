"""Reviewers, raters and authors, looked up among the people of the site.

The quality plugin never reads ``content/authors.yml`` itself: one registry
(:func:`meded_core.people.site_people`), one set of rules for names, degrees and author
pages. When no plugin keeps a registry the lookups degrade to "as written" (no links, no
validation) instead of failing the build.
"""

from __future__ import annotations

from typing import Any

from meded_core.people import SitePeople, site_people

from .model import Person


class People:
    """A thin adapter over the site's registry (or nothing, when there is none)."""

    def __init__(self, registry: SitePeople | None):
        self.registry = registry

    @classmethod
    def for_settings(cls, settings: dict) -> People:
        return cls(site_people(settings))

    @property
    def available(self) -> bool:
        return self.registry is not None

    def find(self, text: str) -> Person | None:
        """The registry person for a slug or display name; None when unknown.

        Without a registry every name is accepted as written.
        """
        key = str(text).strip()
        if not self.available:
            return Person(key=key, name=key)
        author = self.registry.get(key)
        if author is None:
            return None
        return person_from_author(author, key)

    def suggest(self, text: str) -> list[str]:
        return self.registry.suggest(str(text))[:3] if self.available else []


def person_from_author(author: Any, key: str | None = None) -> Person:
    """Map a registry person (:class:`meded_core.people.SitePerson`) to our Person."""
    slug = getattr(author, "slug", None)
    name = getattr(author, "display_name", None) or getattr(author, "name", None) or key or slug
    return Person(
        key=key or slug or str(name),
        name=str(name),
        slug=slug,
        url=getattr(author, "url", None),
        plain_name=str(getattr(author, "name", None) or name),
        orcid_url=getattr(author, "orcid_url", None),
    )


def author_has_credentials(author: Any) -> bool:
    return bool(
        str(getattr(author, "degrees", "") or "").strip()
        or str(getattr(author, "role", "") or "").strip()
    )


def author_disclosure(author: Any) -> str:
    return str(getattr(author, "disclosures", "") or "").strip()
