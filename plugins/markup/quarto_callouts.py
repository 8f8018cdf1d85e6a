"""Quarto callouts (``::: {.callout-tip title="…"}`` … ``:::``) as the site's callout boxes.

Quarto posts mark notes, tips and warnings with fenced divs; the site's callouts use the
``!!! kind "title"`` block with an indented body. Each callout is rewritten line for line
(the opening fence becomes the header, a ``## Title`` first line gives the title, the body
is indented, the closing fence becomes a blank line), so every line keeps its number for
the problems reported later. Runs before fenced code is set aside, so it tracks code fences
itself and leaves examples inside them alone.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.preprocessors import Preprocessor

OPEN = re.compile(r"^(:{3,})\s*\{\s*\.callout-(\w+)([^}]*)\}\s*$")
CLOSE = re.compile(r"^(:{3,})\s*$")
TITLE_ATTR = re.compile(r"""\btitle\s*=\s*(["'])(.*?)\1""")
TITLE_LINE = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


class QuartoCalloutPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fence: str | None = None
        closing: str | None = None  # the colons of the open callout
        header_at: int | None = None  # where the header is, while its title may still come
        for line in lines:
            marker = FENCE.match(line)
            if fence:
                if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                    fence = None
                out.append("    " + line if closing and line.strip() else line)
                continue
            opening = OPEN.match(line) if closing is None else None
            if opening:
                closing = opening.group(1)
                title = TITLE_ATTR.search(opening.group(3))
                header_at = None if title else len(out)
                out.append(_header(opening.group(2), title.group(2) if title else ""))
                continue
            if closing and CLOSE.match(line) and len(line.strip()) >= len(closing):
                closing = header_at = None
                out.append("")
                continue
            if closing and header_at is not None and line.strip():
                heading = TITLE_LINE.match(line)
                if heading:
                    out[header_at] = _header(out[header_at].split()[1], heading.group(1))
                    out.append("")
                    header_at = None
                    continue
                header_at = None
            if marker:
                fence = marker.group(1)
            out.append("    " + line if closing and line.strip() else line)
        return out


def _header(kind: str, title: str) -> str:
    title = title.replace('"', "'")
    return f"!!! {kind.lower()}" + (f' "{title}"' if title else "")


def register_quarto_callouts(md: Markdown) -> None:
    md.preprocessors.register(QuartoCalloutPreprocessor(md), "quarto_callouts", 42)
