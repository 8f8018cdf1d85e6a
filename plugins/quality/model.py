"""Domain objects of the checklist: items, review records, ratings and their summary.

Plain dataclasses, built by the pure functions in ``inputs``, ``evaluate`` and ``ratings``
and only printed by the templates.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
import datetime as dt

from .criteria import Criterion

MET = "met"
NOT_MET = "not-met"
NOT_APPLICABLE = "not-applicable"
STATUS_LABELS = {MET: "Met", NOT_MET: "Not met", NOT_APPLICABLE: "Not applicable"}

# The review types an editor can record, with the label readers see.
REVIEW_TYPES = {
    "none": "Not reviewed",
    "editorial": "Editorial review",
    "expert-peer": "Expert peer review",
    "post-publication": "Post-publication review",
}


@dataclass(frozen=True)
class Person:
    """A reviewer or rater as found in the author registry (or as written, without one)."""

    key: str  # as written in the front matter
    name: str  # display name with degrees, e.g. "Maya Okafor, MD"
    slug: str | None = None
    url: str | None = None  # site-relative author page, e.g. "authors/maya-okafor/"
    plain_name: str = ""  # the name without degrees, for metadata ("Maya Okafor")
    orcid_url: str | None = None


@dataclass(frozen=True)
class ChecklistItem:
    criterion: Criterion
    status: str
    detail: str = ""  # why, in a few words (shown on the card and in messages)

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def name(self) -> str:
        return self.criterion.name

    @property
    def met(self) -> bool:
        return self.status == MET

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class ReviewRecord:
    type: str
    reviewers: tuple[Person, ...] = ()
    date: dt.date | None = None
    summary: str = ""

    @property
    def label(self) -> str:
        return REVIEW_TYPES.get(self.type, self.type)

    @property
    def is_review(self) -> bool:
        """A review took place (type other than ``none``)."""
        return self.type != "none"


@dataclass(frozen=True)
class Rating:
    rater: Person
    date: dt.date | None
    scores: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemMean:
    criterion: Criterion
    raters: int  # how many raters scored this item
    mean: float | None  # None while fewer than the minimum number of raters scored it


@dataclass(frozen=True)
class RatingSummary:
    """Ratings pooled across raters; numbers only once enough people have rated."""

    raters: int
    min_raters: int
    items: tuple[ItemMean, ...] = ()
    total: float | None = None
    maximum: int = 0

    @property
    def provisional(self) -> bool:
        return 0 < self.raters < self.min_raters

    @property
    def shown(self) -> bool:
        return self.raters >= self.min_raters and self.raters > 0


@dataclass(frozen=True)
class Interval:
    """A review interval such as "24 months" or "2 years"."""

    amount: int
    unit: str  # "day", "week", "month" or "year"

    def after(self, start: dt.date) -> dt.date:
        """The date one interval after ``start`` (month ends clamp: 31 Jan + 1 month = 28/29 Feb)."""
        try:
            if self.unit == "day":
                return start + dt.timedelta(days=self.amount)
            if self.unit == "week":
                return start + dt.timedelta(weeks=self.amount)
        except OverflowError:  # past year 9999: never due within the calendar
            return dt.date.max
        months = self.amount * (12 if self.unit == "year" else 1)
        index = start.month - 1 + months
        year, month = start.year + index // 12, index % 12 + 1
        if year > dt.MAXYEAR:
            return dt.date.max
        return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"


@dataclass(frozen=True)
class ClinicalReview:
    """When the post was last checked against current evidence, and when it is due again."""

    last_reviewed: dt.date | None = None
    every: Interval | None = None
    due: dt.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class Disclosure:
    """A conflict-of-interest statement, for the whole post (who=None) or for one author."""

    statement: str
    who: str | None = None


@dataclass(frozen=True)
class Link:
    text: str
    url: str | None = None


@dataclass
class PostQuality:
    """Everything the quality plugin knows about one post, for templates and the site page."""

    items: list[ChecklistItem]
    review: ReviewRecord | None = None
    ratings: list[Rating] = field(default_factory=list)
    rating_summary: RatingSummary | None = None
    disclosures: list[Disclosure] = field(default_factory=list)
    disclosures_missing: list[str] = field(default_factory=list)  # authors with no statement
    funding: str = ""
    ai_use: str = ""  # the post's statement on the use of AI tools
    sponsored: bool = False
    audience: list[str] = field(default_factory=list)
    learning_objectives: list[str] = field(default_factory=list)
    further_reading: list[Link] = field(default_factory=list)
    clinical: ClinicalReview = field(default_factory=ClinicalReview)
    required: tuple[str, ...] = ()

    @property
    def met(self) -> list[ChecklistItem]:
        return [i for i in self.items if i.status == MET]

    @property
    def applicable(self) -> list[ChecklistItem]:
        return [i for i in self.items if i.status != NOT_APPLICABLE]

    @property
    def required_missing(self) -> list[ChecklistItem]:
        return [i for i in self.items if i.status == NOT_MET and i.id in self.required]
