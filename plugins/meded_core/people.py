"""A person as a post's front matter names them, before the author registry is consulted.

Front matter pasted from al-folio or Quarto names authors as structured entries (a name,
perhaps an ORCID iD and affiliations). The front-matter reader turns those into
``NamedPerson`` values and the authors plugin matches them to registry people, by name or,
failing that, by ORCID iD. This type is the only thing the two plugins share about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
