"""A person's name in parts, as citation formats need it (the interface between plugins).

Splitting a name at its last space gets "Zoë van der Berg" ("Berg", plus a particle that
APA then prints as initials) and family-name-first names such as "Nguyễn Thị Minh Khai"
wrong. The author registry therefore stores explicit parts (given, family, particle) or a
one-field name (an organisation, a group, a mononym); :func:`default_parts` is the sound
default for a plain "Given Family" name. Every consumer (CSL for Cite this post and the
downloads, Highwire ``citation_author``, JSON-LD ``givenName``/``familyName``) reads the
same :class:`PersonName`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Lower-case words that begin a family name when they stand before its last word
# ("Ludwig van Beethoven", "Ana de la Cruz"); a capitalised "Van" is left to the registry.
PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du",
    "la", "le", "ten", "ter", "bin", "ibn", "al", "el", "zu",
})  # fmt: skip
SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})


@dataclass(frozen=True)
class PersonName:
    text: str  # the name as written (without degrees)
    given: str = ""
    family: str = ""
    particle: str = ""  # a non-dropping particle that is part of the family name: "van der"
    suffix: str = ""
    literal: bool = False  # one field: an organisation, a group or a mononym
    organization: bool = False

    @property
    def family_full(self) -> str:
        """The family name with its particle: "van der Berg"."""
        return " ".join(x for x in (self.particle, self.family) if x)

    def csl(self) -> dict[str, str]:
        """The CSL-JSON name object (family, given, non-dropping-particle, suffix or literal)."""
        if self.literal or not self.family:
            return {"literal": self.text}
        name = {"family": self.family}
        if self.given:
            name["given"] = self.given
        if self.particle:
            name["non-dropping-particle"] = self.particle
        if self.suffix:
            name["suffix"] = self.suffix
        return name

    def inverted(self) -> str:
        """ "Family, Given" (Google Scholar's and Zotero's unambiguous form)."""
        if self.literal or not self.family:
            return self.text
        tail = ", ".join(x for x in (self.given, self.suffix) if x)
        return f"{self.family_full}, {tail}" if tail else self.family_full

    def jsonld(self) -> dict[str, Any]:
        """schema.org ``givenName``/``familyName`` (nothing for one-field names)."""
        if self.literal or not self.family:
            return {}
        data = {"familyName": self.family_full}
        if self.given:
            data["givenName"] = self.given
        return data


def default_parts(text: str) -> PersonName:
    """Parts of a plain name: the last word is the family name, lower-case particles before
    it belong to it ("Ludwig van Beethoven"), a trailing "Jr." is a suffix, and a single
    word is a one-field name."""
    words = " ".join(str(text).split()).split(" ")
    if not words or words == [""]:
        return PersonName(text="", literal=True)
    suffix = ""
    if len(words) > 2 and words[-1] in SUFFIXES:
        suffix = words.pop()
    if len(words) == 1:
        return PersonName(text=str(text).strip(), literal=True)
    family = words[-1]
    rest = words[:-1]
    particle: list[str] = []
    while len(rest) > 1 and rest[-1] in PARTICLES:
        particle.insert(0, rest.pop())
    return PersonName(
        text=" ".join(str(text).split()),
        given=" ".join(rest),
        family=family,
        particle=" ".join(particle),
        suffix=suffix,
    )
