"""HTTP answers with limits: a deadline, a size cap, trusted redirects, no secrets kept.

The scholarly services are usually well behaved, but a build must not hang, run out of
memory or publish another host's numbers because one of them (or something between us
and it) misbehaves. Every request made through :class:`BoundedAdapter`:

* ends within ``deadline`` seconds from the first byte sent to the last byte read, even
  when the server sends its headers or body one byte a second (a watchdog shuts the socket
  down on time; the per-read timeout alone never fires on a slow drip);
* reads at most ``max_bytes`` of *decompressed* body, so a small gzip bomb cannot expand
  into gigabytes, and an oversized answer never reaches a cache;
* goes only to ``http``/``https`` addresses whose host is in ``hosts`` (when given), which
  also holds every redirect hop: another host's numbers are never taken as the provider's;
* has the ``secrets`` (API keys, contact addresses) replaced by ``***`` in the body and
  headers it hands back, so a server that echoes them cannot get them into stored data.

Both the citations plugin (build-time look-ups, ``make refs``) and ``make impact`` use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
import contextlib
from contextlib import contextmanager
from dataclasses import dataclass, replace
import socket
import threading
import time
from urllib.parse import quote, urlsplit

import requests
from requests.adapters import HTTPAdapter
import urllib3

MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class Refused(requests.RequestException):
    """The answer broke one of the limits; asking again would not help."""


class TooLarge(Refused):
    """The (decompressed) body is larger than allowed."""


class TooSlow(Refused, requests.Timeout):
    """The answer did not arrive completely within the deadline."""


class WrongHost(Refused):
    """A request (usually a redirect hop) to a host or scheme we do not trust."""


@dataclass(frozen=True)
class Limits:
    deadline: float = 30.0  # seconds for one request, redirects included
    max_bytes: int = 8 * 1024 * 1024  # of decompressed body
    hosts: frozenset[str] = frozenset()  # host[:port] allowed to answer; empty: any
    secrets: tuple[str, ...] = ()  # values never handed back (keys, contact addresses)
    connect_timeout: float = 5.0


def host_of(url: str) -> str:
    """``host`` or ``host:port`` (default ports dropped), lower case."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        return host
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return f"{host}:{port}" if port and port != default else host


def hosts_of(urls: Iterable[str], extra: Iterable[str] = ()) -> frozenset[str]:
    return frozenset({host_of(u) for u in urls if u} | {h.lower() for h in extra})


JSON_TYPES = ("json", "javascript", "text/plain")


def is_json_type(content_type: str | None) -> bool:
    """True unless the server says the body is something other than JSON (HTML, XML, …).

    A missing Content-Type passes: Crossref's transform answers come without one.
    """
    if not content_type:
        return True
    kind = content_type.split(";", 1)[0].strip().lower()
    return any(name in kind for name in JSON_TYPES)


def scrub_bytes(data: bytes, secrets: Iterable[str]) -> bytes:
    for secret in secrets:
        for form in {secret, quote(secret, safe=""), quote(secret, safe="@")}:
            if form and form.encode() in data:
                data = data.replace(form.encode(), b"***")
    return data


def scrub_text(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        for form in {secret, quote(secret, safe=""), quote(secret, safe="@")}:
            if form:
                text = text.replace(form, "***")
    return text


_local = threading.local()


class _Watch:
    """The deadline of one request: a timer that shuts the socket down when it passes, so a
    server dripping its headers or body one byte at a time cannot hold us (a per-read
    timeout never fires while bytes keep coming)."""

    def __init__(self, ends: float):
        self.fired = threading.Event()
        self.connection = None  # the connection the request went out on (set when sent)
        self.response = None  # urllib3's response, once the headers are in
        self._timer = threading.Timer(max(0.0, ends - time.monotonic()), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watch:
        _local.watch = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _local.watch = None

    def _expire(self) -> None:
        self.fired.set()
        with contextlib.suppress(Exception):  # the socket may already be gone
            if self.response is not None:
                self.response.shutdown()
            sock = getattr(self.connection, "sock", None)
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)


class _WatchedMixin:
    """Tells the current request's watch which connection it is sent on."""

    def request(self, *args, **kwargs):
        watch = getattr(_local, "watch", None)
        if watch is not None:
            watch.connection = self
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _WatchedHTTPConnection(_WatchedMixin, urllib3.connection.HTTPConnection):
    pass


class _WatchedHTTPSConnection(_WatchedMixin, urllib3.connection.HTTPSConnection):
    pass


class _WatchedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class BoundedAdapter(HTTPAdapter):
    """An HTTPAdapter that applies :class:`Limits` to every request it sends."""

    def __init__(self, limits: Limits, **kwargs):
        super().__init__(**kwargs)
        self.limits = limits

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }

    @contextmanager
    def request(self, **overrides) -> Iterator[Limits]:
        """One logical request (with its redirects): one deadline, these limits."""
        limits = replace(self.limits, **overrides) if overrides else self.limits
        previous = getattr(_local, "current", None)
        _local.current = (limits, time.monotonic() + limits.deadline)
        try:
            yield limits
        finally:
            _local.current = previous

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        limits, ends = getattr(_local, "current", None) or (
            self.limits,
            time.monotonic() + self.limits.deadline,
        )
        url = request.url or ""
        if urlsplit(url).scheme not in ("http", "https"):
            raise WrongHost(f"refused a non-HTTP address ({urlsplit(url).scheme}:)")
        if limits.hosts and host_of(url) not in limits.hosts:
            raise WrongHost(
                f"refused to follow it to {host_of(url)}, which is not one of the service's hosts"
            )
        left = ends - time.monotonic()
        if left <= 0:
            raise TooSlow(f"no complete answer within {limits.deadline:g} s")
        with _Watch(ends) as watch:
            try:
                response = super().send(
                    request,
                    stream=True,
                    timeout=(min(limits.connect_timeout, left), left),
                    verify=verify,
                    cert=cert,
                    proxies=proxies,
                )
            except requests.ConnectionError:
                if watch.fired.is_set():
                    raise TooSlow(f"no complete answer within {limits.deadline:g} s") from None
                raise
            watch.response = response.raw
            try:
                body = _read(response, watch, limits)
            except BaseException:
                response.close()
                raise
        response._content = scrub_bytes(body, limits.secrets)
        response._content_consumed = True
        for name, value in list(response.headers.items()):
            if name.lower() != "location":  # a redirect target is scrubbed where it is stored
                response.headers[name] = scrub_text(value, limits.secrets)
        response.raw.release_conn()  # the body is read: the connection can be reused
        return response


def _read(response: requests.Response, watch: _Watch, limits: Limits) -> bytes:
    """The whole decompressed body, or TooSlow / TooLarge."""
    raw = response.raw
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise TooLarge(f"the answer is larger than {limits.max_bytes:,} bytes")
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = raw.read1(CHUNK, decode_content=True)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            if watch.fired.is_set():
                raise TooSlow(f"no complete answer within {limits.deadline:g} s") from None
            raise requests.ConnectionError(f"the answer broke off ({type(exc).__name__})") from None
        if watch.fired.is_set():
            raise TooSlow(f"no complete answer within {limits.deadline:g} s")
        if not chunk:
            break
        size += len(chunk)
        if size > limits.max_bytes:
            raise TooLarge(f"the answer is larger than {limits.max_bytes:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def bounded_session(session: requests.Session, limits: Limits) -> BoundedAdapter:
    """Mount a :class:`BoundedAdapter` for http and https on ``session``; return it."""
    adapter = BoundedAdapter(limits, max_retries=0, pool_maxsize=16)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.max_redirects = MAX_REDIRECTS
    return adapter
