"""Polite HTTP for one provider: cache, rate and concurrency limits, retries, no leaked keys.

Why each part:

* :class:`Limiter` spaces requests to the provider's announced rate (``x-rate-limit-limit``
  per ``x-rate-limit-interval``), caps requests in flight (``x-concurrency-limit``), pauses
  the whole provider for ``Retry-After`` or an exhausted quota (``x-ratelimit-remaining`` /
  ``x-ratelimit-reset``, Altmetric's hourly/daily headers), and slows down by itself after a
  429 that came without any hint. Providers each have their own limiter, so they run side by
  side and a run takes about as long as the slowest provider's rate-limit floor.
* A requests-cache SQLite file per provider (under ``.cache/impact/``) answers repeats inside
  the freshness window without a request; only complete answers (valid JSON, or a 404) are
  stored, so a truncated body is never replayed. API keys, the User-Agent (it carries the
  Crossref ``mailto``) and ``mailto`` are redacted from what is stored and left out of the
  cache key.
* Retries (tenacity): exponential back-off with jitter on 429, 5xx, timeouts, broken
  connections and unreadable bodies; ``Retry-After`` wins when the server sends it.
* Limits (:mod:`meded_core.bounded_http`): each request has one deadline for the whole
  answer and a cap on its decompressed size, redirects are followed only to the provider's
  own hosts, and key or contact echoed by the server are scrubbed before anything is
  kept. An answer that breaks a limit is a failure, never retried. A provider that cannot
  be reached at all (connection refused, unknown host: offline) is stopped at once, and
  one that keeps timing out after a few requests, so an offline run ends in a moment.
* A deadline for the whole run: after it, nothing more is asked and what was fetched is
  kept.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
import datetime as dt
from email.utils import parsedate_to_datetime
import json
import math
from pathlib import Path
import re
import threading
import time
from typing import Any

from meded_core.bounded_http import (
    Limits,
    Refused,
    TooSlow,
    WrongHost,
    bounded_session,
    is_json_type,
    scrub_text,
)
import requests
import requests_cache
from requests_cache.backends.sqlite import SQLiteCache
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt
from tenacity.wait import wait_random_exponential
import urllib3

from .provider_access import ProviderConfig, RunConfig

REDACTED_PARAMS = ("key", "api_key", "mailto", "email", "User-Agent", "Authorization")
_SECRET_PARAM = re.compile(r"(?i)\b(key|api_key|mailto)=([^&\s\"']+)")


def scrub(text: Any, secrets: Iterable[str | None] = ()) -> str:
    """Text safe to print: known secret values and ``key=…`` parameters replaced by ***."""
    result = scrub_text(str(text), [s for s in secrets if s])
    return _SECRET_PARAM.sub(lambda m: f"{m.group(1)}=***", result)


class Retryable(Exception):
    """A temporary failure worth another try (429, 5xx, timeout, broken body)."""

    def __init__(self, reason: str, retry_after: float | None = None, throttled: bool = False):
        super().__init__(reason)
        self.retry_after = retry_after
        self.throttled = throttled


class RequestFailed(Exception):
    """This request cannot succeed (after retries, or a 4xx other than 404)."""


class ProviderStopped(Exception):
    """The provider cannot be used for the rest of the run (key refused, quota exhausted)."""


class Unreachable(ProviderStopped):
    """The provider cannot be reached at all (connection refused, unknown host: offline)."""


TIMEOUTS_BEFORE_STOP = 3  # consecutive requests without an answer before a provider is stopped


def _unreachable(exc: requests.ConnectionError) -> bool:
    """Refused connection or failed name lookup, as opposed to a connection that broke."""
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


class _RedactingCache(SQLiteCache):
    """The SQLite cache, with secrets also scrubbed from the redirect history it stores.

    requests-cache redacts ignored parameters from the final request and response, but a
    redirect's earlier hops keep their URLs (with our key) and ``Location`` headers.
    """

    def __init__(self, *args: Any, secrets: Iterable[str] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.secrets = [s for s in secrets if s]

    def save_response(self, response, cache_key=None, expires=None):
        for hop in response.history:
            hop.url = scrub(hop.url, self.secrets)
            hop.request.url = scrub(hop.request.url, self.secrets)
            for headers in (hop.headers, hop.request.headers):
                for name, value in list(headers.items()):
                    headers[name] = scrub(value, self.secrets)
        super().save_response(response, cache_key, expires)


def _seconds(value: str | None) -> float | None:
    """Seconds from ``1s``, ``60``, ``1m``, ``1h``; None when unreadable."""
    if not value:
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*", value.lower())
    if not match:
        return None
    scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[match.group(2) or "s"]
    return float(match.group(1)) * scale


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date); None when absent or bad."""
    if not value:
        return None
    seconds = _number(value.strip())
    if seconds is not None:
        return max(0.0, seconds)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


