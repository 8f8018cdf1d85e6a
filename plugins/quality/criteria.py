"""The checklist's criteria, read from ``criteria.yaml`` beside this module.

Why data and not code: the wording, the sources and the fix hints are read by editors and
promotion committees, change more often than the checks, and appear in three places (the
card on each post, the criteria page, the enforcement messages). One file feeds all three.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from meded_core.safe_load import load_yaml
import yaml

DEFAULT_FILE = Path(__file__).with_name("criteria.yaml")
KINDS = ("auto", "attested", "rated")


class CriteriaFileError(ValueError):
    """The criteria file itself is malformed (a site maintainer's mistake, not an author's)."""


@dataclass(frozen=True)
class Instrument:
    """A published appraisal instrument or paper an item draws on."""

    key: str
    name: str
    short: str
    citation: str
    doi: str | None = None
    web: str | None = None  # for sources without a DOI (the ICMJE recommendations)

    @property
    def url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else self.web


@dataclass(frozen=True)
class Source:
    instrument: Instrument
    item: str  # our own label for the idea in that instrument, not its official wording


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    kind: str
    wording: str
    sources: tuple[Source, ...]
    check: str = ""
    missing: str = ""
    fix: str = ""
    attested_by: tuple[str, ...] = ()
    scale: tuple[int, int] | None = None
    anchors: tuple[tuple[int, str], ...] = ()

    @property
    def anchor_id(self) -> str:
        """Fragment id of the item's explanation on the criteria page."""
        return f"criterion-{self.id}"


@dataclass(frozen=True)
class Criteria:
    instruments: dict[str, Instrument]
    items: tuple[Criterion, ...]
    by_id: dict[str, Criterion] = field(default_factory=dict)

    def of_kind(self, *kinds: str) -> list[Criterion]:
        return [c for c in self.items if c.kind in kinds]

    @property
    def checklist(self) -> list[Criterion]:
        """Items shown as met / not met / not applicable on the card."""
        return self.of_kind("auto", "attested")

    @property
    def rated(self) -> list[Criterion]:
        return self.of_kind("rated")


def _require(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CriteriaFileError(f"{where}: '{key}' is required and must be text")
    return value.strip()


def parse_criteria(data: object, where: str = "criteria.yaml") -> Criteria:
    """Build :class:`Criteria` from the YAML structure, or raise CriteriaFileError."""
    if not isinstance(data, dict):
        raise CriteriaFileError(f"{where}: expected 'instruments:' and 'criteria:' sections")
    instruments: dict[str, Instrument] = {}
    for key, entry in (data.get("instruments") or {}).items():
        if not isinstance(entry, dict):
            raise CriteriaFileError(f"{where}: instrument '{key}' must be a mapping")
        label = f"{where}: instrument '{key}'"
        instruments[key] = Instrument(
            key=key,
            name=_require(entry, "name", label),
            short=_require(entry, "short", label),
            citation=_require(entry, "citation", label),
            doi=str(entry["doi"]).lower() if entry.get("doi") else None,
            web=str(entry["url"]) if entry.get("url") else None,
        )
    items: list[Criterion] = []
    for position, entry in enumerate(data.get("criteria") or [], start=1):
        if not isinstance(entry, dict):
            raise CriteriaFileError(f"{where}: criterion #{position} must be a mapping")
        label = f"{where}: criterion #{position}"
        ident = _require(entry, "id", label)
        label = f"{where}: criterion '{ident}'"
        kind = _require(entry, "kind", label)
        if kind not in KINDS:
            raise CriteriaFileError(f"{label}: kind must be one of {', '.join(KINDS)}")
        sources = []
        for source in entry.get("sources") or []:
            key = source.get("instrument") if isinstance(source, dict) else None
            if key not in instruments:
                raise CriteriaFileError(f"{label}: unknown instrument {key!r}")
            sources.append(Source(instruments[key], str(source.get("item", ""))))
        if not sources:
            raise CriteriaFileError(f"{label}: name at least one source instrument")
        scale = None
        if kind == "rated":
            low, high = entry.get("scale") or (None, None)
            if not (isinstance(low, int) and isinstance(high, int) and low < high):
                raise CriteriaFileError(f"{label}: rated items need scale: [low, high]")
            scale = (low, high)
        anchors = tuple(sorted((int(k), str(v)) for k, v in (entry.get("anchors") or {}).items()))
        items.append(
            Criterion(
                id=ident,
                name=_require(entry, "name", label),
                kind=kind,
                wording=_require(entry, "wording", label),
                sources=tuple(sources),
                check=str(entry.get("check", "")).strip(),
                missing=str(entry.get("missing", "")).strip() or f"missing {ident}",
                fix=str(entry.get("fix", "")).strip(),
                attested_by=tuple(entry.get("attested_by") or ()),
                scale=scale,
                anchors=anchors,
            )
        )
    ids = [c.id for c in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CriteriaFileError(f"{where}: duplicate criterion id(s): {', '.join(duplicates)}")
    return Criteria(instruments=instruments, items=tuple(items), by_id={c.id: c for c in items})


def load_criteria(path: str | None = None) -> Criteria:
    """Read and check the criteria file; re-read only when it changes (devserver edits)."""
    file = Path(path) if path else DEFAULT_FILE
    try:
        return _load(file, file.stat().st_mtime_ns)
    except (OSError, yaml.YAMLError) as exc:
        raise CriteriaFileError(f"{file}: cannot read the checklist criteria: {exc}") from exc


@cache
def _load(file: Path, stamp: int) -> Criteria:
    return parse_criteria(load_yaml(file.read_text(encoding="utf-8")), where=file.name)
