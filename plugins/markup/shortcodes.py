"""Hugo shortcodes, Jekyll/Liquid tags and Quarto blocks carried over from other tools.

A post moved from Hugo, Jekyll (al-folio) or Quarto keeps template syntax that means
nothing to Markdown and would appear as literal text. The common constructs with a
faithful equivalent are converted: video shortcodes to the site's embeds, figures to
figures, ``ref``/``post_url`` links to links, jekyll-scholar ``{% cite %}`` to citations,
``{{ site.baseurl }}`` to the site root, ``{% raw %}`` unwrapped; Quarto callouts become
the site's ``!!!`` callout boxes. Anything else stays as
written, with one warning naming the file and line, so nothing is lost silently.
Code blocks and code spans are left alone (this runs after fenced code is set aside).
"""

from __future__ import annotations

import html
import re
import shlex

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from .source import add_problem, line_of

HUGO = re.compile(r"\{\{([<%])\s*(/?)\s*([\w.-]+)(.*?)\s*[>%]\}\}")
LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)\s*-?%\}")
LIQUID_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
SITE_ROOT = re.compile(r"\{\{-?\s*(?:site\.baseurl|site\.url|'/'\s*\|\s*relative_url)\s*-?\}\}/?")
QUARTO_DIV = re.compile(r"^\s*:::+\s*\{?\s*[.#]?([\w-]+)")
# Quarto's callouts have the same meaning as the site's `!!!` boxes (callouts plugin).
QUARTO_CALLOUT = re.compile(
    r"^\s*:::+\s*\{\s*\.callout-(note|tip|warning|caution|important)\b([^}]*)\}\s*$"
)
QUARTO_CLOSE = re.compile(r"^\s*:::+\s*$")
QUARTO_TITLE = re.compile(r"""\btitle\s*=\s*(?:"([^"]*)"|'([^']*)')""")
HEADING_LINE = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
QUARTO_CELL = re.compile(r"^(\s*)(`{3,}|~{3,})\s*\{([\w-]+)[^}]*\}\s*$")
CODE_SPAN = re.compile(r"(`+).+?\1")

VIDEO_SHORTCODES = {"youtube", "vimeo", "video", "youtube_nocookie", "spotify", "podcast"}
VIDEO_URLS = {
    "youtube": "https://www.youtube.com/watch?v={}",
    "youtube_nocookie": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
}
FIGURE_SHORTCODES = {"figure", "fig", "img", "image"}
REF_SHORTCODES = {"ref", "relref"}


