"""Assess one post: read its quality fields, evaluate the checklist, collect problems.

Runs after the authors and citations plugins have attached ``author_records`` and
``references`` (``article_generator_finalized``), never in the reader: the result depends
on ``content/authors.yml`` and the references cache, which Pelican's reader cache ignores.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
from typing import Any

from meded_core import Problem
from meded_core.dates import parse_date

from .criteria import Criteria
from .evaluate import PostFacts, evaluate, missing_disclosures
from .inputs import (
    IntervalTooLong,
    Issue,
    date_field,
    flag,
    parse_interval,
    parse_links,
    parse_ratings,
    parse_review,
    text,
    text_list,
)
from .model import Disclosure, Interval, PostQuality
from .people import People, author_disclosure, person_from_author
from .ratings import summarize
from .schedule import clinical_review


@dataclass
class Assessor:
    """Everything that is the same for every post of one build."""

    criteria: Criteria
    people: People
    today: dt.date
    min_raters: int = 3
    required: tuple[str, ...] = ()
    default_every: Interval | None = None
    citations: bool = True  # the citations plugin is enabled (a post without citations has none)

    def assess(self, article: Any) -> tuple[PostQuality, list[Problem]]:
        metadata = getattr(article, "metadata", {}) or {}
        issues: list[Issue] = []

        def issue(field: str, message: str, fix: str) -> None:
            issues.append(Issue(field, field, message, fix))

        records = getattr(article, "author_records", None)
        if records is None:  # authors plugin absent: fall back to the names as written
            authors = [str(a) for a in (metadata.get("authors") or [])]
            if not authors and metadata.get("author"):
                authors = [str(metadata["author"])]
            registry = False
        else:
            authors, registry = list(records), self.people.available
        slugs = frozenset(getattr(a, "slug", None) for a in authors) - {None}
        review = parse_review(metadata.get("review"), self.people, issues, slugs)
        ratings = parse_ratings(metadata.get("ratings"), self.criteria, self.people, issues, slugs)

        last_reviewed = date_field(
            metadata.get("last_reviewed"), "last_reviewed", "last_reviewed", issues
        )
        if last_reviewed and last_reviewed > self.today:
            issue(
                "last_reviewed",
                f"{last_reviewed.isoformat()} is in the future",
                "give the date the post was last checked against current evidence",
            )
        every = self.default_every
        if metadata.get("review_every") not in (None, ""):
            try:
                every = parse_interval(metadata["review_every"])
            except ValueError as exc:
                issue(
                    "review_every",
                    f"cannot read {metadata['review_every']!r} as a review interval"
                    + (f" ({exc})" if isinstance(exc, IntervalTooLong) else ""),
                    "write a number and a unit, e.g. review_every: 24 months, 2 years or 6 weeks",
                )
        date = getattr(article, "date", None)  # Pelican's datetime, when the post has one
        published = parse_date(date) if date else self.today
        clinical = clinical_review(last_reviewed, every, published, self.today)

        facts = PostFacts(
            authors=authors,
            registry=registry,
            disclosures=text(metadata.get("disclosures")),
            ai_use=text(metadata.get("ai_use")),
            references=list(getattr(article, "references", None) or []) if self.citations else None,
            unresolved=[str(u) for u in getattr(article, "unresolved_citations", None) or []],
            uncited=[str(u) for u in getattr(article, "uncited_references", None) or []],
            review=review,
            sponsored=flag(metadata.get("sponsored")),
            funding=text(metadata.get("funding")),
            clinical=clinical,
            further_reading=parse_links(metadata.get("further_reading"), issues),
            audience=text_list(metadata.get("audience")),
            learning_objectives=text_list(metadata.get("learning_objectives")),
            html=getattr(article, "_content", "") or "",
        )
        if facts.disclosures:
            disclosures = [Disclosure(facts.disclosures)]
        else:
            disclosures = [
                Disclosure(author_disclosure(a), person_from_author(a).name)
                for a in authors
                if registry and author_disclosure(a)
            ]
        quality = PostQuality(
            items=evaluate(self.criteria, facts),
            review=review,
            ratings=ratings,
            rating_summary=summarize(ratings, self.criteria, self.min_raters),
            disclosures=disclosures,
            disclosures_missing=missing_disclosures(facts),
            funding=facts.funding,
            ai_use=facts.ai_use,
            sponsored=facts.sponsored,
            audience=facts.audience,
            learning_objectives=facts.learning_objectives,
            further_reading=facts.further_reading,
            clinical=clinical,
            required=self.required,
        )
        source = getattr(article, "source_path", "")
        lines = metadata.get("front_matter_lines") or {}
        problems = [
            Problem(source, issue.message, issue.fix, line=lines.get(issue.field), field=issue.path)
            for issue in issues
        ]
        return quality, problems


def enforcement_problems(
    source: str, quality: PostQuality, skip: set[str] = frozenset()
) -> list[Problem]:
    """One problem per required item the post does not meet (except the ``skip`` ids)."""
    problems = []
    for item in quality.required_missing:
        if item.id in skip:
            continue
        message = item.criterion.missing
        if item.detail:
            message = f"{message}: {item.detail}"
        problems.append(Problem(source, message, item.criterion.fix))
    return problems
