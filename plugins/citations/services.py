"""Ask the scholarly services for an identifier's metadata, as a CSL-JSON item.

- DOI: DOI content negotiation (``Accept: application/vnd.citationstyles.csl+json``) works
  for Crossref, DataCite and mEDRA DOIs alike; if it fails other than "not found", the
  Crossref REST API is asked (it also carries ``updated-by`` retraction/correction notices).
- PMID: NCBI E-utilities ``esummary`` (MEDLINE journal abbreviations); Europe PMC if NCBI
  cannot answer.
- PMCID: Europe PMC search.
- ISBN: Open Library's books API.
- URL: the page's own metadata (``citation_*``, Open Graph, ``<title>``).

Every request has one deadline for the whole answer and a cap on its decompressed size
(:mod:`meded_core.bounded_http`), and a service that cannot be reached or does not answer in
time is not asked again in the same run, so an offline build costs a moment, not minutes.
Answers come only from the services' own hosts: a redirect is followed to another host only
when that host is a DOI registration agency's (doi.org hands content negotiation over to
Crossref, DataCite, mEDRA, …); web pages cited by URL may redirect anywhere on http(s).
JSON services must answer with JSON (an HTML page is a bad answer). Base URLs come from the
environment (see ``settings.service_urls``) so tests talk to a local fake server.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote, urlsplit
import xml.etree.ElementTree as ElementTree

from bs4 import BeautifulSoup
from meded_core.bounded_http import (
    Limits,
    Refused,
    bounded_session,
    hosts_of,
    is_json_type,
)
import requests

from .csl import expand_pages, first_text, parse_date, pubmed_name, split_name

USER_AGENT = "TeachingRounds-citations/1.0 (static site generator; +https://getpelican.com/)"
MAX_PAGE_BYTES = 2_000_000  # a cited web page (only its head matters)
MAX_ANSWER_BYTES = 8 * 1024 * 1024  # a service's answer (Crossref records list references)
# Where doi.org sends content negotiation: the registration agencies' own services.
DOI_AGENCY_HOSTS = (
    "doi.org",
    "dx.doi.org",
    "api.crossref.org",
    "data.crossref.org",
    "api.datacite.org",
    "data.datacite.org",
    "data.medra.org",
    "api.medra.org",
    "data.jalc.org",
    "api.japanlinkcenter.org",
    "data.kisti.re.kr",
    "data.chinadoi.cn",
    "data.airiti.com",
    "data.eidr.org",
    "op.europa.eu",
)


class ResolveError(Exception):
    """Why an identifier could not be resolved; ``kind`` is not_found, unreachable,
    bad_answer or mismatch."""

    def __init__(self, kind: str, message: str, *, got: str | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.got = got


class Fetcher:
    """requests with a deadline, a size cap, trusted hosts and a per-host circuit breaker."""

    def __init__(self, urls: dict[str, str], timeout: float = 6, mailto: str = ""):
        self.urls = urls
        self.timeout = timeout
        self.session = requests.Session()
        agent = USER_AGENT if not mailto else f"{USER_AGENT[:-1]}; mailto:{mailto})"
        self.session.headers["User-Agent"] = agent
        self.adapter = bounded_session(
            self.session,
            Limits(
                deadline=timeout,
                max_bytes=MAX_ANSWER_BYTES,
                hosts=hosts_of(urls.values(), DOI_AGENCY_HOSTS),
                secrets=(mailto,) if mailto else (),
                connect_timeout=min(1.5, timeout),
            ),
        )
        self.dead_hosts: set[str] = set()
        self.requests_made = 0

    def get(
        self,
        url: str,
        *,
        accept: str = "application/json",
        params: dict | None = None,
        web_page: bool = False,
    ) -> requests.Response:
        """One answer; a web page (``web_page``) may come from any http(s) host."""
        host = urlsplit(url).netloc
        if host in self.dead_hosts:  # said once, when it failed; now simply "not cached"
            raise ResolveError("offline", f"{host} did not answer earlier in this run")
        self.requests_made += 1
        limits = {"hosts": frozenset(), "max_bytes": MAX_PAGE_BYTES} if web_page else {}
        try:
            with self.adapter.request(**limits):
                response = self.session.get(
                    url, params=params, headers={"Accept": accept}, allow_redirects=True
                )
        except (requests.ConnectionError, requests.Timeout) as exc:
            self.dead_hosts.add(host)
            slow = isinstance(exc, requests.Timeout)
            kind = f"did not answer within {self.timeout:g} s" if slow else "could not be reached"
            raise ResolveError("unreachable", f"{host} {kind} (offline?)") from None
        except (Refused, requests.exceptions.InvalidSchema, requests.TooManyRedirects) as exc:
            why = (
                str(exc) if isinstance(exc, Refused) else "refused a redirect to a non-HTTP address"
            )
            raise ResolveError("bad_answer", f"{host}: {why}") from None
        except requests.RequestException as exc:
            raise ResolveError("unreachable", f"request to {host} failed: {exc}") from exc
        return response

    def json(self, url: str, **kwargs) -> Any:
        response = self.get(url, **kwargs)
        _raise_for_status(response, url)
        if not is_json_type(response.headers.get("Content-Type")):
            kind = response.headers.get("Content-Type", "").split(";")[0][:60]
            raise ResolveError("bad_answer", f"{urlsplit(url).netloc} sent {kind}, not JSON")
        try:
            return response.json()
        except ValueError as exc:
            raise ResolveError("bad_answer", f"{urlsplit(url).netloc} did not send JSON") from exc

    def close(self) -> None:
        self.session.close()


def _raise_for_status(response: requests.Response, url: str) -> None:
    host = urlsplit(url).netloc
    if response.status_code == 404 or response.status_code == 410:
        raise ResolveError("not_found", f"{host} does not know it (HTTP {response.status_code})")
    if response.status_code >= 400:
        raise ResolveError("unreachable", f"{host} answered HTTP {response.status_code}")


# --- DOI -------------------------------------------------------------------------------------


def _or_else(ask, fallback):
    """``ask()``'s answer; when it fails other than "not found", ``fallback()``'s, and when
    that fails too, the first error (the main service's reason is the one worth reading)."""
    try:
        return ask()
    except ResolveError as first:
        if first.kind == "not_found":
            raise
        try:
            return fallback()
        except ResolveError:
            raise first from None


def resolve_doi(fetcher: Fetcher, doi: str) -> dict[str, Any]:
    def negotiated() -> dict[str, Any]:
        url = f"{fetcher.urls['DOI_RESOLVER_URL']}/{quote(doi, safe='/:;()<>.-_')}"
        item = fetcher.json(
            url, accept="application/vnd.citationstyles.csl+json, application/json;q=0.5"
        )
        if not isinstance(item, dict) or not (item.get("title") or item.get("DOI")):
            raise ResolveError("bad_answer", "the DOI resolver sent no citation metadata")
        return item

    # content negotiation failed other than "not found": Crossref's own API may still know it
    item = _or_else(negotiated, lambda: crossref_work(fetcher, doi))
    got = str(item.get("DOI") or "").strip()
    if got and got.lower() != doi.lower():
        raise ResolveError(
            "mismatch", f"the service answered with a different DOI ({got})", got=got
        )
    item.setdefault("DOI", doi)
    return item


def crossref_work(fetcher: Fetcher, doi: str) -> dict[str, Any]:
    """Crossref's REST record, which is CSL-like apart from list-valued titles and types."""
    data = fetcher.json(f"{fetcher.urls['CROSSREF_API_URL']}/works/{quote(doi, safe='/:;()<>.-_')}")
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict):
        raise ResolveError("bad_answer", "Crossref sent no work record")
    item = dict(message)
    item["title"] = first_text(message.get("title"))
    item["container-title"] = first_text(message.get("container-title"))
    if message.get("short-container-title"):
        item["container-title-short"] = first_text(message["short-container-title"])
    if not item.get("issued") and message.get("published"):
        item["issued"] = message["published"]
    return item


