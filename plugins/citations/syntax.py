"""Pandoc-style citations in Markdown: ``[@doi:…]``, ``[@a; @b, p. 4]``, narrative ``@a``.

Why placeholders: Pelican caches each post's reader output (HTML + metadata) keyed on the
post file alone. The numbers, names and entries of a citation depend on OTHER files (the
bibliographies and the references cache), so the extension must not render them here or
an edited ``.bib`` would leave stale HTML behind. Instead it emits a stable placeholder
``<span data-citation="N">source text</span>`` and records the parsed clusters in
``md.extra_metadata["citation_clusters"]`` (plain dicts, so they pickle into the cache).
The plugin renders the placeholders at ``content_object_init`` on every build, from the
current bibliography and cache; the placeholder's text is the author's own source, shown
as is if rendering is impossible.

Parsing happens inside Python-Markdown's inline processing, so citations inside code
spans and code blocks are never touched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.util import AtomicString
from meded_core.source_lines import line_in

from .model import CiteItem, Cluster

PLACEHOLDER_ATTR = "data-citation"
PLACEHOLDER_RE = re.compile(r'<span data-citation="(\d+)">(.*?)</span>', re.DOTALL)

# A bracketed cluster as pandoc writes it: items separated by ";", each optional prefix
# text ("see "), "@key" or "-@key", then ", locator and suffix"; braces may hold anything but
# braces; not a link ("](", "]["). The "@" must start the bracket or follow a space, so
# "[mail a@b.org]" is not one. Reference definitions ("[x]: url") are taken out by the
# block parser before inline patterns run; parse_cluster_body checks every item.
_TEXT = r"(?:[^\[\]{}]|\{[^{}]*\})"  # bracket contents: no brackets, braces balanced
CLUSTER_PATTERN = rf"\[({_TEXT}*?(?<![^\[\s;-])@{_TEXT}*)\](?![(\[])"
# A narrative citation: pandoc's key grammar (internal punctuation must be followed by a
# word character), not preceded by a word character, "@", "/" or "." (e-mail addresses,
# URLs, handles inside links).
KEY = r"(?:\{[^{}\s]+\}|\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*)"
NARRATIVE_PATTERN = r"(?<![\w@/.=&#:\"'\\-])@(" + KEY + r")"
ITEM_RE = re.compile(
    r"^\s*(?:(.*?\S)\s+)?(-?)@(\{([^{}]*)\}|([^\s,;]+))\s*(?:,\s*(.*?))?\s*$", re.DOTALL
)
# a locator's value: numbers, roman numerals or {braced text}, joined by - , & (pandoc's rule);
# what follows is the suffix ("p. 33, emphasis added")
LOCATOR_VALUE_RE = re.compile(
    r"^(\{[^{}]*\}|[\divxlcdm]+[a-z]?(?:\s*[-\u2013,&]\s*[\divxlcdm]+[a-z]?)*)(?=$|[\s,;])\s*,?\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)

# Locator terms (pandoc's English list, abbreviated and full) by CSL locator label.
LOCATOR_WORDS = {
    "page": ("p", "pp", "page", "pages"),
    "chapter": ("chap", "chaps", "chapter", "chapters", "ch"),
    "section": ("sec", "secs", "section", "sections", "§"),
    "figure": ("fig", "figs", "figure", "figures"),
    "table": ("tbl", "table", "tables"),
    "paragraph": ("para", "paras", "paragraph", "paragraphs", "¶"),
    "volume": ("vol", "vols", "volume", "volumes"),
    "line": ("l", "ll", "line", "lines"),
    "note": ("n", "nn", "note", "notes"),
    "column": ("col", "cols", "column"),
    "supplement": ("suppl", "supplement"),
}
LOCATOR_LABELS = {word: label for label, words in LOCATOR_WORDS.items() for word in words}
LOCATOR_RE = re.compile(r"^([^\W\d]+|§|¶)\.?\s*(.+)$", re.UNICODE)


def parse_locator_and_suffix(text: str) -> tuple[str, str, str]:
    """``"p. 33, emphasis added"`` -> ``("page", "33", "emphasis added")``; text that is no
    locator at all is the suffix (``"for a review"`` -> ``("", "", "for a review")``)."""
    text = " ".join(text.split())
    if not text:
        return "", "", ""
    match = LOCATOR_RE.match(text)
    label = ""
    rest = text
    if match and match.group(1).lower() in LOCATOR_LABELS:
        label, rest = LOCATOR_LABELS[match.group(1).lower()], match.group(2)
    value = LOCATOR_VALUE_RE.match(rest)
    if value and re.search(r"\d|^\{", value.group(1)):
        locator = value.group(1).strip("{}").replace("\u2013", "-")
        locator = re.sub(r"\s*-\s*", "-", locator)
        return label or "page", locator, value.group(2).strip()
    if label:  # "chap. two": a label with a word for its value
        return label, rest.strip(), ""
    return "", "", text


def parse_cluster_body(body: str) -> list[CiteItem] | None:
    """Items of ``see @a; @b, p. 4``; None if any part is not a citation (then it is not one)."""
    parts = re.findall(r"(?:[^;{}]|\{[^{}]*\})+", body)
    items = []
    for part in parts:
        if not part.strip():
            continue
        match = ITEM_RE.match(part)
        if not match:
            return None
        prefix, suppress, _, braced, bare, after = match.groups()
        key = (braced if braced is not None else bare).strip()
        if not key or (prefix and "@" in prefix):
            return None
        label, locator, suffix = parse_locator_and_suffix(after or "")
        items.append(
            CiteItem(
                key=key,
                locator=locator,
                label=label,
                suppress_author=bool(suppress),
                prefix=prefix or "",
                suffix=suffix,
            )
        )
    return items or None


class _SourceRecorder(Preprocessor):
    """Keeps the raw body so each citation can be given its line in the file."""

    def run(self, lines):
        self.md.citation_source_lines = list(lines)
        return lines


class _ClusterBase(InlineProcessor):
    narrative = False

    def _record(self, items: list[CiteItem], text: str) -> etree.Element:
        md = self.md
        clusters = md.extra_metadata_clusters()
        cluster = Cluster(
            index=len(clusters),
            items=tuple(items),
            narrative=self.narrative,
            line=_line_of(md, text),
            text=text,
        )
        clusters.append(cluster.as_dict())
        element = etree.Element("span")
        element.set(PLACEHOLDER_ATTR, str(cluster.index))
        element.text = AtomicString(text)
        return element


class ClusterProcessor(_ClusterBase):
    def handleMatch(self, m, data):
        items = parse_cluster_body(m.group(1))
        if items is None:
            return None, None, None
        return self._record(items, m.group(0)), m.start(0), m.end(0)


class NarrativeProcessor(_ClusterBase):
    narrative = True

    def handleMatch(self, m, data):
        key = m.group(1)
        if key.startswith("{"):
            key = key[1:-1]
        return self._record([CiteItem(key=key)], m.group(0)), m.start(0), m.end(0)


def _line_of(md: Markdown, text: str) -> int | None:
    """Line of ``text`` in the source file (repeated citations get successive lines)."""
    cursors = md.__dict__.setdefault("_citation_cursors", {})
    lines = getattr(md, "citation_source_lines", None) or []
    return line_in(lines, text, cursors, getattr(md, "body_line", 1))


class CitationExtension(Extension):
    """Registers the citation syntax; clusters land in ``md.extra_metadata``."""

    def extendMarkdown(self, md: Markdown) -> None:
        def clusters() -> list[dict]:
            extra = getattr(md, "extra_metadata", None)
            if extra is None:
                extra = md.extra_metadata = {}
            return extra.setdefault("citation_clusters", [])

        md.extra_metadata_clusters = clusters
        md.preprocessors.register(_SourceRecorder(md), "citation_source", 40)
        # Clusters after code spans (190) and escapes (180), before footnotes (175),
        # references (170) and links (160); narrative ones after autolinks and e-mails.
        md.inlinePatterns.register(ClusterProcessor(CLUSTER_PATTERN, md), "citation_cluster", 176)
        md.inlinePatterns.register(
            NarrativeProcessor(NARRATIVE_PATTERN, md), "citation_narrative", 105
        )


def makeExtension(**kwargs) -> CitationExtension:
    return CitationExtension(**kwargs)
