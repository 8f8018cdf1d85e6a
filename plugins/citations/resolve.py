"""Identifiers in citations (``doi:``, ``pmid:``, ``pmcid:``, ``isbn:``, ``url:``): validate,
look up in the committed cache, and resolve only what is missing.

A build never asks the network for an identifier the cache already has, and asks each
missing one at most once per run; whatever cannot be resolved comes back as a
:class:`Failure` the renderer shows as a visible "unresolved reference" entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from meded_core.identifiers import (
    http_url,
    normalize_doi,
    normalize_isbn,
    normalize_pmcid,
    normalize_pmid,
)

from .reference_cache import ReferenceCache

PREFIXES = {
    "doi": "doi",
    "pmid": "pmid",
    "pubmed": "pmid",
    "pmcid": "pmcid",
    "pmc": "pmcid",
    "isbn": "isbn",
    "url": "url",
}
EXAMPLES = {
    "doi": "a DOI looks like 10.1136/bmj.g7016 (letters, digits and punctuation after '10.NNNN/')",
    "pmid": "a PubMed ID is 1 to 9 digits, e.g. pmid:26275428",
    "pmcid": "a PubMed Central ID looks like PMC6795360",
    "isbn": "an ISBN has 10 or 13 digits with a valid check digit, e.g. isbn:9780190246556; copy it from the book's back cover",
    "url": "a web address must start with https:// or http://",
}


@dataclass(frozen=True)
class Identifier:
    kind: str  # doi, pmid, pmcid, isbn, url
    value: str  # canonical: lower-case DOI, digits, PMC…, 13-digit ISBN, the URL

    @property
    def cache_id(self) -> str:
        return f"{self.kind}:{self.value}"


@dataclass(frozen=True)
class Malformed:
    kind: str
    text: str

    @property
    def message(self) -> str:
        return f"'{self.text}' is not a valid {self.kind.upper() if self.kind != 'url' else 'web address'}"

    @property
    def fix(self) -> str:
        return EXAMPLES[self.kind]


def parse_identifier(key: str) -> Identifier | Malformed | None:
    """``doi:10.1/x`` -> Identifier; ``doi:nonsense`` -> Malformed; ``choo2015`` -> None (a key)."""
    prefix, sep, rest = key.partition(":")
    kind = PREFIXES.get(prefix.lower()) if sep else None
    if kind is None:
        if key.lower().startswith(("https://", "http://")):
            kind, rest = "url", key
        else:
            return None
    rest = rest.strip()
    normalizer = {
        "doi": normalize_doi,
        "pmid": normalize_pmid,
        "pmcid": normalize_pmcid,
        "isbn": normalize_isbn,
        "url": http_url,
    }[kind]
    value = normalizer(rest)
    return Identifier(kind, value) if value else Malformed(kind, rest)


@dataclass
class Failure:
    identifier: Identifier
    kind: str  # not_found, unreachable, bad_answer, mismatch, offline
    message: str
    got: str | None = None


class Resolver:
    """Cache first; the network only for what is missing, each at most once per run."""

    def __init__(
        self,
        cache: ReferenceCache,
        urls: dict[str, str],
        *,
        online: bool = True,
        timeout: float = 6,
        mailto: str = "",
    ):
        self.cache = cache
        self.urls = urls
        self.online = online
        self.timeout = timeout
        self.mailto = mailto
        self._fetcher = None
        self.failures: dict[str, Failure] = {}

    @property
    def fetcher(self):
        from . import services  # requests and bs4 load only when something must be fetched

        if self._fetcher is None:
            self._fetcher = services.Fetcher(self.urls, timeout=self.timeout, mailto=self.mailto)
        return self._fetcher

    @property
    def requests_made(self) -> int:
        return self._fetcher.requests_made if self._fetcher else 0

    def lookup(self, identifier: Identifier) -> dict[str, Any] | Failure:
        cached = self.cache.get(identifier.cache_id)
        if cached is not None:
            return cached
        if identifier.cache_id in self.failures:
            return self.failures[identifier.cache_id]
        if not self.online:
            failure = Failure(
                identifier,
                "offline",
                "it is not in the references cache and resolving during builds is turned off",
            )
            self.failures[identifier.cache_id] = failure
            return failure
        return self.resolve(identifier)

    def resolve(self, identifier: Identifier) -> dict[str, Any] | Failure:
        """Ask the services (also used by ``make refs`` to refresh cached items)."""
        from . import services

        try:
            item = fetch(self.fetcher, identifier)
        except services.ResolveError as error:
            failure = Failure(identifier, error.kind, error.message, error.got)
            self.failures[identifier.cache_id] = failure
            return failure
        self.cache.put(identifier.cache_id, item)
        return self.cache.get(identifier.cache_id)

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


def fetch(fetcher, identifier: Identifier) -> dict[str, Any]:
    from . import services

    kind, value = identifier.kind, identifier.value
    resolve = {
        "doi": services.resolve_doi,
        "pmid": services.resolve_pmid,
        "pmcid": services.resolve_pmcid,
        "isbn": services.resolve_isbn,
        "url": services.resolve_url,
    }[kind]
    item = resolve(fetcher, value)
    if kind == "pmid" and str(item.get("PMID") or value) != value:
        raise services.ResolveError(
            "mismatch",
            f"the service answered with PMID {item.get('PMID')}",
            got=str(item.get("PMID")),
        )
    return item
