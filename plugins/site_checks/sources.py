"""The content files a site was built from: which line wrote a link, which posts are unpublished.

Pelican copies a link from Markdown into the page as written when it cannot resolve it
(``{filename}missing.md``, ``images/x.png`` without ``{static}``), so the line that wrote a
broken link is found by looking for its text in the sources. Front matter is read with the
site's own front-matter parser, so YAML and ``Key: value`` headers both count.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
from pathlib import Path
from urllib.parse import unquote

from frontmatter.parsing import FrontMatter, split_front_matter
from meded_core.fields import as_bool
from meded_core.publication import status_from_front_matter

SOURCE_SUFFIXES = {".md", ".markdown", ".mdown", ".html", ".htm"}
# folders copied as they are (STATIC_PATHS): a Markdown file there is not a post
STATIC_FOLDERS = {"images", "files", "extra", "data", "bibliography"}


@dataclass(frozen=True)
class Source:
    path: Path
    lines: list[str]
    front: FrontMatter


def read_sources(content: Path) -> list[Source]:
    sources = []
    for path in sorted(content.rglob("*")):
        relative = path.relative_to(content).parts
        if path.suffix.lower() not in SOURCE_SUFFIXES or not path.is_file():
            continue
        if relative[0] in STATIC_FOLDERS:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        sources.append(Source(path, text.splitlines(), split_front_matter(text)))
    return sources


def link_spellings(url: str) -> list[str]:
    """How a URL found in a page may have been written in Markdown."""
    spellings = [url, unquote(url)]
    bare = url.split("#", 1)[0].split("?", 1)[0]
    spellings += [bare, unquote(bare)]
    if url.startswith("./"):
        spellings.append(url[2:])
    return [s for s in dict.fromkeys(spellings) if s]


LINK_SYNTAX = ("](", "{static}", "{attach}", "{filename}", "src=", "href=")


def lines_writing(sources: list[Source], url: str, site_path: str = "") -> list[tuple[Source, int]]:
    """(source, line number) of every content line that wrote the URL.

    First the URL as written, or as a root-relative link (``](/posts/)``) that the build
    rewrote under the site's address; failing that (Pelican rewrote ``{static}`` or
    ``{filename}`` into a full address), a link on a line that names the same file.
    """
    spellings = link_spellings(url)
    if site_path.startswith("/"):
        spellings += [f"]({site_path})", f'="{site_path}"']
    found = [
        (source, number)
        for source in sources
        for number, line in enumerate(source.lines, start=1)
        if any(s in line for s in spellings)
    ]
    name = unquote(url.split("#", 1)[0].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1])
    if found or "." not in name or len(name) < 5:
        return found
    return [
        (source, number)
        for source in sources
        for number, line in enumerate(source.lines, start=1)
        if name in line and any(mark in line for mark in LINK_SYNTAX)
    ]


# --- unpublished posts ------------------------------------------------------------------------

# the field that withholds a post, in the order a reader of the front matter looks for it
WITHHOLDING = (
    ("status", lambda v: str(v).strip().lower() in {"draft", "hidden"}),
    ("draft", lambda v: as_bool(v) is True),
    ("published", lambda v: as_bool(v) is False),
    ("hidden", lambda v: as_bool(v) is True),
)


@dataclass(frozen=True)
class Unpublished:
    source: Source
    why: str  # e.g. "status: draft"
    field: str
    line: int


def _date(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip().replace(" ", "T", 1))
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def unpublished_reason(front: FrontMatter, now: dt.datetime) -> tuple[str, str] | None:
    """(why, field) when the front matter keeps a post from readers, read by the build's rule.

    ``status: draft``/``hidden`` and the other tools' spellings (``draft: true``,
    ``published: false``, ``hidden: true``) as :mod:`meded_core.publication` reads them,
    and a date in the future (scheduled).
    """
    values = {str(k).lower(): v for k, v in front.values.items()}
    status, _note = status_from_front_matter(values)
    status = status or str(values.get("status") or "").strip().lower()
    if status in {"draft", "hidden"}:
        for field, withholds in WITHHOLDING:
            if values.get(field) is not None and withholds(values[field]):
                return f"{field}: {_shown(values[field])}", field
        return f"status: {status}", "status"
    when = _date(values.get("date", ""))
    if when and when > now:
        return f"dated {values['date']} (scheduled)", "date"
    return None


def _shown(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value).strip().lower()


def unpublished(sources: list[Source], now: dt.datetime | None = None) -> list[Unpublished]:
    now = now or dt.datetime.now(dt.UTC)
    found = []
    for source in sources:
        reason = unpublished_reason(source.front, now)
        if reason:
            why, field = reason
            found.append(Unpublished(source, why, field, source.front.lines.get(field, 1)))
    return found
