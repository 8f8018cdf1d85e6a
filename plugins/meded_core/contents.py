"""What a Pelican generator holds, and where the site lives: shared by every plugin.

Pelican spreads a generator's posts over several lists (published, hidden, drafts, and the
translations of each); a plugin that forgets one misses content. Pages use other names.
In a publish build the draft and hidden lists are empty (:mod:`.publication` empties them
right after reading), so nothing built from these lists can carry a draft to readers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pelican.generators import Generator

PUBLISHED = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
)
DRAFTS = ("drafts", "drafts_translations", "draft_pages", "draft_translations")


def generator_contents(generator: Any, groups: tuple[str, ...] = PUBLISHED + DRAFTS) -> list:
    """Every post or page in ``groups`` of a generator (lists it does not have are skipped)."""
    items: list = []
    for name in groups:
        items.extend(getattr(generator, name, None) or [])
    return items


def canonical_root(settings: Mapping[str, Any]) -> str:
    """The absolute root URL: SITEURL in production, the local preview host otherwise."""
    return (settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")


class OutputGenerator(Generator):
    """A plugin's own generator, added to every build by connecting ``Cls.add_to_build`` to
    ``signals.get_generators``. Unless it overrides ``generate_context``, it reads nothing
    and writes its pages from what the other generators read."""

    @classmethod
    def add_to_build(cls, pelican) -> type[Generator]:
        return cls

    def generate_context(self) -> None:
        pass
