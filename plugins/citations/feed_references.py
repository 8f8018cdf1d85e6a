"""The post's reference list as a feed section (see ``meded_core.feed_appendix``).

Archives read a post's references from its feed entry: Rogue Scholar looks for a
"References" heading followed by a list and registers what it finds with Crossref. The page
template's list has back-links and site-relative links that mean nothing in a feed reader,
so the feed gets its own list: the same sanitised entries, their identifier links, and the
same ``id`` anchors that the in-text citations point to.
"""

from __future__ import annotations

from markupsafe import Markup

from .model import Reference


def references_section(references: list[Reference]) -> Markup:
    if not references:
        return Markup("")
    items = []
    for ref in references:
        links = Markup(" · ").join(
            Markup('<a href="{}">{}</a>').format(link.url, link.label) for link in ref.links
        )
        items.append(
            Markup('<li id="{}" value="{}">{}{}</li>').format(
                ref.anchor,
                ref.number,
                ref.html,
                Markup(" ") + links if links else "",
            )
        )
    return Markup(
        '<section class="references" role="doc-bibliography">'
        "<h2>References</h2><ol>{}</ol></section>"
    ).format(Markup("").join(items))
