"""Which posts a reader may see: drafts, hidden and scheduled posts never leave a preview.

A draft that discusses learners must never reach the public site, whatever tool the
educator learnt front matter from. So the rule lives in one place and acts on the
generators themselves, right after reading and before any plugin builds anything from them:

* :func:`status_from_front_matter` reads the spellings people paste from other tools
  (Hugo and Quarto ``draft: true``, Jekyll ``published: false``, ``hidden: true``) as
  Pelican's ``status``.
* In a publish build (``PUBLISH`` setting; ``make publish`` and the Pages workflow set it)
  :func:`withhold_unpublished` empties the generators' draft and hidden lists, so no
  page, feed, sitemap entry, search record, author/topic page, impact or citation export
  can include them: the plugins never see them.
* In a preview build (``make html``, devserver) drafts, hidden and scheduled posts are
  built so the author can read them, each with ``publication_state`` set; the theme marks
  such pages "Draft" (or "Scheduled", "Hidden") and ``noindex``.

Posts dated in the future are scheduled: Pelican's ``WITH_FUTURE_DATES = False`` makes them
drafts, and the daily Pages build publishes them once their date has come.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import datetime as dt
from pathlib import Path
from typing import Any

from .fields import BOOL, as_bool, declare_field

STATUSES = ("published", "draft", "hidden", "skip")  # Pelican's; "skip" is set by readers

# Lists of a generator that hold content a reader must not get in a publish build.
ARTICLE_WITHHELD = ("drafts", "drafts_translations", "hidden_articles", "hidden_translations")
PAGE_WITHHELD = ("draft_pages", "draft_translations", "hidden_pages", "hidden_translations")

# Other tools' spellings: field -> (value that withholds the post, status it means, tool).
_SPELLINGS = (
    ("draft", True, "draft", "Hugo, Quarto"),
    ("published", False, "draft", "Jekyll"),
    ("hidden", True, "hidden", "Jekyll themes"),
)
_PRIVACY = {"published": 0, "hidden": 1, "draft": 2}  # when spellings disagree, keep it private

declare_field("draft", BOOL, "true keeps the post a draft (Hugo, Quarto spelling of status: draft)")
declare_field("published", BOOL, "false keeps the post a draft (Jekyll spelling of status: draft)")
declare_field("hidden", BOOL, "true withholds the post like status: hidden")


def status_from_front_matter(values: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The ``status`` meant by the front matter, and a note saying how it was read.

    Returns ``(None, None)`` when only ``status`` (or nothing) decides. A value of the
    other spellings that does not withhold the post (``draft: false``) changes nothing.
    """
    status = str(values.get("status") or "").strip().lower() or None
    notes = []
    for field, withholding, meaning, tool in _SPELLINGS:
        if values.get(field) is None or as_bool(values[field]) != withholding:
            continue
        notes.append(f"'{field}: {str(withholding).lower()}' ({tool}) read as 'status: {meaning}'")
        if _PRIVACY.get(meaning, 0) > _PRIVACY.get(status or "published", 0):
            status = meaning
    if not notes:
        return None, None
    return status, "; ".join(notes)


POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")  # what the Markdown reader reads


def post_files(content: str | Path, folders: Iterable[str]) -> list[Path]:
    """The post files of the site as the build finds them (Markdown under ARTICLE_PATHS), for
    the commands that read posts without a build (``make impact``, ``make doi``)."""
    content = Path(content)
    found = {
        path
        for folder in folders
        if (content / folder).is_dir()
        for path in (content / folder).rglob("*")
        if path.suffix.lower() in POST_SUFFIXES and path.is_file()
    }
    return sorted(found)


def withheld(values: Mapping[str, Any]) -> bool:
    """True for a draft or hidden post in any tool's spelling (a reader never sees it)."""
    status = status_from_front_matter(values)[0] or str(values.get("status") or "")
    return status.strip().lower() in {"draft", "hidden"}


def is_publish_build(settings: Mapping[str, Any]) -> bool:
    """A build for readers (``make publish``, CI) rather than a preview."""
    return as_bool(settings.get("PUBLISH", False))


def publication_state(content: Any, now: dt.datetime | None = None) -> str | None:
    """ "draft", "scheduled", "hidden", or None for a published post or page."""
    status = getattr(content, "status", "published")
    if status == "hidden":
        return "hidden"
    if status != "draft":
        return None
    explicit = str(getattr(content, "metadata", {}).get("status", "")).lower() == "draft"
    date = getattr(content, "date", None)
    if not explicit and isinstance(date, dt.datetime) and date.year < dt.MAXYEAR:
        now = now or dt.datetime.now(date.tzinfo or None)
        if date > now:
            return "scheduled"
    return "draft"


def withhold_unpublished(generator: Any) -> None:
    """Mark preview-only content, and drop it from the generator in a publish build.

    Lists are emptied in place: Pelican's context holds the same list objects.
    """
    names = PAGE_WITHHELD if hasattr(generator, "draft_pages") else ARTICLE_WITHHELD
    publish = is_publish_build(generator.settings)
    for name in names:
        items = getattr(generator, name, None) or []
        for item in items:
            item.publication_state = publication_state(item)
        if publish:
            items.clear()
