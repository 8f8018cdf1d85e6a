"""Progress and the closing summary of ``make impact``.

A progress bar (tqdm) on a terminal; plain, timestamp-free lines when the output is a log
(CI), so logs stay readable; nothing but the summary with ``--quiet``. Everything printed
goes through :func:`impact.http.scrub` so a key can never reach a log.
"""

from __future__ import annotations

from collections.abc import Iterable
import sys
import threading
import time
from typing import TextIO

from .http import scrub
from .run_stats import COUNTS, ProviderStats, RunResult

PLAIN_EVERY = 10.0  # seconds between progress lines in plain mode


class Reporter:
    def __init__(
        self, mode: str = "auto", stream: TextIO | None = None, secrets: Iterable[str] = ()
    ):
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "bar" if getattr(self.stream, "isatty", lambda: False)() else "plain"
        self.mode = mode
        self.secrets = [s for s in secrets if s]
        self.totals: dict[str, int] = {}
        self.done: dict[str, int] = {}
        self._bar = None
        self._last = 0.0
        self._lock = threading.Lock()

    def line(self, text: str) -> None:
        if self.mode == "quiet":
            return
        text = scrub(text, self.secrets)
        if self._bar is not None:
            self._bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def start(self, providers: dict[str, int]) -> None:
        self.totals = dict(providers)
        self.done = dict.fromkeys(providers, 0)
        if self.mode == "bar":
            from tqdm import tqdm

            self._bar = tqdm(total=0, unit="fig", file=self.stream, dynamic_ncols=True, leave=False)
        self._last = time.monotonic()

    def grow(self, provider: str, count: int) -> None:
        self.totals[provider] = self.totals.get(provider, 0) + count
        if self._bar is not None:
            self._bar.total = sum(self.totals.values())
            self._bar.refresh()

    def advance(self, provider: str, status: str) -> None:
        self.done[provider] = self.done.get(provider, 0) + 1
        if self._bar is not None:
            self._bar.update(1)
            self._bar.set_postfix_str(
                " ".join(f"{n} {self.done[n]}/{self.totals.get(n, 0)}" for n in self.done),
                refresh=False,
            )
        elif self.mode == "plain" and time.monotonic() - self._last >= PLAIN_EVERY:
            self._last = time.monotonic()
            parts = ", ".join(f"{n} {self.done[n]}/{self.totals.get(n, 0)}" for n in self.done)
            self.line(f"impact: progress: {parts}")

    def provider_done(self, stats: ProviderStats) -> None:
        text = (
            f"impact: {stats.name} done in {stats.seconds:.1f} s: {stats.fetched} fetched, "
            f"{stats.cached} cached, {stats.not_found} not found, {stats.failed} failed"
        )
        if stats.stopped:
            text += f"; stopped early: {stats.stopped}"
        self.line(text)
        for failure in stats.failures:
            self.line(f"impact:   {stats.name} failed {failure}")
        more = stats.failed - stats.not_asked - len(stats.failures)
        if more > 0:
            self.line(f"impact:   … and {more} more {stats.name} failure(s)")
        if stats.not_asked:
            self.line(
                f"impact:   {stats.not_asked} {stats.name} look-up(s) not made after it stopped; "
                "their figures are unchanged"
            )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def summary_table(result: RunResult) -> str:
    """The closing table: one row per provider, then the totals."""
    header = ("provider", *(count.replace("_", " ") for count in COUNTS), "time")
    rows = [
        (stats.name, *(str(getattr(stats, c)) for c in COUNTS), f"{stats.seconds:.1f} s")
        for stats in result.stats.values()
    ]
    for name in result.skipped:
        rows.append((name, "-", "-", "-", "-", "-", "0", "skipped"))
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)
    ]

    def fmt(row: tuple[str, ...]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )

    lines = [fmt(header), fmt(tuple("-" * w for w in widths))]
    lines += [fmt(r) for r in rows]
    lines.append(
        f"{result.records} record(s) stored; {result.requests} request(s) in {result.seconds:.1f} s"
        + ("; interrupted, partial results saved" if result.interrupted else "")
    )
    return "\n".join(lines)
