"""The committed references cache: ``content/data/references.json``.

One CSL-JSON list, sorted by id (``doi:10.1136/bmj.g7016``, ``pmid:26275428``,
``pmcid:PMC5815332``, ``isbn:9780190246556``, ``url:https://…``), two-space indented and
key-sorted, so that a resolution shows up in review as a readable diff. Builds read it and
never need the network for anything in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import json
import os
from pathlib import Path
import tempfile
from typing import Any

from meded_core import Problem
from meded_core.safe_load import load_json

from .csl import normalize_item


@dataclass
class ReferenceCache:
    path: Path
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    problem: Problem | None = None
    dirty: bool = False

    def get(self, cache_id: str) -> dict[str, Any] | None:
        return self.items.get(cache_id)

    def put(self, cache_id: str, item: dict[str, Any]) -> None:
        item = normalize_item({**item, "id": cache_id})
        if self.items.get(cache_id) != item:
            self.items[cache_id] = item
            self.dirty = True

    def save(self) -> None:
        """Write atomically (a half-written cache would break every later build)."""
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = dumps(list(self.items.values()))
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".references-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, self.path)
        self.dirty = False


def dumps(items: list[dict[str, Any]]) -> str:
    """One field per line, one author per line: a changed page range or a corrected name
    is a one-line diff."""
    ordered = sorted(items, key=lambda item: str(item.get("id", "")))
    blocks = []
    for item in ordered:
        lines = []
        for key in sorted(item):
            value = item[key]
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                inner = ",\n".join(f"      {_compact(v)}" for v in value)
                lines.append(f"    {json.dumps(key)}: [\n{inner}\n    ]")
            else:
                lines.append(f"    {json.dumps(key)}: {_compact(value)}")
        blocks.append("  {\n" + ",\n".join(lines) + "\n  }")
    return "[\n" + ",\n".join(blocks) + "\n]\n" if blocks else "[]\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def load(path: Path) -> ReferenceCache:
    cache = ReferenceCache(path)
    if not path.exists():
        return cache
    try:
        data = load_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        cache.problem = Problem(
            str(path), f"cannot read the references cache: {exc}", "restore it with git checkout"
        )
        return cache
    except json.JSONDecodeError as exc:
        cache.problem = Problem(
            str(path),
            f"the references cache is not valid JSON: {exc.msg}",
            "fix the line (a merge conflict?) or restore it with git checkout, then run make refs",
            line=exc.lineno,
        )
        return cache
    if not isinstance(data, list):
        cache.problem = Problem(
            str(path),
            "the references cache must be a JSON list of CSL items",
            "restore it with git checkout",
            line=1,
        )
        return cache
    for item in data:
        if isinstance(item, dict) and item.get("id"):
            cache.items[str(item["id"])] = item
    return cache
