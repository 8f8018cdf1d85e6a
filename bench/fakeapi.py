"""A local fake of the scholarly APIs on 127.0.0.1, replaying the recorded fixture bodies.

Used by the impact tests, the benchmark (``make bench``) and the demo-data script, so that
nothing here ever touches the real services. It lives with the benchmark, which the tests
may import, so that the benchmark never depends on the tests. One server fakes all five providers under
path prefixes (``/altmetric/v1``, ``/crossref``, ``/openalex``, ``/icite/api``,
``/europepmc/webservices/rest``), and the reply APIs of ``make impact``'s discussion step
under ``/bluesky`` and ``/mastodon``; :meth:`FakeAPI.env` gives the ``*_API_URL`` variables
that point ``make impact`` at it.

Bodies come from ``tests/fixtures/impact-apis/`` (see PROVENANCE.md there):

* ``mode="recorded"``: only identifiers with a recorded body are known; everything else gets
  that service's real "not found" shape (Altmetric/Crossref text/plain 404, OpenAlex JSON
  404, iCite and Europe PMC a 200 with an empty list).
* ``mode="synthetic"``: recorded identifiers still get their recorded bodies; any other
  identifier gets a recorded body of the same service with the identifiers swapped and the
  counts scaled by a deterministic per-identifier factor (times ``growth``). For benchmarks
  and the demo only: such numbers describe no real work.

Behaviour switches, per provider (:class:`Limit`): a rate limit (``limit`` requests per
``interval`` seconds, sliding window, answered with 429 when exceeded), a concurrency
limit, whether the limits are announced in Crossref-style headers, a request budget
(OpenAlex-style ``x-ratelimit-*``), an optional ``Retry-After`` on 429s, and a required API
key. ``latency`` delays every answer. :class:`Fault` rules inject 500s, 429s, timeouts,
truncated bodies, non-JSON bodies, HTML 404s, schema drift and Altmetric's "neighbour"
answers, and hostile answers (see :data:`HOSTILE`): a body dripped one byte a second, no
answer at all, an endless body, a gzip bomb, redirects elsewhere, HTML sent as 200, error
documents with status 200, poisoned or missing counts, and bodies echoing the API key. The server counts requests per provider and the most seen in any window, so tests
check politeness at the server, not in the client.

Rogue Scholar's records search (``/rogue-scholar/api/records?q=…``, InvenioRDM) answers
from :attr:`FakeAPI.rogue_scholar`, a map of post URL to a fixture body; any other URL gets
the recorded empty search. :meth:`FakeAPI.env` sets ``ROGUE_SCHOLAR_API_URL`` to it.

Command line (for manual runs)::

    python -m bench.fakeapi --port 8765 --mode synthetic --latency 0.05 --limit crossref=10/1:3
"""

from __future__ import annotations

import argparse
from collections import defaultdict, deque
import contextlib
import copy
from dataclasses import dataclass, field
import gzip
import hashlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import json
from pathlib import Path
import re
import threading
import time
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "impact-apis"
PREFIXES = {
    "altmetric": "/altmetric/v1",
    "crossref": "/crossref",
    "openalex": "/openalex",
    "icite": "/icite/api",
    "europepmc": "/europepmc/webservices/rest",
    "bluesky": "/bluesky",  # the Bluesky AppView (public.api.bsky.app)
    "mastodon": "/mastodon",  # every Mastodon server (MASTODON_API_URL replaces its address)
}
ENV_NAMES = {name: f"{name.upper()}_API_URL" for name in PREFIXES}
ROGUE_SCHOLAR = "/rogue-scholar/api"
ROGUE_SCHOLAR_EMPTY = "rogue-scholar/records-search-empty.json"


@dataclass
class Limit:
    """What one provider enforces and announces."""

    limit: float | None = None  # requests per interval (None: unlimited)
    interval: float = 1.0
    concurrency: int | None = None
    announce: bool = True  # send x-rate-limit-limit / -interval / x-concurrency-limit
    retry_after: float | None = None  # sent with 429s when set (real APIs usually omit it)
    budget: int | None = None  # total requests allowed (OpenAlex-style x-ratelimit-*)
    key: str | None = None  # required value of ?key= / ?api_key= (403 otherwise)


