"""Signal wiring: add the callout syntax, credit commentators, list commentaries per person.

- ``initialized``: the Markdown extension joins the site's Markdown settings.
- ``content_object_init``: each commentary box gets its person's linked name and degrees
  from the authors plugin's registry (every build, so editing ``authors.yml`` is enough).
- ``article_generator_finalized``: ``commentaries_by_author`` (registry slug -> posts) for
  the "Commentaries" list on author pages.
"""

from __future__ import annotations

from typing import Any

from meded_core import report
from pelican import signals

from .attribution import Commentator, fill_commentators
from .syntax import METADATA_KEY, CalloutExtension


def _initialized(pelican) -> None:
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(e, CalloutExtension) for e in extensions):
        extensions.append(CalloutExtension())


class _People:
    """The authors plugin's registry, or nobody when that plugin is not installed."""

    def __init__(self, settings: dict[str, Any]):
        try:
            from authors.registry import registry_for  # optional plugin: degrade without it
        except ImportError:
            self.registry = None
        else:
            self.registry = registry_for(settings)

    def find(self, text: str) -> Commentator | None:
        author = self.registry.get(text) if self.registry is not None else None
        return Commentator(author.slug, author.display_name) if author else None

    def suggest(self, text: str) -> str:
        if self.registry is None:
            return ""
        return self.registry.describe(self.registry.suggest(text))


def _credit(content) -> None:
    if content.__class__.__name__ not in {"Article", "Page"}:
        return
    records = content.metadata.get(METADATA_KEY) or []
    content.commentators = []
    if not records or not content._content:
        return
    html, credited, problems = fill_commentators(
        content._content,
        records,
        (people := _People(content.settings)).find,
        people.suggest,
        getattr(content, "source_path", "") or "",
    )
    report(*problems)
    content._content = html
    content.commentators = credited


def _by_author(generator) -> None:
    """Registry slug -> the posts with that person's commentary, newest first."""
    index: dict[str, list] = {}
    for post in generator.context.get("articles", []):
        for person in getattr(post, "commentators", None) or []:
            index.setdefault(person.slug, []).append(post)
    generator.context["commentaries_by_author"] = index


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.content_object_init.connect(_credit)
    signals.article_generator_finalized.connect(_by_author)
