"""Read and check the quality fields of a post's front matter (pure: no logging, no I/O).

Each function returns typed values and appends an :class:`Issue` for every mistake, naming
the field path (``review.type``, ``ratings[2].scores.writing``), what is wrong and how to
fix it. The plugin turns issues into ``meded_core.Problem`` lines with the file and line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import datetime as dt
import difflib
import math
import re
from typing import Any

from meded_core.dates import parse_date
from meded_core.fields import as_bool, as_list
from meded_core.identifiers import doi_url, normalize_doi, normalize_pmid, pubmed_url

from .criteria import Criteria
from .model import REVIEW_TYPES, Interval, Link, Person, Rating, ReviewRecord
from .people import People


@dataclass(frozen=True)
class Issue:
    field: str  # top-level front-matter key (used to find the line)
    path: str  # where exactly, e.g. "review.reviewers"
    message: str
    fix: str = ""


_INTERVAL = re.compile(r"^\s*(\d+)\s*(day|week|month|year)s?\s*$", re.IGNORECASE)
REVIEW_KEYS = ("type", "reviewers", "date", "summary")
RATING_KEYS = ("rater", "date", "scores")


def text(value: Any) -> str:
    """A scalar as stripped text; None and empty values become ''."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(text(v) for v in value if text(v))
    return str(value).strip()


def text_list(value: Any) -> list[str]:
    return [t for t in (text(v) for v in as_list(value)) if t]


def flag(value: Any) -> bool:
    return as_bool(value) if value is not None else False


# The longest review interval accepted, per unit (100 years): a longer one is a typo, and
# dates beyond year 9999 cannot be computed.
MAX_INTERVAL = {"day": 36_525, "week": 5_218, "month": 1_200, "year": 100}


class IntervalTooLong(ValueError):
    pass


def parse_interval(value: Any) -> Interval:
    """ "24 months", "2 years", "18 months", "6 weeks", "90 days"; ValueError otherwise."""
    match = _INTERVAL.match(str(value))
    if not match or int(match.group(1)) <= 0:
        raise ValueError(f"{value!r} is not a review interval")
    unit = match.group(2).lower()
    if int(match.group(1)) > MAX_INTERVAL[unit]:
        raise IntervalTooLong(f"at most {MAX_INTERVAL[unit]} {unit}s")
    return Interval(int(match.group(1)), unit)


