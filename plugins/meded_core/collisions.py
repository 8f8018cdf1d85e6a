"""Two posts that would write the same page: a content problem naming both files.

Pelican stops the whole build with a ``FileOverwriteFailedError`` traceback when two posts
share a slug (often a copied file whose front matter was not changed). Checked right after
reading instead: the first file (in path order) keeps the address, the other is left out
of the build and reported with both file names, and the rest of the site is built.
"""

from __future__ import annotations

import logging
from typing import Any

from .problems import Problem, display_path, report

ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def _claims_of_articles(context: dict[str, Any]) -> dict[str, Any]:
    """Pages already claimed by posts (the article generator runs before the page one)."""
    claims: dict[str, Any] = {}
    for name in ("articles", "hidden_articles", "drafts"):
        for item in context.get(name) or []:
            claims.setdefault(_target(item), item)
    return claims


def _target(item: Any) -> str:
    return str(getattr(item, "save_as", "") or "").lstrip("/")


def drop_colliding_outputs(generator: Any) -> None:
    """Leave out (and report) every post or page whose output another one already has."""
    is_pages = hasattr(generator, "draft_pages")
    claims = _claims_of_articles(generator.context) if is_pages else {}
    names = PAGE_LISTS if is_pages else ARTICLE_LISTS
    lists = [items for name in names if (items := getattr(generator, name, None))]
    everything = sorted(
        (item for items in lists for item in items), key=lambda i: getattr(i, "source_path", "")
    )
    dropped: list[Any] = []
    for item in everything:
        target = _target(item)
        if not target:
            continue
        first = claims.setdefault(target, item)
        if first is item:
            continue
        dropped.append(item)
        kind = "page" if is_pages else "post"
        report(
            Problem(
                getattr(item, "source_path", ""),
                f"this {kind} would be written to {target}, which "
                f"{display_path(getattr(first, 'source_path', ''))} already uses; it was left out",
                "give one of them its own 'slug:' or rename the file",
                line=(getattr(item, "metadata", {}).get("front_matter_lines") or {}).get("slug"),
                field="slug",
            )
        )
    left_out = {id(item) for item in dropped}
    for items in lists:
        items[:] = [item for item in items if id(item) not in left_out]


class _SameSlugNotice(logging.Filter):
    """Drop Pelican's "There are 2 items with slug …" lines.

    Pelican prints them (with absolute paths, twice) for posts that share a slug; when they
    would share a page, :func:`drop_colliding_outputs` reports that once with both files,
    and when they do not (other years), both are built and nothing is wrong.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(("There are %s items", "There are %s original"))


def quiet_same_slug_notices() -> None:
    """Install the filter on Pelican's translation-matching logger (once)."""
    target = logging.getLogger("pelican.utils")
    if not any(isinstance(f, _SameSlugNotice) for f in target.filters):
        target.addFilter(_SameSlugNotice())
