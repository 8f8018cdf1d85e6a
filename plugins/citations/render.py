"""Render one post's citations: number, format, link, and replace the placeholders.

Input is the post's HTML with the placeholders the Markdown extension left, the clusters
it recorded, and a ``lookup`` that turns keys into CSL items. Output is the final HTML,
the reference list (:class:`model.Reference`) and the problems found. Pure apart from the
formatter's cache, so it is tested without Pelican.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import hashlib
import html
from typing import Any

from markupsafe import Markup
from meded_core import Problem
from meded_core.identifiers import (
    doi_url,
    http_url,
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
    pmc_url,
    pubmed_url,
)

from . import intext
from .csl import date_parts, date_text, item_isbn, per_item, plain_text
from .formatting import Formatter, item_digest
from .lookup import Resolution
from .model import Cluster, Link, Notice, Reference
from .styles import Style
from .syntax import PLACEHOLDER_RE

NOTICE_LABELS = {
    "retraction": "Retracted",
    "partial_retraction": "Partially retracted",
    "withdrawal": "Withdrawn",
    "removal": "Removed",
    "expression_of_concern": "Expression of concern",
    "correction": "Correction published",
    "erratum": "Correction published",
    "corrigendum": "Correction published",
}


@dataclass
class Rendered:
    content: str
    references: list[Reference] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # every key as written that names a listed work (a second key of the same work too)
    cited_keys: list[str] = field(default_factory=list)


@dataclass
class _Slot:
    """A reference while the post is being numbered."""

    key: str
    resolution: Resolution
    first_seen: int
    reference: Reference | None = None
    suffix: str = ""


def render_post(
    content: str,
    clusters: list[Cluster],
    *,
    source: str,
    lookup: Callable[[str, bool], Resolution | None],
    style: Style,
    formatter: Formatter,
) -> Rendered:
    by_index = {c.index: c for c in clusters}
    order = [int(m.group(1)) for m in PLACEHOLDER_RE.finditer(content)]
    result = Rendered(content)
    slots: dict[str, _Slot] = {}  # by key as written
    alias: dict[str, str] = {}  # key -> key of the slot holding the same work
    by_work: dict[str, str] = {}
    reported: set[str] = set()
    plans: list[tuple[Cluster, list[tuple[str, Any]]] | None] = []

    for position, index in enumerate(order):
        cluster = by_index.get(index)
        if cluster is None:
            plans.append(None)
            continue
        plan = []
        for item in cluster.items:
            resolution = lookup(item.key, cluster.narrative)
            if resolution is None:  # a narrative @word that is not a citation
                plan = None
                break
            if resolution.message and item.key not in reported:
                reported.add(item.key)
                result.problems.append(
                    Problem(source, resolution.message, resolution.fix, line=cluster.line)
                )
            key = alias.get(item.key, item.key)
            if key not in slots:
                identities = work_identities(item.key, resolution, formatter)
                work = next((w for w in identities if w in by_work), None)
                if work is not None and by_work[work] != item.key:
                    first = by_work[work]
                    alias[item.key] = first
                    key = first
                    result.problems.append(
                        Problem(
                            source,
                            f"'@{item.key}' and '@{first}' are the same work ({work}); it is listed once",
                            "cite the work by one key only",
                            line=cluster.line,
                        )
                    )
                else:
                    slots[item.key] = _Slot(item.key, resolution, position)
                for identity in identities:
                    by_work.setdefault(identity, key)
            if item.key not in result.cited_keys:
                result.cited_keys.append(item.key)
            plan.append((key, item))
        plans.append((cluster, plan) if plan is not None else None)

    ordered = _number(slots, style, formatter)
    result.references = [slot.reference for slot in ordered]
    result.unresolved = [slot.key for slot in ordered if not slot.resolution.resolved]

    plan_of = iter(plans)  # one per placeholder, in the same order
    occurrence = 0

    def replace(match) -> str:
        nonlocal occurrence
        plan = next(plan_of)
        if plan is None:
            return match.group(2)
        occurrence += 1
        cite_id = f"cite-{occurrence}"
        cluster, items = plan
        for key, _ in items:
            reference = slots[key].reference
            if cite_id not in reference.backlinks:
                reference.backlinks.append(cite_id)
        if style.numeric:
            return _numeric(cluster, items, slots, style, cite_id)
        return _author_date(cluster, items, slots, style, formatter, cite_id)

    content = PLACEHOLDER_RE.sub(replace, content)
    if style.ama_like:
        content = intext.place_superscripts(content)
    result.content = content
    return result


def work_identities(key: str, resolution: Resolution, formatter: Formatter | None) -> list[str]:
    """Every identity of the cited work, preferred first (``doi:…``, ``pmid:…``,
    ``pmcid:…``, the identifier cited, else the item or the key): two citations sharing
    any one of them name the same work, e.g. a key whose entry has only the PMID and a
    ``@doi:`` whose record has both."""
    item = resolution.item or {}
    found = []
    for scheme, value in (
        ("doi", normalize_doi(item.get("DOI"))),
        ("pmid", normalize_pmid(item.get("PMID"))),
        ("pmcid", normalize_pmcid(item.get("PMCID"))),
    ):
        if value:
            found.append(f"{scheme}:{value}")
    if resolution.identifier is not None and resolution.identifier.cache_id not in found:
        found.append(resolution.identifier.cache_id)
    if not found:
        digest = formatter.digest(item) if formatter is not None else item_digest(item)
        found.append(f"item:{digest}" if item else f"key:{key}")
    return found


def _number(slots: dict[str, _Slot], style: Style, formatter: Formatter) -> list[_Slot]:
    ordered = sorted(slots.values(), key=lambda s: s.first_seen)
    if not style.numeric:
        resolved = [s for s in ordered if s.resolution.resolved]
        entries = {
            s.key: plain_text(str(formatter.entry(style, s.resolution.item))).lower()
            for s in resolved
        }
        resolved.sort(key=lambda s: entries[s.key])
        suffixes = intext.year_suffixes([(s.key, s.resolution.item) for s in resolved])
        for slot in resolved:
            slot.suffix = suffixes.get(slot.key, "")
        ordered = resolved + [s for s in ordered if not s.resolution.resolved]
    for number, slot in enumerate(ordered, start=1):
        slot.reference = _reference(slot, number, style, formatter)
    return ordered


def _styled_item(slot: _Slot) -> dict[str, Any]:
    item = slot.resolution.item or {}
    return {**item, "year-suffix": slot.suffix} if slot.suffix else item


def _reference(slot: _Slot, number: int, style: Style, formatter: Formatter) -> Reference:
    resolution = slot.resolution
    item = resolution.item or {}
    if resolution.resolved:
        fields = per_item(
            formatter.facts,
            item,
            lambda _: _facts(slot, style, formatter),
            style.digest,
            slot.suffix,
        )
    else:
        fields = _facts(slot, style, formatter)
    return Reference(
        number=number,
        key=slot.key,
        csl=item,
        resolved=resolution.resolved,
        anchor=f"ref-{number}",
        problem=resolution.message if not resolution.resolved else "",
        **{**fields, "links": list(fields["links"]), "notices": list(fields["notices"])},
    )


def _facts(slot: _Slot, style: Style, formatter: Formatter) -> dict[str, Any]:
    """What a reference entry shows that depends only on the item and the style (the same
    for every post citing the work, so it is worked out once per build)."""
    resolution = slot.resolution
    item = resolution.item or {}
    if resolution.resolved:
        entry = formatter.entry(style, _styled_item(slot))
    else:
        entry = Markup(
            '<span class="reference-unresolved">Unresolved reference: <code>{}</code>. {}</span>'
        ).format(
            slot.key,
            resolution.message[:1].upper() + resolution.message[1:] + "."
            if resolution.message
            else "",
        )
    # the DOI as published (readers recognise it); comparisons use the lower-cased form
    doi = str(item["DOI"]).strip() if normalize_doi(item.get("DOI")) else None
    if doi is None and resolution.identifier and resolution.identifier.kind == "doi":
        doi = resolution.identifier.value
    pmid = normalize_pmid(item.get("PMID"))
    pmcid = normalize_pmcid(item.get("PMCID"))
    url = http_url(item.get("URL"))
    links: list[Link] = []
    if doi and doi_url(doi).lower() not in str(entry).lower():
        links.append(Link("DOI", doi_url(doi), f"doi:{doi}"))
    if pmid:
        links.append(Link("PubMed", pubmed_url(pmid), f"PMID {pmid}"))
    if pmcid:
        links.append(Link("PMC free full text", pmc_url(pmcid), pmcid))
    if url and not doi and html.escape(url, quote=True) not in str(entry):
        links.append(Link("Web page", url))
    work = work_identities(slot.key, resolution, formatter)[0]  # the identity across posts
    return {
        "html": entry,
        "doi": doi,
        "pmid": pmid,
        "pmcid": pmcid,
        "isbn": item_isbn(item),
        "url": url,
        "title": plain_text(item.get("title")),
        "notices": notices(item),
        "links": links,
        "work_id": work,
        "work_anchor": "work-" + hashlib.sha1(work.encode()).hexdigest()[:10],
    }


def notices(item: dict[str, Any]) -> list[Notice]:
    """Crossref ``updated-by`` records worth a reader's attention."""
    result = []
    for update in item.get("updated-by") or []:
        kind = str(update.get("type", "")).lower().replace("-", "_").replace(" ", "_")
        if kind not in NOTICE_LABELS:
            continue
        doi = normalize_doi(update.get("DOI"))
        parts = date_parts(update, "updated")
        result.append(
            Notice(
                kind=kind,
                label=NOTICE_LABELS[kind],
                doi=doi,
                date=date_text(parts) if parts else None,
                url=doi_url(doi) if doi else None,
            )
        )
    return result