def _hint(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(str(word), choices, n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def _unknown_keys(
    entry: dict, known: tuple[str, ...], top: str, where: str, issues: list[Issue]
) -> None:
    """An issue for each key of ``entry`` that is not one of ``known``."""
    kind = top.removesuffix("s")  # review, rating
    listing = f"{', '.join(known[:-1])} and {known[-1]}"
    for key in entry:
        if str(key).lower() not in known:
            message = f"unknown {kind} field '{key}'"
            issues.append(
                Issue(top, f"{where}.{key}", message, f"{_hint(key, list(known))}use {listing}")
            )


def date_field(value: Any, top: str, path: str, issues: list[Issue]) -> dt.date | None:
    """The date in ``value`` (None when absent, or unreadable with an issue)."""
    if value in (None, ""):
        return None
    try:
        return parse_date(value)
    except ValueError:
        issues.append(
            Issue(
                top,
                path,
                f"cannot read the date {value!r}",
                "write it as YYYY-MM-DD, e.g. 2024-01-15",
            )
        )
        return None


def _person(
    text_: Any,
    people: People,
    top: str,
    path: str,
    role: str,
    issues: list[Issue],
    authors: frozenset = frozenset(),
) -> Person | None:
    """The registry person, or None (with an issue) when unknown or an author of the post."""

    def issue(message: str, fix: str) -> None:
        issues.append(Issue(top, path, message, fix))

    name = text(text_)
    if not name:
        issue(f"a {role} is empty", "give the person's slug from content/authors.yml")
        return None
    person = people.find(name)
    if person is None:
        suggestions = people.suggest(name)
        hint = f"did you mean {' or '.join(repr(s) for s in suggestions)}? " if suggestions else ""
        issue(
            f"{role} '{name}' is not in the author registry",
            f"{hint}add them to content/authors.yml or use their slug from there",
        )
    elif person.slug and person.slug in authors:
        what = "and cannot review it" if role == "reviewer" else "; self-ratings are not counted"
        issue(
            f"{person.name} is an author of this post{' ' if role == 'reviewer' else ''}{what}",
            f"{role}s must be people who did not write the post",
        )
        return None
    return person


def parse_review(
    value: Any, people: People, issues: list[Issue], authors: frozenset = frozenset()
) -> ReviewRecord | None:
    """The ``review:`` mapping; None when absent or unusable (with an issue saying why).

    ``authors`` are the post's author slugs: nobody reviews their own post.
    """
    if value in (None, "", {}):
        return None
    if not isinstance(value, dict):
        issues.append(
            Issue(
                "review",
                "review",
                "expected nested fields type, reviewers, date, summary",
                "write review: on its own line with indented type:, reviewers:, date:, summary: (YAML front matter)",
            )
        )
        return None
    _unknown_keys(value, REVIEW_KEYS, "review", "review", issues)
    types = list(REVIEW_TYPES)
    kind = text(value.get("type")).lower()
    if kind not in REVIEW_TYPES:
        wrong = f"unknown review type '{kind}'" if kind else "the review has no type"
        fix = f"{_hint(kind, types)}use one of" if kind else "add type: one of"
        issues.append(Issue("review", "review.type", wrong, f"{fix} {', '.join(types)}"))
        return None
    reviewers = []
    for index, name in enumerate(as_list(value.get("reviewers"))):
        person = _person(
            name, people, "review", f"review.reviewers[{index + 1}]", "reviewer", issues, authors
        )
        if person is not None and person not in reviewers:
            reviewers.append(person)
    return ReviewRecord(
        type=kind,
        reviewers=tuple(reviewers),
        date=date_field(value.get("date"), "review", "review.date", issues),
        summary=text(value.get("summary")),
    )


def parse_ratings(
    value: Any,
    criteria: Criteria,
    people: People,
    issues: list[Issue],
    authors: frozenset = frozenset(),
) -> list[Rating]:
    """The ``ratings:`` list. Bad scores are dropped; ratings by unknown raters or authors too."""
    if value in (None, "", []):
        return []

    def issue(path: str, message: str, fix: str) -> None:
        issues.append(Issue("ratings", path, message, fix))

    rated = {c.id: c for c in criteria.rated}
    example = (
        "ratings:\n  - rater: slug\n    date: 2024-01-15\n    scores: {"
        + ", ".join(f"{k}: 2" for k in rated)
        + "}"
    )
    if not isinstance(value, list):
        issue("ratings", "expected a list of ratings", f"write it like:\n{example}")
        return []
    ratings: list[Rating] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(value, start=1):
        where = f"ratings[{number}]"
        if not isinstance(entry, dict):
            issue(where, "each rating needs rater, date and scores", f"write it like:\n{example}")
            continue
        _unknown_keys(entry, RATING_KEYS, "ratings", where, issues)
        person = _person(
            entry.get("rater"), people, "ratings", f"{where}.rater", "rater", issues, authors
        )
        date = date_field(entry.get("date"), "ratings", f"{where}.date", issues)
        scores = _scores(entry.get("scores"), rated, where, issue)
        if person is None:
            continue
        ident = person.slug or person.key
        if ident in seen:
            issue(
                f"{where}.rater",
                f"{person.name} has already rated this post (rating {seen[ident]}); only the later rating counts",
                "keep one rating per rater",
            )
            ratings = [r for r in ratings if (r.rater.slug or r.rater.key) != ident]
        seen[ident] = number
        ratings.append(Rating(rater=person, date=date, scores=scores))
    return ratings


def _scores(value: Any, rated: dict, where: str, issue: Callable) -> dict[str, int]:
    """The valid scores of one rating; ``issue(path, message, fix)`` hears of the others."""
    if not isinstance(value, dict) or not value:
        example = "{" + ", ".join(f"{k}: 2" for k in rated) + "}"
        issue(f"{where}.scores", "the rating has no scores", f"add scores: {example}")
        return {}
    scores: dict[str, int] = {}
    for key, score in value.items():
        item = rated.get(str(key).lower())
        if item is None:
            issue(
                f"{where}.scores.{key}",
                f"unknown rating item '{key}'",
                f"{_hint(key, list(rated))}rate these items: {', '.join(rated)}",
            )
            continue
        low, high = item.scale
        if (
            isinstance(score, bool)
            or not isinstance(score, int | float)
            or not math.isfinite(score)  # .nan and .inf in YAML
            or score != int(score)
            or not low <= score <= high
        ):
            issue(
                f"{where}.scores.{key}",
                f"score {score!r} is not a whole number from {low} to {high}",
                f"give a whole number from {low} to {high}",
            )
            continue
        scores[item.id] = int(score)
    return scores


def parse_links(value: Any, issues: list[Issue]) -> list[Link]:
    """``further_reading``: DOIs, PubMed IDs, web addresses, or {title, url} entries."""
    links = []
    for index, entry in enumerate(as_list(value), start=1):
        where = f"further_reading[{index}]"
        if isinstance(entry, dict):
            link = _link(text(entry.get("url") or entry.get("doi")), issues, where)
            title = text(entry.get("title"))
            if link is not None and title:
                link = Link(title, link.url)
        else:
            link = _link(text(entry), issues, where)
        if link is not None:
            links.append(link)
    return links


def _link(target: str, issues: list[Issue], where: str) -> Link | None:
    if not target:
        return None
    lowered = target.lower()
    if lowered.startswith(
        ("doi:", "10.", "https://doi.org/", "http://doi.org/", "https://dx.doi.org/")
    ):
        doi = normalize_doi(target)
        if doi is not None:
            return Link(f"doi:{doi}", doi_url(doi))
        wrong = f"'{target}' is not a DOI", "a DOI looks like doi:10.5811/westjem.2016.6.30825"
    elif lowered.startswith("pmid:"):
        pmid = normalize_pmid(target)
        if pmid is not None:
            return Link(f"PubMed {pmid}", pubmed_url(pmid))
        wrong = f"'{target}' is not a PubMed ID", "a PubMed ID looks like pmid:26275428"
    else:
        return Link(target, target if lowered.startswith(("https://", "http://")) else None)
    issues.append(Issue("further_reading", where, *wrong))
    return None
