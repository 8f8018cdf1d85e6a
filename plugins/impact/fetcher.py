"""Fetch every provider's figures for every target, side by side, and store them safely.

Data flow: targets -> plan (skip what is still fresh) -> one runner per provider (its own
threads, limiter, cache and retries) -> outcomes on a queue -> the main thread applies them
to the in-memory :class:`~impact.store.Figures` -> one atomic save at the end.

Only the main thread touches the figures, so no locks are needed there. A failed request
changes nothing: the old figures stay, with their older ``as_of``. An interrupted run
(Ctrl-C, SIGTERM) saves what it already applied; a killed run (``kill -9``) leaves the
previous files untouched, and its answers are in the HTTP cache for the next run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
import datetime as dt
from pathlib import Path
import queue
import threading
import time

from .http import ProviderHttp, ProviderStopped, RequestFailed, scrub
from .progress import Reporter
from .provider_access import RunConfig
from .providers import (
    FAILED,
    FOUND,
    FRESH,
    NOT_FOUND,
    PROVIDER_CLASSES,
    Outcome,
    Provider,
    ShapeError,
)
from .run_stats import ProviderStats, RunResult
from .store import Figures, load_figures, save_figures
from .targets import Target

MAX_FAILURE_LINES = 5  # per provider; the rest are counted
NOT_ASKED = "not asked:"  # failures after a provider stopped: counted, not listed one by one


def is_fresh(checked: str | None, today: str, days: int) -> bool:
    if not checked or days <= 0:
        return False
    try:
        age = (dt.date.fromisoformat(today) - dt.date.fromisoformat(checked)).days
    except ValueError:
        return False
    return 0 <= age < days


@dataclass
class _Done:
    name: str
    seconds: float
    requests: int
    stopped: str
    unreachable: bool = False


class _Runner(threading.Thread):
    """Works through one provider's units with up to ``max_workers`` threads."""

    def __init__(
        self,
        provider: Provider,
        http: ProviderHttp,
        units: list[list[Target]],
        results: queue.Queue,
        stop: threading.Event,
        max_workers: int,
        late: Callable[[], list[list[Target]]] | None = None,
    ):
        super().__init__(name=f"impact-{provider.name}", daemon=True)
        self.provider, self.http, self.results, self.stop = provider, http, results, stop
        self.units: queue.SimpleQueue = queue.SimpleQueue()
        for unit in units:
            self.units.put(unit)
        self.count = len(units)
        self.max_workers, self.late = max_workers, late

    def run(self) -> None:
        started = time.monotonic()
        try:
            self._drain(self.count)
            if self.late is not None and not self.stop.is_set():
                extra = self.late()
                for unit in extra:
                    self.units.put(unit)
                self._drain(len(extra))
        finally:
            self.results.put(
                _Done(
                    self.provider.name,
                    time.monotonic() - started,
                    self.http.requests_sent,
                    self.http.stopped or "",
                    self.http.unreachable,
                )
            )

    def _drain(self, count: int) -> None:
        workers = [
            threading.Thread(target=self._work, name=f"{self.name}-{i}", daemon=True)
            for i in range(min(self.max_workers, count))
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    def _work(self) -> None:
        while not self.stop.is_set():
            try:
                unit = self.units.get_nowait()
            except queue.Empty:
                return
            self.results.put((self.provider.name, self._fetch(unit)))

    def _fetch(self, unit: list[Target]) -> list[Outcome]:
        try:
            return self.provider.fetch(self.http, unit)
        except ProviderStopped as exc:
            reason = f"{NOT_ASKED} {self.provider.name} stopped ({exc})"
        except RequestFailed as exc:
            reason = str(exc)
        except ShapeError as exc:
            reason = f"unexpected answer ({exc})"
            self.http.discard_last()
        except Exception as exc:  # a schema we did not foresee must not stop the run
            reason = f"unexpected answer ({type(exc).__name__}: {exc})"
            self.http.discard_last()
        reason = scrub(reason, self.http.secrets)
        return [Outcome(t, FAILED, reason=reason) for t in unit]


class Fetcher:
    """One ``make impact`` run over a list of targets."""

    def __init__(
        self,
        config: RunConfig,
        data_path: Path,
        cache_path: Path,
        today: str,
        reporter: Reporter,
        user_agent: str,
        history_points: int | None = None,
    ):
        self.config, self.data_path, self.cache_path = config, data_path, cache_path
        self.today, self.reporter, self.user_agent = today, reporter, user_agent
        self.figures: Figures = load_figures(data_path)  # ImpactDataError: never overwrite it
        if history_points:
            self.figures.max_points = int(history_points)
        self.stop = threading.Event()
        self.results: queue.Queue = queue.Queue()
        self.stats = {name: ProviderStats(name) for name in config.providers}
        self._targets: list[Target] = []
        self._late_ready = threading.Event()
        self._late_units: list[list[Target]] = []
        self.changed = 0

    # --- planning -------------------------------------------------------------------------
    def _plan(self, provider: Provider, targets: list[Target]) -> list[list[Target]]:
        """Units still to fetch; fresh targets are counted as cached without a request."""
        days = self.config.providers[provider.name].fresh_days
        todo = []
        for target in targets:
            if not provider.applies(target):
                continue
            self.stats[provider.name].requested += 1
            record = self.figures.records.get(target.key)
            checked = record.checked.get(provider.name) if record else None
            if not self.config.force and is_fresh(checked, self.today, days):
                self._apply(provider.name, Outcome(target, FRESH))
            else:
                todo.append(target)
        return provider.units(todo)

    def _wait_for_late(self) -> list[list[Target]]:
        while not self._late_ready.wait(0.1):
            if self.stop.is_set():
                return []
        return self._late_units

    def _prepare_late(self, provider: Provider, planned: set[str]) -> None:
        """PMIDs learned from the other providers in this run get their iCite figures now."""
        late = []
        for target in self._targets:
            record = self.figures.records.get(target.key)
            pmid = record.ids.get("pmid") if record else None
            if target.pmid or not pmid or target.key in planned or target.kind == "author":
                continue
            late.append(replace(target, pmid=pmid))
        before = self.stats[provider.name].requested
        self._late_units = self._plan(provider, late)
        self.reporter.grow(provider.name, self.stats[provider.name].requested - before)
        self._late_ready.set()

    # --- applying -------------------------------------------------------------------------
    def _apply(self, name: str, outcome: Outcome) -> None:
        stats = self.stats[name]
        target = outcome.target
        if outcome.status == FRESH:
            stats.cached += 1
        elif outcome.status == FAILED:
            stats.failed += 1
            if outcome.reason.startswith(NOT_ASKED):  # the stop is said once, not per target
                stats.not_asked += 1
            elif len(stats.failures) < MAX_FAILURE_LINES:
                stats.failures.append(f"{target.key}: {outcome.reason}")
        else:
            record = self.figures.record(target.key, target.kind)
            self.figures.add_ids(record, target.ids)
            if not record.title and target.title:
                record.title = target.title
            if target.source_path:
                record.source_path = target.source_path
            self.changed += 1
            if outcome.status == NOT_FOUND:
                stats.not_found += 1
                self.figures.mark_checked(record, name, outcome.as_of or self.today)
            elif outcome.status == FOUND:
                stats.cached += outcome.from_cache
                stats.fetched += not outcome.from_cache
                self.figures.add_ids(record, outcome.ids)
                self.figures.set_figures(record, name, outcome.values, outcome.as_of or self.today)
        self.reporter.advance(name, outcome.status)

    # --- running --------------------------------------------------------------------------
    def run(self, targets: list[Target]) -> RunResult:
        started = time.monotonic()
        self._targets = targets
        runners: dict[str, _Runner] = {}
        self.reporter.start(dict.fromkeys(self.config.providers, 0))
        planned_icite: set[str] = set()
        for name, pconfig in self.config.providers.items():
            provider = PROVIDER_CLASSES[name](pconfig.base_url, pconfig.batch_size)
            units = self._plan(provider, targets)
            if name == "icite":
                planned_icite = {t.key for t in targets if provider.applies(t)}
            http = ProviderHttp(pconfig, self.config, self.cache_path, self.user_agent, self.today)
            late = (
                self._wait_for_late if name == "icite" and len(self.config.providers) > 1 else None
            )
            runners[name] = _Runner(
                provider, http, units, self.results, self.stop, self.config.max_workers, late
            )
            self.reporter.grow(name, self.stats[name].requested)
        interrupted = out_of_time = False
        # past this, requests still running are abandoned (each has its own deadline, so
        # this only guards against the unforeseen) and what arrived is saved
        hard_end = started + self.config.max_seconds + 2 * sum(self.config.timeout) + 5
        try:
            for runner in runners.values():
                runner.start()
            waiting = set(runners)
            while waiting:
                try:
                    item = self.results.get(timeout=0.5)
                except queue.Empty:
                    if time.monotonic() > hard_end:
                        self.stop.set()
                        self._late_ready.set()
                        break
                    continue
                if isinstance(item, _Done):
                    waiting.discard(item.name)
                    stats = self.stats[item.name]
                    for attr in ("seconds", "requests", "stopped", "unreachable"):
                        setattr(stats, attr, getattr(item, attr))
                    out_of_time = out_of_time or "time limit" in item.stopped
                    self.reporter.provider_done(stats)
                    if waiting == {"icite"} and not self._late_ready.is_set():
                        self._prepare_late(runners["icite"].provider, planned_icite)
                    continue
                for outcome in item[1]:
                    self._apply(item[0], outcome)
        except KeyboardInterrupt:
            interrupted = True
            self.stop.set()
            self._late_ready.set()
            self._drain_after_stop(runners)
        finally:
            self.reporter.close()
            for runner in runners.values():
                runner.http.close()
        if self.changed:  # nothing applied: the files stay exactly as they were
            save_figures(self.data_path, self.figures)
        for s in self.stats.values():  # never asked (run stopped early): failed, not lost
            s.failed += max(0, s.requested - s.fetched - s.cached - s.not_found - s.failed)
        return RunResult(
            stats=self.stats,
            skipped=dict(self.config.skipped),
            records=len(self.figures),
            seconds=time.monotonic() - started,
            interrupted=interrupted,
            changed=self.changed,
            out_of_time=out_of_time,
        )

    def _drain_after_stop(self, runners: dict[str, _Runner]) -> None:
        """Apply what already arrived; requests in flight finish within their timeout."""
        deadline = time.monotonic() + sum(self.config.timeout) + 1
        while time.monotonic() < deadline and any(r.is_alive() for r in runners.values()):
            try:
                item = self.results.get(timeout=0.2)
            except queue.Empty:
                continue
            if not isinstance(item, _Done):
                for outcome in item[1]:
                    self._apply(item[0], outcome)