def _link(reference: Reference, text: str) -> str:
    return (
        f'<a class="citation-link" href="#{reference.anchor}" '
        f'aria-describedby="{reference.anchor}-text">{text}</a>'
    )


def _numeric(cluster, items, slots, style: Style, cite_id: str) -> str:
    """Superscript (or bracketed) numbers. Prefix and suffix texts (``[see @a; also @b]``)
    stay outside the numbers, in the reader's text: "see¹ also²"."""
    segments: list[list[tuple[str, Any]]] = []
    for key, item in items:
        if not segments or item.prefix:
            segments.append([])
        segments[-1].append((key, item))
    pieces = []
    for position, segment in enumerate(segments):
        segment_id = cite_id if position == 0 else f"{cite_id}-{position + 1}"
        numbers = _numbers(cluster, segment, slots, style, segment_id)
        prefix = segment[0][1].prefix
        suffixes = [item.suffix for _, item in segment if item.suffix]
        text = f"{_affix(prefix)}{numbers}" if prefix else numbers
        if suffixes:
            text += " " + _affix(", ".join(suffixes))
        if prefix or suffixes:  # words around the numbers: punctuation stays where it was
            text = f'<span class="citation-group">{text}</span>'
        pieces.append(text)
    text = " ".join(pieces)
    if cluster.narrative:
        reference = slots[items[0][0]].reference
        names = (
            html.escape(intext.author_names(reference.csl, style.et_al), quote=False)
            if reference.resolved
            else html.escape(reference.key)
        )
        return f"{names}{text}" if style.superscript else f"{names} {text}"
    return text


