"""Skip re-rendering pages whose inputs have not changed since the last build.

Why: Pelican renders and writes every page on every build, even when nothing changed, so
a rebuild after a one-line edit costs almost as much as the first build. Our pages are
rich (references, impact panels, checklists), which makes that cost dominant.

How: every page gets a key, the hash of everything that can change its HTML:

* the build fingerprint: plugin and settings code (already in ``CACHE_PATH``), theme
  templates, every file under ``content/`` that is not a post or page source (authors.yml,
  the references cache, bibliographies, per-post .bib files, impact figures), the site URL, today's date
  (review-due notices and stale-figure labels depend on it) and the front matter of every
  post and page (a post's metadata can show up on other pages: reviewer credits, topic
  counts, author lists);
* the page's own inputs: the post or page it shows (its rendered body and metadata), or
  the posts on that page of a list;
* pages that show none of those (indexes, dashboards, plugin pages) depend on the whole
  site: any change to any post re-renders them.

When the key matches the one recorded for that file and the file is still in ``output/``,
the template is not rendered and the file is left as it is (the writer discards the write). Correctness rests
on the key covering every input; anything unknown makes the key change (never the reverse).

Crash safety: a build killed or interrupted half-way has rewritten some files without
saving the index, so the index may still pair an old key with a file that now holds other
content (revert the edit and the old key matches again). The index therefore records, for
each file, the size and modification time it had when the build that rendered it
*finished* (the index is written last, atomically), and a file is reused only while it
still has exactly that size and time. A file touched since, by an interrupted build or by
hand, is rendered again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import os
from pathlib import Path
import stat
from typing import Any

CACHE_FILE = "render-cache.json"
_UNIQUE = itertools.count()
LIST_PAGE_KEYS = ("articles_page", "dates_page")
CONTENT_KEYS = ("article", "page")


def stable(value: Any) -> Any:
    """A JSON-able, deterministic view of ``value`` for hashing (never a memory address)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = [stable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {type(value).__name__: stable(dataclasses.asdict(value))}
    if hasattr(value, "slug") and hasattr(value, "name"):  # Pelican's Author, Tag, Category
        return f"{type(value).__name__}:{value.name}:{value.slug}"
    text = str(value)
    if " at 0x" in text:  # an object without a meaningful str: make the key unique
        return f"{type(value).__name__}:unique:{next(_UNIQUE)}"
    return f"{type(value).__name__}:{text}"


def digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(stable(parts), sort_keys=True).encode()).hexdigest()


def metadata_signature(content: Any) -> str:
    """Hash of a post's or page's front matter (and what plugins added to it), memoised."""
    signature = getattr(content, "_metadata_signature", None)
    if signature is None:
        signature = digest(getattr(content, "source_path", ""), getattr(content, "metadata", {}))
        content._metadata_signature = signature
    return signature


def content_signature(content: Any) -> str:
    """Hash of what a post or page shows about itself; memoised on the object for one build."""
    signature = getattr(content, "_render_signature", None)
    if signature is None:
        signature = digest(
            type(content).__name__, getattr(content, "_content", ""), metadata_signature(content)
        )
        content._render_signature = signature
    return signature


SOURCE_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm"}


def _files_digest(root: Path, skip_suffixes: set[str]) -> str:
    """Hash of every file under ``root`` except post and page sources (hashed per page).

    Files beside posts count: a per-post bibliography (``posts/refs.bib``) changes the page.
    """
    hasher = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_dir() or path.suffix.lower() in skip_suffixes:
            continue
        hasher.update(relative.as_posix().encode())
        hasher.update(hashlib.md5(path.read_bytes(), usedforsecurity=False).digest())
    return hasher.hexdigest()


