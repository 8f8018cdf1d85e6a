"""One figure as a reader sees it: a value, "none found" or "not available", with its date.

Why a module of its own: the difference between "the provider said zero", "the provider
has no record of this work" and "we never got an answer" matters to a promotion committee,
and every page (badge fallback, evidence panel, dashboard, portfolio, CSV) must say it the
same way. A provider that never answered is never shown as a zero.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import math
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from impact.store import FIGURES, PROVIDER_NAMES, ImpactRecord, provider_of

OK = "ok"  # a value from the provider
NONE_FOUND = "none"  # the provider answered but has no such figure for the work
UNAVAILABLE = "unavailable"  # no answer from the provider (not run, no key, failed)

TEXT = {NONE_FOUND: "none found", UNAVAILABLE: "not available"}


@dataclass(frozen=True)
class Cell:
    """One figure of one work, post or author, ready to print."""

    figure: str
    label: str
    provider: str  # display name, e.g. "OpenAlex"
    state: str  # OK, NONE_FOUND, UNAVAILABLE
    value: Any = None  # the raw value (numbers for sorting)
    text: str = ""  # what the page prints
    as_of: str = ""  # YYYY-MM-DD of the value (or of the last check)
    stale: bool = False  # older than the freshness window

    @property
    def ok(self) -> bool:
        return self.state == OK

    @property
    def number(self) -> float | None:
        """The value as a number for ranking (None when there is none)."""
        value = self.value
        if not self.ok or isinstance(value, bool):
            return None
        if isinstance(value, (int, float)) and not math.isnan(value):
            return float(value)
        if isinstance(value, list):
            return float(len(value))
        return None


def label_of(figure: str) -> str:
    info = FIGURES.get(figure)
    return info.label if info else figure.split(".", 1)[-1].replace("_", " ").capitalize()


def provider_name(figure_or_provider: str) -> str:
    provider = provider_of(figure_or_provider)
    return PROVIDER_NAMES.get(provider, provider.capitalize())


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def display_date(text: str) -> str:
    """``2026-11-27`` -> ``27 Nov 2026`` (the site's date style, short month for tables)."""
    day = parse_date(text)
    return f"{day.day} {day:%b %Y}" if day else str(text or "")


def is_stale(as_of: str, stale_days: int, today: dt.date | None = None) -> bool:
    day = parse_date(as_of)
    if day is None:
        return False
    return ((today or dt.date.today()) - day).days > stale_days


def format_value(figure: str, value: Any) -> str:
    """Numbers with thousands separators; ratios with two decimals; yes/no for flags."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if figure == "altmetric.score":
            return f"{altmetric_score(value):,}"
        if "percentile" in figure:
            return f"{value:.0f}" if value >= 1 else f"{value:.2f}"
        if value.is_integer() and "ratio" not in figure and "fwci" not in figure:
            return f"{int(value):,}"
        return f"{value:,.2f}"
    if isinstance(value, list):
        return f"{len(value):,}"
    return str(value)


def altmetric_score(value: float) -> int:
    """The score as Altmetric's donut prints it: a whole number, at least 1 when above 0."""
    rounded = math.floor(float(value) + 0.5)
    return max(rounded, 1) if value > 0 else 0


def cell(
    record: ImpactRecord | None, figure: str, stale_days: int, today: dt.date | None = None
) -> Cell:
    """The figure of ``record`` with its state; ``record`` None means never looked up."""
    provider = provider_of(figure)
    common = {"figure": figure, "label": label_of(figure), "provider": provider_name(provider)}
    if record is None:
        return Cell(state=UNAVAILABLE, text=TEXT[UNAVAILABLE], **common)
    entry = record.figure(figure)
    if entry is not None and entry.get("value") is not None:
        as_of = str(entry.get("as_of") or "")
        return Cell(
            state=OK,
            value=entry["value"],
            text=format_value(figure, entry["value"]),
            as_of=as_of,
            stale=is_stale(as_of, stale_days, today),
            **common,
        )
    checked = record.checked.get(provider)
    if checked:
        return Cell(
            state=NONE_FOUND,
            text=TEXT[NONE_FOUND],
            as_of=checked,
            stale=is_stale(checked, stale_days, today),
            **common,
        )
    return Cell(state=UNAVAILABLE, text=TEXT[UNAVAILABLE], **common)


def first_available(cells: list[Cell]) -> Cell | None:
    """The first cell with a value (e.g. citations: OpenAlex, else Crossref, else Europe PMC)."""
    return next((c for c in cells if c.ok and c.number is not None), None)


def safe_url(url: Any) -> str | None:
    """An http(s) URL from an API, or None; Altmetric's http:// links are upgraded to https.

    Escaping alone does not make ``javascript:`` harmless in an href, so API links are
    checked here before any template sees them.
    """
    if not isinstance(url, str) or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.hostname or ""
    if parts.scheme == "http" and (host == "altmetric.com" or host.endswith(".altmetric.com")):
        parts = parts._replace(scheme="https")
    return urlunsplit(parts)


def is_retracted(record: ImpactRecord | None) -> list[str]:
    """The providers that flag the work as retracted (empty when none does)."""
    if record is None:
        return []
    found = []
    for figure in ("crossref.retracted", "openalex.is_retracted"):
        if record.value(figure) is True:
            found.append(provider_name(figure))
    return found
