"""Where a construct is in the post's file, and how problems found while rendering travel.

Markdown processors see the body after earlier steps have rewritten it, so line numbers
are found by searching the body as written (recorded before anything changes it). Problems
go to ``md.content_problems``, which the front-matter reader stores with the post so they
are reported again when the post comes from the cache.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from meded_core import Problem
from meded_core.source_lines import line_in


class SourceRecorder(Preprocessor):
    """Keeps the body lines as written, before fenced code and HTML are stashed."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.markup_source_lines = list(lines)
        self.md.markup_cursors = {}
        return lines


def line_of(md: Markdown, text: str) -> int | None:
    """File line of the first not-yet-claimed body line containing ``text``'s first line."""
    cursors = md.__dict__.setdefault("markup_cursors", {})
    lines = getattr(md, "markup_source_lines", None) or []
    return line_in(lines, text, cursors, getattr(md, "body_line", 1))


def add_problem(
    md: Markdown, message: str, fix: str, *, text: str = "", line: int | None = None
) -> None:
    """Record a content problem of this post (with the line of ``text`` when not given)."""
    found = getattr(md, "content_problems", None)
    if found is None:
        return  # rendering outside a post (e.g. a summary): nothing to attach it to
    if line is None and text:
        line = line_of(md, text)
    found.append(Problem(getattr(md, "source_path", ""), message, fix, line=line))


def register_source_recorder(md: Markdown) -> None:
    if "markup_source" not in md.preprocessors:
        md.preprocessors.register(SourceRecorder(md), "markup_source", 38)
