"""NIH iCite: Relative Citation Ratio, NIH percentile, APT and clinical citations by PMID.

``GET /api/pubs?pmids=a,b,c`` answers up to 1,000 PMIDs at once; unknown PMIDs are simply
absent from ``data`` (a 200, not a 404). Field names have drifted (``"Yes"``/``"No"``
strings became booleans; ``legacy=false`` uses camelCase), so each figure has aliases.
Recent papers have ``relative_citation_ratio: null``: that is "not yet", not zero. A record
must carry its citation count; a figure that is there must be in range (RCR and citations
per year finite and non-negative, percentile 0-100, APT 0-1), or the whole answer is refused.
"""

from __future__ import annotations

from typing import Any

from meded_core.identifiers import normalize_doi, normalize_pmid

from ..http import Answer, ProviderHttp
from ..targets import Target
from .base import FAILED, Outcome, Provider, ShapeError, answer_object, count, flag, ratio


def _first(record: dict[str, Any], *names: str) -> Any:
    return next((record[name] for name in names if record.get(name) is not None), None)


def _clinical(record: dict[str, Any]) -> int | None:
    value = _first(record, "cited_by_clin", "citedByClin")
    if isinstance(value, list):
        return len(value)
    if isinstance(value, str) and not value.strip().isdigit():  # older CSV-like: "123 456"
        return len(value.replace(",", " ").split())
    return count(value, "cited_by_clin")


class ICite(Provider):
    name = "icite"

    def applies(self, target: Target) -> bool:
        return target.kind != "author" and bool(target.pmid)

    def fetch(self, http: ProviderHttp, unit: list[Target]) -> list[Outcome]:
        answer = http.get(f"{self.base_url}/pubs", {"pmids": ",".join(t.pmid for t in unit)})
        if answer.status == 404:
            return [self.not_found(t, answer) for t in unit]
        data = answer.data
        records = answer_object(data).get("data") if not isinstance(data, list) else data
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
            try:
                outcomes.append(self._record(target, record, answer))
            except ShapeError as exc:  # one bad record of a batch fails alone
                outcomes.append(Outcome(target, FAILED, reason=f"unexpected answer ({exc})"))
        return outcomes

    def _record(self, target: Target, record: dict[str, Any], answer: Answer) -> Outcome:
        count_value = count(_first(record, "citation_count", "citationCount"), "citation_count")
        if count_value is None:
            raise ShapeError(f"PMID {target.pmid}: no 'citation_count' in the record")
        values = {
            "icite.relative_citation_ratio": ratio(
                _first(record, "relative_citation_ratio", "rcr"), "relative_citation_ratio", 3
            ),
            "icite.nih_percentile": ratio(
                _first(record, "nih_percentile", "nihRcrPercentile", "nihPercentile"),
                "nih_percentile",
                2,
                0,
                100,
            ),
            "icite.citation_count": count_value,
            "icite.citations_per_year": ratio(
                _first(record, "citations_per_year", "citationsPerYear"), "citations_per_year", 3
            ),
            "icite.apt": ratio(record.get("apt"), "apt", 2, 0, 1),
            "icite.clinical_citations": _clinical(record),
            "icite.provisional": flag(record.get("provisional")),
        }
        return self.found(target, answer, values, {"doi": normalize_doi(record.get("doi"))})
