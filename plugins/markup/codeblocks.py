"""Code blocks that scroll sideways can be reached and scrolled with the keyboard.

A long line in a code block scrolls inside the block on a phone; without a tab stop,
keyboard users cannot scroll it (axe: scrollable-region-focusable).
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.postprocessors import Postprocessor

PRE = re.compile(r"<pre(?![^>]*\btabindex=)(\s|>)")


class FocusableCodeBlocks(Postprocessor):
    def run(self, text: str) -> str:
        return PRE.sub(lambda m: f'<pre tabindex="0"{m.group(1)}', text)


def register_code_blocks(md: Markdown) -> None:
    md.postprocessors.register(FocusableCodeBlocks(md), "focusable_code", 5)
