"""Post DOIs found after publication, kept in committed data (``content/data/dois.json``).

A post that was published without a DOI and then archived by Rogue Scholar has a DOI that
lives in Rogue Scholar, not in the post. ``make impact`` looks it up and records it here;
every build reads it, so the DOI appears on the post, in ``citation_doi``, JSON-LD, Cite
this post and the post's impact figures without anyone editing the post. A post's own
``doi:`` always wins: a post never gets a second DOI.

Format: a JSON object keyed by the post's source path relative to the content folder::

    {"posts/appraising-foam.md": {"doi": "10.59350/abcde-fgh12",
                                  "url": "https://…/posts/2024/appraising-foam/",
                                  "source": "rogue-scholar", "found": "2026-12-01"}}
"""

from __future__ import annotations

from dataclasses import dataclass
import json
import os
from pathlib import Path
from typing import Any

from .identifiers import normalize_doi
from .problems import Problem
from .safe_load import load_json
from .settings import SETTINGS


@dataclass(frozen=True)
class StoredDoi:
    doi: str
    url: str = ""
    source: str = ""
    found: str = ""

    def as_json(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


def dois_path(settings: dict[str, Any]) -> Path:
    return Path(settings.get("PATH") or "content") / SETTINGS.values(settings)["POST_DOIS_PATH"]


def read_post_dois(path: Path) -> tuple[dict[str, StoredDoi], list[Problem]]:
    """The stored DOIs by source path; a broken file is a Problem (and no DOIs), never a crash."""
    if not path.is_file():
        return {}, []
    try:
        data = load_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return {}, [
            Problem(
                str(path),
                f"the post DOI file cannot be read ({exc}); stored post DOIs are not used",
                "restore it with git checkout, or run make impact to write it again",
                line=getattr(exc, "lineno", None),
            )
        ]
    if not isinstance(data, dict):
        return {}, [
            Problem(
                str(path),
                "the post DOI file must be a JSON object keyed by post file",
                "restore it with git checkout",
                line=1,
            )
        ]
    found: dict[str, StoredDoi] = {}
    problems = []
    for key, entry in data.items():
        doi = normalize_doi(entry.get("doi")) if isinstance(entry, dict) else None
        if not doi:
            problems.append(
                Problem(
                    str(path),
                    f"{key}: no valid 'doi' in this entry; it is not used",
                    "give the entry a DOI such as 10.59350/abcde-fgh12, or remove it",
                )
            )
            continue
        found[str(key)] = StoredDoi(
            doi, *(str(entry.get(k) or "") for k in ("url", "source", "found"))
        )
    return found, problems


_cache: dict[str, tuple[bytes, dict[str, StoredDoi], list[Problem]]] = {}


def post_dois_for(settings: dict[str, Any]) -> tuple[dict[str, StoredDoi], list[Problem]]:
    """The site's stored post DOIs, read again only when the file changes."""
    path = dois_path(settings)
    try:
        raw = path.read_bytes()
    except OSError:
        return {}, []
    key = str(path.resolve())
    cached = _cache.get(key)
    if cached is None or cached[0] != raw:
        found, problems = read_post_dois(path)
        cached = _cache[key] = (raw, found, problems)
    return cached[1], cached[2]


def write_post_dois(path: Path, dois: dict[str, StoredDoi]) -> None:
    """Write sorted, one entry per line block, atomically (a crash leaves the old file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({k: dois[k].as_json() for k in sorted(dois)}, indent=2, ensure_ascii=False)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, path)
