"""Author bios: short Markdown turned into a small, safe HTML fragment.

Bios are written by people, not developers, and may be pasted from anywhere; nh3 keeps only
inline formatting, paragraphs, lists and http(s)/mailto links, so a stray ``<script>`` or an
``onclick`` never reaches a page.
"""

from __future__ import annotations

import markdown
from markupsafe import Markup
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "a",
    "em",
    "strong",
    "code",
    "ul",
    "ol",
    "li",
    "abbr",
    "cite",
    "sub",
    "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_bio(text: str | None) -> Markup:
    """Markdown -> sanitised HTML (a Markup, so templates print it without double escaping)."""
    if not text or not str(text).strip():
        return Markup("")
    html = markdown.markdown(
        str(text), extensions=["markdown.extensions.smarty"], output_format="html"
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
    )
    return Markup(clean.strip())


def plain_text(html: Markup | str) -> str:
    """The bio as plain text (for JSON-LD and meta descriptions); entities decoded."""
    return " ".join(Markup(html).striptags().split())
