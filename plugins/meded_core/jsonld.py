"""JSON-LD for a page, assembled from what each plugin knows.

A post page carries two schema.org nodes: the ``BlogPosting`` (``content.jsonld``: title,
authors, citations, DOI, publisher) and the ``WebPage`` (``content.webpage_jsonld``) whose
``mainEntity`` is the post. Page-level facts that schema.org defines on WebPage only
(``reviewedBy``, ``lastReviewed``) go on the second, so validators do not flag them on the
post. The BlogPosting comes first on the page: readers such as commonmeta take the first
block of a known type.

Plugins call :func:`contribute_jsonld` / :func:`contribute_webpage_jsonld` with the keys
they own; the theme serialises each node once with :func:`jsonld_script`, which escapes
``<``, ``>`` and ``&`` so that no registry or API text can close the ``<script>`` early.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup


def _merge(content: Any, attribute: str, data: dict[str, Any]) -> dict[str, Any]:
    current = getattr(content, attribute, None)
    if current is None:
        current = {}
        setattr(content, attribute, current)
    current.update({key: value for key, value in data.items() if value not in (None, "", [], {})})
    return current


def contribute_jsonld(content: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Merge ``data`` into the post's node (``content.jsonld``, created on first use)."""
    return _merge(content, "jsonld", data)


def contribute_webpage_jsonld(content: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Merge ``data`` into the page's WebPage node (``content.webpage_jsonld``)."""
    return _merge(content, "webpage_jsonld", data)


def jsonld_script(data: dict[str, Any] | None) -> Markup:
    """Serialise JSON-LD for a ``<script type="application/ld+json">`` body, escaped."""
    if not data:
        return Markup("")
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
