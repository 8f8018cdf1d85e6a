"""Is an unpublished post's text anywhere in the built site?

A draft about learners that reaches a feed, the search index or a citation download is a
privacy incident, wherever it lands. So every output file is searched (gzip-compressed
search fragments unpacked, HTML and XML entities undone, case and punctuation ignored)
for a run of words from the post's body and for its title.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import gzip
import html
from pathlib import Path
import re

from .sources import Unpublished

WORD = re.compile(r"[^\W_]+")
# a run of plain words, separated by single spaces only, is written the same in every output
PLAIN_RUN = re.compile(r"(?:[^\W_]+ ){7,}[^\W_]+")
BINARY_SUFFIXES = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".woff", ".woff2",
    ".ttf", ".otf", ".pdf", ".mp3", ".mp4", ".m4a", ".ogg", ".webm", ".wasm", ".zip",
}  # fmt: skip
MIN_TITLE_WORDS = 4
RUN_WORDS = 8


def normalize(text: str) -> str:
    """Lower-case words joined by single spaces; entities undone twice (HTML inside XML)."""
    text = html.unescape(html.unescape(text))
    return " ".join(WORD.findall(text.lower()))


@dataclass(frozen=True)
class Leak:
    post: Unpublished
    files: tuple[str, ...]  # output paths that contain the post's text


def fingerprints(post: Unpublished) -> list[str]:
    """Normalized snippets that only this post's own text would contain."""
    found = []
    body = post.source.lines[post.source.front.body_line - 1 :]
    for line in body:
        match = PLAIN_RUN.search(line)
        if match:  # the first words survive summaries cut short in lists and feeds
            found.append(" ".join(normalize(match.group(0)).split()[:RUN_WORDS]))
            break
    title = normalize(str(post.source.front.values.get("title", "")))
    if len(title.split()) >= MIN_TITLE_WORDS:
        found.append(title)
    return found


def output_texts(output: Path) -> Iterable[tuple[str, str]]:
    """(output path, normalized text) of every file a reader can download."""
    for path in sorted(output.rglob("*")):
        if not path.is_file() or path.suffix.lower() in BINARY_SUFFIXES:
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                continue
        yield path.relative_to(output).as_posix(), normalize(data.decode("utf-8", "ignore"))


def leaks(output: Path, posts: list[Unpublished]) -> list[Leak]:
    """Each unpublished post whose text was found in the output, with the files."""
    needles = {id(post): fingerprints(post) for post in posts}
    hits: dict[int, list[str]] = {id(post): [] for post in posts}
    if not any(needles.values()):
        return []
    for relative, text in output_texts(output):
        for post in posts:
            if any(needle in text for needle in needles[id(post)]):
                hits[id(post)].append(relative)
    return [Leak(post, tuple(hits[id(post)])) for post in posts if hits[id(post)]]
