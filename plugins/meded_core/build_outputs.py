"""The files this build stands behind, so that everything else in ``output/`` can go.

A build that leaves a deleted post's page, feed entry or download in ``output/`` keeps
publishing it. Files a build rewrites are recognised by their time; a plugin that keeps
an unchanged file instead of rewriting it (to make rebuilds fast) claims it here, so the
pruning at the end of the build (``site_meta``) keeps it.
"""

from __future__ import annotations

import os

_claimed: set[str] = set()


def claim(path: str | os.PathLike) -> None:
    """Say that ``path`` (in the output folder) belongs to this build's site."""
    _claimed.add(os.path.abspath(path))


def claimed() -> frozenset[str]:
    return frozenset(_claimed)


def reset() -> None:
    _claimed.clear()
