"""Pelican's reader cache survives a full disk or a killed build.

Why: Pelican writes its cache of parsed posts in place, so a full disk (or a kill while
writing) leaves it truncated; its loader catches only some errors, and every later build
then stops with ``EOFError`` until the user finds and deletes ``.cache`` by hand. Here the
cache is written to a temporary file and moved into place (a reader sees the old cache or
the new one, never half of one), and a cache file that cannot be read anyway is discarded
with one notice and rebuilt by that build. Its file name carries the hash of the plugin
code and settings (``meded_core.incremental``): Pelican compares only each post's own
checksum, so a code or settings change would otherwise be served the old parse.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle

from meded_core import incremental
from pelican import cache

logger = logging.getLogger(__name__)

_original_init = cache.FileDataCacher.__init__


def _discard(cacher, why: str) -> None:
    logger.warning(
        "the build cache %s could not be read (%s); it was discarded and is being rebuilt",
        cacher._cache_path,
        why,
    )
    with contextlib.suppress(OSError):
        os.remove(cacher._cache_path)
    cacher._cache = {}


def _init(self, settings, cache_name, caching_policy, load_policy):
    if cache_name:
        cache_name = incremental.reader_cache_name(settings, cache_name)
    try:
        _original_init(self, settings, cache_name, caching_policy, load_policy)
    except Exception as exc:  # EOFError, ValueError, ImportError...: a damaged file
        _discard(self, exc.__class__.__name__)
        return
    if not isinstance(self._cache, dict):
        _discard(self, "not a cache")


def _save(self) -> None:
    if not self._cache_data_policy:
        return
    path = self._cache_path
    temporary = f"{path}.tmp"
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with self._cache_open(temporary, "wb") as handle:
            pickle.dump(self._cache, handle)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError) as exc:
        logger.warning("could not save the build cache %s (%s)", path, exc)
        with contextlib.suppress(OSError):
            os.remove(temporary)


def install() -> None:
    """Use the safe load and save for every Pelican file cache (idempotent)."""
    cache.FileDataCacher.__init__ = _init
    cache.FileDataCacher.save_cache = _save
