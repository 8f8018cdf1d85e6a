"""NIH iCite: Relative Citation Ratio, NIH percentile, APT and clinical citations by PMID.

``GET /api/pubs?pmids=a,b,c`` answers up to 1,000 PMIDs at once; unknown PMIDs are simply
absent from ``data`` (a 200, not a 404). Field names have drifted (``"Yes"``/``"No"``
strings became booleans; ``legacy=false`` uses camelCase), so each figure has aliases.
Recent papers have ``relative_citation_ratio: null``: that is "not yet", not zero.
"""

from __future__ import annotations

from typing import Any

from meded_core.identifiers import normalize_doi, normalize_pmid

from ..http import ProviderHttp
from ..targets import Target
from .base import Outcome, Provider, ShapeError, flag, number, ratio


def _first(record: dict[str, Any], *names: str) -> Any:
    for name in names:
        if record.get(name) is not None:
            return record[name]
    return None


def _clinical(record: dict[str, Any]) -> int | None:
    value = _first(record, "cited_by_clin", "citedByClin")
    if isinstance(value, list):
        return len(value)
    if isinstance(value, str):  # older CSV-like answers: "123 456"
        return len(value.replace(",", " ").split())
    parsed = number(value)
    return int(parsed) if parsed is not None else None


class ICite(Provider):
    name = "icite"

    def applies(self, target: Target) -> bool:
        return target.kind != "author" and bool(target.pmid)

    def fetch(self, http: ProviderHttp, unit: list[Target]) -> list[Outcome]:
        answer = http.get(f"{self.base_url}/pubs", {"pmids": ",".join(t.pmid for t in unit)})
        if answer.status == 404:
            return [self.not_found(t, answer) for t in unit]
        data = answer.data
        records = data.get("data") if isinstance(data, dict) else data
        if not isinstance(records, list):
            raise ShapeError("no 'data' list")
        by_pmid = {}
        for record in records:
            if isinstance(record, dict):
                pmid = normalize_pmid(_first(record, "pmid", "_id"))
                if pmid:
                    by_pmid[pmid] = record
        outcomes = []
        for target in unit:
            record = by_pmid.get(target.pmid)
            if record is None:
                outcomes.append(self.not_found(target, answer))
                continue
            count_value = number(_first(record, "citation_count", "citationCount"))
            if (
                count_value is None
                and isinstance(record.get("cited_by"), list)
                and record["cited_by"]
            ):
                count_value = len(record["cited_by"])
            values = {
                "icite.relative_citation_ratio": ratio(
                    _first(record, "relative_citation_ratio", "rcr"), 3
                ),
                "icite.nih_percentile": ratio(
                    _first(record, "nih_percentile", "nihRcrPercentile", "nihPercentile"), 2
                ),
                "icite.citation_count": int(count_value) if count_value is not None else None,
                "icite.citations_per_year": ratio(
                    _first(record, "citations_per_year", "citationsPerYear"), 3
                ),
                "icite.apt": ratio(record.get("apt"), 2),
                "icite.clinical_citations": _clinical(record),
                "icite.provisional": flag(record.get("provisional")),
            }
            outcomes.append(
                self.found(target, answer, values, {"doi": normalize_doi(record.get("doi"))})
            )
        return outcomes
