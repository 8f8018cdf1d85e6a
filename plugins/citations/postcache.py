"""Remember each post's rendered citations across builds, keyed by everything they depend on.

Rendering a post (numbering, reference entries, links, in-text clusters) is redone on every
build because it depends on files other than the post (see ``syntax``). On a warm build
almost nothing has changed, so the result of the last build is reused when the key still
matches. The key covers all the inputs of :func:`render.render_post`: the post's HTML with
its placeholders and its clusters, the source path (problems name it), the style's digest,
this package's code, and for every cited key what it resolves to (the whole CSL item, its
identifier and any message). An edited ``.bib`` entry or references cache item changes the
key of exactly the posts that cite it; nothing stale is served.

The cache also remembers, per download file, a fingerprint of what it was written from, so
unchanged ``.bib``/``.ris``/``.json`` downloads are neither rebuilt nor rewritten; and, per
work, values derived from the item alone (its Highwire ``citation_reference`` and JSON-LD),
keyed by the item's fingerprint.

One pickle file under CACHE_PATH, read once and written only when something changed.
Reference items are not stored: they are re-attached from the current lookups on reuse, so
posts share the same item objects as the references cache (no per-post copies in memory).
"""

from __future__ import annotations

from collections.abc import Callable
import dataclasses
import hashlib
import logging
import os
from pathlib import Path
import pickle
from typing import Any

from .lookup import Resolution

logger = logging.getLogger(__name__)

_PROTOCOL = 5


def _code_version() -> str:
    """Hash of this package's source: a code change must re-render every post."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


def item_fingerprint(item: dict[str, Any]) -> bytes:
    """A digest of the whole item (not only the fields the formatter reads: retraction
    notices and identifiers shown as links come from other fields)."""
    return hashlib.blake2b(pickle.dumps(item, protocol=_PROTOCOL), digest_size=16).digest()


class Fingerprints:
    """Item fingerprints remembered for the build (many posts cite the same item objects)."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[dict[str, Any], bytes]] = {}

    def __call__(self, item: dict[str, Any]) -> bytes:
        known = self._known.get(id(item))
        if known is None or known[0] is not item:
            known = self._known[id(item)] = (item, item_fingerprint(item))
        return known[1]


