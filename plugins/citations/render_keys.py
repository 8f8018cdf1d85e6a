"""The inputs of one post's rendered citations, as a key for the build's memo.

Rendering a post (numbering, reference entries, links, in-text clusters) depends on files
other than the post (see ``syntax``), so Pelican's reader cache cannot keep it. The key
covers all the inputs of :func:`render.render_post`: the post's HTML with its placeholders
and its clusters, the source path (problems name it), the style's digest, this plugin's
code, and for every cited key what it resolves to (the whole CSL item, its identifier and
any message). An edited ``.bib`` entry or references cache item changes the key of exactly
the posts that cite it.

Reference items are not stored with a rendered post: they are attached again from the
current lookups on reuse, so posts share the item objects of the references cache.
"""

from __future__ import annotations

from collections.abc import Callable
import dataclasses
import hashlib
import pickle
from typing import Any

from meded_core import incremental

from .csl import per_item
from .lookup import Resolution

_PROTOCOL = 5


def item_fingerprint(item: dict[str, Any]) -> bytes:
    """A digest of the whole item (not only the fields the formatter reads: retraction
    notices and identifiers shown as links come from other fields)."""
    return hashlib.blake2b(pickle.dumps(item, protocol=_PROTOCOL), digest_size=16).digest()


class Fingerprints:
    """Item fingerprints remembered for the build (many posts cite the same item objects)."""

    def __init__(self) -> None:
        self._known: dict[tuple, tuple[dict[str, Any], bytes]] = {}

    def __call__(self, item: dict[str, Any]) -> bytes:
        return per_item(self._known, item, item_fingerprint)


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
    for part in (incremental.code_of(__file__), source, style_digest, text):
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


def without_items(rendered):
    """``rendered`` as stored: its references without their CSL items."""
    return dataclasses.replace(
        rendered, references=[dataclasses.replace(r, csl={}) for r in rendered.references]
    )


def with_items(rendered, items: dict[str, dict[str, Any]]):
    """A stored rendering with its references' current items attached again."""
    for reference in rendered.references:
        reference.csl = (items.get(reference.key) or {}) if reference.resolved else {}
    return rendered
