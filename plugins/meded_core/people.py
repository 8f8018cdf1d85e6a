"""The people of the site, and a person as a post's front matter names them.

- **The people of the site** (:func:`site_people`): the author registry, from one producer.
  The authors plugin owns ``content/authors.yml`` and its rules (slugs, names, degrees,
  ORCID iDs); the checklist's reviewers, commentary boxes, impact portfolios and
  ``make impact`` ask it here instead of reading the file or importing that plugin, and
  see nobody when it is not installed.
- **A person named in front matter** (:class:`NamedPerson`): front matter pasted from
  al-folio or Quarto names authors as structured entries (a name, perhaps an ORCID iD and
  affiliations). The front-matter reader turns those into ``NamedPerson`` values and the
  authors plugin matches them to registry people, by name or, failing that, by ORCID iD.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .names import PersonName
from .problems import Problem


class SitePerson(Protocol):
    """What other plugins read of a registry person."""

    slug: str
    name: str  # without degrees
    degrees: str
    role: str
    disclosures: str | None  # the person's standing conflict-of-interest statement
    orcid: str | None  # the bare iD, valid when set

    @property
    def display_name(self) -> str: ...  # "Name, Degrees", as bylines credit the person

    @property
    def url(self) -> str: ...  # the author page, relative to the site

    @property
    def orcid_url(self) -> str | None: ...

    @property
    def name_parts(self) -> PersonName: ...  # given, family and particle for citations


class SitePeople(Protocol):
    """The registry: everyone in it, and lookups by slug or name with suggestions."""

    authors: dict[str, SitePerson]  # by slug, in registry order
    problems: list[Problem]  # the registry's mistakes

    def get(self, slug_or_name: str | None) -> SitePerson | None: ...

    def suggest(self, text: str, limit: int = 3) -> list[str]: ...

    def describe(self, slugs: list[str]) -> str: ...  # suggestions as a sentence for a fix


_people: Callable[[Mapping[str, Any]], SitePeople] | None = None


def provide_people(producer: Callable[[Mapping[str, Any]], SitePeople]) -> None:
    """Called once, when the plugin that owns the author registry is imported."""
    global _people
    _people = producer


def site_people(settings: Mapping[str, Any]) -> SitePeople | None:
    """The site's registry, or None when no plugin keeps one (names are then taken as
    written). Outside a build (``make impact``) the site's PLUGINS are imported first."""
    if _people is None:
        from .cited_works import load_site_plugins

        load_site_plugins(settings)
    return _people(settings) if _people is not None else None


IDENTITIES_KEY = "author_identities"


@dataclass(frozen=True)
class NamedPerson:
    """One author entry from front matter (picklable: it travels in the reader cache)."""

    name: str
    orcid: str | None = None
    affiliations: tuple[str, ...] = ()


def author_identities(metadata: dict[str, Any]) -> dict[str, NamedPerson]:
    """The structured author entries of a post, by the name the post gives them."""
    found = metadata.get(IDENTITIES_KEY) or []
    return {person.name: person for person in found if isinstance(person, NamedPerson)}
