"""``!!! pearl "Title"`` boxes in Markdown, written as accessible ``<aside>`` callouts.

Python-Markdown's ``admonition`` extension parses the block syntax (an indented body under a
``!!! kind "title"`` line); a tree processor then turns each box into an ``<aside>`` named
by its visible title, with the kind spelt out in words.

Expert commentary is credited to a registry person (``!!! commentary samuel-adeyemi``). The
person's name and degrees come from ``authors.yml``, which Pelican's reader cache does not
watch, so the box carries a placeholder ``<span data-commentator="N">`` with the text as
written, and the plugin fills in the name at ``content_object_init`` on every build (as the
citations extension does for reference numbers). Mistakes found while parsing (an unknown
kind, a commentary box naming nobody) travel with the cached reader output.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from meded_core.source_lines import record_problem

from .kinds import COMMENTARY, EXAMPLE, KINDS, kind_for, suggest

PLACEHOLDER_ATTR = "data-commentator"
METADATA_KEY = "callout_commentaries"
# a box as written here, or a Quarto callout the markup plugin turns into one
_HEADER = re.compile(
    r"^\s*(?:!!! ?[\w\-]+|:::+\s*\{\s*\.callout-(?:note|tip|warning|caution|important)\b)"
)
_FENCE = re.compile(r"^\s*(```|~~~)")


class _HeaderLines(Preprocessor):
    """Remembers the file line of every ``!!!`` header, in order, outside fenced code."""

    def run(self, lines):
        found, fenced = [], False
        for index, line in enumerate(lines):
            if _FENCE.match(line):
                fenced = not fenced
            elif not fenced and _HEADER.match(line):
                found.append(index + getattr(self.md, "body_line", 1))
        self.md.callout_header_lines = found
        return lines


class _Boxes(AdmonitionProcessor):
    """The admonition parser, keeping only a title the author wrote (no "Pearl" made up from
    the kind: the callout shows the kind's own label)."""

    def get_class_and_title(self, match: re.Match[str]) -> tuple[str, str | None]:
        return match.group(1).lower(), match.group(2) or None


class _Callouts(Treeprocessor):
    """Admonition ``<div>``s -> ``<aside class="callout callout--KIND">`` with a titled label."""

    def run(self, root: etree.Element) -> None:
        lines = list(getattr(self.md, "callout_header_lines", []))
        boxes = [el for el in root.iter("div") if "admonition" in (el.get("class") or "").split()]
        for number, box in enumerate(boxes, start=1):
            line = lines[number - 1] if number - 1 < len(lines) else None
            self._convert(box, number, line)

    def _convert(self, box: etree.Element, number: int, line: int | None) -> None:
        words = [w for w in (box.get("class") or "").split() if w != "admonition"]
        written = words[0] if words else ""
        kind = kind_for(written)
        title_el = next(
            (c for c in box if c.tag == "p" and c.get("class") == "admonition-title"), None
        )
        title = title_el.text.strip() if title_el is not None and title_el.text else ""
        if title_el is not None:
            box.remove(title_el)
        if kind is None:
            close = suggest(written)
            record_problem(
                self.md,
                f"unknown callout '{written}'; it is shown as a note",
                (f"did you mean '{close[0]}'? " if close else "")
                + f"use one of: {', '.join(KINDS)}",
                line,
            )
            kind = KINDS["note"]
        box.tag = "aside"
        box.set("class", f"callout callout--{kind.name}")
        heading_id = f"callout-{number}"
        box.set("aria-labelledby", heading_id)
        heading = etree.Element("p", {"class": "callout__title", "id": heading_id})
        label = etree.SubElement(heading, "span", {"class": "callout__kind"})
        if kind.name == COMMENTARY:
            person = " ".join(words[1:]) or title
            label.text = f"{kind.label}:" if person else kind.label
            if person:
                label.tail = " "
                self._placeholder(heading, person, line)
            else:
                record_problem(
                    self.md,
                    "expert commentary names no one; it is shown without a name",
                    "name the person from authors.yml: !!! commentary samuel-adeyemi",
                    line,
                )
        else:
            label.text = f"{kind.label}:" if title else kind.label
            if title:
                label.tail = f" {title}"
        box.insert(0, heading)

    def _placeholder(self, heading: etree.Element, person: str, line: int | None) -> None:
        records = self.md.extra_metadata.setdefault(METADATA_KEY, [])
        span = etree.SubElement(heading, "span", {PLACEHOLDER_ATTR: str(len(records))})
        span.text = person
        records.append({"person": person, "line": line})


class CalloutExtension(Extension):
    """Admonition syntax plus the callout rewrite (after attribute lists and inline markup)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.parser.blockprocessors.register(_Boxes(md.parser), "admonition", 105)
        if getattr(md, "extra_metadata", None) is None:
            md.extra_metadata = {}
        md.preprocessors.register(_HeaderLines(md), "callout_lines", 41)
        md.treeprocessors.register(_Callouts(md), "callouts", 7)


def makeExtension(**kwargs) -> CalloutExtension:
    return CalloutExtension(**kwargs)


__all__ = ["EXAMPLE", "METADATA_KEY", "PLACEHOLDER_ATTR", "CalloutExtension"]