def post_key(
    *,
    source: str,
    text: str,
    clusters: list[dict[str, Any]],
    style_digest: str,
    lookup: Callable[[str, bool], Resolution | None],
    fingerprint: Fingerprints,
) -> tuple[str, dict[str, dict[str, Any]]]:
    """The key of one post's rendering, and the item each cited key resolves to now."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (CODE_VERSION, source, style_digest, text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    digest.update(pickle.dumps(clusters, protocol=_PROTOCOL))
    items: dict[str, dict[str, Any]] = {}
    for cluster in clusters:
        narrative = bool(cluster.get("narrative"))
        for cited in cluster.get("items", ()):
            key = cited["key"]
            resolution = lookup(key, narrative)
            if resolution is None:
                digest.update(b"\1none")
                continue
            identifier = resolution.identifier.cache_id if resolution.identifier else ""
            digest.update(
                pickle.dumps(
                    (key, identifier, resolution.message, resolution.fix), protocol=_PROTOCOL
                )
            )
            if resolution.item is not None:
                digest.update(fingerprint(resolution.item))
                items.setdefault(key, resolution.item)
            else:
                digest.update(b"\1unresolved")
    return digest.hexdigest(), items


def _stamp(name: str) -> tuple[int, int] | None:
    try:
        info = os.stat(name)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class PostCache:
    """Rendered posts and download fingerprints from the previous build."""

    def __init__(self, path: Path | None):
        self.path = path
        self.posts: dict[str, bytes] = {}
        self.downloads: dict[str, tuple[bytes, int, int]] = {}
        self.works: dict[Any, Any] = {}  # per-work values derived from the item alone
        self._used_posts: set[str] = set()
        self._used_downloads: set[str] = set()
        self._used_works: set[Any] = set()
        self._reused: set[str] = set()  # served from the file and dropped from memory
        self.dirty = False
        self.hits = 0
        if path is not None and path.exists():
            try:
                with open(path, "rb") as handle:
                    data = pickle.load(handle)
                if data.get("version") == CODE_VERSION:
                    self.posts = data["posts"]
                    self.downloads = data["downloads"]
                    self.works = data["works"]
            except Exception:  # an unreadable cache is only a slower build
                logger.debug("citations: ignoring unreadable cache %s", path)
                self.posts, self.downloads, self.works = {}, {}, {}

    # -- rendered posts ----------------------------------------------------------------------
    def get(self, key: str, items: dict[str, dict[str, Any]]):
        """The stored :class:`render.Rendered` with its references' items re-attached."""
        blob = self.posts.pop(key, None)  # not kept twice in memory: the file still has it
        if blob is None:
            return None
        self._reused.add(key)
        try:
            rendered = pickle.loads(blob)
        except Exception:
            self._reused.discard(key)
            return None
        for reference in rendered.references:
            reference.csl = (items.get(reference.key) or {}) if reference.resolved else {}
        self._used_posts.add(key)
        self.hits += 1
        return rendered

    def put(self, key: str, rendered) -> None:
        stored = dataclasses.replace(
            rendered, references=[dataclasses.replace(r, csl={}) for r in rendered.references]
        )
        self.posts[key] = pickle.dumps(stored, protocol=_PROTOCOL)
        self._reused.discard(key)
        self._used_posts.add(key)
        self.dirty = True

    # -- download files ----------------------------------------------------------------------
    def download_current(self, path: Path, fingerprint: bytes) -> bool:
        """True when ``path`` was written from ``fingerprint`` and not touched since: same
        size and modification time as when the last finished build recorded it. A file
        rewritten by a build that was killed before saving this cache (or cleaned or edited
        by hand) no longer matches, so it is written again."""
        name = os.fspath(path)
        self._used_downloads.add(name)
        known = self.downloads.get(name)
        if known is None or known[0] != fingerprint:
            return False
        return _stamp(name) == known[1:]

    def download_written(self, path: Path, fingerprint: bytes) -> None:
        """Record ``path`` as written from ``fingerprint``: call it after the write."""
        name = os.fspath(path)
        self._used_downloads.add(name)
        stamp = _stamp(name)
        entry = (fingerprint, *stamp) if stamp else None
        if self.downloads.get(name) != entry:
            if entry is None:
                self.downloads.pop(name, None)
            else:
                self.downloads[name] = entry
            self.dirty = True

    # -- per-work values ----------------------------------------------------------------------
    def work(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` remembered under ``key`` (which must cover all its inputs, e.g. the
        item's fingerprint); the same object is shared by every post citing the work."""
        self._used_works.add(key)
        value = self.works.get(key)
        if value is None:
            value = self.works[key] = compute()
            self.dirty = True
        return value

    # -- persistence -------------------------------------------------------------------------
    def save(self) -> None:
        """Keep only what this build used; write only when that differs from the file."""
        if self.path is None:
            return
        for store, used in (
            (self.posts, self._used_posts),
            (self.downloads, self._used_downloads),
            (self.works, self._used_works),
        ):
            stale = [k for k in store if k not in used]
            for k in stale:
                del store[k]
            self.dirty = self.dirty or bool(stale)
        if not self.dirty:
            return
        if self._reused:  # read back the entries this build reused
            try:
                with open(self.path, "rb") as handle:
                    old = pickle.load(handle)["posts"]
            except Exception:  # they are rendered again next time
                old = {}
            self.posts.update({k: old[k] for k in self._reused if k in old})
            self._reused.clear()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "wb") as handle:
            pickle.dump(
                {
                    "version": CODE_VERSION,
                    "posts": self.posts,
                    "downloads": self.downloads,
                    "works": self.works,
                },
                handle,
                protocol=_PROTOCOL,
            )
        tmp.replace(self.path)
        self.dirty = False