HOSTILE = {
    "drip": "200 with a JSON body sent one byte per second (drip_interval)",
    "dripheaders": "the status line and headers sent one byte per second (drip_interval)",
    "silent": "accepts the connection and never answers",
    "endless": "200 with a 1 GiB body streamed as fast as the client reads",
    "gzipbomb": "200 with 1 MiB of gzip that expands to 1 GiB",
    "redirect": "302 to Fault.location (another host, or a file: URL)",
    "html200": "the normal body, labelled text/html",
    "errordoc": '200 with {"status": "error", "message": {...}}',
    "poison": "the normal body with every count replaced by Fault.value (raw JSON: NaN, -5, 1e400...)",
    "missing": "the normal body without its counts",
    "echo": "the normal body (and a header) repeating the request's query, key included",
}
POISONED = {
    "score",
    "cited_by_posts_count",
    "is-referenced-by-count",
    "cited_by_count",
    "citation_count",
    "citedByCount",
    "works_count",
}


@dataclass
class Fault:
    """Misbehave on matching requests: kind in 500, 429, timeout, truncated, nonjson,
    html404, drift, neighbour, or one of :data:`HOSTILE`; ``times`` None = always."""

    provider: str
    kind: str
    match: str = ""
    times: int | None = None
    retry_after: float | None = None  # Retry-After seconds sent with an injected 429
    used: int = 0
    location: str = ""  # redirect target; "{path}" is replaced by the request's path+query
    value: str = "NaN"  # raw JSON put in place of every count (poison)


@dataclass
class Route:
    """A canned answer for any request whose path (with query) starts with ``prefix``:
    the generic part of the fake, for services without a provider handler above (DOI
    content negotiation, NCBI E-utilities, Open Library, web pages). ``body`` is bytes or a
    path relative to the fixtures folder. The longest matching prefix wins; routes are
    checked before the providers."""

    prefix: str
    status: int = 200
    body: bytes | str = b""
    content_type: str = "application/json"
    headers: dict[str, str] | None = None
    method: str = "GET"
    hostile: str = ""  # one of HOSTILE's streaming or redirect kinds instead of the body
    location: str = ""  # for hostile="redirect"

    def payload(self) -> bytes:
        return self.body if isinstance(self.body, bytes) else (FIXTURES / self.body).read_bytes()


@dataclass
class Seen:
    """One request as the server saw it."""

    provider: str
    at: float
    path: str
    query: str
    status: int = 0
    release: Any = field(default=None, repr=False)  # frees the in-flight slot once


def _norm_doi(text: str) -> str:
    text = unquote(text).strip().lower()
    for prefix in ("https://doi.org/", "doi:"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text


def _tail(url: Any) -> str:
    return str(url or "").rstrip("/").rsplit("/", 1)[-1]


def _factor(ident: str) -> float:
    """Deterministic 0.2-3.0 scale per identifier, so synthetic works differ."""
    digest = int(hashlib.sha256(ident.encode()).hexdigest()[:8], 16)
    return 0.2 + (digest % 1000) / 1000 * 2.8


def _load(relative: str) -> Any:
    return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))


_DROP = object()


def _rewrite(value: Any, change) -> Any:
    """A copy of a JSON value with ``change(key, value)`` applied to every mapping entry."""
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            new = change(key, _rewrite(item, change))
            if new is not _DROP:
                result[key] = new
        return result
    if isinstance(value, list):
        return [_rewrite(item, change) for item in value]
    return value


_BOMB: list[bytes] = []


def gzip_bomb() -> bytes:
    """About 1 MiB of gzip that expands to 1 GiB of spaces: 1,024 gzip members of 1 MiB each
    (a valid gzip stream; built in milliseconds, as one member is compressed only once)."""
    if not _BOMB:
        member = gzip.compress(b" " * (1 << 20), 9)
        _BOMB.append(member * 1024)
    return _BOMB[0]


