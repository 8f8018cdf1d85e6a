"""Publishing stays inside the project: read from ``content/``, write under ``output/``.

Why: a post's ``save_as: ../../x.html``, a ``slug`` with ``../``, a ``bibliography:`` path
such as ``/etc/passwd`` or a symlink in ``content/`` pointing at another folder would
otherwise make a build read files from, or write files to, anywhere the user can. These
helpers answer "is this path inside that folder" after resolving ``..`` and symlinks, and
"is this a safe relative output path", so plugins can refuse with a content problem.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
import re

_DRIVE = re.compile(r"^[A-Za-z]:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # https:, javascript:, data:


def inside(root: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """True when ``path`` (relative paths taken from ``root``) resolves, symlinks and
    ``..`` followed, to ``root`` or somewhere under it.

    Compared as resolved strings: builds ask this for every file they read or write, and
    building ``Path`` objects and their parents cost more than resolving."""
    base = os.path.realpath(root)
    target = os.path.realpath(os.path.join(base, path))
    return target == base or target.startswith(base.rstrip(os.sep) + os.sep)


def output_path_problem(value: object) -> str | None:
    """Why ``value`` is not a safe relative path inside the output folder, or None."""
    text = str(value)
    if not text.strip():
        return None
    if "\0" in text or "\\" in text:
        return "contains a backslash or a NUL character"
    if text.startswith("/") or _DRIVE.match(text) or _SCHEME.match(text):
        return "must be a path relative to the site (no leading '/', drive or scheme)"
    if ".." in PurePosixPath(text).parts:
        return "must not contain '..' (it would leave the site's folder)"
    return None


def symlinks_under(root: str | os.PathLike[str]) -> list[Path]:
    """Every symlink under ``root`` (not followed), sorted: files and folders."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in (*dirnames, *filenames):
            path = Path(dirpath) / name
            if path.is_symlink():
                found.append(path)
    return sorted(found)
