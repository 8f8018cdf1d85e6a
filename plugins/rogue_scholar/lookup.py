"""Find a post's DOI in Rogue Scholar's public records API (InvenioRDM).

``GET {ROGUE_SCHOLAR_API_URL}/records?q=metadata.identifiers.identifier:"<post URL>"``
answers an InvenioRDM search: ``hits.hits[]`` records, each with ``pids.doi.identifier``
(also ``links.doi``) and the post's URL among ``metadata.identifiers``. A record counts only
when it names this exact URL (``http``/``https`` and a trailing slash aside): a search
engine's "best match" for another post must never become this post's DOI.
"""

from __future__ import annotations

from dataclasses import dataclass
import os
import re
from typing import Any

from meded_core.identifiers import normalize_doi
from meded_core.safe_load import load_json
import requests

API_URL = "https://rogue-scholar.org/api"
FOUND, NOT_FOUND, FAILED = "found", "not found", "failed"


@dataclass(frozen=True)
class Lookup:
    status: str  # FOUND, NOT_FOUND or FAILED
    doi: str | None = None
    detail: str = ""  # why it failed, in words


def api_url(env: dict[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return (env.get("ROGUE_SCHOLAR_API_URL") or API_URL).rstrip("/")


def _same_url(a: str, b: str) -> bool:
    def norm(url: str) -> str:
        return re.sub(r"^(https://)?(http://)?", "", url.strip().lower()).rstrip("/")

    return norm(a) == norm(b)


def doi_in_answer(data: Any, post_url: str) -> Lookup:
    """The DOI of the record for ``post_url`` in a records-search answer."""
    hits = data.get("hits") if isinstance(data, dict) else None
    records = hits.get("hits") if isinstance(hits, dict) else None
    if not isinstance(records, list):
        return Lookup(FAILED, detail="the answer has no hits.hits list (not a records search)")
    for record in records:
        if not isinstance(record, dict):
            continue
        metadata = record.get("metadata") if isinstance(record.get("metadata"), dict) else {}
        urls = [
            str(i.get("identifier", ""))
            for i in metadata.get("identifiers") or []
            if isinstance(i, dict)
        ]
        if not any(_same_url(u, post_url) for u in urls):
            continue
        pids = record.get("pids") if isinstance(record.get("pids"), dict) else {}
        doi_pid = pids.get("doi") if isinstance(pids.get("doi"), dict) else {}
        links = record.get("links") if isinstance(record.get("links"), dict) else {}
        doi = normalize_doi(doi_pid.get("identifier")) or normalize_doi(links.get("doi"))
        if doi:
            return Lookup(FOUND, doi)
    return Lookup(NOT_FOUND)


def lookup_doi(
    post_url: str, *, session: requests.Session, base: str, timeout: float = 15.0
) -> Lookup:
    """Ask Rogue Scholar for the record of ``post_url``; never raises for network trouble."""
    query = f'metadata.identifiers.identifier:"{post_url}"'
    try:
        response = session.get(f"{base}/records", params={"q": query}, timeout=timeout)
    except requests.RequestException as exc:
        return Lookup(FAILED, detail=f"no answer ({exc.__class__.__name__})")
    if response.status_code != 200:
        return Lookup(FAILED, detail=f"HTTP {response.status_code}")
    try:
        data = load_json(response.content)
    except ValueError:
        return Lookup(FAILED, detail="the answer is not JSON")
    return doi_in_answer(data, post_url)
