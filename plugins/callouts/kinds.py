"""The callout kinds an educator can write after ``!!!``, and the words readers see.

Each kind is named in text as well as styled, so the box never relies on colour alone.
Aliases accept the spellings people bring from other tools (Quarto's tip/warning/important,
MkDocs' note) so a migrated post keeps its boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
import difflib


@dataclass(frozen=True)
class Kind:
    name: str  # the CSS modifier: callout--pearls
    label: str  # what readers see: "Pearls"


KINDS = {
    k.name: k
    for k in (
        Kind("pearls", "Pearls"),
        Kind("pitfalls", "Pitfalls"),
        Kind("key-points", "Key points"),
        Kind("bottom-line", "Clinical bottom line"),
        Kind("commentary", "Expert commentary"),
        Kind("note", "Note"),
    )
}
ALIASES = {
    "pearl": "pearls",
    "tip": "pearls",
    "pitfall": "pitfalls",
    "warning": "pitfalls",
    "caution": "pitfalls",
    "key-point": "key-points",
    "keypoints": "key-points",
    "important": "key-points",
    "bottomline": "bottom-line",
    "clinical-bottom-line": "bottom-line",
    "expert-commentary": "commentary",
    "expert": "commentary",
}
COMMENTARY = "commentary"
EXAMPLE = '!!! pearl "Optional title" (then the text, indented by four spaces)'


def kind_for(word: str) -> Kind | None:
    key = word.strip().lower()
    return KINDS.get(ALIASES.get(key, key))


def suggest(word: str) -> list[str]:
    """The written names closest to a misspelt kind ("perl" -> "pearl")."""
    return difflib.get_close_matches(word.lower(), [*KINDS, *ALIASES], n=3, cutoff=0.5)
