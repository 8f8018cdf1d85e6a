"""Every feed the site writes parses, read as feed readers read them.

Atom and RSS through feedparser (what most readers and planets use), JSON Feed through
jsonfeed-util; a file under ``feeds/`` that neither accepts is reported with its path.
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import jsonfeed

FEED_PATTERNS = ("*.atom.xml", "*.rss.xml", "feeds/**/*.xml", "feeds/**/*.json", "*.json")


def feed_files(output: Path) -> list[Path]:
    found = set()
    for pattern in FEED_PATTERNS:
        for path in output.glob(pattern):
            if path.is_file() and _looks_like_a_feed(path):
                found.add(path)
    return sorted(found)


def _looks_like_a_feed(path: Path) -> bool:
    if path.suffix == ".xml":
        return True
    return "https://jsonfeed.org/version/" in path.read_text(encoding="utf-8", errors="ignore")


def broken_feeds(output: Path) -> tuple[list[tuple[str, str]], int]:
    """(output path, what is wrong) per feed that does not parse, and how many were read."""
    broken = []
    files = feed_files(output)
    for path in files:
        relative = path.relative_to(output).as_posix()
        if path.suffix == ".json":
            problem = _json_feed_problem(path.read_text(encoding="utf-8", errors="replace"))
            if problem:
                broken.append((relative, problem))
            continue
        parsed = feedparser.parse(path.read_bytes())
        if parsed.bozo:
            broken.append((relative, f"the feed does not parse: {parsed.bozo_exception}"))
        elif not parsed.version:
            broken.append((relative, "feed readers do not recognise this file as a feed"))
    return broken, len(files)


def _json_feed_problem(text: str) -> str | None:
    try:
        jsonfeed.Feed.parse_string(text)
    except json.JSONDecodeError as error:
        return f"the JSON Feed is not valid JSON: {error}"
    except jsonfeed.ParseError as error:
        return f"the JSON Feed is incomplete: {' '.join(map(str, error.args))} is missing"
    return None
