"""The impact of one post: its own figures (when it has a DOI) and an evidence panel.

The evidence panel answers a reader's question "how strong and how discussed is what this
post cites?": for each reference, citations (OpenAlex, Crossref, Europe PMC), the NIH
Relative Citation Ratio and clinical citations (iCite), the Altmetric attention score and
any retraction flag. It reads the citations plugin's ``article.references`` (read with
``getattr`` so a site without that plugin still builds) and the committed figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
from functools import cached_property
from typing import Any

from impact.store import Figures, ImpactRecord

from .badges import (
    Attrs,
    Badge,
    Fallback,
    altmetric_page_attributes,
    badge_for,
    fallback_for,
    identifiers,
    work_url,
)
from .figure_cells import (
    UNAVAILABLE,
    Cell,
    cell,
    first_available,
    is_retracted,
    provider_name,
)
from .settings import BadgeOptions

CITATION_FIGURES = (
    "openalex.cited_by_count",
    "crossref.is_referenced_by_count",
    "europepmc.cited_by_count",
)
POST_FIGURES = (
    *CITATION_FIGURES,
    "altmetric.score",
    "altmetric.news",
    "altmetric.blogs",
    "altmetric.x",
    "altmetric.bluesky",
    "altmetric.mendeley_readers",
)


@dataclass
class EvidenceRow:
    """One cited work in the evidence panel."""

    number: Any
    title: str
    url: str | None
    doi: str | None
    pmid: str | None
    citations: list[Cell] = field(default_factory=list)
    rcr: Cell | None = None
    clinical: Cell | None = None
    attention: Cell | None = None
    attention_link: Fallback | None = None
    retracted_by: list[str] = field(default_factory=list)  # providers / "citation record"
    badge: Badge | None = None

    @property
    def has_identifier(self) -> bool:
        return bool(self.doi or self.pmid)

    @property
    def key(self) -> tuple[str | None, str | None]:
        """The work's identity (what its figures depend on), for per-build memos."""
        return (self.doi, self.pmid)

    @cached_property
    def citation_count(self) -> Cell | None:
        return first_available(self.citations)

    @property
    def cells(self) -> list[Cell]:
        """Every figure of the row (the citation counts, RCR, clinical citations, attention)."""
        cells = (*self.citations, self.rcr, self.clinical, self.attention)
        return [c for c in cells if c is not None]

    @cached_property
    def stale(self) -> bool:
        return any(c.stale for c in self.cells)

    @cached_property
    def has_figures(self) -> bool:
        """Some provider answered about this work (a figure, or "none found")."""
        return any(c.state != UNAVAILABLE for c in self.cells)

    @cached_property
    def answered_citations(self) -> list[Cell]:
        """The citation counts some provider gave (a provider with no answer is left out:
        a row of "not available" cells under every work says nothing)."""
        return [c for c in self.citations if c.state != UNAVAILABLE]


@dataclass
class PostImpact:
    """What ``post_badge.html``, ``post_impact.html`` and ``scripts_post.html`` print.

    Its totals and dates are cached properties: the post page, the author pages and the
    portfolios all read them, and the evidence list is complete before any template runs.
    """

    doi: str | None = None
    record: ImpactRecord | None = None
    own: list[Cell] = field(default_factory=list)
    own_badge: Badge | None = None
    evidence: list[EvidenceRow] = field(default_factory=list)
    site_has_data: bool = False
    badges: dict[str, Badge] = field(default_factory=dict)  # work key -> badge
    scripts: list[str] = field(default_factory=list)  # "impact", "altmetric", …
    altmetric_attributes: Attrs = ()  # shared by the page's badges, on impact.js's tag

    def badge_for(self, item: Any) -> Badge | None:
        """The badge of a reference in this post's reference list (template helper)."""
        doi, pmid = identifiers(item)
        if doi and f"doi:{doi}" in self.badges:
            return self.badges[f"doi:{doi}"]
        if pmid and f"pmid:{pmid}" in self.badges:
            return self.badges[f"pmid:{pmid}"]
        return None

    @cached_property
    def own_citations(self) -> Cell | None:
        """The post's own citation count (OpenAlex, else Crossref, else Europe PMC)."""
        return first_available([c for c in self.own if c.figure in CITATION_FIGURES])

    @cached_property
    def own_attention(self) -> Cell | None:
        return next((c for c in self.own if c.figure == "altmetric.score" and c.ok), None)

    @cached_property
    def works_with_figures(self) -> int:
        return sum(1 for row in self.evidence if row.citation_count or _has(row.attention))

    @cached_property
    def attention_total(self) -> float | None:
        """Sum of the attention scores of the cited works (None when no work has one)."""
        values = [row.attention.number for row in self.evidence if _has(row.attention)]
        return sum(v for v in values if v is not None) if values else None

    @cached_property
    def citations_total(self) -> float | None:
        values = [row.citation_count.number for row in self.evidence if row.citation_count]
        return sum(v for v in values if v is not None) if values else None

    @cached_property
    def retracted(self) -> list[EvidenceRow]:
        return [row for row in self.evidence if row.retracted_by]

    @cached_property
    def as_of(self) -> list[tuple[str, str]]:
        """(provider, newest as-of date) of the figures shown, for the panel's caption."""
        dates: dict[str, str] = {}
        cells = list(self.own)
        for row in self.evidence:
            cells += row.cells
        for c in cells:
            if c.ok and c.as_of:
                dates[c.provider] = max(dates.get(c.provider, ""), c.as_of)
        return sorted(dates.items())

    @cached_property
    def stale(self) -> bool:
        return any(c.stale for c in self.own) or any(row.stale for row in self.evidence)

    @cached_property
    def rows_with_figures(self) -> list[EvidenceRow]:
        """The rows of the evidence table; the others are named once, in a line each."""
        return [row for row in self.evidence if row.has_identifier and row.has_figures]

    @cached_property
    def without_figures(self) -> list[EvidenceRow]:
        return [row for row in self.evidence if row.has_identifier and not row.has_figures]

    @cached_property
    def without_identifier(self) -> list[EvidenceRow]:
        return [row for row in self.evidence if not row.has_identifier]

    def _own_date(self, provider: str | None, stale: bool, as_of: str | None) -> bool:
        """The one rule for a figure's own date: printed only when the figure is old and
        its date is not the one the panel's "as of" line already gives for its provider
        (the same date repeated beside every figure says nothing new)."""
        return bool(stale and dict(self.as_of).get(provider) != as_of)

    def dated(self, c: Cell | None) -> bool:
        """Whether a cell of the panel prints its own date."""
        return c is not None and c.ok and self._own_date(c.provider, c.stale, c.as_of)

    def badge_dated(self, badge: Badge | None) -> bool:
        """Whether a reference's text badge prints its as-of date (its figures are
        Altmetric's)."""
        f = badge.fallback if badge else None
        return f is not None and self._own_date(provider_name("altmetric"), f.stale, f.as_of)

    @property
    def show_section(self) -> bool:
        return bool(self.doi or self.evidence)


