"""TeX math (``$…$``, ``$$…$$``) rendered to MathML while the site is built.

Readers get math without client-side JavaScript: browsers render MathML natively, it
prints, and screen readers read it. Every formula keeps its TeX as ``alttext`` and as a
MathML annotation. Dollar signs follow pandoc's rules so prices stay prices: the opening
``$`` must not be followed by a space, the closing one not preceded by a space nor followed
by a digit ("$5 and $10" is text), and ``\\$`` is a literal dollar. Code spans and blocks
are never touched. TeX that cannot be converted is shown as code and reported.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree

from latex2mathml.converter import convert
from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor

from .source import add_problem

# $…$: no space after the opening $, none before the closing $, no digit after it.
INLINE_MATH = r"(?<![\\$])\$(?![\s$])((?:[^$\\\n]|\\.)+?)(?<![\s\\])\$(?![\d$])"
# $$…$$ on the same line, inside a paragraph.
INLINE_DISPLAY = r"(?<!\\)\$\$(?!\s*$)(.+?)\$\$"
MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"


def _problem_in(tex: str) -> str | None:
    """What makes ``tex`` unconvertible, in words, or None."""
    depth = 0
    escaped = False
    for char in tex:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return "a '}' closes a group that was never opened"
    if depth:
        return "a '{' is never closed"
    return None


def to_mathml(tex: str, display: bool) -> tuple[str | None, str | None]:
    """(MathML, None) or (None, what is wrong)."""
    wrong = _problem_in(tex)
    if wrong:
        return None, wrong
    try:
        markup = convert(tex, display="block" if display else "inline")
        tree = etree.fromstring(markup)
    except Exception as exc:  # latex2mathml raises many kinds of errors on bad input
        return None, f"the TeX could not be read ({type(exc).__name__})"
    unknown = sorted(
        {
            node.text.strip()
            for node in tree.iter()
            if node.text and node.text.strip().startswith("\\") and len(node.text.strip()) > 1
        }
    )
    if unknown:
        return None, "unknown command " + ", ".join(unknown)
    children = list(tree)
    semantics = etree.SubElement(tree, "semantics")
    row = etree.SubElement(semantics, "mrow")
    for child in children:
        tree.remove(child)
        row.append(child)
    annotation = etree.SubElement(semantics, "annotation", encoding="application/x-tex")
    annotation.text = tex
    tree.set("alttext", tex)
    etree.register_namespace("", MATHML_NS[1:-1])
    text = etree.tostring(tree, encoding="unicode", short_empty_elements=False)
    text = text.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)
    return text, None


def render(md: Markdown, tex: str, *, display: bool, source: str) -> str:
    """MathML for ``tex``, or the TeX as code with a problem recorded."""
    markup, wrong = to_mathml(tex.strip(), display)
    if markup is not None:
        return markup
    add_problem(
        md,
        f"math: {wrong} in ${tex.strip()}$; it is shown as TeX code",
        "check the braces and command names, or write \\$ for a literal dollar sign",
        text=source,
    )
    return f'<code class="math-error">{html.escape(source)}</code>'


class InlineMathProcessor(InlineProcessor):
    display = False

    def handleMatch(self, m, data):
        markup = render(self.md, m.group(1), display=self.display, source=m.group(0))
        return self.md.htmlStash.store(markup), m.start(0), m.end(0)


class InlineDisplayMathProcessor(InlineMathProcessor):
    display = True


class DisplayMathProcessor(BlockProcessor):
    """A paragraph that starts with ``$$`` and ends with ``$$`` (one or several lines)."""

    def test(self, parent, block) -> bool:
        return block.lstrip().startswith("$$")

    def run(self, parent, blocks) -> bool:
        collected = []
        for index, block in enumerate(blocks):
            collected.append(block)
            joined = "\n\n".join(collected).strip()
            if len(joined) > 2 and joined.endswith("$$"):
                tex = joined[2:-2]
                if not tex.strip():
                    return False
                del blocks[: index + 1]
                md = self.parser.md
                markup = render(md, tex, display=True, source=joined)
                paragraph = etree.SubElement(parent, "p")
                paragraph.set("class", "math-display")
                paragraph.text = md.htmlStash.store(markup)
                return True
        return False


def register_math(md: Markdown) -> None:
    if "$" not in md.ESCAPED_CHARS:
        md.ESCAPED_CHARS.append("$")
    md.parser.blockprocessors.register(DisplayMathProcessor(md.parser), "math_display", 95)
    # After code spans (190), before escapes (180), so TeX backslashes reach the converter.
    md.inlinePatterns.register(InlineDisplayMathProcessor(INLINE_DISPLAY, md), "math_dd", 186)
    md.inlinePatterns.register(InlineMathProcessor(INLINE_MATH, md), "math_inline", 185)
