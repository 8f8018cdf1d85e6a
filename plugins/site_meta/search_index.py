"""Pagefind full-text search, built from the written HTML (binary from the pagefind-bin wheel)."""

from __future__ import annotations

import logging
from pathlib import Path
import subprocess
import sys

logger = logging.getLogger(__name__)


def build_search_index(output_path: Path) -> bool:
    """Index ``output_path`` into ``output_path/pagefind``; False (with a warning) on failure.

    A search index is a convenience: if it cannot be built the site is still published.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(output_path), "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.warning("search index not built: %s", exc)
        return False
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        logger.warning("search index not built (pagefind exit %s): %s", result.returncode, " ".join(detail))
        return False
    return True
