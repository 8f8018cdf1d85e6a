"""The site dashboard (``/impact/``): rankings, the most-cited and most-discussed works,
retracted works still cited, the as-of date of each source and the trend charts.

Rankings only use figures that exist: a work or post without a figure is left out of a
ranking (and counted), never ranked as a zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
from typing import Any

from impact.store import PROVIDER_NAMES, Figures, ImpactRecord, work_key

from .badges import Fallback, fallback_for, identifiers, work_url
from .charts import Chart, bar_chart, carry_forward, line_chart
from .evidence import CITATION_FIGURES, PostImpact
from .figure_cells import Cell, cell, display_date, first_available, is_retracted, is_stale

ATTENTION = "altmetric.score"


@dataclass
class WorkSummary:
    """One work the blog cites, across all posts."""

    key: str
    title: str
    url: str | None
    citation_cells: list[Cell]
    attention: Cell
    fallback: Fallback | None
    retracted_by: list[str]
    cited_in: list[Any] = field(default_factory=list)  # posts

    @property
    def citations(self) -> Cell | None:
        return first_available(self.citation_cells)


@dataclass
class PostRank:
    post: Any
    impact: PostImpact
    value: tuple[float, ...]  # sort key, largest first
    text: str


@dataclass
class SourceDate:
    """How current one provider's figures are across the site."""

    provider: str
    name: str
    newest: str
    oldest: str
    records: int
    stale: bool

    @property
    def newest_text(self) -> str:
        return display_date(self.newest)

    @property
    def oldest_text(self) -> str:
        return display_date(self.oldest)


@dataclass
class Dashboard:
    has_data: bool
    works: list[WorkSummary]
    most_cited: list[WorkSummary]
    most_discussed: list[WorkSummary]
    retracted: list[WorkSummary]
    posts_by_evidence: list[PostRank]
    posts_by_citations: list[PostRank]
    posts_by_own: list[PostRank]
    posts_without_figures: int
    sources: list[SourceDate]
    charts: list[Chart]
    trend_note: str
    counts: dict[str, int]


def _evidence(post: Any) -> list[Any]:
    """The post's evidence rows (none when the post has no impact attached)."""
    return getattr(getattr(post, "impact", None), "evidence", None) or []


def collect_works(
    posts: list[Any], figures: Figures, stale_days: int, today: dt.date | None
) -> list[WorkSummary]:
    """Every cited work: those in the posts' reference lists and the work records on file."""
    found: dict[str, WorkSummary] = {}

    def summary(key: str, record: ImpactRecord | None, title: str, doi, pmid, row=None):
        if key not in found:
            if row is not None:  # the evidence row already holds the work's cells: share them
                citations, attention, fallback = row.citations, row.attention, row.attention_link
            else:
                citations = [cell(record, f, stale_days, today) for f in CITATION_FIGURES]
                attention = cell(record, ATTENTION, stale_days, today)
                fallback = fallback_for(record, stale_days, today)
            found[key] = WorkSummary(
                key=key,
                title=title or (record.title if record else "") or key,
                url=work_url(doi or (record and record.doi), pmid or (record and record.pmid)),
                citation_cells=list(citations),
                attention=attention,
                fallback=fallback,
                retracted_by=is_retracted(record),
            )
        return found[key]

    for post in posts:
        for row in _evidence(post):
            if not row.has_identifier:
                continue
            record = figures.lookup(doi=row.doi, pmid=row.pmid)
            key = record.key if record else work_key(row.doi, row.pmid)
            work = summary(key, record, row.title, row.doi, row.pmid, row)
            if row.retracted_by and not work.retracted_by:
                work.retracted_by = list(row.retracted_by)
            if post not in work.cited_in:
                work.cited_in.append(post)
    for key, record in figures.records.items():
        if record.kind == "work" and key not in found:
            doi, pmid = identifiers(record)
            summary(key, record, record.title, doi, pmid)
    return sorted(found.values(), key=lambda w: w.key)


def _ranked(items, value_of, limit: int):
    scored = [(value_of(item), item) for item in items]
    scored = [(v, item) for v, item in scored if v is not None]
    scored.sort(key=lambda pair: (-pair[0], getattr(pair[1], "key", "")))
    return [item for _, item in scored[:limit]]


