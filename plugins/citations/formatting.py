"""Format CSL items with citeproc-py, once per distinct item per style, kept across builds.

citeproc-py costs 1-4 ms per entry even with its style lookups memoised (:mod:`citeproc_memo`;
AMA about 1 ms, APA 2, Chicago author-date 3.5; 2-17 ms without), so a site citing thousands
of works cannot afford to run it per post per reference. Each entry is formatted on its own
(a one-item bibliography: no entry can depend on its neighbours), keyed by the style's
digest and the item's content hash, and kept in memory for the build and in the build's
memo (``meded_core.incremental``) between builds. A changed item, style or code gets a new
key; nothing stale is ever served.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from typing import Any
import warnings

from citeproc import VARIABLES as CITEPROC_VARIABLES
from citeproc import Citation, CitationItem, CitationStylesBibliography, Locator, formatter
from citeproc.source.json import CiteProcJSON
from markupsafe import Markup
from meded_core import incremental
from meded_core.identifiers import doi_url, http_url

from . import citeproc_memo  # noqa: F401 - memoises citeproc-py's style lookups
from .csl import per_item, plain_text, year_of
from .sanitize import clean_html, escape_item
from .styles import Style

logger = logging.getLogger(__name__)

CSL_VARIABLES = {v.replace("_", "-") for v in CITEPROC_VARIABLES} | {
    "DOI",
    "ISBN",
    "ISSN",
    "PMCID",
    "PMID",
    "URL",
    "type",
}


def _memo_key(key: str) -> str:
    """Entries change with the plugin's code (this module's output) and the libraries."""
    return f"{incremental.code_of(__file__)}:{key}"


def item_digest(item: dict[str, Any]) -> str:
    data = {k: v for k, v in item.items() if k in CSL_VARIABLES and k != "id"}
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:20]


class Formatter:
    def __init__(self, *, strict: bool = False, remember: bool = True):
        self.strict = strict  # raise instead of the plain fallback (the prefetch worker)
        self.remember = remember  # keep entries in the build's memo (not in a worker)
        self.prefetch = None  # a prefetch.Prefetcher formatting entries in another process
        self._entries: dict[str, str] = {}
        self.formatted = 0  # citeproc runs this build (tests and benchmarks read it)
        self._digests: dict[tuple, tuple[dict[str, Any], str]] = {}
        # per-build memo of what the renderer derives from an entry (links, notices, ids)
        self.facts: dict[tuple, tuple[dict[str, Any], dict[str, Any]]] = {}

    def known(self, key: str) -> str | None:
        """The formatted text for ``key`` from this build or an earlier one, if any."""
        found = self._entries.get(key)
        if found is None and self.remember:
            stored = incremental.memo().recall("citations.entry", _memo_key(key))
            if stored is not incremental.MISSING:
                found = self._entries[key] = stored
        return found

    def add(self, key: str, text: str) -> None:
        self._entries[key] = text
        if self.remember:
            incremental.memo().keep("citations.entry", _memo_key(key), text)

    def digest(self, item: dict[str, Any]) -> str:
        """``item_digest``, remembered for the build: the same item objects (from the
        bibliography and the cache) are cited by many posts."""
        return per_item(self._digests, item, item_digest)

    def entry(self, style: Style, item: dict[str, Any]) -> Markup:
        """The bibliography entry (no number), sanitised, with its DOI/URL linked."""
        key = self.entry_key(style, item)
        cached = self.known(key)
        if cached is None and self.prefetch is not None:
            cached = self.prefetch.wait_for(key)
        if cached is None:
            cached = str(linkify(self._render(style, item, None), item))
            self.add(key, cached)
        return Markup(cached)

    def entry_key(self, style: Style, item: dict[str, Any]) -> str:
        return f"e:{style.digest}:{self.digest(item)}"

    def cite(self, style: Style, item: dict[str, Any], label: str = "", locator: str = "") -> str:
        """An author-date style's in-text label for one item, without the outer brackets,
        e.g. ``Choo et al., 2015, p. 412`` (HTML-safe)."""
        key = f"c:{style.digest}:{self.digest(item)}:{label}:{locator}"
        cached = self.known(key)
        if cached is None:
            text = str(self._render(style, item, (label, locator)))
            cached = text.removeprefix(style.prefix).removesuffix(style.suffix)
            self.add(key, cached)
        return cached

    def _render(
        self, style: Style, item: dict[str, Any], locator: tuple[str, str] | None
    ) -> Markup:
        data = {k: v for k, v in escape_item(item).items() if k in CSL_VARIABLES}
        data["id"] = "item"
        self.formatted += 1
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                bibliography = CitationStylesBibliography(
                    style.processor, CiteProcJSON([data]), formatter.html
                )
                cite_item = CitationItem("item")
                if locator and locator[1]:
                    cite_item = CitationItem(
                        "item", locator=Locator(locator[0] or "page", locator[1])
                    )
                citation = Citation([cite_item])
                bibliography.register(citation)
                if locator is not None:
                    text = str(bibliography.cite(citation, lambda _item: None))
                else:
                    text = str(bibliography.bibliography()[0])
        except Exception as exc:  # some styles crash citeproc-py on some items
            if self.strict:
                raise
            logger.warning(
                "citations: style '%s' could not format %s (%s); a plain form is shown",
                style.name,
                item.get("id"),
                exc.__class__.__name__,
            )
            text = fallback(item) if locator is None else html.escape(fallback_label(item))
        text = re.sub(r"\s+", " ", text).strip()
        if locator is None:
            text = _without_repeated_title(text, item)
        return clean_html(text)


def _without_repeated_title(text: str, item: dict[str, Any]) -> str:
    """An entry without authors starts with its editors (or its title) in their place, and
    citeproc-py then prints them a second time ("Title. Title. Accessed ...", "Frank JR,
    eds. Title. (Frank JR, eds.)."); the CSL rules suppress a substituted variable, so the
    repeat is removed."""
    if item.get("author"):
        return text
    if item.get("editor"):  # "Frank JR, eds. Title. (Frank JR, eds.). Publisher"
        match = re.match(r"^(.+?, eds?\.) ", text)
        return text.replace(f" ({match.group(1)}).", "", 1) if match else text
    if item.get("translator"):
        return text
    match = re.match(r"^(.{3,}?[.?!]) \1 ", text)
    return text[len(match.group(1)) + 1 :] if match else text


def fallback(item: dict[str, Any]) -> str:
    """A minimal, escaped entry for when the style cannot format the item."""
    names = ", ".join(
        " ".join(x for x in (n.get("family"), n.get("given")) if x) or n.get("literal", "")
        for n in item.get("author", [])[:6]
    )
    parts = [names, plain_text(item.get("title")), plain_text(item.get("container-title"))]
    parts.append(year_of(item))
    return html.escape(". ".join(p for p in parts if p) + ".", quote=False)


def fallback_label(item: dict[str, Any]) -> str:
    family = (
        next((n.get("family") or n.get("literal") for n in item.get("author", [])), "")
        or plain_text(item.get("title"))[:30]
    )
    return f"{family}, {year_of(item) or 'n.d.'}"


def linkify(entry: Markup, item: dict[str, Any]) -> Markup:
    """Link the DOI (or the URL) where the entry prints it; https/http only."""
    text = str(entry)
    doi = str(item.get("DOI") or "").strip()
    if doi:
        shown = html.escape(doi, quote=False)
        resolver = re.escape("https://doi.org/")
        pattern = re.compile(rf"(?:{resolver})?{re.escape(shown)}", re.IGNORECASE)
        match = pattern.search(text)
        if match and "<a " not in text:
            href = html.escape(doi_url(doi), quote=True)
            text = (
                f'{text[: match.start()]}<a href="{href}">{match.group(0)}</a>{text[match.end() :]}'
            )
            return Markup(text)
    url = http_url(item.get("URL"))
    if url:
        shown = html.escape(url, quote=False)
        index = text.find(shown)
        if index >= 0 and "<a " not in text:
            href = html.escape(url, quote=True)
            text = f'{text[:index]}<a href="{href}">{shown}</a>{text[index + len(shown) :]}'
    return Markup(text)
