"""One measured command: wall time and peak memory, for every part of ``make bench``."""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path
import subprocess
import time

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    seconds: float
    peak_rss_mib: float
    returncode: int


def measure(command: list[str], env: dict | None = None, log: Path | None = None) -> Run:
    """Wall time and peak RSS of one command (and the children it waited for)."""
    start = time.perf_counter()
    with open(log or os.devnull, "w") as sink:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds=seconds, peak_rss_mib=usage.ru_maxrss / 1024, returncode=process.returncode)