def _number_text(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def rank_posts(
    posts: list[Any], limit: int
) -> tuple[list[PostRank], list[PostRank], list[PostRank]]:
    """Posts by the attention and the citations of what they cite, and by their own figures."""
    by_evidence, by_citations, by_own = [], [], []
    for post in posts:
        impact = getattr(post, "impact", None)
        if impact is None:
            continue
        for ranks, total in (
            (by_evidence, impact.attention_total),
            (by_citations, impact.citations_total),
        ):
            if total is not None:
                ranks.append(PostRank(post, impact, (total,), _number_text(total)))
        own = impact.own_citations
        attention = impact.own_attention
        if own or attention:
            parts = [f"{own.text} citations ({own.provider})"] if own else []
            if attention is not None:
                parts.append(f"attention {attention.text}")
            value = (
                (own.number if own else 0.0) or 0.0,
                (attention.number if attention else 0.0) or 0.0,
            )
            by_own.append(PostRank(post, impact, value, "; ".join(parts)))

    def order(ranks: list[PostRank]) -> list[PostRank]:
        ranks.sort(key=lambda r: (tuple(-v for v in r.value), r.post.title))
        return ranks[:limit]

    return order(by_evidence), order(by_citations), order(by_own)


def source_dates(figures: Figures, stale_days: int, today: dt.date | None) -> list[SourceDate]:
    result = []
    for provider, name in PROVIDER_NAMES.items():
        dates, records = [], 0
        for record in figures.records.values():
            own = [e["as_of"] for e in record.for_provider(provider).values() if e.get("as_of")]
            if own:
                records += 1
                dates.append(max(own))
        if dates:
            stale = is_stale(min(dates), stale_days, today)
            result.append(SourceDate(provider, name, max(dates), min(dates), records, stale))
    return result


# --- charts ----------------------------------------------------------------------------------


def citations_trend(works: list[WorkSummary], figures: Figures) -> Chart | None:
    """Total citations of the cited works at each `make impact` run, one line per source."""
    series_points: dict[str, list[list[tuple[str, Any]]]] = {}
    dates: set[str] = set()
    for figure in CITATION_FIGURES:
        per_work = []
        for work in works:
            points = [(p.as_of, p.value) for p in figures.history(work.key, figure)]
            if points:
                per_work.append(points)
                dates.update(d for d, _ in points)
        series_points[figure] = per_work
    ordered = sorted(dates)
    if len(ordered) < 2:
        return None
    series = []
    for figure, per_work in series_points.items():
        if not per_work:
            continue
        columns = [carry_forward(points, ordered) for points in per_work]
        totals = []
        for i in range(len(ordered)):
            known = [col[i] for col in columns if col[i] is not None]
            totals.append(sum(known) if known else None)
        series.append((PROVIDER_NAMES[figure.split(".")[0]], totals))
    if not series:
        return None
    first = series[0]
    start = next(v for v in first[1] if v is not None)
    end = first[1][-1]
    description = (
        f"Total citations of the works cited on this blog, by source, at each update from "
        f"{display_date(ordered[0])} to {display_date(ordered[-1])} (a work counts from its "
        f"first update, so newly cited works raise the total too). {first[0]}: "
        f"{_number_text(start)} to {_number_text(end or 0)}."
    )
    return line_chart(
        "citations-trend", "Citations of the cited works over time", description, ordered, series
    )


def attention_trend(works: list[WorkSummary], figures: Figures, limit: int) -> Chart | None:
    """Attention score of the most-discussed works at each update."""
    top = _ranked(works, lambda w: w.attention.number, limit)
    histories = []
    for work in top:
        points = [(p.as_of, p.value) for p in figures.history(work.key, ATTENTION)]
        if points:
            histories.append((work, points))
    dates = sorted({d for _, points in histories for d, _ in points})
    if len(dates) < 2 or not histories:
        return None
    series = [(_short(work.title), carry_forward(points, dates)) for work, points in histories]
    leader = top[0]
    description = (
        f"Altmetric Attention Score of the {len(series)} most-discussed cited works at each "
        f"update from {display_date(dates[0])} to {display_date(dates[-1])}. Highest now: "
        f"{leader.title} ({leader.attention.text})."
    )
    return line_chart(
        "attention-trend", "Attention to the most-discussed cited works", description, dates, series
    )


def citations_by_year(works: list[WorkSummary], figures: Figures) -> Chart | None:
    """Citations received per year by all cited works (OpenAlex counts_by_year)."""
    totals: dict[int, float] = {}
    for work in works:
        try:
            record = figures[work.key]
        except KeyError:
            continue
        for item in record.value("openalex.counts_by_year") or []:
            if not isinstance(item, dict):
                continue
            year, count = item.get("year"), item.get("cited_by_count")
            if isinstance(year, int) and isinstance(count, (int, float)):
                totals[year] = totals.get(year, 0) + count
    if not totals:
        return None
    years = list(range(min(totals), max(totals) + 1))
    values = [totals.get(y, 0) for y in years]
    peak = years[values.index(max(values))]
    description = (
        f"Citations received each year from {years[0]} to {years[-1]} by the works cited on "
        f"this blog, from OpenAlex. Peak: {peak} with {_number_text(max(values))} citations. "
        "The latest year is still incomplete."
    )
    return bar_chart(
        "citations-by-year",
        "Citations per year of the cited works (OpenAlex)",
        description,
        [str(y) for y in years],
        values,
        series_name="Citations (OpenAlex)",
    )


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_dashboard(
    posts: list[Any],
    figures: Figures,
    *,
    stale_days: int,
    top: int,
    chart_series: int,
    today: dt.date | None = None,
) -> Dashboard:
    works = collect_works(posts, figures, stale_days, today)
    by_evidence, by_citations, by_own = rank_posts(posts, top)
    charts = [
        c
        for c in (
            citations_trend(works, figures),
            attention_trend(works, figures, chart_series),
            citations_by_year(works, figures),
        )
        if c is not None
    ]
    has_history = any(c.slug.endswith("-trend") for c in charts)
    trend_note = (
        ""
        if has_history
        else "Trend lines appear once `make impact` has recorded figures on two different days."
    )
    with_evidence = [p for p in posts if any(r.has_identifier for r in _evidence(p))]
    ranked = {id(r.post) for r in by_evidence} | {id(r.post) for r in by_citations}
    return Dashboard(
        has_data=len(figures) > 0,
        works=works,
        most_cited=_ranked(works, lambda w: w.citations.number if w.citations else None, top),
        most_discussed=_ranked(works, lambda w: w.attention.number, top),
        retracted=[w for w in works if w.retracted_by],
        posts_by_evidence=by_evidence,
        posts_by_citations=by_citations,
        posts_by_own=by_own,
        posts_without_figures=sum(1 for p in with_evidence if id(p) not in ranked),
        sources=source_dates(figures, stale_days, today),
        charts=charts,
        trend_note=trend_note,
        counts={
            "posts": len(posts),
            "posts_citing": len(with_evidence),
            "works": len(works),
            "works_with_figures": sum(1 for w in works if w.citations or w.attention.ok),
            "records": len(figures),
        },
    )
