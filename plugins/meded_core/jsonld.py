"""One JSON-LD object per page, assembled from what each plugin knows.

Plugins call :func:`contribute_jsonld` with the keys they own (authors, citations, review);
the theme serialises the result once with :func:`jsonld_script`, which escapes ``<``, ``>``
and ``&`` so that no registry or API text can close the ``<script>`` element early.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup


def contribute_jsonld(content: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Merge ``data`` into ``content.jsonld`` (created on first use) and return it."""
    current = getattr(content, "jsonld", None)
    if current is None:
        current = {}
        content.jsonld = current
    for key, value in data.items():
        if value in (None, "", [], {}):
            continue
        current[key] = value
    return current


def jsonld_script(data: dict[str, Any] | None) -> Markup:
    """Serialise JSON-LD for a ``<script type="application/ld+json">`` body, escaped."""
    if not data:
        return Markup("")
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