def _affix(text: str) -> str:
    return f'<span class="citation-affix">{html.escape(text, quote=False)}</span>'


def _numbers(cluster, items, slots, style: Style, cite_id: str) -> str:
    plain: dict[int, Reference] = {}  # cited without a locator: collapsed into runs
    located: list[tuple[int, str]] = []
    for key, item in items:
        reference = slots[key].reference
        if not item.locator:
            plain[reference.number] = reference
            continue
        locator = intext.locator_text(item.label, item.locator, ama=style.ama_like)
        locator = html.escape(locator, quote=False)
        text = (
            f"{reference.number}({locator})" if style.ama_like else f"{reference.number} {locator}"
        )
        part = (reference.number, _link(reference, text))
        if part not in located:
            located.append(part)
    parts: list[tuple[int, str]] = []
    for first, last in intext.runs(list(plain)):
        if last - first >= 2:
            parts.append(
                (first, f"{_link(plain[first], str(first))}-{_link(plain[last], str(last))}")
            )
        else:
            parts.extend((n, _link(plain[n], str(n))) for n in range(first, last + 1))
    parts = sorted([*parts, *located], key=lambda p: p[0])
    # The style's delimiter is text from a (possibly hand-written) CSL file: escaped.
    delimiter = "," if style.ama_like else html.escape(style.delimiter or ",")
    body = delimiter.join(p[1] for p in parts)
    if style.superscript:
        return f'<sup class="citation{" narrative" if cluster.narrative else ""}" id="{cite_id}">{body}</sup>'
    return f'<span class="citation" id="{cite_id}">{html.escape(style.prefix)}{body}{html.escape(style.suffix)}</span>'


def _author_date(cluster, items, slots, style: Style, formatter: Formatter, cite_id: str) -> str:
    labels = []
    for key, item in items:
        slot = slots[key]
        reference = slot.reference
        locator = intext.locator_text(item.label, item.locator, ama=False) if item.locator else ""
        if not reference.resolved:
            labels.append(_link(reference, html.escape(f"{key}?", quote=False)))
            continue
        styled = _styled_item(slot)
        year = (intext.year_of(styled) or "n.d.") + slot.suffix
        year_label = f"{year}, {html.escape(locator, quote=False)}" if locator else year
        if cluster.narrative:
            names = html.escape(intext.author_names(styled, "et al."), quote=False)
            link = _link(reference, year_label)
            return f'{names} <span class="citation" id="{cite_id}">({link})</span>'
        if item.suppress_author:
            label = year_label
        else:
            label = formatter.cite(style, styled, item.label, item.locator)
        if item.prefix:
            label = f"{html.escape(item.prefix, quote=False)} {label}"
        if item.suffix:
            label = f"{label}, {html.escape(item.suffix, quote=False)}"
        labels.append(_link(reference, label))
    delimiter = html.escape(style.delimiter or "; ")
    return (
        f'<span class="citation" id="{cite_id}">{html.escape(style.prefix)}'
        f"{delimiter.join(labels)}{html.escape(style.suffix)}</span>"
    )
