"""The domain objects of the citations plugin: what was cited, and what a reader sees.

Reader output carries only :class:`Cluster` data as plain dicts (see ``syntax``), so the
Markdown cache never holds anything that depends on the bibliography or the references
cache. Everything else is built fresh on each build from those files.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from markupsafe import Markup


@dataclass(frozen=True)
class CiteItem:
    """One ``@key`` inside a citation, with its locator (``p. 548``) if any."""

    key: str
    locator: str = ""  # the value, e.g. "548" or "3-5"
    label: str = ""  # CSL locator label, e.g. "page"; "" when there is no locator
    suppress_author: bool = False  # pandoc's -@key (author-date styles only)
    prefix: str = ""  # text before the key: "see" in [see @a]
    suffix: str = ""  # text after the locator: "emphasis added" in [@a, p. 4, emphasis added]


@dataclass(frozen=True)
class Cluster:
    """One place in the text that cites: ``[@a; @b, p. 4]`` or a narrative ``@a``."""

    index: int  # order in which the Markdown parser met it (placeholders carry it)
    items: tuple[CiteItem, ...]
    narrative: bool = False
    line: int | None = None  # line in the source file
    text: str = ""  # the source text, shown unchanged if the cluster cannot be rendered

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "items": [asdict(item) for item in self.items]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cluster:
        return cls(
            index=int(data["index"]),
            items=tuple(CiteItem(**item) for item in data["items"]),
            narrative=bool(data.get("narrative")),
            line=data.get("line"),
            text=data.get("text", ""),
        )


@dataclass(frozen=True)
class Notice:
    """A retraction, correction or expression of concern recorded by Crossref."""

    kind: str  # "retraction", "correction", "expression_of_concern", ...
    label: str  # what readers see: "Retracted", "Corrected"
    doi: str | None = None
    date: str | None = None
    url: str | None = None

    @property
    def is_retraction(self) -> bool:
        return self.kind in {"retraction", "removal", "withdrawal"}


@dataclass
class Link:
    label: str
    url: str
    title: str = ""


@dataclass
class Reference:
    """One entry of a post's reference list (the interface other plugins read)."""

    number: int
    key: str  # what the author wrote: "choo2015", "doi:10.1097/..."
    csl: dict[str, Any]  # the raw CSL-JSON item ({} when unresolved)
    resolved: bool
    html: Markup  # the formatted, sanitised entry (without its number)
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    isbn: str | None = None
    url: str | None = None
    title: str = ""  # plain text
    notices: list[Notice] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    anchor: str = ""  # id of the <li>
    backlinks: list[str] = field(default_factory=list)  # ids of the places it is cited
    work_id: str = ""  # identity across posts (doi:…, pmid:…, or the key)
    work_anchor: str = ""  # fragment on the Cited works page
    problem: str = ""  # why it is unresolved, in words

    @property
    def retracted(self) -> bool:
        return any(n.is_retraction for n in self.notices)


@dataclass
class Download:
    label: str
    url: str  # relative to SITEURL
    filename: str
    media_type: str


@dataclass
class CiteThis:
    """The "Cite this post" box: formatted texts and downloadable records."""

    texts: list[tuple[str, Markup]]  # (style label, formatted citation)
    downloads: list[Download]
    reference_downloads: list[Download]
