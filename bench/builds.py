"""The commands that build the synthetic site: plain Pelican, and ours as a user runs it."""

from __future__ import annotations

import os
from pathlib import Path
import platform
import re
import shutil
import sys

from bench.measure import ROOT

PELICAN = [sys.executable, "-m", "pelican"]
SITEURL = "https://example.org/bench"
PROBLEMS_LINE = re.compile(r"(\d+) content problem\(s\) above")


def baseline_command(content: Path, output: Path) -> list[str]:
    return [*PELICAN, str(content), "-s", "bench/baseline.conf.py", "-o", str(output), "-q"]


def our_command(content: Path, output: Path, cache: Path) -> list[str]:
    return [
        *PELICAN, str(content), "-s", "pelican.conf.py", "-o", str(output),
        "-e", f'CACHE_PATH="{cache}"', f'SITEURL="{SITEURL}"', f'FEED_DOMAIN="{SITEURL}"',
        "RELATIVE_URLS=false",
    ]  # fmt: skip


def our_env(cache: Path) -> dict[str, str]:
    """Plugins keep their caches under CACHE_PATH, which each command sets (so cold is cold).
    Warnings go to the log (content problems are counted there) on lines wide enough to
    keep each message on one line."""
    return {"PYTHONPATH": f"{ROOT / 'plugins'}:{ROOT}", "COLUMNS": "400"}


def problems_reported(log: Path) -> int:
    """The build's closing count of content problems (0 when it reported none)."""
    found = PROBLEMS_LINE.findall(log.read_text(encoding="utf-8", errors="replace"))
    return int(found[-1]) if found else 0


def reset(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