def _has(c: Cell | None) -> bool:
    return c is not None and c.ok and c.number is not None


def _reference_title(ref: Any, record: ImpactRecord | None) -> str:
    title = getattr(ref, "title", None)
    csl = getattr(ref, "csl", None)
    if not title and isinstance(csl, dict):
        title = csl.get("title")
    if not title and record is not None:
        title = record.title
    return str(title or getattr(ref, "key", "") or "Untitled work")


class WorkMemo:
    """Per-build memo of what a work's figures give (cells, badges), keyed by (doi, pmid).

    Works repeat across posts (a 1,000-post site cites a few thousand works 15,000 times),
    and a work's cells and badge depend only on its identifiers, the figures and the
    options, so each is computed once per build. Cells and badges are frozen, so rows can
    share them.
    """

    def __init__(self) -> None:
        self.works: dict[tuple[str | None, str | None], tuple] = {}
        self.badges: dict[tuple[str | None, str | None], Badge | None] = {}


def _work_figures(record: ImpactRecord | None, stale_days: int, today: dt.date | None) -> tuple:
    return (
        [cell(record, f, stale_days, today) for f in CITATION_FIGURES],
        cell(record, "icite.relative_citation_ratio", stale_days, today),
        cell(record, "icite.clinical_citations", stale_days, today),
        cell(record, "altmetric.score", stale_days, today),
        fallback_for(record, stale_days, today),
        is_retracted(record),
    )


def evidence_row(
    ref: Any, figures: Figures, stale_days: int, today: dt.date | None, memo: WorkMemo
) -> EvidenceRow:
    doi, pmid = identifiers(ref)
    record = figures.lookup(doi=doi, pmid=pmid) if (doi or pmid) else None
    title = _reference_title(ref, record)
    row = EvidenceRow(getattr(ref, "number", None), title, work_url(doi, pmid), doi, pmid)
    if not row.has_identifier:
        return row
    work = memo.works.get((doi, pmid))
    if work is None:
        work = memo.works[doi, pmid] = _work_figures(record, stale_days, today)
    citations, row.rcr, row.clinical, row.attention, row.attention_link, retracted = work
    row.citations = list(citations)
    row.retracted_by = list(retracted)
    if getattr(ref, "retracted", False) and not row.retracted_by:  # citations.Reference
        row.retracted_by = ["retraction notice"]
    return row


def post_impact(
    post: Any,
    figures: Figures,
    options: BadgeOptions,
    *,
    stale_days: int,
    today: dt.date | None = None,
    badge_type: str | None = None,
    memo: WorkMemo | None = None,
) -> PostImpact:
    """Everything the post's templates need, from the post, its references and the figures.

    Pass one :class:`WorkMemo` for all the posts of a build so each work is done once.
    """
    memo = memo if memo is not None else WorkMemo()
    doi, _ = identifiers(post)
    doi = doi or identifiers({"doi": getattr(post, "metadata", {}).get("doi")})[0]
    record = figures.lookup(doi=doi) if doi else None
    impact = PostImpact(doi=doi, record=record, site_has_data=len(figures) > 0)

    def badge(doi: str | None, pmid: str | None = None) -> Badge | None:
        item = {"doi": doi, "pmid": pmid}
        return badge_for(item, figures, options, stale_days=stale_days, today=today)

    if doi:
        impact.own = [cell(record, f, stale_days, today) for f in POST_FIGURES]
        impact.own_badge = badge(doi)
    for ref in getattr(post, "references", None) or []:
        row = evidence_row(ref, figures, stale_days, today, memo)
        impact.evidence.append(row)
        if row.has_identifier:
            badge_key = (row.doi, row.pmid)
            if badge_key not in memo.badges:
                memo.badges[badge_key] = badge(row.doi, row.pmid)
            row.badge = memo.badges[badge_key]
            if row.badge:
                impact.badges.setdefault(row.badge.identifier, row.badge)
    used: set[str] = set()
    for used_badge in [impact.own_badge, *impact.badges.values()]:
        if used_badge is not None:
            used |= used_badge.scripts
    if "altmetric" in used:
        impact.scripts.append("impact")  # our small script: hides the fallback once live
        impact.altmetric_attributes = altmetric_page_attributes(options, badge_type)
    impact.scripts += [name for name in ("altmetric", "dimensions", "plumx") if name in used]
    return impact
