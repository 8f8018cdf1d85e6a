"""One ``make impact`` at a time: two runs side by side would each save their own view of
the figures, and the later save would silently drop the other run's answers.

The lock is an ``flock`` on a file in the HTTP cache folder (never committed, shared by
every run of the same project). The kernel releases it when the process ends, however it
ends, so a killed run never leaves a stale lock behind; the file only says who holds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
import datetime as dt
import fcntl
import json
import os
from pathlib import Path

LOCK_FILE = "make-impact.lock"


class RunLocked(Exception):
    """Another run holds the lock; the message says which (pid, start time)."""


@contextmanager
def run_lock(cache_dir: Path, data_path: Path) -> Iterator[None]:
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunLocked(_holder(path, data_path)) from None
        holder = {
            "pid": os.getpid(),
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "data": str(data_path),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(path: Path, data_path: Path) -> str:
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        holder = {}
    who = (
        f"pid {holder.get('pid')}, started {holder.get('started')} UTC"
        if holder.get("pid")
        else "a process that has not said who it is yet"
    )
    return (
        f"another `make impact` is already updating {data_path} ({who}); nothing was "
        "changed. Wait for it to finish (or stop it) and run again."
    )
