"""One build at a time finishes an output folder; the lock says who holds it.

``make html`` run while ``make devserver`` rebuilds used to collide on the search index's
temporary folder (builds failed or hung). Temporary folders are now per build and outside
``output/``; what remains shared is the last step of a build (swapping in the new search
index, pruning stale files, writing the sitemap), which runs under this lock. The lock is
an OS file lock (``flock``): it is released when the holder exits, even after ``kill -9``,
so a crash never leaves a stale lock. A build that has to wait says for whom.
"""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
import fcntl
import hashlib
import logging
import os
from pathlib import Path
import sys
import tempfile
import time

logger = logging.getLogger(__name__)


def lock_path(output: Path) -> Path:
    """The lock file of an output folder (in the system's temporary folder, never published)."""
    key = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"meded-output-{key}.lock"


def _holder(handle) -> str:
    handle.seek(0)
    return handle.read().strip() or "another build"


class OutputLockTimeout(RuntimeError):
    """The lock was not free in time (the message names the holder)."""


@contextlib.contextmanager
def output_lock(output: Path, timeout: float = 300.0, poll: float = 0.1) -> Iterator[None]:
    """Hold the output folder's lock for the ``with`` block; wait at most ``timeout`` s."""
    path = lock_path(output)
    with open(path, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    logger.warning("waiting for %s to finish with %s", _holder(handle), output)
                    told = True
                if time.monotonic() > deadline:
                    raise OutputLockTimeout(
                        f"{output} is still locked by {_holder(handle)} after {timeout:.0f} s "
                        f"(lock file {path})"
                    ) from None
                time.sleep(poll)
        try:
            handle.seek(0)
            handle.truncate()
            command = " ".join(os.path.basename(a) for a in sys.argv[:3])
            handle.write(f"process {os.getpid()} ({command}) since {time.strftime('%H:%M:%S')}\n")
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
