"""Keep reference text safe: citeproc-py does not escape field values (it passes them
through as markup).

Before formatting, every string in an item is HTML-escaped and then only the inline markup
CSL allows is restored (``<i> <b> <sup> <sub> <span class="nocase">``; Crossref's JATS face
tags are mapped onto these). Everything else, ``<script>`` included, stays visible text.
After formatting, nh3 cleans the result against the same short allow-list, as a second
line of defence against anything the formatter itself might add.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup
import nh3

ALLOWED_TAGS = {"i", "b", "sup", "sub", "span"}
ALLOWED_ATTRIBUTES = {"span": {"class"}}
JATS = {
    "jats:italic": "i",
    "italic": "i",
    "em": "i",
    "jats:bold": "b",
    "bold": "b",
    "strong": "b",
    "jats:sup": "sup",
    "jats:sub": "sub",
    "jats:sc": 'span class="small-caps"',
    "mml:mi": None,
    "mml:mo": None,
    "mml:mn": None,
}
_RESTORE = re.compile(
    r'&lt;(/?)(i|b|sup|sub|span class="nocase"|span|jats:[a-z]+|italic|bold|em|strong)&gt;',
    re.IGNORECASE,
)


def escape_text(value: str) -> str:
    """Escape a field value, then restore the allowed inline tags only."""
    escaped = html.escape(str(value), quote=False)

    def restore(match: re.Match) -> str:
        closing, tag = match.group(1), match.group(2).lower()
        if tag == 'span class="nocase"':
            return '<span class="nocase">'
        if tag == "span":
            return "</span>" if closing else match.group(0)
        mapped = JATS.get(tag, tag if tag in {"i", "b", "sup", "sub"} else "")
        if not mapped:
            return match.group(0)
        if closing:
            return f"</{mapped.split(' ')[0]}>"
        return f"<{mapped}>"

    text = _RESTORE.sub(restore, escaped)
    return _balance(text)


def _balance(text: str) -> str:
    """Drop restored tags that would be left open or closed without opening (a stray
    ``<i>`` in a title must not italicise the rest of the page)."""
    stack: list[re.Match] = []
    drop: list[re.Match] = []
    for match in re.finditer(r"<(/?)(i|b|sup|sub|span)\b[^>]*>", text):
        closing, tag = match.group(1), match.group(2)
        if not closing:
            stack.append(match)
        elif stack and stack[-1].group(2) == tag:
            stack.pop()
        else:
            drop.append(match)
    out, last = [], 0
    for match in sorted([*drop, *stack], key=lambda m: m.start()):
        out.append(text[last : match.start()])
        out.append(html.escape(html.unescape(match.group(0)), quote=False))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def escape_item(item: dict[str, Any]) -> dict[str, Any]:
    """A copy of a CSL item with every string escaped (names and literal dates too)."""

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            return value if key in {"id", "type"} else escape_text(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: (v if k == "date-parts" else walk(v, k)) for k, v in value.items()}
        return value

    return walk(item)


def clean_html(fragment: str) -> Markup:
    """The formatter's output, reduced to the inline allow-list."""
    fragment = fragment.replace(
        '<span style="font-variant:small-caps;">', '<span class="small-caps">'
    )
    cleaned = nh3.clean(
        fragment,
        tags=ALLOWED_TAGS | {"a"},
        attributes={**ALLOWED_ATTRIBUTES, "a": {"href"}},
        url_schemes={"https", "http"},
        link_rel=None,
    )
    return Markup(cleaned)
