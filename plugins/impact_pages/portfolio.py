"""Per-author impact portfolio: the evidence a promotion and tenure dossier asks for.

For each author: their OpenAlex author figures (via the ORCID in the registry), the posts
they wrote with those posts' own figures and the reach of the evidence they cite, and the
posts they reviewed (from the quality plugin, read defensively), as a printable page and
a CSV. An author with no ORCID still gets a portfolio; it says why there are no
author-level figures.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
import datetime as dt
import io
from typing import Any

from impact.export import csv_cell
from impact.store import Figures, author_key
from meded_core.shared import post_people

from .charts import Chart, carry_forward, line_chart
from .evidence import PostImpact
from .figure_cells import Cell, cell, display_date

AUTHOR_FIGURES = (
    "openalex.h_index",
    "openalex.i10_index",
    "openalex.works_count",
    "openalex.cited_by_count",
    "openalex.two_year_mean_citedness",
)
CSV_COLUMNS = (
    *("section", "title", "date", "role", "doi", "url"),  # the work
    *("figure", "label", "source", "value", "status", "as_of"),  # one of its figures
)
STATUS = {"ok": "ok", "none": "none found", "unavailable": "not available"}


@dataclass
class WrittenPost:
    post: Any
    position: int  # 1 = first author
    coauthors: list[str]
    impact: PostImpact | None

    @property
    def role(self) -> str:
        total = len(self.coauthors) + 1
        return "Sole author" if total == 1 else f"Author {self.position} of {total}"


@dataclass
class ReviewedPost:
    post: Any
    roles: list[str]
    date: dt.date | None


@dataclass
class Portfolio:
    slug: str
    name: str
    record: Any  # authors.registry.Author, or None when the registry does not know them
    orcid: str | None
    orcid_url: str | None
    state: str  # "ok", "no_orcid", "no_record"
    summary: list[Cell] = field(default_factory=list)
    written: list[WrittenPost] = field(default_factory=list)
    reviewed: list[ReviewedPost] = field(default_factory=list)
    chart: Chart | None = None
    url: str = ""
    save_as: str = ""
    csv_url: str = ""
    csv_save_as: str = ""
    generated: str = ""

    @property
    def generated_text(self) -> str:
        return display_date(self.generated)

    @property
    def summary_as_of(self) -> str:
        dates = [c.as_of for c in self.summary if c.ok and c.as_of]
        return display_date(max(dates)) if dates else ""

    @property
    def stale(self) -> bool:
        return any(c.stale for c in self.summary)


def _names(post: Any) -> list[tuple[str, str]]:
    """(slug, display name) of each author of a post, in byline order."""
    records = post_people(post)
    if records:
        return [(r.slug, r.display_name) for r in records]
    return [(a.slug, str(a)) for a in getattr(post, "authors", None) or []]


def written_posts(slug: str, posts: list[Any]) -> list[WrittenPost]:
    result = []
    for post in posts:
        names = _names(post)
        slugs = [s for s, _ in names]
        if slug not in slugs:
            continue
        result.append(
            WrittenPost(
                post=post,
                position=slugs.index(slug) + 1,
                coauthors=[n for s, n in names if s != slug],
                impact=getattr(post, "impact", None),
            )
        )
    result.sort(key=lambda w: w.post.date, reverse=True)
    return result


def reviewed_posts(slug: str, reviews_by_author: Any) -> list[ReviewedPost]:
    """Posts reviewed or rated, from the quality plugin's ``quality_reviews_by_author``.

    Assumed shape (plugins/quality): ``{slug: [ReviewCredit(article, roles, date)]}``;
    anything else yields no reviews rather than an error.
    """
    if not isinstance(reviews_by_author, dict):
        return []
    result = []
    for credit in reviews_by_author.get(slug) or []:
        post = getattr(credit, "article", None)
        if post is None:
            continue
        roles = [str(r) for r in getattr(credit, "roles", None) or []] or ["Review"]
        date = getattr(credit, "date", None)
        result.append(ReviewedPost(post, list(dict.fromkeys(roles)), date))
    return result


def author_chart(slug: str, name: str, figures: Figures, key: str) -> Chart | None:
    points = [(p.as_of, p.value) for p in figures.history(key, "openalex.cited_by_count")]
    dates = sorted({d for d, _ in points})
    if len(dates) < 2:
        return None
    values = carry_forward(points, dates)
    description = (
        f"Citations of {name}'s works in OpenAlex at each update, from "
        f"{display_date(dates[0])} ({values[0]:,.0f}) to {display_date(dates[-1])} "
        f"({values[-1]:,.0f})."
    )
    return line_chart(
        f"author-{slug}",
        f"Citations of {name}'s works over time",
        description,
        dates,
        [("Citations (OpenAlex)", values)],
    )


def build_portfolio(
    slug: str,
    name: str,
    record: Any,
    posts: list[Any],
    reviews_by_author: Any,
    figures: Figures,
    *,
    stale_days: int,
    today: dt.date,
) -> Portfolio:
    orcid = getattr(record, "orcid", None) if record is not None else None
    key = author_key(orcid) if orcid else None
    author_record = figures.get(key) if key else None
    portfolio = Portfolio(
        slug=slug,
        name=name,
        record=record,
        orcid=orcid,
        orcid_url=getattr(record, "orcid_url", None) if orcid else None,
        state="ok" if author_record is not None else ("no_orcid" if not key else "no_record"),
        generated=today.isoformat(),
    )
    if key:
        portfolio.summary = [cell(author_record, f, stale_days, today) for f in AUTHOR_FIGURES]
        if author_record is not None:
            portfolio.chart = author_chart(slug, name, figures, key)
    portfolio.written = written_posts(slug, posts)
    portfolio.reviewed = reviewed_posts(slug, reviews_by_author)
    return portfolio


# --- CSV ---------------------------------------------------------------------------------------


def _row(section, title, date, role, doi, url, c: Cell | None = None, **extra) -> list[str]:
    values = dict.fromkeys(CSV_COLUMNS, "")
    values.update(section=section, title=title, role=role, doi=doi or "", url=url or "")
    values["date"] = date.isoformat() if hasattr(date, "isoformat") else (date or "")
    if c is not None:
        values.update(
            figure=c.figure,
            label=c.label,
            source=c.provider,
            value=c.value if c.ok else "",
            status=STATUS.get(c.state, c.state),
            as_of=c.as_of,
        )
    values.update(extra)
    return [csv_cell(values[name]) for name in CSV_COLUMNS]


def portfolio_csv(portfolio: Portfolio, root: str) -> str:
    """One row per figure (long format, like impact.csv), with the work it belongs to."""

    def absolute(url: str) -> str:
        return f"{root}/{url}" if root else url

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    orcid_url = portfolio.orcid_url or ""
    if portfolio.summary:
        for c in portfolio.summary:
            writer.writerow(_row("author", portfolio.name, "", "", "", orcid_url, c))
    else:
        writer.writerow(
            _row("author", portfolio.name, "", "", "", orcid_url, status="no ORCID iD on file")
        )
    for item in portfolio.written:
        post, impact = item.post, item.impact
        common = ("post written", post.title, post.date.date(), item.role)
        doi = impact.doi if impact else None
        url = absolute(post.url)
        cells = list(impact.own) if impact and impact.own else []
        for c in cells:
            writer.writerow(_row(*common, doi, url, c))
        if impact and impact.evidence:
            with_ids = sum(1 for r in impact.evidence if r.has_identifier)
            for figure, label, source, value in (
                ("evidence.cited_works", "Cited works with a DOI or PMID", "this site", with_ids),
                (
                    "evidence.attention_total",
                    "Total Altmetric attention of cited works",
                    "Altmetric",
                    impact.attention_total,
                ),
            ):
                status = "ok" if value is not None else STATUS["unavailable"]
                extra = {"figure": figure, "label": label, "source": source, "status": status}
                writer.writerow(
                    _row(*common, doi, url, value="" if value is None else value, **extra)
                )
        if not cells and not (impact and impact.evidence):
            writer.writerow(_row(*common, doi, url))
    for review in portfolio.reviewed:
        writer.writerow(
            _row(
                "post reviewed",
                review.post.title,
                review.date or review.post.date.date(),
                "; ".join(review.roles),
                getattr(review.post, "doi", None),
                absolute(review.post.url),
            )
        )
    return buffer.getvalue()
