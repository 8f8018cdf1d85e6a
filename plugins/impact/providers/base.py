"""What every provider shares: outcomes, defensive number parsing, identifier quoting.

Parsing is defensive because these APIs drift: counts go missing when they are zero,
arrive as strings (``"mendeley": "18"``), schemas gain and rename fields, and "not found"
may be a 404 (text or HTML), or a 200 with an empty list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import math
import re
from typing import Any
from urllib.parse import quote

from ..http import Answer, ProviderHttp
from ..targets import Target
from ..values import MAX_RATIO, is_count, is_number, shown

FOUND, NOT_FOUND, FAILED, FRESH = "found", "not_found", "failed", "fresh"


@dataclass
class Outcome:
    """What one provider said about one target."""

    target: Target
    status: str  # found, not_found, failed or fresh
    values: dict[str, Any] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)  # identifiers the answer revealed
    as_of: str = ""
    from_cache: bool = False
    reason: str = ""


class ShapeError(Exception):
    """The answer parsed as JSON but is not shaped as expected."""


def number(value: Any) -> int | float | None:
    """An int or float from a number or numeric string (``"1,234"``, ``"18"``); else None.

    Infinite, NaN and absurdly large numbers are None too (they are not figures).
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value if is_number(value) else None
    text = str(value).strip().replace(",", "")
    if len(text) > 30 or not re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", text):
        return None
    parsed = float(text)
    if not math.isfinite(parsed):
        return None
    result = (
        int(parsed)
        if parsed.is_integer() and "." not in text and "e" not in text.lower()
        else parsed
    )
    return result if is_number(result) else None


def count(value: Any, name: str, absent: int | None = None) -> int | None:
    """A count: a whole number from 0 to below MAX_COUNT (numeric strings accepted).

    ``None`` (the field is absent) gives ``absent``: 0 only where the provider documents
    that absence means zero (Altmetric), else None, "not available". Anything else (a
    negative, a fraction, NaN, a 400-digit number, a list) is a ShapeError: the answer is
    refused whole, and the old figures stay.
    """
    if value is None:
        return absent
    parsed = number(value) if not isinstance(value, bool) else None
    if isinstance(parsed, float) and parsed.is_integer():
        parsed = int(parsed)
    if not is_count(parsed):
        raise ShapeError(f"{name!r} is not a count ({shown(value)})")
    return parsed


def required_count(data: dict[str, Any], name: str) -> int:
    if data.get(name) is None:
        raise ShapeError(f"no {name!r} in the answer")
    return count(data[name], name)  # type: ignore[return-value]


def ratio(
    value: Any, name: str, digits: int = 4, low: float = 0.0, high: float = MAX_RATIO
) -> float | None:
    """A finite number from ``low`` to ``high`` (rounded); None when absent; else ShapeError."""
    if value is None:
        return None
    parsed = number(value) if not isinstance(value, bool) else None
    if parsed is None or not low <= parsed <= high:
        raise ShapeError(f"{name!r} is not a number from {low:g} to {high:g} ({shown(value)})")
    return round(float(parsed), digits)


def answer_object(data: Any) -> dict[str, Any]:
    """The answer as a JSON object, or a ShapeError saying what came instead.

    Error documents sent with status 200 (``{"status": "error", "message": …}``,
    ``{"error": …}``) are failures, never a record without figures.
    """
    if not isinstance(data, dict):
        raise ShapeError(f"expected a JSON object, got {type(data).__name__}")
    status = data.get("status")
    if isinstance(status, str) and status.lower() not in ("ok", "success"):
        raise ShapeError(
            f"the service answered with status {shown(status)}: {shown(data.get('message'))}"
        )
    if data.get("error") not in (None, "", False):
        raise ShapeError(f"the service answered with an error: {shown(data.get('error'))}")
    return data


def flag(value: Any) -> bool | None:
    """True/False from booleans, ``"Yes"``/``"No"``, 1/0; None when unknown."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    text = str(value or "").strip().lower()
    if text in {"yes", "true", "y", "1"}:
        return True
    if text in {"no", "false", "n", "0"}:
        return False
    return None


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def path_id(value: str) -> str:
    """An identifier for a URL path, unencoded as the APIs want (``/`` kept), minus unsafe chars."""
    return quote(value, safe="/:;()[]<>._-+@!$&'*,=~")


class Provider:
    """One API. Subclasses say which targets apply, how to group them and how to read answers."""

    name = ""

    def __init__(self, base_url: str, batch_size: int = 1):
        self.base_url = base_url.rstrip("/")
        self.batch_size = batch_size

    def applies(self, target: Target) -> bool:
        """Works and posts with a DOI or PMID, unless the API needs one of the two."""
        return target.kind != "author" and bool(target.doi or target.pmid)

    def units(self, targets: list[Target]) -> list[list[Target]]:
        """Groups of targets answered by one request (one each, unless the API batches)."""
        size = max(1, self.batch_size)
        return [targets[i : i + size] for i in range(0, len(targets), size)]

    def fetch(self, http: ProviderHttp, unit: list[Target]) -> list[Outcome]:
        raise NotImplementedError

    # helpers for subclasses
    @staticmethod
    def not_found(target: Target, answer: Answer, reason: str = "") -> Outcome:
        return Outcome(
            target, NOT_FOUND, as_of=answer.fetched_on, from_cache=answer.from_cache, reason=reason
        )

    @staticmethod
    def found(
        target: Target, answer: Answer, values: dict[str, Any], ids: dict[str, str] | None = None
    ) -> Outcome:
        clean = {k: v for k, v in values.items() if v is not None}
        return Outcome(
            target,
            FOUND,
            clean,
            {k: v for k, v in (ids or {}).items() if v},
            answer.fetched_on,
            answer.from_cache,
        )
