"""Badge data for one work: Altmetric's embed attributes, Dimensions, PlumX, a text fallback.

The markup follows the vendors' documented embed codes (see the README section "Impact
badges"): an element with class ``altmetric-embed`` and ``data-doi`` (else ``data-pmid``),
``data-badge-type``, ``data-badge-popover``, ``data-hide-no-mentions`` and
``data-link-target``. The last four are the same for every badge of a page, so the page says
them once, on its impact.js script tag (:func:`altmetric_page_attributes`), and impact.js
copies them onto each badge before Altmetric's script runs; each badge carries only its
identifier. The ``badge`` macro of ``partials/impact_macros.html`` prints these
attributes; this module decides them, so tests and templates agree.

The static fallback is built from the committed figures ("Altmetric 121 · news 8 ·
policy 1", as of a date) and links to the Altmetric details page, as Altmetric's display
terms ask. It is what readers see when scripts are blocked, when the site chose
``ALTMETRIC_BADGES = "static"`` (no third-party script at all), and in print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
from typing import Any
from urllib.parse import urlencode

from impact.store import Figures, ImpactRecord
from meded_core.identifiers import doi_url, normalize_doi, normalize_pmid, pubmed_url

from .figure_cells import altmetric_score, display_date, is_stale, safe_url
from .settings import BadgeOptions

# Counts named in the fallback, in this order (the sources Altmetric weighs most first:
# news and policy before blogs and social media); the first non-zero ones are shown.
FALLBACK_COUNTS = (
    ("altmetric.news", "news"),
    ("altmetric.policy", "policy"),
    ("altmetric.guidelines", "guidelines"),
    ("altmetric.patents", "patents"),
    ("altmetric.wikipedia", "Wikipedia"),
    ("altmetric.blogs", "blogs"),
    ("altmetric.x", "X"),
    ("altmetric.bluesky", "Bluesky"),
    ("altmetric.facebook", "Facebook"),
    ("altmetric.reddit", "Reddit"),
    ("altmetric.videos", "videos"),
    ("altmetric.podcasts", "podcasts"),
)
FALLBACK_MAX_COUNTS = 3

Attrs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Fallback:
    """The text badge: score and main counts, linked to Altmetric's details page."""

    text: str
    url: str | None
    as_of: str
    as_of_text: str
    stale: bool
    score: int


@dataclass(frozen=True)
class Badge:
    """Everything a template needs to print the badges of one work."""

    doi: str | None
    pmid: str | None
    altmetric: Attrs = ()  # data-* attributes of the embed element (empty: no embed)
    dimensions: Attrs = ()
    plumx_url: str | None = None
    plumx: Attrs = ()
    fallback: Fallback | None = None
    scripts: frozenset[str] = field(default_factory=frozenset)  # "altmetric", "dimensions", …

    @property
    def identifier(self) -> str:
        return f"doi:{self.doi}" if self.doi else f"pmid:{self.pmid}"

    @property
    def css_class(self) -> str:
        """``impact-badge`` plus state classes the stylesheet and impact.js use.

        ``has-fallback``: the text badge is there (hidden on screen once the embed shows);
        ``embed-only``: nothing to show until Altmetric's script draws the badge, so the
        "What is this?" link waits for it too.
        """
        classes = ["impact-badge"]
        if self.fallback:
            classes.append("has-fallback")
        elif self.altmetric and not (self.dimensions or self.plumx_url):
            classes.append("embed-only")
        return " ".join(classes)

    @property
    def empty(self) -> bool:
        return not (self.altmetric or self.dimensions or self.plumx_url or self.fallback)


def identifiers(item: Any) -> tuple[str | None, str | None]:
    """(doi, pmid) of a reference, post, record or mapping, normalised (None when absent)."""
    if item is None:
        return None, None
    if isinstance(item, dict):
        doi, pmid = item.get("doi") or item.get("DOI"), item.get("pmid") or item.get("PMID")
    else:
        doi, pmid = getattr(item, "doi", None), getattr(item, "pmid", None)
    return normalize_doi(doi) if doi else None, normalize_pmid(pmid) if pmid else None


def work_url(doi: str | None, pmid: str | None) -> str | None:
    """The work's DOI link, else its PubMed page."""
    return doi_url(doi) if doi else (pubmed_url(pmid) if pmid else None)


def fallback_for(
    record: ImpactRecord | None, stale_days: int, today: dt.date | None = None
) -> Fallback | None:
    """The text badge from the stored Altmetric figures, or None when there are none."""
    if record is None:
        return None
    entry = record.figure("altmetric.score")
    if entry is None or not isinstance(entry.get("value"), (int, float)):
        return None
    score = altmetric_score(entry["value"])
    counts = []
    for figure, name in FALLBACK_COUNTS:
        value = record.value(figure)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            counts.append((value, name))
    parts = [f"Altmetric {score:,}"] + [f"{name} {int(value):,}" for value, name in counts]
    as_of = str(entry.get("as_of") or "")
    return Fallback(
        text=" · ".join(parts[: FALLBACK_MAX_COUNTS + 1]),
        url=safe_url(record.value("altmetric.details_url")),
        as_of=as_of,
        as_of_text=display_date(as_of),
        stale=is_stale(as_of, stale_days, today),
        score=score,
    )


def badge_for(
    item: Any,
    figures: Figures,
    options: BadgeOptions,
    *,
    stale_days: int = 120,
    today: dt.date | None = None,
) -> Badge | None:
    """The badges of a work or post, or None when it has neither DOI nor PMID.

    Altmetric is asked by DOI when there is one (its canonical key), else by PMID; the
    attributes every badge of a page shares are :func:`altmetric_page_attributes`.
    """
    doi, pmid = identifiers(item)
    if not doi and not pmid:
        return None
    scripts: set[str] = set()
    altmetric: Attrs = ()
    if options.embed:
        altmetric = (("data-doi", doi) if doi else ("data-pmid", pmid),)
        scripts.add("altmetric")
    fallback = None
    if options.static:
        fallback = fallback_for(figures.lookup(doi=doi, pmid=pmid), stale_days, today)
    dimensions: Attrs = ()
    if options.dimensions:
        ident = ("data-doi", doi) if doi else ("data-pmid", pmid)
        dimensions = (
            ident,
            ("data-style", options.dimensions_style),
            ("data-legend", options.dimensions_legend),
        )
        if options.dimensions_hide_zero:
            dimensions += (("data-hide-zero-citations", "true"),)
        scripts.add("dimensions")
    plumx_url, plumx = None, ()
    if options.plumx:
        query = {"doi": doi} if doi else {"pmid": pmid}
        plumx_url = "https://plu.mx/plum/a/?" + urlencode(query, safe="/")
        plumx = (("data-popup", options.plumx_popup),)
        if options.plumx_hide_when_empty:
            plumx += (("data-hide-when-empty", "true"),)
        scripts.add("plumx")
    badge = Badge(
        doi=doi,
        pmid=pmid,
        altmetric=altmetric,
        dimensions=dimensions,
        plumx_url=plumx_url,
        plumx=plumx,
        fallback=fallback,
        scripts=frozenset(scripts),
    )
    return None if badge.empty else badge


def altmetric_page_attributes(options: BadgeOptions, badge_type: str | None = None) -> Attrs:
    """The embed attributes every Altmetric badge of a page shares (the post may choose its
    badge type), printed once on the page's impact.js script tag instead of on each badge."""
    return (
        ("data-badge-type", badge_type or options.badge_type),
        ("data-badge-popover", options.popover),
        ("data-hide-no-mentions", "true" if options.hide_no_mentions else "false"),
        ("data-link-target", options.link_target),
    )
