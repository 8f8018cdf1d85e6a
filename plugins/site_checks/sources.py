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


def lines_writing(sources: list[Source], url: str) -> list[tuple[Source, int]]:
    """(source, line number) of every content line that wrote the URL.

    First the URL as written; failing that (Pelican rewrote ``{static}`` or ``{filename}``
    into a full address), a link on a line that names the same file.
    """
    spellings = link_spellings(url)
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

TRUE = {"true", "yes", "on", "1"}
FALSE = {"false", "no", "off", "0"}


@dataclass(frozen=True)
class Unpublished:
    source: Source
    why: str  # e.g. "status: draft"
    field: str
    line: int


def _flag(value) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in TRUE else False if text in FALSE else None


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
    """(why, field) when the front matter keeps a post from readers, the way the build reads it.

    ``status: draft``/``hidden`` (Pelican), ``draft: true`` (Hugo, Quarto),
    ``published: false`` (Jekyll), and a date in the future (scheduled).
    """
    values = {str(k).lower(): v for k, v in front.values.items()}
    status = str(values.get("status", "")).strip().lower()
    if status in {"draft", "hidden"}:
        return f"status: {status}", "status"
    if _flag(values.get("draft")) is True:
        return "draft: true", "draft"
    if _flag(values.get("published")) is False:
        return "published: false", "published"
    when = _date(values.get("date", ""))
    if when and when > now:
        return f"dated {values['date']} (scheduled)", "date"
    return None


def unpublished(sources: list[Source], now: dt.datetime | None = None) -> list[Unpublished]:
    now = now or dt.datetime.now(dt.UTC)
    found = []
    for source in sources:
        reason = unpublished_reason(source.front, now)
        if reason:
            why, field = reason
            found.append(Unpublished(source, why, field, source.front.lines.get(field, 1)))
    return found