MARGIN = 0.03  # seconds a 429 despite our count first adds to each rate window
CALM_WINDOWS = 5  # windows of answers without a 429 before a widened margin is halved


class Limiter:
    """Request spacing and in-flight cap for one provider; thread-safe."""

    def __init__(self, limit: float, interval: float, concurrency: int, safety: float = 1.04):
        self._cond = threading.Condition()
        self.safety = safety
        self.limit, self.interval = limit, interval
        self.concurrency = max(1, concurrency)
        self.penalty = 1.0  # >1 after unexplained 429s; relaxes with successes
        self._next_at = 0.0
        self._last_at = 0.0  # when the latest request was let through
        self._paused_until = 0.0
        self._in_flight = 0
        self._successes = 0
        self._answered: deque[float] = deque()  # when the latest answers came back, oldest first
        self.announced = False  # the provider told us its limits
        self.margin = 0.0  # seconds added to each window after a 429 that our count missed
        self._calm = 0  # successes since the latest 429

    @property
    def spacing(self) -> float:
        return self.interval / self.limit * self.safety * self.penalty

    @contextmanager
    def slot(self, stopped: Callable[[], str | None] = lambda: None) -> Iterator[None]:
        """Wait for a free concurrency slot and for the next turn, then send.

        Turns are claimed when they come, not booked in advance, so a rate announced by
        the first answer applies at once to every request still waiting. When the provider
        is stopped meanwhile (``stopped()`` gives the reason), waiting requests give up at
        once instead of waiting for turns they will not use.
        """
        with self._cond:
            while True:
                if reason := stopped():
                    raise ProviderStopped(reason)
                now = time.monotonic()
                at = max(self._next_at, self._paused_until, self._window_opens())
                if self._in_flight < self.concurrency and now >= at:
                    break
                self._cond.wait(timeout=max(at - now, 0.001) if now < at < math.inf else None)
            self._in_flight += 1
            # a thread that woke a little late does not push every later turn back with it
            turn = at if now - at < self.spacing else now
            self._last_at = turn
            self._next_at = turn + self.spacing
        try:
            yield
        finally:
            with self._cond:
                self._in_flight -= 1
                self._answered.append(time.monotonic())
                self._cond.notify_all()

    def _window_opens(self) -> float:
        """When one more request keeps every ``interval`` window within ``limit`` at the server.

        Spacing alone can bunch requests after a late wake-up; this cap is what keeps us
        under a sliding window like Crossref's, however late each request reaches the
        server (a busy machine, a slow network): a request counts from its turn until its
        answer is back, and from then on as if the server had seen it at that moment, the
        latest it can have. Called with the lock held.
        """
        size = max(1, int(self.limit))
        while len(self._answered) > size:
            self._answered.popleft()
        need = size - self._in_flight  # answers a window old before one more may go
        if need <= 0:
            return math.inf  # wait for an answer
        if len(self._answered) < need:
            return 0.0
        return self._answered[-need] + self.interval + self.margin

    def wake(self) -> None:
        """Let every waiting request look again (the provider was stopped)."""
        with self._cond:
            self._cond.notify_all()

    def pause(self, seconds: float) -> None:
        """Hold every request of this provider for ``seconds`` from now."""
        with self._cond:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)
            self._cond.notify_all()

    def throttled(self) -> None:
        """A 429 with no Retry-After.

        With announced limits we were within them by our count, so the server counts
        something we do not see (another client on the same key, its own kind of window):
        widen the window margin. Without announced limits we were simply too fast: slow
        down by a quarter until things calm down.
        """
        with self._cond:
            self._calm = 0
            if self.announced:
                self.margin = min(max(self.margin * 2, MARGIN), self.interval * 0.25)
            else:
                self.penalty = min(self.penalty * 1.25, 8.0)
                self._successes = 0
                self._next_at = max(self._next_at, self._last_at + self.spacing)

    def succeeded(self) -> None:
        """An answer within the limits. A widened margin narrows again after a few calm
        windows: one unexplained 429 must not slow the rest of a long run (a margin of a
        quarter window is a quarter off the rate)."""
        with self._cond:
            self._successes += 1
            if self.penalty > 1.0 and self._successes >= 20:
                self.penalty = max(1.0, self.penalty / 1.25)
                self._successes = 0
            self._calm += 1
            if self.margin and self._calm >= CALM_WINDOWS * max(1, int(self.limit)):
                self.margin = self.margin / 2 if self.margin > MARGIN else 0.0
                self._calm = 0

    def observe(self, headers: Mapping[str, str], max_pause: float) -> None:
        """Follow what the provider announces; raise ProviderStopped on an exhausted quota."""
        limit = _number(headers.get("x-rate-limit-limit"))
        interval = _seconds(headers.get("x-rate-limit-interval"))
        concurrency = _number(headers.get("x-concurrency-limit"))
        with self._cond:
            announced = bool(limit and limit > 0 and interval and interval > 0)
            self.announced = self.announced or announced
            if announced and (limit, interval) != (self.limit, self.interval):
                self.limit, self.interval = limit, interval
                # the next turn follows the announced rate at once, not our first guess
                self._next_at = self._last_at + self.spacing
                self._cond.notify_all()
            if concurrency and concurrency >= 1 and int(concurrency) != self.concurrency:
                self.concurrency = int(concurrency)
                self._cond.notify_all()
        # OpenAlex: a money-denominated daily budget; reset is seconds until it refills.
        remaining = _number(headers.get("x-ratelimit-remaining"))
        if remaining is not None and remaining <= 0:
            reset = _seconds(headers.get("x-ratelimit-reset"))
            if reset is None or reset > max_pause:
                raise ProviderStopped("its request budget is used up until it resets")
            self.pause(reset)
        for window in ("Hourly", "Daily"):
            left = _number(headers.get(f"x-{window.lower()}ratelimit-remaining"))
            if left is not None and left <= 0:
                raise ProviderStopped(f"its {window.lower()} limit for this key is used up")


