"""Altmetric Details Page API v1: attention score and mentions by source (key required).

``GET /v1/doi/<doi>?key=…`` (or ``/v1/pmid/<pmid>``). A 404 is plain text "Not Found":
no attention data, not an error. Only sources with mentions appear in the body, so absent
counts are zero; a count that is there must be a real count. Every answer must carry the
``altmetric_id`` and ``score`` the API documents. Altmetric may answer a nonsense DOI with
a neighbouring output, so the identifier that comes back must match the one we asked for:
anything else is a failure, and the old figures stay.
"""

from __future__ import annotations

from meded_core.identifiers import normalize_doi, normalize_pmid

from ..http import ProviderHttp
from ..targets import Target
from .base import Outcome, Provider, ShapeError, answer_object, count, mapping, path_id, ratio

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

    def fetch(self, http: ProviderHttp, unit: list[Target]) -> list[Outcome]:
        target = unit[0]
        scheme, value = ("doi", target.doi) if target.doi else ("pmid", target.pmid)
        answer = http.get(f"{self.base_url}/{scheme}/{path_id(value)}")
        if answer.status == 404:
            return [self.not_found(target, answer)]
        data = answer_object(answer.data)
        if data.get("altmetric_id") is None:
            raise ShapeError("no 'altmetric_id': not an Altmetric record")
        got_doi = normalize_doi(data.get("doi"))
        got_pmid = normalize_pmid(data.get("pmid"))
        same = (
            (got_doi == target.doi)
            if target.doi and got_doi
            else (got_pmid == target.pmid and got_pmid)
        )
        if not same:
            raise ShapeError(f"answered about a different output ({got_doi or got_pmid or 'none'})")
        score = ratio(data.get("score"), "score", 3)
        if score is None:
            raise ShapeError("no 'score' in the answer")
        values = {name: count(data.get(field), field, absent=0) for name, field in COUNTS.items()}
        values["altmetric.score"] = score
        readers = mapping(data.get("readers"))
        values["altmetric.mendeley_readers"] = count(readers.get("mendeley"), "mendeley", absent=0)
        contexts = mapping(data.get("context"))
        for name, scope in CONTEXTS.items():
            values[name] = ratio(mapping(contexts.get(scope)).get("pct"), f"{scope} pct", 2, 0, 100)
        url = data.get("details_url")
        if isinstance(url, str) and url.startswith(("https://", "http://")):
            values["altmetric.details_url"] = url.replace("http://", "https://", 1)
        return [self.found(target, answer, values, {"doi": got_doi, "pmid": got_pmid})]
