"""Find the file line of something a Markdown processor met, by searching the body text.

Markdown processors see the body after earlier steps rewrote it, so they cannot count
lines. They search the body as written instead; a cursor per searched text makes repeated
occurrences get successive lines.
"""

from __future__ import annotations

from typing import Any

from .problems import Problem


def line_in(lines: list[str], text: str, cursors: dict[str, int], first_line: int) -> int | None:
    """File line of the next body line containing ``text``'s first line, or None.

    ``first_line`` is the file line of ``lines[0]``; ``cursors`` is kept by the caller for
    one post.
    """
    needle = text.strip().split("\n", 1)[0].strip()
    if not lines or not needle:
        return None
    for index in range(cursors.get(needle, 0), len(lines)):
        if needle in lines[index]:
            cursors[needle] = index + 1
            return index + first_line
    return None


def record_problem(md: Any, message: str, fix: str, line: int | None) -> None:
    """A mistake a Markdown extension found, kept with the post's cached reader output.

    The front-matter reader gives each parser a ``content_problems`` list and reports it on
    every build (also when the post comes from the cache); a parser without one (a summary,
    the citation-only parser) has no post to attach the problem to.
    """
    found = getattr(md, "content_problems", None)
    if found is not None:
        found.append(Problem(getattr(md, "source_path", ""), message, fix, line=line))
