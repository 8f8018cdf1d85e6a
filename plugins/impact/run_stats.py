"""What a ``make impact`` run did, per provider and in total: the fetcher counts, the
progress display and the command's summary read it."""

from __future__ import annotations

from dataclasses import dataclass, field

# the counts of a provider that the summary table and the JSON summary show, in order
COUNTS = ("requested", "fetched", "cached", "not_found", "failed", "requests")


@dataclass
class ProviderStats:
    name: str
    requested: int = 0
    fetched: int = 0
    cached: int = 0
    not_found: int = 0
    failed: int = 0
    requests: int = 0  # HTTP requests that went over the network
    seconds: float = 0.0
    stopped: str = ""
    unreachable: bool = False  # no connection could be made (offline)
    not_asked: int = 0  # failed because the provider had stopped (or the run ran out of time)
    failures: list[str] = field(default_factory=list)


@dataclass
class RunResult:
    stats: dict[str, ProviderStats]
    skipped: dict[str, str]
    records: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    changed: int = 0  # answers applied (found or not found); 0: the files were not touched
    out_of_time: bool = False  # the run's time limit ended it

    @property
    def unreachable(self) -> bool:
        """Every provider that had something to ask could not be reached: offline."""
        asked = [s for s in self.stats.values() if s.requested > s.cached]
        return bool(asked) and all(s.unreachable for s in asked) and not self.changed

    @property
    def failed(self) -> int:
        return sum(s.failed for s in self.stats.values())

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.stats.values())