class Recordings:
    """The fixture bodies, indexed by identifier."""

    def __init__(self) -> None:
        self.altmetric: dict[str, bytes] = {}
        for path in sorted((FIXTURES / "altmetric").glob("*.json")):
            body = json.loads(path.read_text(encoding="utf-8"))
            raw = path.read_bytes()
            self.altmetric[f"doi:{_norm_doi(body['doi'])}"] = raw
            if body.get("pmid"):
                self.altmetric[f"pmid:{body['pmid']}"] = raw
        self.crossref: dict[str, bytes] = {}
        crossref = FIXTURES / "crossref/works-10.1371_journal.pone.0033693.json"
        self.crossref[_norm_doi(json.loads(crossref.read_text())["message"]["DOI"])] = (
            crossref.read_bytes()
        )
        self.crossref_404 = (FIXTURES / "crossref/works-10.1371_notarealdoi-404.txt").read_bytes()
        work = FIXTURES / "openalex/work-W2741809807.json"
        work_body = json.loads(work.read_text())
        self.openalex_works = {
            "W2741809807": work.read_bytes(),
            f"doi:{_norm_doi(work_body['doi'])}": work.read_bytes(),
            f"pmid:{_tail(work_body['ids']['pmid'])}": work.read_bytes(),
        }
        author = FIXTURES / "openalex/author-A5023888391.json"
        author_body = json.loads(author.read_text())
        self.openalex_authors = {
            "A5023888391": author.read_bytes(),
            f"orcid:{_tail(author_body['ids']['orcid'])}": author.read_bytes(),
        }
        self.openalex_sources = {
            "S137773608": (FIXTURES / "openalex/source-S137773608.json").read_bytes()
        }
        self.icite: dict[str, dict[str, Any]] = {}
        for path in sorted((FIXTURES / "icite").glob("*.json")):
            for record in _load(path.relative_to(FIXTURES).as_posix())["data"]:
                self.icite[str(record.get("pmid") or record.get("_id"))] = record
        self.icite_envelope = _load("icite/pubs-pmids-23456789-27599104-readme-example.json")
        self.europepmc: dict[str, dict[str, Any]] = {}
        for name in ("search_core_open-access-cancer-cited-10plus.json", "search_cancer.json"):
            for record in _load(f"europepmc/{name}")["resultList"]["result"]:
                if record.get("doi"):
                    self.europepmc.setdefault(f"doi:{_norm_doi(record['doi'])}", record)
                if record.get("pmid"):
                    self.europepmc.setdefault(f"pmid:{record['pmid']}", record)
        self.europepmc_envelope = _load(
            "europepmc/search_core_open-access-cancer-cited-10plus.json"
        )
        self.europepmc_empty = (FIXTURES / "europepmc/search_no_results.json").read_bytes()
        # templates for synthetic answers
        self.t_altmetric = json.loads(self.altmetric["doi:10.1152/ajplung.00411.2014"])
        self.t_crossref = json.loads(crossref.read_bytes())
        self.t_work = work_body
        self.t_author = author_body
        self.t_source = json.loads(self.openalex_sources["S137773608"])
        self.t_icite = self.icite["27599104"]
        self.t_europepmc = self.europepmc_envelope["resultList"]["result"][0]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # many clients connect at once; the default 5 drops SYNs (1 s stalls)