# --- PubMed and PubMed Central ---------------------------------------------------------------


def resolve_pmid(fetcher: Fetcher, pmid: str) -> dict[str, Any]:
    return _or_else(
        lambda: ncbi_summary(fetcher, pmid),
        lambda: europepmc(fetcher, f"EXT_ID:{pmid} AND SRC:MED", pmid=pmid),
    )


def ncbi_summary(fetcher: Fetcher, pmid: str) -> dict[str, Any]:
    url = f"{fetcher.urls['NCBI_EUTILS_URL']}/esummary.fcgi"
    response = fetcher.get(url, accept="application/xml", params={"db": "pubmed", "id": pmid})
    _raise_for_status(response, url)
    try:
        root = ElementTree.fromstring(response.content)
    except ElementTree.ParseError as exc:
        raise ResolveError("bad_answer", "NCBI sent unreadable XML") from exc
    for doc in root.iter("DocSum"):
        if (doc.findtext("Id") or "").strip() == pmid:
            return _docsum_to_csl(doc, pmid)
    error = root.findtext(".//ERROR")
    raise ResolveError(
        "not_found", f"PubMed has no record {pmid}" + (f" ({error})" if error else "")
    )


def _docsum_to_csl(doc: ElementTree.Element, pmid: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    authors: list[str] = []
    ids: dict[str, str] = {}
    for entry in doc.findall("Item"):
        name = entry.get("Name")
        if name == "AuthorList":
            authors = [
                (a.text or "").strip() for a in entry.findall("Item") if (a.text or "").strip()
            ]
        elif name == "ArticleIds":
            ids = {(a.get("Name") or ""): (a.text or "").strip() for a in entry.findall("Item")}
        else:
            fields[name] = (entry.text or "").strip()
    return {
        "type": "article-journal",
        "title": _strip_final_period(fields.get("Title", "")),
        "container-title": fields.get("FullJournalName") or fields.get("Source", ""),
        "container-title-short": fields.get("Source", ""),
        "volume": fields.get("Volume", ""),
        "issue": fields.get("Issue", ""),
        "page": expand_pages(fields.get("Pages", "")) if fields.get("Pages") else "",
        "issued": parse_date(fields.get("PubDate") or fields.get("EPubDate")),
        "author": [pubmed_name(a) for a in authors],
        "PMID": pmid,
        "DOI": ids.get("doi") or fields.get("DOI", ""),
        "PMCID": ids.get("pmc") or ids.get("pmcid", ""),
        "ISSN": fields.get("ISSN") or fields.get("ESSN", ""),
        "source": "PubMed",
    }


def europepmc(
    fetcher: Fetcher, query: str, *, pmid: str | None = None, pmcid: str | None = None
) -> dict[str, Any]:
    data = fetcher.json(
        f"{fetcher.urls['EUROPEPMC_API_URL']}/search",
        params={"query": query, "resultType": "core", "format": "json", "pageSize": 5},
    )
    results = (data.get("resultList") or {}).get("result") or [] if isinstance(data, dict) else []
    for record in results:
        if (pmid and str(record.get("pmid")) == pmid) or (
            pmcid and str(record.get("pmcid", "")).upper() == pmcid
        ):
            return _europepmc_to_csl(record)
    raise ResolveError("not_found", f"Europe PMC has no record for {pmid or pmcid}")


def resolve_pmcid(fetcher: Fetcher, pmcid: str) -> dict[str, Any]:
    return europepmc(fetcher, f"PMCID:{pmcid}", pmcid=pmcid)


def _europepmc_to_csl(record: dict[str, Any]) -> dict[str, Any]:
    info = record.get("journalInfo") or {}
    journal = info.get("journal") or {}
    authors = []
    for author in (record.get("authorList") or {}).get("author") or []:
        if author.get("lastName"):
            given = author.get("firstName") or " ".join(f"{c}." for c in author.get("initials", ""))
            authors.append({"family": author["lastName"], "given": given})
        elif author.get("collectiveName"):
            authors.append({"literal": author["collectiveName"]})
    issued = None
    if info.get("yearOfPublication"):
        parts = [int(info["yearOfPublication"])]
        if info.get("monthOfPublication"):
            parts.append(int(info["monthOfPublication"]))
        issued = {"date-parts": [parts]}
    elif record.get("pubYear"):
        issued = {"date-parts": [[int(record["pubYear"])]]}
    return {
        "type": "article-journal",
        "title": _strip_final_period(record.get("title", "")),
        "author": authors,
        "container-title": journal.get("title", ""),
        "container-title-short": journal.get("isoabbreviation")
        or journal.get("medlineAbbreviation", ""),
        "volume": info.get("volume", ""),
        "issue": info.get("issue", ""),
        "page": record.get("pageInfo", ""),
        "issued": issued,
        "DOI": record.get("doi", ""),
        "PMID": record.get("pmid", ""),
        "PMCID": record.get("pmcid", ""),
        "ISSN": journal.get("issn") or journal.get("essn", ""),
        "source": "Europe PMC",
    }


def _strip_final_period(title: str) -> str:
    """PubMed ends every title with a period; the citation style adds its own."""
    title = " ".join(str(title).split())
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


# --- ISBN ------------------------------------------------------------------------------------


def resolve_isbn(fetcher: Fetcher, isbn: str) -> dict[str, Any]:
    data = fetcher.json(
        f"{fetcher.urls['OPENLIBRARY_API_URL']}/api/books",
        params={"bibkeys": f"ISBN:{isbn}", "format": "json", "jscmd": "data"},
    )
    book = data.get(f"ISBN:{isbn}") if isinstance(data, dict) else None
    if not isinstance(book, dict):
        raise ResolveError("not_found", f"Open Library has no book with ISBN {isbn}")
    title = book.get("title", "")
    if book.get("subtitle"):
        title = f"{title}: {book['subtitle']}"
    return {
        "type": "book",
        "title": title,
        "author": [
            split_name(a.get("name", "")) for a in book.get("authors") or [] if a.get("name")
        ],
        "publisher": first_text([p.get("name") for p in book.get("publishers") or []]),
        "publisher-place": first_text([p.get("name") for p in book.get("publish_places") or []]),
        "issued": parse_date(book.get("publish_date")),
        "number-of-pages": str(book.get("number_of_pages") or ""),
        "ISBN": isbn,
        "URL": book.get("url", ""),
        "source": "Open Library",
    }


# --- Web pages -------------------------------------------------------------------------------


def resolve_url(fetcher: Fetcher, url: str, today: dt.date | None = None) -> dict[str, Any]:
    response = fetcher.get(url, accept="text/html,application/xhtml+xml", web_page=True)
    _raise_for_status(response, url)
    if "html" not in response.headers.get("Content-Type", "text/html"):
        raise ResolveError("bad_answer", "the address is not a web page")
    soup = BeautifulSoup(response.content, "html.parser")

    def meta(*names: str) -> list[str]:
        values = []
        for name in names:
            for tag in soup.find_all("meta", attrs={"name": name}) + soup.find_all(
                "meta", attrs={"property": name}
            ):
                content = " ".join(str(tag.get("content", "")).split())
                if content:
                    values.append(content)
        return values

    def first(*names: str) -> str:
        return next(iter(meta(*names)), "")

    title = first("citation_title", "dc.title", "og:title")
    if not title and soup.title and soup.title.string:
        title = " ".join(soup.title.string.split())
    if not title:
        raise ResolveError("bad_answer", "the page has no title")
    authors = meta("citation_author", "dc.creator") or meta("author")
    site = first("citation_journal_title", "og:site_name") or urlsplit(url).netloc
    date = first("citation_publication_date", "citation_date", "dc.date", "article:published_time")
    today = today or dt.date.today()
    item: dict[str, Any] = {
        "type": "webpage",
        "title": title,
        "author": [split_name(a) for a in authors],
        "container-title": site,
        "issued": parse_date(date) if date else None,
        "accessed": {"date-parts": [[today.year, today.month, today.day]]},
        "URL": url,
        "source": "web page",
    }
    doi = first("citation_doi", "dc.identifier")
    if doi and re.match(r"^(doi:)?10\.", doi):
        item["DOI"] = doi.removeprefix("doi:")
    return item