@dataclass
class Answer:
    """A complete answer: 200 with parsed JSON, or 404 (not found)."""

    status: int
    data: Any
    from_cache: bool
    fetched_on: str  # YYYY-MM-DD when the server answered (older for cached answers)


_UNPARSED = object()


def _is_complete(response: requests.Response) -> bool:
    """Only complete answers go into the cache: readable JSON, or a 404.

    The parsed body is kept on the response so it is parsed once, not twice.
    """
    if response.status_code == 404:
        return True
    if response.status_code != 200 or not is_json_type(response.headers.get("Content-Type")):
        return False
    try:
        response._impact_data = json.loads(response.content)  # type: ignore[attr-defined]
    except (ValueError, UnicodeDecodeError):
        return False
    return True


class ProviderHttp:
    """Cached, limited, retrying GETs for one provider."""

    def __init__(
        self, provider: ProviderConfig, run: RunConfig, cache_dir: Path, user_agent: str, today: str
    ):
        self.provider, self.run, self.today = provider, run, today
        self.secrets = run.secrets
        self.limiter = Limiter(provider.limit, provider.interval, provider.concurrency, run.safety)
        self.ends = time.monotonic() + run.max_seconds  # the run's deadline
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.session = requests_cache.CachedSession(
            backend=_RedactingCache(
                str(cache_dir / f"{provider.name}.sqlite"),
                wal=True,
                fast_save=True,  # PRAGMA synchronous=OFF: a lost entry only costs a request
                secrets=self.secrets,
            ),
            expire_after=dt.timedelta(days=max(provider.fresh_days, 0)),
            allowable_codes=(200, 404),
            allowable_methods=("GET",),
            ignored_parameters=REDACTED_PARAMS,
            filter_fn=_is_complete,
            stale_if_error=False,
        )
        self.session.headers.update({"User-Agent": user_agent, "Accept": "application/json"})
        self.adapter = bounded_session(
            self.session,
            Limits(
                deadline=run.timeout[1],
                max_bytes=provider.max_bytes,
                hosts=provider.hosts,
                secrets=tuple(self.secrets),
                connect_timeout=run.timeout[0],
            ),
        )
        self._timeouts = 0  # consecutive requests that got no answer in time
        self._last = threading.local()  # cache key of this thread's latest request
        # keys already in the cache: a cheap test before asking SQLite for a response
        self._known = set() if run.force else set(self.session.cache.responses.keys())
        self._lock = threading.Lock()
        self.requests_sent = 0
        self._stopped: str | None = None
        self.unreachable = False  # no connection could be made at all

    @property
    def stopped(self) -> str | None:
        """Why the provider is not asked any more in this run (None while it is)."""
        return self._stopped

    @stopped.setter
    def stopped(self, reason: str | None) -> None:
        self._stopped = reason
        self.limiter.wake()

    def close(self) -> None:
        self.session.close()

    def discard_last(self) -> None:
        """Drop this thread's latest answer from the cache: the provider found it unusable,
        so the next run asks again instead of replaying it for the whole freshness window."""
        key = getattr(self._last, "key", None)
        if key:
            self.session.cache.delete(key)
            self._known.discard(key)

    def get(self, url: str, params: Mapping[str, str] | None = None) -> Answer:
        """GET with cache, limits and retries; raises RequestFailed or ProviderStopped."""
        if self.stopped:
            raise ProviderStopped(self.stopped)
        self._check_time()
        params = dict(params or {})
        if self.provider.key:
            params[{"altmetric": "key", "openalex": "api_key"}.get(self.provider.name, "key")] = (
                self.provider.key
            )
        request = self.session.prepare_request(requests.Request("GET", url, params=params))
        self._last.key = self.session.cache.create_key(request)
        if self._known and self._last.key in self._known:
            cached = self.session.get(url, params=params, only_if_cached=True)
            if cached.status_code != 504 and getattr(cached, "from_cache", False):
                return self._answer(cached)
        retrying = Retrying(
            stop=stop_after_attempt(max(1, self.run.attempts)),
            wait=self._wait,
            retry=retry_if_exception_type(Retryable),
            reraise=True,
        )
        try:
            return retrying(self._attempt, url, params)
        except Retryable as exc:
            raise RequestFailed(f"{exc} (gave up after {self.run.attempts} tries)") from None

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hint = getattr(exc, "retry_after", None)
        left = max(0.0, self.ends - time.monotonic())
        if hint is not None:
            return min(hint, self.run.max_pause, left)
        base = self.run.backoff
        if isinstance(exc, Retryable) and exc.throttled and self.limiter.announced:
            # we know the real rate: a 429 here is a passing excess, so wait about one window
            base = min(base, max(self.limiter.interval / 2, 0.05))
        backoff = wait_random_exponential(multiplier=base, max=self.run.backoff_max)
        return min(backoff(state), left)

    def _attempt(self, url: str, params: dict[str, str]) -> Answer:
        with self.limiter.slot(lambda: self.stopped):
            if self.stopped:
                raise ProviderStopped(self.stopped)
            self._check_time()
            with self._lock:
                self.requests_sent += 1
            try:
                with self.adapter.request():
                    response = self.session.get(url, params=params, force_refresh=self.run.force)
            except (requests.Timeout, TooSlow) as exc:
                self._timed_out()
                reason = str(exc) if isinstance(exc, TooSlow) else "timed out"
                raise Retryable(scrub(reason, self.secrets)) from None
            except (Refused, requests.exceptions.InvalidSchema) as exc:
                reason = str(exc) if isinstance(exc, Refused) else "refused a non-HTTP redirect"
                if isinstance(exc, WrongHost | requests.exceptions.InvalidSchema):
                    reason = f"redirected outside the provider: {reason}"
                raise RequestFailed(scrub(reason, self.secrets)) from None
            except requests.TooManyRedirects:
                raise RequestFailed("too many redirects") from None
            except requests.ConnectionError as exc:
                if _unreachable(exc):
                    self.stopped = "it could not be reached (offline, or a wrong address?)"
                    self.unreachable = True
                    raise Unreachable(self.stopped) from None
                raise Retryable(f"connection failed: {scrub(type(exc).__name__)}") from None
            except requests.RequestException as exc:
                raise Retryable(f"broken answer: {type(exc).__name__}") from None
        self._timeouts = 0
        return self._classify(response)

    def _check_time(self) -> None:
        """Past the run's deadline the provider stops: nothing more is asked."""
        if time.monotonic() >= self.ends:
            if not self.stopped:
                self.stopped = f"the run's time limit ({self.run.max_seconds:g} s) was reached"
            raise ProviderStopped(self.stopped)

    def _max_pause(self) -> float:
        """The longest wait worth taking: never past the end of the run."""
        return min(self.run.max_pause, max(0.0, self.ends - time.monotonic()))

    def _timed_out(self) -> None:
        with self._lock:
            self._timeouts += 1
            if self._timeouts >= TIMEOUTS_BEFORE_STOP and not self.stopped:
                self.stopped = (
                    f"it gave no complete answer within {self.run.timeout[1]:g} s "
                    f"{self._timeouts} times in a row"
                )

    def _classify(self, response: requests.Response) -> Answer:
        status = response.status_code
        headers = response.headers
        try:
            self.limiter.observe(headers, self._max_pause())
        except ProviderStopped as exc:
            self.stopped = str(exc)
            if status not in (200, 404):
                raise
        if status == 429:
            retry_after = retry_after_seconds(headers.get("Retry-After"))
            if retry_after is not None:
                if retry_after > self._max_pause():
                    self.stopped = f"it asked us to wait {retry_after:.0f} s (Retry-After)"
                    raise ProviderStopped(self.stopped)
                self.limiter.pause(retry_after)
            else:
                self.limiter.throttled()
            raise Retryable("rate limited (429)", retry_after, throttled=True)
        if status >= 500 or status in (408, 425):
            raise Retryable(
                f"server error {status}", retry_after_seconds(headers.get("Retry-After"))
            )
        if status in (401, 403):
            self.stopped = f"it refused access ({status}): check the API key"
            raise ProviderStopped(self.stopped)
        if status in (404, 410):
            self.limiter.succeeded()
            return self._answer(response, status=404)
        if status != 200:
            raise RequestFailed(f"unexpected answer {status}")
        if not is_json_type(headers.get("Content-Type")):
            kind = headers.get("Content-Type", "").split(";")[0]
            raise RequestFailed(f"the answer is {scrub(kind)[:60]}, not JSON")
        answer = self._answer(response)
        self.limiter.succeeded()
        return answer

    def _answer(self, response: requests.Response, status: int | None = None) -> Answer:
        from_cache = bool(getattr(response, "from_cache", False))
        created = getattr(response, "created_at", None) if from_cache else None
        fetched_on = min(created.date().isoformat() if created else self.today, self.today)
        if (status or response.status_code) == 404:
            return Answer(404, None, from_cache, fetched_on)
        data = getattr(response, "_impact_data", _UNPARSED)
        if data is _UNPARSED:
            try:
                data = json.loads(response.content)
            except (ValueError, UnicodeDecodeError):
                raise Retryable("unreadable answer (not JSON or cut short)") from None
        return Answer(200, data, from_cache, fetched_on)