def _params(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and named parameters of a shortcode or Liquid include."""
    try:
        words = shlex.split(text.replace("=", " = ").replace(" =  = ", "=="))
    except ValueError:
        words = text.split()
    positional: list[str] = []
    named: dict[str, str] = {}
    index = 0
    while index < len(words):
        if index + 2 < len(words) and words[index + 1] == "=":
            named[words[index].lower()] = words[index + 2]
            index += 3
        else:
            positional.append(words[index])
            index += 1
    return positional, named


def _figure(src: str, alt: str, caption: str) -> str:
    """A figure whose image is Markdown (so its path is checked and rewritten)."""
    alt_text = alt.replace("]", "\\]")
    lines = ["", '<figure markdown="1">', "", f"![{alt_text}]({src})", ""]
    if caption:
        lines.append(f"<figcaption>{html.escape(caption)}</figcaption>")
    lines += ["</figure>", ""]
    return "\n".join(lines)


class QuartoCellPreprocessor(Preprocessor):
    """Quarto's executable cells (```` ```{python} ````) become plain code blocks, reported
    once each: this site shows code, it does not run it. Runs before fenced code is read."""

    def run(self, lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            cell = QUARTO_CELL.match(line)
            if cell:
                add_problem(
                    self.md,
                    f"Quarto code cell '{{{cell.group(3)}}}' is shown as code, not run",
                    "run it in Quarto and paste the output, or mark it as an example with "
                    f"```{cell.group(3)}",
                    text=line,
                )
                line = f"{cell.group(1)}{cell.group(2)}{cell.group(3)}"
            out.append(line)
        return out


def _quoted(title: str) -> str:
    return f' "{title.replace(chr(34), chr(39))}"' if title else ""


class ShortcodePreprocessor(Preprocessor):
    """Converts what has an equivalent; warns once about each construct that does not."""

    def __init__(self, md: Markdown, find_post):
        super().__init__(md)
        self.find_post = find_post  # Jekyll post name -> content-relative path, or None

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        divs: list[bool] = []  # one per open ::: div: True for a callout written as !!! here
        header: int | None = None  # the !!! line whose title a first "## Title" may give
        for line in lines:
            indent = "    " * divs.count(True)
            callout = QUARTO_CALLOUT.match(line)
            if callout:
                title = QUARTO_TITLE.search(callout.group(2))
                title_text = (title.group(1) or title.group(2) or "") if title else ""
                out.extend(["", f"{indent}!!! {callout.group(1)}" + _quoted(title_text)])
                header = None if title_text else len(out) - 1
                divs.append(True)
                continue
            if QUARTO_CLOSE.match(line) and divs:
                if divs.pop():
                    out.append("")
                    header = None
                    continue
            elif line.lstrip().startswith(":::"):
                divs.append(False)
            heading = HEADING_LINE.match(line) if header is not None else None
            if heading:
                out[header] += _quoted(heading.group(1))
                header = None
                continue
            if line.strip():
                header = None
            if line.startswith(("    ", "\t")):  # indented code
                out.append(indent + line)
                continue
            self._line, self._line_number = line, None
            out.extend(indent + part if part else part for part in self._convert(line).split("\n"))
        return out

    def _warn(self, line: str, message: str, fix: str) -> None:
        if self._line_number is None:  # found once per line: a line may hold several tags
            self._line_number = line_of(self.md, line)
        add_problem(self.md, message, fix, line=self._line_number)

    def _convert(self, line: str) -> str:
        if line.lstrip().startswith(":::"):
            quarto = QUARTO_DIV.match(line)
            if quarto:
                name = quarto.group(1)
                kind = "callout" if name.startswith("callout") else "block"
                self._warn(
                    line,
                    f"Quarto {kind} '{name}' has no equivalent here; its content is kept as "
                    "plain paragraphs",
                    "write it as a blockquote starting with a bold label, e.g. > **Note:** …",
                )
            return ""  # the fence lines themselves
        if "{{" not in line and "{%" not in line:
            return line
        # Code spans are set aside while converting.
        spans: list[str] = []

        def keep(match: re.Match) -> str:
            spans.append(match.group(0))
            return f"\x00{len(spans) - 1}\x00"

        def held(convert):
            def replace(match: re.Match) -> str:
                spans.append(convert(match, line))
                return f"\x00{len(spans) - 1}\x00"

            return replace

        text = CODE_SPAN.sub(keep, line)
        text = SITE_ROOT.sub("/", text)
        text = HUGO.sub(held(self._hugo), text)
        text = LIQUID_TAG.sub(held(self._liquid), text)
        text = LIQUID_OUTPUT.sub(held(self._liquid_output), text)
        return re.sub("\x00(\\d+)\x00", lambda m: spans[int(m.group(1))], text)

    def _hugo(self, match: re.Match, line: str) -> str:
        closing, name, rest = match.group(2), match.group(3).lower(), match.group(4)
        if closing:
            return ""  # the opening tag was converted or warned about
        positional, named = _params(rest)
        if name in VIDEO_SHORTCODES:
            target = named.get("id") or named.get("src") or (positional[0] if positional else "")
            url = VIDEO_URLS.get(name, "{}").format(target) if target else ""
            title = named.get("title", "")
            if url:
                return f"\n\n{url}" + (f' "{title}"' if title else "") + "\n\n"
        if name in FIGURE_SHORTCODES:
            src = named.get("src") or (positional[0] if positional else "")
            if src:
                return _figure(
                    src, named.get("alt", ""), named.get("caption") or named.get("title", "")
                )
        if name in REF_SHORTCODES and positional:
            return positional[0]
        return self._as_written(
            match,
            line,
            "Hugo shortcode",
            "replace it with Markdown (a link, an image, or a media link on its own line)",
        )

    def _liquid(self, match: re.Match, line: str) -> str:
        tag, rest = match.group(1).lower(), match.group(2)
        positional, named = _params(rest)
        if tag in {"raw", "endraw"}:
            return ""
        if tag == "cite" and positional:
            return "[" + "; ".join(f"@{key}" for key in positional) + "]"
        if tag == "post_url" and positional:
            found = self.find_post(positional[0])
            if found:
                return f"{{filename}}/{found}"
        if tag == "link" and positional:
            return "/" + positional[0].lstrip("/")
        if tag == "include" and positional:
            template = positional[0].lower()
            path = named.get("path") or named.get("src") or named.get("url") or ""
            if template.startswith(("figure", "image")) and path:
                if not re.match(r"^[a-z]+://", path):
                    path = "/" + path.lstrip("/")
                return _figure(path, named.get("alt", ""), named.get("caption", ""))
            if template.startswith(("video", "youtube", "audio")) and path:
                return f"\n\n{path}\n\n"
        return self._as_written(match, line, "Liquid tag", "replace it with Markdown, or remove it")

    def _liquid_output(self, match: re.Match, line: str) -> str:
        return self._as_written(
            match, line, "template expression", "replace it with the text it stood for"
        )

    def _as_written(self, match: re.Match, line: str, what: str, fix: str) -> str:
        """A construct with no equivalent: reported, and shown as written (escaped)."""
        text = match.group(0)
        self._warn(line, f"{what} '{text}' has no equivalent here; it is shown as written", fix)
        return html.escape(text)
