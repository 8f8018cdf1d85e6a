"""Signal wiring: the cross-reference extension joins the site's Markdown settings.

Numbers, captions and links depend on the post's own text only, so they are made in the
reader (and cached with it); mistakes travel with the cached output as content problems.
"""

from __future__ import annotations

from pelican import signals

from .crossrefs import CrossRefExtension


def _initialized(pelican) -> None:
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(e, CrossRefExtension) for e in extensions):
        extensions.append(CrossRefExtension())


def register() -> None:
    signals.initialized.connect(_initialized)
