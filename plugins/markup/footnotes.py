"""Footnotes that readers, and screen readers, can tell apart from citations.

Citations are superscript numbers linking to the References list; Markdown footnotes
(``[^1]``) were too, so "²" could mean either. Footnote markers become bracketed ("[1]")
with an accessible name ("Note 1"), and the notes get their own "Notes" heading.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

NOTES_HEADING_ID = "footnotes-heading"


class FootnoteMarkers(Treeprocessor):
    """Runs after the footnotes extension has built its markers and list."""

    def run(self, root) -> None:
        numbers: dict[str, str] = {}  # footnote id ("1", "aside") -> the number shown
        links = list(root.iter("a"))
        for link in links:
            if "footnote-ref" in (link.get("class") or "").split():
                number = (link.text or "").strip()
                numbers[(link.get("href") or "").rsplit(":", 1)[-1]] = number
                link.text = AtomicString(f"[{number}]")
                link.set("aria-label", f"Note {number}")
                link.set("role", "doc-noteref")
        for link in links:
            if "footnote-backref" in (link.get("class") or "").split():
                target = (link.get("href") or "").rsplit(":", 1)[-1]
                link.set("aria-label", f"Back to note {numbers.get(target, target)} in the text")
                link.set("role", "doc-backlink")
                link.attrib.pop("title", None)
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "div" and "footnote" in (child.get("class") or "").split():
                    self._notes_section(parent, index, child)

    def _notes_section(self, parent, index: int, notes) -> None:
        section = etree.Element(
            "section", {"class": "footnotes", "aria-labelledby": NOTES_HEADING_ID}
        )
        heading = etree.SubElement(section, "h2", {"id": NOTES_HEADING_ID})
        heading.text = "Notes"
        for child in notes:
            if child.tag != "hr":
                section.append(child)
        parent.remove(notes)
        parent.insert(index, section)


def register_footnotes(md: Markdown) -> None:
    md.treeprocessors.register(FootnoteMarkers(md), "footnote_markers", 8)
