"""Child processes that end with their parent, so a stopped devserver leaves none behind."""

from __future__ import annotations

import contextlib
import ctypes
import signal
import sys

PR_SET_PDEATHSIG = 1

# Looked up once, here: a forked child (``preexec_fn``) must not load libraries.
_prctl = None
if sys.platform.startswith("linux"):
    with contextlib.suppress(OSError, AttributeError):
        _prctl = ctypes.CDLL(None, use_errno=True).prctl


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Ask Linux to send ``sig`` to this process when its parent exits; elsewhere a no-op.

    Also usable as ``preexec_fn`` of a subprocess (the request survives the ``exec``).
    """
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, int(sig))
