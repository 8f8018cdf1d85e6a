"""Numbered figures and tables, with captions and cross-references, in plain Markdown.

An educator labels an image or a table and refers to it by label; the numbers follow the
order of the post, so adding a figure never means renumbering the text by hand:

    ![Alt text](images/pyramid.png "Caption shown under the figure"){#fig:pyramid}

    Table: Doses by weight {#tbl:doses}

    | Drug | Dose |
    |------|------|

    As {@fig:pyramid} and {@tbl:doses} show ...

A labelled image alone on its line becomes ``<figure id="fig:pyramid">`` with a
``<figcaption>`` "Figure 1. Caption" (the image's title, else its alt text); a
``Table: caption`` paragraph just before or after a table becomes its ``<caption>``
"Table 1. Caption". ``{@fig:pyramid}`` becomes a link "Figure 1" to ``#fig:pyramid``
(feeds make fragment links absolute). A reference to a label that does not exist, or a
label used twice, is a content problem with the line and the fix.
"""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from meded_core.source_lines import line_in, record_problem

NAMES = {"fig": "Figure", "tbl": "Table"}
LABEL = r"(?:fig|tbl):[\w][\w.\-]*"
REFERENCE_PATTERN = r"\{@(" + LABEL + r")\}"
_TABLE_CAPTION = re.compile(r"^\s*Table:\s*")
_CAPTION_LABEL = re.compile(r"\s*\{#(" + LABEL + r")\}\s*$")
_XREF = "data-xref"


class _SourceLines(Preprocessor):
    """Keeps the body's lines so labels and references can be given their file line."""

    def run(self, lines):
        self.md.crossref_source_lines = list(lines)
        return lines


class _ReferencePattern(InlineProcessor):
    """``{@fig:x}`` -> a placeholder link, filled in once every label in the post is known."""

    def handleMatch(self, m, data):
        element = etree.Element("a", {_XREF: m.group(1)})
        element.text = AtomicString(m.group(0))
        return element, m.start(0), m.end(0)


class _Numbering(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self.cursors: dict[str, int] = {}
        self.targets: dict[str, str] = {}  # label -> "Figure 1"
        counts = {"fig": 0, "tbl": 0}
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "p":
                    self._figure(parent, child, counts) or self._table(parent, child, counts)
        for link in root.iter("a"):
            if link.get(_XREF) is not None:
                self._reference(link)

    # --- targets ------------------------------------------------------------------------------

    def _figure(self, parent: etree.Element, p: etree.Element, counts: dict) -> bool:
        images = [c for c in p if c.tag == "img"]
        image = images[0] if len(images) == 1 and len(p) == 1 else None
        label = image.get("id", "") if image is not None else ""
        if not label.startswith("fig:") or (p.text or "").strip() or (image.tail or "").strip():
            return False
        counts["fig"] += 1
        name = f"{NAMES['fig']} {counts['fig']}"
        figure = etree.Element("figure", {"class": "numbered-figure"})
        del image.attrib["id"]
        image.tail = None
        figure.append(image)
        caption = etree.SubElement(figure, "figcaption")
        number = etree.SubElement(caption, "span", {"class": "caption-number"})
        number.text = f"{name}."
        text = image.attrib.pop("title", "") or image.get("alt") or ""  # no tooltip twice
        number.tail = f" {text}" if text else None
        self._target(figure, label, name)
        parent[list(parent).index(p)] = figure
        return True

    def _table(self, parent: etree.Element, p: etree.Element, counts: dict) -> bool:
        if not _TABLE_CAPTION.match(p.text or ""):
            return False
        siblings = list(parent)
        at = siblings.index(p)
        after_then_before = siblings[at + 1 : at + 2] + siblings[max(at - 1, 0) : at]
        table = next(
            (t for t in after_then_before if t.tag == "table" and t.find("caption") is None), None
        )
        if table is None:
            return False
        label = self._take_label(p)
        counts["tbl"] += 1
        name = f"{NAMES['tbl']} {counts['tbl']}"
        caption = etree.Element("caption")
        number = etree.SubElement(caption, "span", {"class": "caption-number"})
        number.text = f"{name}."
        rest = _TABLE_CAPTION.sub("", p.text or "", count=1)
        number.tail = f" {rest}" if rest else " "
        for child in list(p):
            caption.append(child)
        table.insert(0, caption)
        table.set("class", " ".join(filter(None, [table.get("class"), "numbered-table"])))
        if label:
            self._target(table, label, name)
        parent.remove(p)
        return True

    @staticmethod
    def _take_label(p: etree.Element) -> str:
        """The ``{#tbl:x}`` at the end of a caption paragraph, removed from its text."""
        holder, attr = (p[-1], "tail") if len(p) else (p, "text")
        text = getattr(holder, attr) or ""
        match = _CAPTION_LABEL.search(text)
        if not match:
            return ""
        setattr(holder, attr, text[: match.start()])
        return match.group(1)

    def _target(self, element: etree.Element, label: str, name: str) -> None:
        line = self._line("{#" + label)
        if label in self.targets:
            record_problem(
                self.md,
                f"the label '{label}' is used twice; references go to the first ({self.targets[label]})",
                f"give each figure or table its own label, e.g. {{#{label}-2}}",
                line,
            )
            return
        self.targets[label] = name
        element.set("id", label)

    # --- references --------------------------------------------------------------------------

    def _reference(self, link: etree.Element) -> None:
        label = link.attrib.pop(_XREF)
        line = self._line("{@" + label + "}")
        name = self.targets.get(label)
        if name is None:
            close = difflib.get_close_matches(label, list(self.targets), n=3, cutoff=0.5)
            kind = NAMES[label.split(":", 1)[0]].lower()
            record_problem(
                self.md,
                f"the cross-reference {{@{label}}} names no {kind} in this post; "
                "it is shown as written",
                (f"did you mean {', '.join('{@' + c + '}' for c in close)}? " if close else "")
                + f"label the {kind}: "
                + ('![Alt](image.png "Caption"){#' if kind == "figure" else "Table: Caption {#")
                + f"{label}}}",
                line,
            )
            link.tag = "span"
            link.set("class", "xref xref--missing")
            return
        link.set("class", "xref")
        link.set("href", f"#{label}")
        link.text = AtomicString(name)

    def _line(self, needle: str) -> int | None:
        """The file line of the next occurrence of ``needle`` (successive calls move on)."""
        lines = getattr(self.md, "crossref_source_lines", None) or []
        return line_in(lines, needle, self.cursors, getattr(self.md, "body_line", 1))


class CrossRefExtension(Extension):
    """Figure and table numbering after attribute lists (8) and inline markup (20)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(_SourceLines(md), "crossref_lines", 42)
        # After code spans (190) and escapes (180); before citations (176, 105), which
        # would otherwise read "@fig:x" as a citation key.
        md.inlinePatterns.register(_ReferencePattern(REFERENCE_PATTERN, md), "crossref", 178)
        md.treeprocessors.register(_Numbering(md), "crossref_numbering", 6)


def makeExtension(**kwargs) -> CrossRefExtension:
    return CrossRefExtension(**kwargs)
