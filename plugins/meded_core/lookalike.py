"""Compare names as a reader sees them: look-alikes are the same name.

Why: "Maya Okafor" and "M\u0430ya Okafor" (a Cyrillic a, U+0430) or "Maya\u200bOkafor" with a
zero-width space are different strings but the same name on the page, so a duplicate
check on raw text lets a second, impostor record through. :func:`lookalike_key` folds
compatibility forms (NFKC: full-width letters, ligatures), drops invisible format and
control characters, folds case and spacing, and maps each character that Unicode lists as
confusable with a Latin letter onto that letter (the confusables data comes from the
``confusable_homoglyphs`` package, which ships Unicode's confusables.txt).
"""

from __future__ import annotations

from functools import cache
import unicodedata

from confusable_homoglyphs import confusables

_INVISIBLE = {"Cf", "Cc", "Co", "Cn"}  # zero-width spaces and joiners, BOM, controls


@cache
def _latin(char: str) -> str:
    """The Latin letter ``char`` is confusable with, or ``char`` itself."""
    if char.isascii():
        return char
    found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True) or []
    for entry in found:
        for glyph in entry.get("homoglyphs", []):
            if glyph["c"].isascii() and "LATIN" in glyph["n"]:
                return glyph["c"]
    return char


def lookalike_key(text: object) -> str:
    """A key equal for names that look alike on the page."""
    folded = unicodedata.normalize("NFKC", str(text))
    folded = "".join(
        " " if ch.isspace() else ch
        for ch in folded
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
    )
    folded = " ".join(folded.split())
    return "".join(
        _latin(ch) if _latin(ch) != ch else _latin(ch.upper()) for ch in folded
    ).casefold()
