"""Altmetric Details Page API v1: attention score and mentions by source (key required).

``GET /v1/doi/<doi>?key=…`` (or ``/v1/pmid/<pmid>``). A 404 is plain text "Not Found":
no attention data, not an error. Only sources with mentions appear in the body, so absent
counts are zero. Altmetric may answer a nonsense DOI with a neighbouring output, so the
identifier that comes back must match the one we asked for.
"""

from __future__ import annotations

from meded_core.identifiers import normalize_doi, normalize_pmid

from ..http import ProviderHttp
from ..targets import Target
from .base import Outcome, Provider, ShapeError, count, mapping, number, path_id, ratio

COUNTS = {
    "altmetric.posts": "cited_by_posts_count",
    "altmetric.accounts": "cited_by_accounts_count",
    "altmetric.news": "cited_by_msm_count",
    "altmetric.blogs": "cited_by_feeds_count",
    "altmetric.policy": "cited_by_policies_count",
    "altmetric.patents": "cited_by_patents_count",
    "altmetric.x": "cited_by_tweeters_count",
    "altmetric.bluesky": "cited_by_bluesky_count",
    "altmetric.facebook": "cited_by_fbwalls_count",
    "altmetric.reddit": "cited_by_rdts_count",
    "altmetric.wikipedia": "cited_by_wikipedia_count",
    "altmetric.videos": "cited_by_videos_count",
    "altmetric.podcasts": "cited_by_podcasts_count",
    "altmetric.guidelines": "cited_by_guidelines_count",
}
CONTEXTS = {
    "altmetric.percentile_all": "all",
    "altmetric.percentile_journal": "journal",
    "altmetric.percentile_similar_age": "similar_age_3m",
}


class Altmetric(Provider):
    name = "altmetric"

    def applies(self, target: Target) -> bool:
        return target.kind != "author" and bool(target.doi or target.pmid)

    def fetch(self, http: ProviderHttp, unit: list[Target]) -> list[Outcome]:
        target = unit[0]
        scheme, value = ("doi", target.doi) if target.doi else ("pmid", target.pmid)
        answer = http.get(f"{self.base_url}/{scheme}/{path_id(value)}")
        if answer.status == 404:
            return [self.not_found(target, answer)]
        data = answer.data
        if not isinstance(data, dict):
            raise ShapeError("expected a JSON object")
        got_doi = normalize_doi(data.get("doi"))
        got_pmid = normalize_pmid(data.get("pmid"))
        same = (
            (got_doi == target.doi)
            if target.doi and got_doi
            else (got_pmid == target.pmid and got_pmid)
        )
        if not same:
            return [self.not_found(target, answer, "answered about a different output")]
        values = {name: count(data.get(field)) for name, field in COUNTS.items()}
        values["altmetric.score"] = ratio(data.get("score"), 3) or 0
        readers = mapping(data.get("readers"))
        values["altmetric.mendeley_readers"] = count(readers.get("mendeley"))
        contexts = mapping(data.get("context"))
        for name, scope in CONTEXTS.items():
            pct = number(mapping(contexts.get(scope)).get("pct"))
            values[name] = pct
        url = data.get("details_url")
        if isinstance(url, str) and url.startswith(("https://", "http://")):
            values["altmetric.details_url"] = url.replace("http://", "https://", 1)
        return [self.found(target, answer, values, {"doi": got_doi, "pmid": got_pmid})]
