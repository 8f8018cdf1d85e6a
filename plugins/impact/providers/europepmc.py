"""Europe PMC: ``citedByCount`` from the search API (one query per work, no key).

"Not found" is a 200 with ``hitCount: 0`` and an empty ``resultList.result``; a search can
also return other records, so we keep only the one whose DOI or PMID is ours, and only
with a real ``citedByCount``.
"""

from __future__ import annotations

from meded_core.identifiers import normalize_doi, normalize_pmcid, normalize_pmid

from ..http import ProviderHttp
from ..targets import Target
from .base import Outcome, Provider, ShapeError, answer_object, count, mapping, required_count


class EuropePMC(Provider):
    name = "europepmc"

    def fetch(self, http: ProviderHttp, unit: list[Target]) -> list[Outcome]:
        target = unit[0]
        query = f'DOI:"{target.doi}"' if target.doi else f"EXT_ID:{target.pmid} AND SRC:MED"
        params = {"query": query, "format": "json", "resultType": "lite", "pageSize": "5"}
        answer = http.get(f"{self.base_url}/search", params)
        if answer.status == 404:
            return [self.not_found(target, answer)]
        data = answer_object(answer.data)
        count(data.get("hitCount"), "hitCount")
        if "hitCount" not in data or not isinstance(data.get("resultList"), dict):
            raise ShapeError("no 'hitCount' and 'resultList': not a search answer")
        results = mapping(data.get("resultList")).get("result") or []
        if not isinstance(results, list):
            raise ShapeError("'resultList.result' is not a list")
        for record in results:
            if not isinstance(record, dict):
                continue
            doi = normalize_doi(record.get("doi"))
            pmid = normalize_pmid(record.get("pmid"))
            if (target.doi and doi == target.doi) or (not target.doi and pmid == target.pmid):
                values = {"europepmc.cited_by_count": required_count(record, "citedByCount")}
                ids = {"doi": doi, "pmid": pmid, "pmcid": normalize_pmcid(record.get("pmcid"))}
                return [self.found(target, answer, values, ids)]
        return [self.not_found(target, answer)]
