"""Crossref works: ``is-referenced-by-count`` and correction/retraction notices.

``GET /works/<doi>``; join the polite pool with ``CROSSREF_MAILTO`` (sent in the
User-Agent). Unknown DOIs are a plain-text 404 ``Resource not found.``. ``updated-by``
lists notices (corrections, retractions, expressions of concern) that a medical site must
not hide. An answer counts only when it is the work record we asked for (``status`` "ok",
a ``message`` whose ``DOI`` is ours) and carries a real ``is-referenced-by-count``.
"""

from __future__ import annotations

from typing import Any

from meded_core.identifiers import normalize_doi

from ..http import ProviderHttp
from ..targets import Target
from ..values import is_date
from .base import Outcome, Provider, ShapeError, answer_object, mapping, path_id, required_count

RETRACTING = {"retraction", "withdrawal", "removal", "partial_retraction"}


def _date(update: dict[str, Any]) -> str:
    """The notice's date as YYYY[-MM[-DD]]; a date that is no real date is a ShapeError."""
    parts = mapping(update.get("updated")).get("date-parts") or [[]]
    try:
        numbers = [int(p) for p in parts[0]]
    except (TypeError, ValueError, IndexError, OverflowError):
        return ""
    text = "-".join(f"{n:02d}" if i else f"{n:04d}" for i, n in enumerate(numbers[:3]))
    if text and not is_date(text):
        raise ShapeError(f"a notice's date is not a real date ({text[:20]})")
    return text


class Crossref(Provider):
    name = "crossref"

    def applies(self, target: Target) -> bool:
        return target.kind != "author" and bool(target.doi)

    def fetch(self, http: ProviderHttp, unit: list[Target]) -> list[Outcome]:
        target = unit[0]
        answer = http.get(f"{self.base_url}/works/{path_id(target.doi)}")
        if answer.status == 404:
            return [self.not_found(target, answer)]
        data = answer_object(answer.data)
        message = data.get("message")
        if not isinstance(message, dict):
            raise ShapeError("no 'message' object")
        got = normalize_doi(message.get("DOI"))
        if got != target.doi:
            raise ShapeError(f"answered about a different work ({got or 'no DOI'})")
        cited = required_count(message, "is-referenced-by-count")
        updates = [
            {
                "type": str(update.get("type") or "update").lower(),
                "doi": normalize_doi(update.get("DOI")) or "",
                "date": _date(update),
                "label": str(update.get("label") or ""),
            }
            for update in message.get("updated-by") or []
            if isinstance(update, dict)
        ]
        updates.sort(key=lambda u: (u["date"], u["type"], u["doi"]))
        values = {
            "crossref.is_referenced_by_count": cited,
            "crossref.updates": updates,
            "crossref.retracted": any(u["type"] in RETRACTING for u in updates),
        }
        return [self.found(target, answer, values, {"doi": got})]
