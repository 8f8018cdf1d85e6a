"""The domain objects of a series: what the editor declared and what was published."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SeriesPart:
    """One part: a published post, or a forthcoming part the editor chose to announce."""

    number: int | None
    title: str
    post: Any = None
    expected: str = ""  # when a forthcoming part is due, as the editor wrote it

    @property
    def forthcoming(self) -> bool:
        return self.post is None

    @property
    def url(self) -> str | None:
        return self.post.url if self.post is not None else None


@dataclass
class Series:
    slug: str
    name: str
    description: str = ""
    planned: int | None = None  # the editor's planned number of parts
    parts: list[SeriesPart] = field(default_factory=list)
    url: str = ""

    @property
    def published(self) -> list[SeriesPart]:
        return [p for p in self.parts if not p.forthcoming]

    @property
    def total(self) -> int:
        """Planned parts when the editor says; else the highest part number known."""
        numbers = [p.number for p in self.parts if p.number]
        return max([self.planned or 0, len(self.parts), *numbers])


@dataclass
class Placement:
    """Where one post sits in its series."""

    series: Series
    part: SeriesPart
    previous: SeriesPart | None = None
    next: SeriesPart | None = None

    @property
    def label(self) -> str:
        if self.part.number:
            return f"Part {self.part.number} of {self.series.total}"
        return f"One of {self.series.total} parts"