class FakeAPI:
    """The fake server; use as a context manager or call start()/stop()."""

    def __init__(
        self,
        mode: str = "recorded",
        latency: float = 0.0,
        limits: dict[str, Limit] | None = None,
        faults: list[Fault] | None = None,
        growth: float = 1.0,
        missing_every: int = 0,
        timeout_sleep: float = 2.0,
        port: int = 0,
        routes: list[Route] | None = None,
        host: str = "127.0.0.1",
        drip_interval: float = 1.0,
    ):
        assert mode in {"recorded", "synthetic"}
        self.mode, self.latency, self.growth = mode, latency, growth
        self.limits = limits or {}
        self.faults = faults or []
        self.missing_every = missing_every
        self.timeout_sleep = timeout_sleep
        self.rec = Recordings()
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._arrivals: dict[str, deque] = defaultdict(deque)
        self._in_flight: dict[str, int] = defaultdict(int)
        self.max_in_flight: dict[str, int] = defaultdict(int)
        self._used: dict[str, int] = defaultdict(int)
        self._closing = threading.Event()  # ends hostile answers that never finish
        self.drip_interval = drip_interval  # seconds between the bytes of a dripped answer
        self._server = _Server((host, port), self._handler())
        self._thread: threading.Thread | None = None
        self.routes: list[Route] = list(routes or [])
        self.rogue_scholar: dict[str, str] = {}  # post URL -> fixture body (relative path)

    def route(
        self, prefix: str, status: int = 200, body: bytes | str = b"", **options: Any
    ) -> Route:
        """Add a canned answer (see :class:`Route`) and return it."""
        added = Route(prefix, status, body, **options)
        self.routes.append(added)
        return added

    # --- lifecycle ------------------------------------------------------------------------
    @property
    def root(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, provider: str) -> str:
        return self.root + PREFIXES[provider]

    def env(self) -> dict[str, str]:
        """``*_API_URL`` variables pointing every provider here."""
        return {
            **{ENV_NAMES[name]: self.url(name) for name in PREFIXES},
            "ROGUE_SCHOLAR_API_URL": self.root + ROGUE_SCHOLAR,
        }

    def start(self) -> FakeAPI:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- what the server saw ----------------------------------------------------------------
    def requests(self, provider: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if provider is None or s.provider == provider]

    def count(self, provider: str | None = None) -> int:
        return len(self.requests(provider))

    def rejected(self, provider: str | None = None) -> int:
        """429s the server sent because a limit was exceeded (not injected faults)."""
        return sum(1 for s in self.requests(provider) if s.status == 429 and "limit" in s.query)

    def max_in_window(self, provider: str, window: float = 1.0) -> int:
        """Most requests that arrived within any ``window`` seconds (sliding)."""
        times = sorted(s.at for s in self.requests(provider))
        best, start = 0, 0
        for end, at in enumerate(times):
            while at - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best

    def reset_counts(self) -> None:
        with self._lock:
            self.seen.clear()
            self.max_in_flight.clear()

    # --- request handling -------------------------------------------------------------------
    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once (no 40 ms stalls)

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                api._serve(self)

        return Handler

    def _provider(self, path: str) -> tuple[str | None, str]:
        for name, prefix in PREFIXES.items():
            if path.startswith(prefix + "/"):
                return name, path[len(prefix) :]
        return None, path

    def _fault(self, provider: str, target: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                matches = fault.provider == provider and fault.match in target
                if matches and (fault.times is None or fault.used < fault.times):
                    fault.used += 1
                    return fault
        return None

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        routed = max(
            (
                r
                for r in self.routes
                if handler.path.startswith(r.prefix) and r.method == handler.command
            ),
            key=lambda r: len(r.prefix),
            default=None,
        )
        if routed is not None:
            seen = Seen("route", time.monotonic(), parts.path, parts.query)
            with self._lock:
                self.seen.append(seen)
            if routed.hostile:
                fault = Fault("route", routed.hostile, location=routed.location)
                return self._hostile(handler, seen, fault, {}, "route")
            return self._send(
                handler, seen, routed.status, routed.payload(), routed.content_type, routed.headers
            )
        if parts.path == ROGUE_SCHOLAR + "/records":
            seen = Seen("rogue-scholar", time.monotonic(), parts.path, parts.query)
            with self._lock:
                self.seen.append(seen)
            query = parse_qs(parts.query).get("q", [""])[0]
            match = re.fullmatch(r'metadata\.identifiers\.identifier:"(.+)"', query)
            body = self.rogue_scholar.get(match.group(1), ROGUE_SCHOLAR_EMPTY) if match else None
            if body is None:
                return self._send(handler, seen, 400, b'{"status": 400}', "application/json")
            return self._send(
                handler, seen, 200, (FIXTURES / body).read_bytes(), "application/json"
            )
        provider, rest = self._provider(parts.path)
        seen = Seen(provider or "?", time.monotonic(), parts.path, parts.query)
        with self._lock:
            self.seen.append(seen)
        if provider is None:
            return self._send(handler, seen, 404, b"no such fake service", "text/plain")
        limit = self.limits.get(provider, Limit())
        headers = self._limit_headers(limit, provider)
        reason = self._admit(provider, limit, seen.at)
        if reason:
            seen.query += f"&limit={reason}"
            if limit.retry_after is not None:
                headers["Retry-After"] = f"{limit.retry_after:g}"
            return self._send(handler, seen, 429, b"Too Many Requests", "text/plain", headers)
        seen.release = lambda: self._in_flight_change(provider, -1)
        try:  # admitted: counted in flight until the answer starts
            if self.latency:
                time.sleep(self.latency)
            query = parse_qs(parts.query)
            if limit.key is not None:
                given = (query.get("key") or query.get("api_key") or [""])[0]
                if given != limit.key:
                    body = b"You must supply an API key in a parameter named 'key'."
                    return self._send(handler, seen, 403, body, "text/plain", headers)
            fault = self._fault(provider, handler.path)
            if fault is not None and self._apply_fault(handler, seen, fault, headers, provider):
                return None
            status, body, ctype = self._answer(provider, rest, query, fault)
            return self._send(handler, seen, status, body, ctype, headers)
        finally:
            if seen.release is not None:
                seen.release()
                seen.release = None

    def _in_flight_change(self, provider: str, delta: int) -> None:
        with self._lock:
            self._in_flight[provider] += delta

    def _admit(self, provider: str, limit: Limit, now: float) -> str:
        with self._lock:
            if limit.budget is not None:
                self._used[provider] += 1
                if self._used[provider] > limit.budget:
                    return "budget"
            if limit.concurrency is not None and self._in_flight[provider] >= limit.concurrency:
                return "concurrency"
            if limit.limit is not None:
                window = self._arrivals[provider]
                while window and now - window[0] >= limit.interval:
                    window.popleft()
                if len(window) >= limit.limit:
                    return "rate"
                window.append(now)
            self._in_flight[provider] += 1  # admitted: released in _serve's finally
            self.max_in_flight[provider] = max(
                self.max_in_flight[provider], self._in_flight[provider]
            )
        return ""

    def _limit_headers(self, limit: Limit, provider: str) -> dict[str, str]:
        headers: dict[str, str] = {}
        if limit.announce and limit.limit is not None:
            headers["x-rate-limit-limit"] = f"{limit.limit:g}"
            headers["x-rate-limit-interval"] = f"{limit.interval:g}s"
        if limit.announce and limit.concurrency is not None:
            headers["x-concurrency-limit"] = str(limit.concurrency)
        if limit.budget is not None:
            with self._lock:
                used = self._used[provider] + 1
            headers["x-ratelimit-limit"] = str(limit.budget)
            headers["x-ratelimit-remaining"] = str(max(0, limit.budget - used))
            headers["x-ratelimit-reset"] = "3600"
        if provider == "crossref":
            headers["x-api-pool"] = "polite"
        return headers

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        seen: Seen,
        status: int,
        body: bytes,
        ctype: str,
        headers: dict[str, str] | None = None,
        length: int | None = None,
    ) -> None:
        seen.status = status
        if seen.release is not None:  # the server is done with it once it starts answering
            seen.release()
            seen.release = None
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", ctype)
            handler.send_header("Content-Length", str(len(body) if length is None else length))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            if length is not None:
                handler.send_header("Connection", "close")
                handler.close_connection = True
            handler.end_headers()
            handler.wfile.write(body)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _apply_fault(
        self, handler, seen: Seen, fault: Fault, headers: dict[str, str], provider: str
    ) -> bool:
        """Send the faulty answer; False for faults that change the body (drift, neighbour)."""
        kind = fault.kind
        if kind == "500":
            self._send(
                handler,
                seen,
                500,
                b'{"error": "Internal Server Error"}',
                "application/json",
                headers,
            )
        elif kind == "429":
            if fault.retry_after is not None:
                headers = {**headers, "Retry-After": f"{fault.retry_after:g}"}
            self._send(handler, seen, 429, b"Too Many Requests", "text/plain", headers)
        elif kind == "timeout":
            time.sleep(self.timeout_sleep)
            self._send(handler, seen, 503, b"late", "text/plain", headers)
        elif kind == "truncated":
            status, body, ctype = self._answer(
                provider,
                self._provider(urlsplit(handler.path).path)[1],
                parse_qs(urlsplit(handler.path).query),
                None,
            )
            self._send(
                handler,
                seen,
                status,
                body[: max(1, len(body) // 2)],
                ctype,
                headers,
                length=len(body),
            )
        elif kind == "nonjson":
            self._send(
                handler,
                seen,
                200,
                b"<html><body>Service temporarily unavailable</body></html>",
                "text/html",
                headers,
            )
        elif kind == "html404":
            self._send(
                handler,
                seen,
                404,
                b"<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>",
                "text/html",
                headers,
            )
        elif kind in HOSTILE:
            self._hostile(handler, seen, fault, headers, provider)
        else:
            return False
        return True

    def _normal(self, handler, provider: str) -> tuple[int, bytes, str]:
        parts = urlsplit(handler.path)
        return self._answer(provider, self._provider(parts.path)[1], parse_qs(parts.query), None)

    def _hostile(self, handler, seen: Seen, fault: Fault, headers: dict[str, str], provider: str):
        kind = fault.kind
        if kind == "redirect":
            headers = {**headers, "Location": fault.location.replace("{path}", handler.path)}
            return self._send(handler, seen, 302, b"", "text/plain", headers)
        if kind == "errordoc":
            body = {
                "status": "error",
                "message-type": "validation-failure",
                "message": [{"type": "parameter-not-allowed", "message": "Service is busy"}],
            }
            return self._send(handler, seen, 200, json.dumps(body).encode(), "application/json")
        if kind == "silent":
            seen.status = -1
            if seen.release is not None:
                seen.release()
                seen.release = None
            self._closing.wait(300)
            return None
        if kind in ("drip", "dripheaders", "endless", "gzipbomb"):
            return self._stream(handler, seen, kind)
        status, body, ctype = self._normal(handler, provider)
        if kind == "html200":
            return self._send(handler, seen, status, body, "text/html; charset=utf-8", headers)
        if status != 200:  # "not found" answers stay as they are
            return self._send(handler, seen, status, body, ctype, headers)
        data = json.loads(body)
        if kind == "poison":
            text = json.dumps(_rewrite(data, lambda k, v: "__POISON__" if k in POISONED else v))
            body = text.replace('"__POISON__"', fault.value).encode()
        elif kind == "missing":
            body = json.dumps(_rewrite(data, lambda k, v: _DROP if k in POISONED else v)).encode()
        elif kind == "echo":
            echo = unquote(urlsplit(handler.path).query)
            data = _rewrite(
                data,
                lambda k, v: f"{v} {echo}" if k in {"details_url", "display_name"} else v,
            )
            if isinstance(data, dict):
                data["request"] = {"echo": echo}
            headers = {**headers, "X-Echo": echo}
            body = json.dumps(data).encode()
        return self._send(handler, seen, status, body, ctype, headers)

    def _stream(self, handler, seen: Seen, kind: str) -> None:
        """Answers that never end or end too late: sent until the client gives up."""
        seen.status = 200
        if seen.release is not None:
            seen.release()
            seen.release = None
        try:
            if kind == "dripheaders":
                head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Pad: " + b"a" * 200
                for byte in head:
                    if self._closing.wait(self.drip_interval):
                        return
                    handler.wfile.write(bytes([byte]))
                    handler.wfile.flush()
                return
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            if kind == "drip":
                body = b'{"status": "ok", "message": {"DOI": "10.1/x"}, "pad": "' + b" " * 200
                handler.send_header("Content-Length", str(len(body) + 3))
                handler.end_headers()
                for byte in body:
                    if self._closing.wait(self.drip_interval):
                        return
                    handler.wfile.write(bytes([byte]))
                    handler.wfile.flush()
            elif kind == "endless":  # no Content-Length: the body ends when the socket closes
                handler.send_header("Connection", "close")
                handler.end_headers()
                chunk = b" " * (1 << 16)
                for _ in range((1 << 30) // len(chunk)):
                    if self._closing.is_set():
                        return
                    handler.wfile.write(chunk)
            else:
                bomb = gzip_bomb()
                handler.send_header("Content-Encoding", "gzip")
                handler.send_header("Content-Length", str(len(bomb)))
                handler.end_headers()
                handler.wfile.write(bomb)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        finally:
            handler.close_connection = True

    # --- answers ------------------------------------------------------------------------------
    def _missing(self, ident: str) -> bool:
        if self.mode == "recorded":
            return True
        return bool(
            self.missing_every
            and int(hashlib.sha256(ident.encode()).hexdigest()[:8], 16) % self.missing_every == 0
        )

    def _scaled(self, value: Any, ident: str) -> Any:
        factor = _factor(ident) * self.growth
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            return round(value * factor)
        if isinstance(value, float):
            return round(value * factor, 3)
        if isinstance(value, str) and value.isdigit():
            return str(round(int(value) * factor))
        return value

    def _answer(
        self, provider: str, rest: str, query: dict[str, list[str]], fault: Fault | None
    ) -> tuple[int, bytes, str]:
        if fault is not None and fault.kind == "neighbour" and provider == "altmetric":
            return 200, self.rec.altmetric["doi:10.1111/bcp.12866"], "application/json"
        handler = getattr(self, f"_{provider}")
        status, body = handler(rest, query)
        if fault is not None and fault.kind == "drift" and status == 200:
            return 200, json.dumps({"unexpected": ["schema", "drift"]}).encode(), "application/json"
        if isinstance(body, bytes):
            ctype = "application/json" if status == 200 or provider == "openalex" else "text/plain"
            return status, body, ctype
        return status, json.dumps(body).encode(), "application/json"

    def _altmetric(self, rest: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        match = re.fullmatch(r"/(doi|pmid)/(.+)", rest)
        if not match:
            return 404, b"Not Found"
        ident = f"{match[1]}:{_norm_doi(match[2]) if match[1] == 'doi' else match[2]}"
        if ident in self.rec.altmetric:
            return 200, self.rec.altmetric[ident]
        if self._missing(ident):
            return 404, b"Not Found"
        body = copy.deepcopy(self.rec.t_altmetric)
        for key, value in list(body.items()):
            if key.startswith("cited_by_") or key in {"score", "readers_count"}:
                body[key] = self._scaled(value, ident)
        body["readers"] = {k: self._scaled(v, ident) for k, v in body.get("readers", {}).items()}
        body["doi"] = ident[4:] if ident.startswith("doi:") else None
        body["pmid"] = ident[5:] if ident.startswith("pmid:") else None
        body["title"] = f"Replayed Altmetric body for {ident}"
        body["details_url"] = (
            f"http://www.altmetric.com/details.php?citation_id={int(_factor(ident) * 1e7)}"
        )
        for scope in body.get("context", {}).values():
            scope["pct"] = int(min(99, _factor(ident) * 33))
        return 200, body

    def _crossref(self, rest: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        match = re.fullmatch(r"/works/(.+)", rest)
        if not match:
            return 404, self.rec.crossref_404
        doi = _norm_doi(match[1])
        if doi in self.rec.crossref:
            return 200, self.rec.crossref[doi]
        if self._missing(f"doi:{doi}"):
            return 404, self.rec.crossref_404
        message = dict(self.rec.t_crossref["message"])  # shallow: only top-level keys change
        body = {**self.rec.t_crossref, "message": message}
        message["DOI"] = doi
        message["URL"] = f"https://doi.org/{doi}"
        message["title"] = [f"Replayed Crossref body for {doi}"]
        message["is-referenced-by-count"] = self._scaled(
            message["is-referenced-by-count"], f"doi:{doi}"
        )
        message.pop("updated-by", None)
        return 200, body

    def _openalex(self, rest: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        not_found = (
            404,
            json.dumps({"error": "Not Found", "message": f"{rest} does not exist"}).encode(),
        )
        match = re.fullmatch(r"/(works|authors|sources)/(.+)", rest)
        if not match:
            return not_found
        kind, raw = match[1], unquote(match[2])
        lowered = raw.lower()
        ident = (
            f"doi:{_norm_doi(raw[4:])}"
            if lowered.startswith("doi:")
            else lowered
            if ":" in lowered
            else raw
        )
        table = {
            "works": self.rec.openalex_works,
            "authors": self.rec.openalex_authors,
            "sources": self.rec.openalex_sources,
        }[kind]
        if ident in table:
            return 200, table[ident]
        if self._missing(f"{kind}/{ident}"):
            return not_found
        oid = f"{kind[0].upper()}{int(_factor(ident) * 1e9)}"
        if kind == "works":
            body = dict(self.rec.t_work)  # shallow: every changed value is replaced whole
            body["citation_normalized_percentile"] = dict(body["citation_normalized_percentile"])
            body["id"] = f"https://openalex.org/{oid}"
            doi = ident[4:] if ident.startswith("doi:") else None
            pmid = ident[5:] if ident.startswith("pmid:") else None
            body["doi"] = f"https://doi.org/{doi}" if doi else None
            body["ids"] = {
                k: v
                for k, v in {
                    "openalex": body["id"],
                    "doi": body["doi"],
                    "pmid": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}" if pmid else None,
                }.items()
                if v
            }
            body["title"] = body["display_name"] = f"Replayed OpenAlex body for {ident}"
            body["cited_by_count"] = self._scaled(body["cited_by_count"], ident)
            body["fwci"] = self._scaled(body["fwci"], ident)
            body["citation_normalized_percentile"]["value"] = round(
                min(0.999, _factor(ident) / 3), 4
            )
            body["counts_by_year"] = [
                {**row, "cited_by_count": self._scaled(row["cited_by_count"], ident)}
                for row in body["counts_by_year"]
            ]
        elif kind == "authors":
            body = copy.deepcopy(self.rec.t_author)
            body["id"] = f"https://openalex.org/{oid}"
            orcid = ident[6:] if ident.startswith("orcid:") else None
            body["orcid"] = f"https://orcid.org/{orcid}" if orcid else None
            body["ids"] = {"openalex": body["id"], **({"orcid": body["orcid"]} if orcid else {})}
            body["display_name"] = f"Replayed OpenAlex author for {ident}"
            for name in ("works_count", "cited_by_count"):
                body[name] = self._scaled(body[name], ident)
            body["summary_stats"] = {
                k: self._scaled(v, ident) for k, v in body["summary_stats"].items()
            }
            body["counts_by_year"] = [
                {**row, "cited_by_count": self._scaled(row["cited_by_count"], ident)}
                for row in body["counts_by_year"]
            ]
        else:
            body = copy.deepcopy(self.rec.t_source)
            body["id"] = f"https://openalex.org/{raw}"
            body["summary_stats"] = {
                k: self._scaled(v, ident) for k, v in body["summary_stats"].items()
            }
        return 200, body

    def _icite(self, rest: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        if rest.startswith("/pubs/"):
            pmids = [rest[len("/pubs/") :]]
        elif rest == "/pubs":
            pmids = [p for p in ",".join(query.get("pmids", [])).split(",") if p.strip()]
        else:
            return 404, b"Not Found"
        data = []
        for pmid in pmids:
            pmid = pmid.strip()
            if pmid in self.rec.icite:
                data.append(self.rec.icite[pmid])
            elif not self._missing(f"pmid:{pmid}"):
                record = copy.deepcopy(self.rec.t_icite)
                record["pmid"] = int(pmid) if pmid.isdigit() else pmid
                record["doi"] = None
                record["title"] = f"Replayed iCite record for PMID {pmid}"
                for name in ("relative_citation_ratio", "citation_count", "citations_per_year"):
                    record[name] = self._scaled(record[name], f"pmid:{pmid}")
                record["nih_percentile"] = round(min(99.9, _factor(f"pmid:{pmid}") * 33), 1)
                data.append(record)
        envelope = copy.deepcopy(self.rec.icite_envelope)
        envelope["meta"] = {"pmids": ",".join(pmids)}
        envelope["links"] = {"self": f"https://icite.od.nih.gov/api/pubs?pmids={'%2C'.join(pmids)}"}
        envelope["data"] = data
        return 200, envelope

    def _europepmc(self, rest: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        if rest != "/search":
            return 404, b"Not Found"
        text = (query.get("query") or [""])[0]
        match = re.search(r'DOI:"?([^"\s]+)"?', text, re.I) or re.search(r"EXT_ID:(\d+)", text)
        if not match:
            return 200, self.rec.europepmc_empty
        ident = (
            f"doi:{_norm_doi(match[1])}" if text.upper().startswith("DOI") else f"pmid:{match[1]}"
        )
        record = self.rec.europepmc.get(ident)
        if record is None:
            if self._missing(ident):
                return 200, self.rec.europepmc_empty
            record = copy.deepcopy(self.rec.t_europepmc)
            record["doi"] = ident[4:] if ident.startswith("doi:") else None
            record["pmid"] = record["id"] = (
                ident[5:] if ident.startswith("pmid:") else str(int(_factor(ident) * 1e7))
            )
            record["title"] = f"Replayed Europe PMC record for {ident}"
            record["citedByCount"] = self._scaled(record["citedByCount"], ident)
        envelope = copy.deepcopy(self.rec.europepmc_envelope)
        envelope["hitCount"] = 1
        envelope["request"]["queryString"] = text
        envelope.pop("nextCursorMark", None)
        envelope.pop("nextPageUrl", None)
        envelope["resultList"] = {"result": [record]}
        return 200, envelope

    def _bluesky(self, rest: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        """``resolveHandle`` and ``getPostThread`` from ``bluesky/`` fixtures, by handle and
        record key; anything else gets the AppView's 400 error document."""
        if rest == "/xrpc/com.atproto.identity.resolveHandle":
            name = f"bluesky/resolveHandle-{(query.get('handle') or [''])[0]}.json"
        elif rest == "/xrpc/app.bsky.feed.getPostThread":
            name = f"bluesky/getPostThread-{(query.get('uri') or [''])[0].rsplit('/', 1)[-1]}.json"
        else:
            name = ""
        if name and re.fullmatch(r"bluesky/[\w.\-]+\.json", name) and (FIXTURES / name).exists():
            return 200, (FIXTURES / name).read_bytes()
        return 400, {"error": "NotFound", "message": "Post not found"}

    def _mastodon(self, rest: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        """``/api/v1/statuses/:id/context`` from ``mastodon/context-ID.json``, else 404."""
        match = re.fullmatch(r"/api/v1/statuses/(\d+)/context", rest)
        path = FIXTURES / f"mastodon/context-{match[1]}.json" if match else None
        if path is not None and path.exists():
            return 200, path.read_bytes()
        return 404, {"error": "Record not found"}


def parse_limit(text: str) -> tuple[str, Limit]:
    """``crossref=10/1:3`` -> ("crossref", Limit(10, 1.0, 3))."""
    name, _, spec = text.partition("=")
    rate, _, conc = spec.partition(":")
    limit, _, interval = rate.partition("/")
    return name, Limit(float(limit), float(interval or 1), int(conc) if conc else None)


def main() -> None:  # pragma: no cover - manual use
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--mode", choices=("recorded", "synthetic"), default="recorded")
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument(
        "--limit", action="append", default=[], help="PROVIDER=N/SECONDS[:CONCURRENT]"
    )
    args = parser.parse_args()
    limits = dict(parse_limit(text) for text in args.limit)
    with FakeAPI(args.mode, args.latency, limits, port=args.port) as api:
        for name, value in api.env().items():
            print(f"export {name}={value}")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":  # pragma: no cover
    main()