def build_fingerprint(settings: dict[str, Any], context: dict[str, Any]) -> str:
    """Everything every page depends on (see the module docstring)."""
    content_root = Path(settings["PATH"])
    theme = Path(settings["THEME"]) / "templates"
    today = settings.get("QUALITY_TODAY") or dt.date.today().isoformat()
    everything = [
        *context.get("articles", []),
        *context.get("hidden_articles", []),
        *context.get("pages", []),
        *context.get("hidden_pages", []),
    ]
    front_matter = [
        (getattr(c, "source_path", ""), stable(getattr(c, "metadata", {}))) for c in everything
    ]
    return digest(
        settings.get("CACHE_PATH"),
        settings.get("SITEURL"),
        settings.get("FEED_DOMAIN"),
        settings.get("RELATIVE_URLS"),
        settings.get("PUBLISH"),  # publish builds leave drafts out
        settings.get("LIVE_RELOAD"),  # devserver pages carry the reload script
        today,
        _files_digest(theme, set()) if theme.exists() else "",
        _files_digest(content_root, SOURCE_SUFFIXES) if content_root.exists() else "",
        front_matter,
    )


def site_signature(context: dict[str, Any]) -> str:
    """Hash of every post and page as shown: for pages that may list any of them."""
    everything = [
        *context.get("articles", []),
        *context.get("drafts", []),
        *context.get("pages", []),
    ]
    return digest([content_signature(c) for c in everything])


def file_stamp(path: Path) -> list[int] | None:
    """``[size, mtime_ns]`` of a regular file, or None when it is missing."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns] if stat.S_ISREG(info.st_mode) else None


class RenderCache:
    """Remembers the key each output file was rendered with, across builds."""

    def __init__(self, cache_dir: Path, output: Path):
        self.path = cache_dir / CACHE_FILE
        self.output = output
        try:
            previous = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        # name -> [key, size, mtime_ns]; anything else (an older index) is ignored.
        self.previous: dict[str, list] = {
            name: entry
            for name, entry in (previous.items() if isinstance(previous, dict) else ())
            if isinstance(entry, list) and len(entry) == 3
        }
        self.current: dict[str, str] = {}
        self.fingerprint: str | None = None
        self._site: str | None = None
        self.reused = 0
        self.rendered = 0

    def prepare(self, settings: dict[str, Any], context: dict[str, Any]) -> None:
        if self.fingerprint is None:
            self.fingerprint = build_fingerprint(settings, context)
            self._site = site_signature(context)

    def key(self, name: str, template_name: str, localcontext: dict[str, Any]) -> str:
        own = [
            content_signature(localcontext[k])
            for k in CONTENT_KEYS
            if localcontext.get(k) is not None
        ]
        for k in LIST_PAGE_KEYS:
            page = localcontext.get(k)
            if page is not None:
                own.append(
                    (
                        page.number,
                        page.paginator.num_pages,
                        [content_signature(c) for c in page.object_list],
                    )
                )
        if not own:
            own.append(self._site)
        return digest(self.fingerprint, name, template_name, localcontext.get("SITEURL"), own)

    def is_fresh(self, name: str, key: str) -> bool:
        """True when ``output/name`` was rendered with ``key`` and not touched since."""
        self.current[name] = key
        known = self.previous.get(name)
        return known is not None and known[0] == key and file_stamp(self.output / name) == known[1:]

    def save(self) -> None:
        """Record every file this build rendered or reused, as it is now on disk.

        Called once every file is written; a build that never gets here leaves the previous
        index, whose stamps no longer match the files the build did rewrite.
        """
        merged = dict(self.previous)
        for name, key in self.current.items():
            stamp = file_stamp(self.output / name)
            if stamp is None:
                merged.pop(name, None)
            else:
                merged[name] = [key, *stamp]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(merged, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)


class CachedTemplate:
    """Wraps a Jinja template: skips rendering when the page's inputs are unchanged.

    ``on_reuse(name)`` tells the writer to leave that file alone; ``render`` then returns
    an empty string that the writer discards.
    """

    def __init__(self, template: Any, cache: RenderCache, on_reuse):
        self._template = template
        self._cache = cache
        self._on_reuse = on_reuse

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)

    def render(self, localcontext: dict[str, Any]) -> str:
        name = localcontext.get("output_file")
        if not name:
            return self._template.render(localcontext)
        if self._cache.is_fresh(name, self._cache.key(name, self._template.name, localcontext)):
            self._cache.reused += 1
            self._on_reuse(name)
            return ""
        self._cache.rendered += 1
        return self._template.render(localcontext)
