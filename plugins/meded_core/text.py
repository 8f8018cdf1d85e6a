"""Plain-text fields stay text: "Troponin <5 ng/L and eGFR >60" is a clinical threshold.

Titles, site names and front-matter strings are text. Templates escape them (autoescape),
feeds and exports write them as they are; nothing strips "tags" from them, because a
tag stripper reads ``<5 ng/L and eGFR >`` as a tag and publishes "Troponin 60".

Reference titles from bibliographic APIs are different: CSL and Crossref strings may carry
real inline markup (``<i>E. coli</i>``, ``H<sub>2</sub>O``, JATS ``<jats:italic>``,
MathML) and HTML entities. :func:`markup_to_text` removes only those known tags (by name,
with quoted attributes) and decodes entities, so a ``<`` that does not open one of them
("a<b and c>d") is kept.
"""

from __future__ import annotations

import html
import re
from typing import Any

# Inline markup that CSL processors, Crossref (JATS), PubMed and MathML put in titles.
INLINE_TAGS = (
    "i|b|em|strong|u|sup|sub|sc|span|small|smallcaps|tt|br|p|div|"
    "italic|bold|underline|monospace|roman|sans-serif|inline-formula|title|"
    "math|mi|mo|mn|ms|mrow|msub|msup|msubsup|mfrac|msqrt|mtext|mspace|mover|munder"
)
_INLINE_TAG = re.compile(
    rf"</?(?:[a-z]+:[a-z][a-z0-9-]*|(?:{INLINE_TAGS}))"
    r"""(?:\s+[a-z][a-z0-9:-]*\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))*\s*/?>""",
    re.IGNORECASE,
)


def plain(value: Any) -> str:
    """A plain-text field (a post title, the site name) as text: never tag-stripped."""
    return "" if value is None else str(value)


def markup_to_text(value: Any) -> str:
    """Text of a string that may carry inline markup (API titles): the known inline tags
    removed, entities decoded, whitespace collapsed; any other ``<`` or ``>`` kept."""
    text = _INLINE_TAG.sub("", "" if value is None else str(value))
    return " ".join(html.unescape(text).split())
