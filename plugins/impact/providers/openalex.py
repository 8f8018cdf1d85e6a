"""OpenAlex: works by DOI (or PMID), authors by ORCID, and each work's journal.

Singleton look-ups (``/works/doi:…``, ``/authors/orcid:…``, ``/sources/S…``) are free
against the daily budget, so we never use the paid list/filter calls. ``OPENALEX_API_KEY``
is sent as ``api_key`` when set. Errors are JSON; unknown ids are 404. A work must come
back with its ``id``, the DOI (or PMID) we asked for and a real ``cited_by_count``; an author
with its ``id``, our ORCID, ``works_count`` and ``cited_by_count``. Otherwise the answer is a
failure and the old figures (``counts_by_year`` too) stay.
"""

from __future__ import annotations

import threading
from typing import Any

from meded_core.identifiers import normalize_doi, normalize_orcid, normalize_pmcid, normalize_pmid

from ..http import ProviderHttp, ProviderStopped, RequestFailed
from ..targets import Target
from ..values import is_year
from .base import (
    Outcome,
    Provider,
    ShapeError,
    answer_object,
    count,
    flag,
    mapping,
    path_id,
    ratio,
    required_count,
)


def _tail(url: Any) -> str:
    """``https://openalex.org/W123`` -> ``W123``; ``https://pubmed…/29456894`` -> ``29456894``."""
    return str(url or "").rstrip("/").rsplit("/", 1)[-1]


def _by_year(items: Any, fields: tuple[str, ...]) -> list[dict[str, int]]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise ShapeError("'counts_by_year' is not a list")
    rows = []
    for item in items:
        if not isinstance(item, dict) or not is_year(item.get("year")):
            raise ShapeError(f"'counts_by_year' has an entry without a real year ({item!r:.40})")
        rows.append({"year": item["year"], **{f: required_count(item, f) for f in fields}})
    return sorted(rows, key=lambda row: row["year"])


class OpenAlex(Provider):
    name = "openalex"

    def __init__(self, base_url: str, batch_size: int = 1):
        super().__init__(base_url, batch_size)
        self._sources: dict[str, float | None] = {}
        self._source_lock = threading.Lock()

    def applies(self, target: Target) -> bool:
        if target.kind == "author":
            return bool(target.orcid)
        return bool(target.doi or target.pmid)

    def fetch(self, http: ProviderHttp, unit: list[Target]) -> list[Outcome]:
        target = unit[0]
        if target.kind == "author":
            return [self._author(http, target)]
        ref = f"doi:{path_id(target.doi)}" if target.doi else f"pmid:{target.pmid}"
        answer = http.get(f"{self.base_url}/works/{ref}")
        if answer.status == 404:
            return [self.not_found(target, answer)]
        data = answer_object(answer.data)
        if not data.get("id"):
            raise ShapeError("expected a work object with an id")
        ids = mapping(data.get("ids"))
        got_doi = normalize_doi(ids.get("doi") or data.get("doi"))
        got_pmid = normalize_pmid(_tail(ids.get("pmid"))) if ids.get("pmid") else None
        if (target.doi and got_doi != target.doi) or (not target.doi and got_pmid != target.pmid):
            raise ShapeError(f"answered about a different work ({got_doi or got_pmid or 'none'})")
        percentile = mapping(data.get("citation_normalized_percentile"))
        pct = ratio(percentile.get("value"), "citation_normalized_percentile", 6, 0, 1)
        source = mapping(mapping(data.get("primary_location")).get("source"))
        values: dict[str, Any] = {
            "openalex.id": _tail(data.get("id")),
            "openalex.cited_by_count": required_count(data, "cited_by_count"),
            "openalex.counts_by_year": _by_year(data.get("counts_by_year"), ("cited_by_count",)),
            "openalex.fwci": ratio(data.get("fwci"), "fwci", 3),
            "openalex.citation_percentile": round(pct * 100, 2) if pct is not None else None,
            "openalex.top_1_percent": flag(percentile.get("is_in_top_1_percent")),
            "openalex.top_10_percent": flag(percentile.get("is_in_top_10_percent")),
            "openalex.is_retracted": flag(data.get("is_retracted")),
            "openalex.journal": str(source.get("display_name") or "") or None,
        }
        if source.get("id"):
            values["openalex.journal_2yr_mean_citedness"] = self._source_citedness(
                http, _tail(source["id"])
            )
        found_ids = {
            "doi": got_doi,
            "pmid": got_pmid,
            "pmcid": normalize_pmcid(_tail(ids.get("pmcid"))) if ids.get("pmcid") else None,
            "openalex": _tail(data.get("id")),
        }
        return [self.found(target, answer, values, found_ids)]

    def _source_citedness(self, http: ProviderHttp, source_id: str) -> float | None:
        """The journal's 2-year mean citedness, asked once per journal per run."""
        with self._source_lock:
            if source_id in self._sources:
                return self._sources[source_id]
        try:
            answer = http.get(f"{self.base_url}/sources/{path_id(source_id)}")
        except (RequestFailed, ProviderStopped):
            return None  # the work's own figures still count; this one keeps its old value
        value = None
        if answer.status == 200 and isinstance(answer.data, dict):
            stats = mapping(answer.data.get("summary_stats"))
            try:
                value = ratio(stats.get("2yr_mean_citedness"), "2yr_mean_citedness", 3)
            except ShapeError:
                value = None  # the journal's figure keeps its old value; the work's still count
        with self._source_lock:
            self._sources[source_id] = value
        return value

    def _author(self, http: ProviderHttp, target: Target) -> Outcome:
        answer = http.get(f"{self.base_url}/authors/orcid:{target.orcid}")
        if answer.status == 404:
            return self.not_found(target, answer)
        data = answer_object(answer.data)
        if not data.get("id"):
            raise ShapeError("expected an author object with an id")
        got = normalize_orcid(mapping(data.get("ids")).get("orcid") or data.get("orcid") or "")
        if got != target.orcid:
            raise ShapeError(f"answered about a different author ({got or 'no ORCID'})")
        stats = mapping(data.get("summary_stats"))
        values = {
            "openalex.id": _tail(data.get("id")),
            "openalex.h_index": count(stats.get("h_index"), "h_index"),
            "openalex.i10_index": count(stats.get("i10_index"), "i10_index"),
            "openalex.works_count": required_count(data, "works_count"),
            "openalex.cited_by_count": required_count(data, "cited_by_count"),
            "openalex.two_year_mean_citedness": ratio(
                stats.get("2yr_mean_citedness"), "2yr_mean_citedness", 3
            ),
            "openalex.counts_by_year": _by_year(
                data.get("counts_by_year"), ("works_count", "cited_by_count")
            ),
        }
        return self.found(target, answer, values, {"openalex": _tail(data.get("id"))})
