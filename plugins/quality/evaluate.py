"""Evaluate the checklist for one post from facts gathered by the plugin (pure functions).

Each automatic item has one small function returning (status, detail). Presence is all a
program can check: a met item means the post *discloses* something, not that it is true.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .accessibility import check_accessibility
from .criteria import Criteria, Criterion
from .model import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    REVIEW_TYPES,
    ChecklistItem,
    ClinicalReview,
    Link,
    ReviewRecord,
)
from .people import author_disclosure, author_has_credentials


@dataclass
class PostFacts:
    """What the checks look at. ``None`` for references means the citations plugin is absent."""

    authors: list[Any] = field(default_factory=list)  # registry Author records, or names
    registry: bool = True  # whether ``authors`` are registry records
    disclosures: str = ""  # the post's own statement ("" when absent or empty)
    ai_use: str = ""  # the post's statement on AI tools ("" when absent or empty)
    references: list[Any] | None = None
    unresolved: list[str] = field(default_factory=list)
    uncited: list[str] = field(default_factory=list)
    review: ReviewRecord | None = None
    sponsored: bool = False
    funding: str = ""
    clinical: ClinicalReview = field(default_factory=ClinicalReview)
    further_reading: list[Link] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    learning_objectives: list[str] = field(default_factory=list)
    html: str = ""


Result = tuple[str, str]
# Checklist items that need the citations plugin's reference data: without it (references
# None) evaluate() gives them NO_REFERENCE_DATA, so their checks always have a list.
REFERENCE_ITEMS = ("references-given", "citations-resolved", "references-cited")
NO_REFERENCE_DATA = "reference data unavailable (is the citations plugin enabled?)"


def _name(author: Any) -> str:
    """The plain name (degrees would read as extra names in a comma-separated list)."""
    return str(getattr(author, "name", None) or getattr(author, "display_name", None) or author)


def _listing(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def named_authors(f: PostFacts) -> Result:
    if not f.authors:
        return NOT_MET, "no author is named"
    return MET, _listing([_name(a) for a in f.authors])


def author_credentials(f: PostFacts) -> Result:
    if not f.authors:
        return NOT_MET, "no author is named"
    if not f.registry:
        return NOT_MET, "credentials come from the author registry, which is not available"
    lacking = [_name(a) for a in f.authors if not author_has_credentials(a)]
    if lacking:
        return NOT_MET, f"no degrees or role for {_listing(lacking)}"
    return MET, "degrees or role shown for every author"


def missing_disclosures(f: PostFacts) -> list[str]:
    """Authors without a registry statement, when the post has none of its own."""
    if f.disclosures:
        return []
    if not f.registry:
        return [_name(a) for a in f.authors]
    return [_name(a) for a in f.authors if not author_disclosure(a)]


def conflicts_of_interest(f: PostFacts) -> Result:
    if f.disclosures:
        return MET, "statement given for the post"
    if not f.authors:
        return NOT_MET, "no statement, and no authors to take one from"
    lacking = missing_disclosures(f)
    if lacking:
        return NOT_MET, f"no statement for {_listing(lacking)}"
    return MET, "each author's statement from the author registry"


def ai_use_disclosed(f: PostFacts) -> Result:
    if f.ai_use:
        return MET, "statement given for the post"
    return NOT_MET, "no statement on the use of AI tools"


def contributors_acknowledged(f: PostFacts) -> Result:
    if not f.authors:
        return NOT_MET, "no author is named"
    if f.review and f.review.is_review and not f.review.reviewers:
        return NOT_MET, f"the {f.review.label.lower()} names no reviewers"
    if f.review and f.review.reviewers:
        return MET, "authors and reviewers named"
    return MET, "authors named; no other contributors recorded"


def references_given(f: PostFacts) -> Result:
    if not f.references:
        return NOT_MET, "no references"
    n = len(f.references)
    return MET, f"{n} reference{'s' if n != 1 else ''}"


def citations_resolved(f: PostFacts) -> Result:
    unresolved = list(f.unresolved) + [
        str(getattr(r, "key", "") or getattr(r, "number", "?"))
        for r in f.references
        if not getattr(r, "resolved", True)
    ]
    unresolved = list(dict.fromkeys(unresolved))
    if unresolved:
        return NOT_MET, f"unresolved: {_listing(unresolved)}"
    if not f.references:
        return NOT_APPLICABLE, "no citations"
    return MET, "every citation resolves"


def references_cited(f: PostFacts) -> Result:
    if f.uncited:
        return NOT_MET, f"not cited in the text: {_listing(list(f.uncited))}"
    if not f.references:
        return NOT_APPLICABLE, "no reference list"
    return MET, "every listed reference is cited"


def review_recorded(f: PostFacts) -> Result:
    if f.review is None:
        return NOT_MET, "no review record"
    if not f.review.is_review:
        return NOT_MET, "recorded as not reviewed"
    return MET, f.review.label


def sponsorship_labelled(f: PostFacts) -> Result:
    if not f.sponsored:
        return NOT_APPLICABLE, "not sponsored"
    if not f.funding:
        return NOT_MET, "labelled Sponsored, but the sponsor is not named"
    return MET, "labelled Sponsored; sponsor named"


def dates_shown(f: PostFacts) -> Result:
    if f.clinical.last_reviewed is None:
        return NOT_MET, "publication date shown; no last clinical review date"
    return MET, "published and last clinical review dates shown"


def review_current(f: PostFacts) -> Result:
    if f.clinical.every is None or f.clinical.due is None:
        return NOT_APPLICABLE, "no review schedule"
    due = f"{f.clinical.due:%-d %B %Y}"
    if f.clinical.overdue:
        return NOT_MET, f"due for review since {due}"
    return MET, f"next review due {due}"


def further_reading(f: PostFacts) -> Result:
    if not f.further_reading:
        return NOT_MET, "no further reading"
    n = len(f.further_reading)
    return MET, f"{n} item{'s' if n != 1 else ''}"


def audience_objectives(f: PostFacts) -> Result:
    stated = {"audience": f.audience, "learning objectives": f.learning_objectives}
    if not any(stated.values()):
        return NOT_MET, "neither audience nor objectives stated"
    return MET, " and ".join(name for name, given in stated.items() if given) + " stated"


def accessibility(f: PostFacts) -> Result:
    report = check_accessibility(f.html)
    if not report.checked:
        return NOT_APPLICABLE, "no images or media"
    if report.gaps:
        return NOT_MET, "; ".join(report.gaps)
    return MET, "alt text and transcripts present"


AUTO_CHECKS: dict[str, Callable[[PostFacts], Result]] = {
    "named-authors": named_authors,
    "author-credentials": author_credentials,
    "conflicts-of-interest": conflicts_of_interest,
    "ai-use-disclosed": ai_use_disclosed,
    "contributors-acknowledged": contributors_acknowledged,
    "references-given": references_given,
    "citations-resolved": citations_resolved,
    "references-cited": references_cited,
    "review-recorded": review_recorded,
    "sponsorship-labelled": sponsorship_labelled,
    "dates-shown": dates_shown,
    "review-current": review_current,
    "further-reading": further_reading,
    "audience-objectives": audience_objectives,
    "accessibility": accessibility,
}


def attested(criterion: Criterion, f: PostFacts) -> Result:
    """Met when a review of a qualifying type names the reviewers who vouch for the item."""
    review = f.review
    if review and review.type in criterion.attested_by and review.reviewers:
        return MET, f"attested by {review.label.lower()}"
    kinds = " or ".join(REVIEW_TYPES.get(t, t).lower() for t in criterion.attested_by)
    return NOT_MET, f"needs a named reviewer ({kinds})"


def evaluate(criteria: Criteria, facts: PostFacts) -> list[ChecklistItem]:
    items = []
    for criterion in criteria.checklist:
        if criterion.kind == "attested":
            status, detail = attested(criterion, facts)
        elif criterion.id in REFERENCE_ITEMS and facts.references is None:
            status, detail = NOT_MET, NO_REFERENCE_DATA
        elif criterion.id in AUTO_CHECKS:
            status, detail = AUTO_CHECKS[criterion.id](facts)
        else:
            status, detail = NOT_APPLICABLE, "no automatic check is defined for this item"
        items.append(ChecklistItem(criterion, status, detail))
    return items
