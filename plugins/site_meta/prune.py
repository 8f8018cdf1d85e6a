"""Remove from ``output/`` every file this build did not write: deleted posts disappear.

Pelican only ever adds files, and ``make html`` keeps ``output/`` between builds so warm
builds are fast; a removed post, author or page would stay online. At the end of a build
a file is kept when this build wrote it (its time is after the build's start marker), when
the writer wrote or reused it (:mod:`meded_core.incremental` leaves unchanged pages), when it is a
static or theme file Pelican copied (copies keep the source's time), when a plugin claimed
it (:mod:`meded_core.build_outputs`), or when it belongs to the search index (replaced as a
whole). Everything else, and folders left empty, is removed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

MARKER = "build-started"


def mark_start(cache_dir: Path) -> int:
    """Touch a marker in the cache; its time (the file system's clock) starts the build."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    marker = cache_dir / MARKER
    marker.touch()
    return marker.stat().st_mtime_ns


def static_outputs(generators: list[Any], settings: dict[str, Any]) -> set[str]:
    """Output paths of static files and theme files (copied, so with their old times)."""
    output = Path(settings["OUTPUT_PATH"])
    kept = {
        str((output / sf.save_as).resolve())
        for generator in generators
        for sf in getattr(generator, "staticfiles", []) or []
        if getattr(sf, "save_as", None)
    }
    theme = Path(settings["THEME"])
    target = output / settings.get("THEME_STATIC_DIR", "theme")
    for relative in settings.get("THEME_STATIC_PATHS", ["static"]):
        source = theme / relative
        for path in source.rglob("*") if source.is_dir() else []:
            if path.is_file():
                kept.add(str((target / path.relative_to(source)).resolve()))
    return kept


def prune(output: Path, started_ns: int, kept: set[str], keep_folders: tuple[str, ...]) -> int:
    """Delete stale files under ``output`` (never following links out of it); return how many."""
    removed = 0
    root = output.resolve()
    for folder, _dirs, files in os.walk(root, topdown=False):
        relative = Path(folder).relative_to(root)
        if relative.parts and relative.parts[0] in keep_folders:
            continue
        for name in files:
            path = Path(folder) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if info.st_mtime_ns >= started_ns or str(path) in kept:
                continue
            path.unlink()
            removed += 1
            logger.info("removed %s (no longer part of the site)", path.relative_to(root))
        if relative.parts and not any(Path(folder).iterdir()):
            Path(folder).rmdir()
    return removed
