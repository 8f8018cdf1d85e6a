"""Split a Markdown source into front matter and body, keeping line numbers.

Three header styles are accepted so that educators can paste what they already have:
YAML between ``---`` lines (Jekyll, Hugo, Quarto, WordPress exports), TOML between ``+++``
lines (Hugo) and Pelican's ``Key: value`` lines. Parsing here is pure: it returns values and problems and never logs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
import re
import tomllib
from typing import Any

from meded_core.safe_load import SafeLoader, compose_and_load_yaml
import yaml

YAML_FENCE = re.compile(r"^---\s*$")
TOML_FENCE = re.compile(r"^\+\+\+\s*$")
TOML_KEY = re.compile(r"^\s*(?:\[\[?\s*)?[\"']?([A-Za-z0-9_-]+)[\"']?\s*(?:=|\]|\.)")
YAML_END = re.compile(r"^(---|\.\.\.)\s*$")
PELICAN_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$")


@dataclass
class FrontMatter:
    """Raw header values by lower-case key, the line of each key, and the body."""

    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line number of the body's first line in the file
    style: str = "none"  # "yaml", "toml", "pelican" or "none"
    error: str | None = None
    error_line: int | None = None


# libyaml's parser when PyYAML has it (its wheels do): front matter is parsed for every
# post on a cold build, and the pure-Python parser is several times slower.
class _LineLoader(SafeLoader):
    """Safe loader that keeps dates as text so a bad date is reported, not crashed on."""


# Dates stay strings: Pelican parses them with its own rules and timezone handling.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _fenced(lines: list[str], closing: re.Pattern, style: str) -> tuple[FrontMatter, int | None]:
    """The record for a header fenced from line 1, and its closing line's index (None: open)."""
    end = next((i for i in range(1, len(lines)) if closing.match(lines[i])), None)
    if end is None:
        fence = lines[0].strip()
        error = f"the {style.upper()} front matter opened with '{fence}' on line 1 is never closed"
        return FrontMatter(style=style, error=error, error_line=1, body="".join(lines)), None
    return FrontMatter(style=style, body="".join(lines[end + 1 :]), body_line=end + 2), end


def _yaml_front_matter(lines: list[str]) -> FrontMatter:
    front, end = _fenced(lines, YAML_END, "yaml")
    if end is None:
        return front
    try:
        node, data = compose_and_load_yaml("".join(lines[1:end]), _LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        front.error = f"malformed YAML front matter: {problem}"
        front.error_line = (mark.line + 2) if mark is not None else 1
        return front
    if data is None:
        data = {}
    if not isinstance(data, dict):
        front.error = "the front matter must be 'key: value' lines, not a list or a single value"
        front.error_line = 2
        return front
    if node is not None and isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            front.lines[str(key_node.value).lower()] = key_node.start_mark.line + 2
    for key, value in data.items():
        front.values[str(key).lower()] = value
    return front


def _toml_front_matter(lines: list[str]) -> FrontMatter:
    """Hugo's TOML header between ``+++`` lines; dates stay text like YAML's."""
    front, end = _fenced(lines, TOML_FENCE, "toml")
    if end is None:
        return front
    try:
        data = tomllib.loads("".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        front.error = f"malformed TOML front matter: {str(exc).split(' (at')[0]}"
        front.error_line = int(found.group(1)) + 1 if found else 1
        return front
    depth_table = False
    for index in range(1, end):
        match = TOML_KEY.match(lines[index])
        if not match:
            continue
        table = lines[index].lstrip().startswith("[")
        if depth_table and not table:
            continue  # a key inside a [table]: the table's own line is the field's line
        depth_table = table
        front.lines.setdefault(match.group(1).lower(), index + 1)
    for key, value in data.items():
        front.values[str(key).lower()] = _toml_value(value)
    return front


def _toml_value(value: Any) -> Any:
    """TOML dates and times become ISO text, as YAML dates do here."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _toml_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_toml_value(v) for v in value]
    return value


def _pelican_front_matter(lines: list[str]) -> FrontMatter:
    front = FrontMatter(style="pelican")
    index = 0
    last_key = None
    while index < len(lines):
        line = lines[index].rstrip("\n")
        if not line.strip():
            break
        match = PELICAN_KEY.match(line)
        if match:
            last_key = match.group(1).lower()
            value = match.group(2).strip()
            if last_key in front.values:
                front.values[last_key] = f"{front.values[last_key]}, {value}"
            else:
                front.values[last_key] = value
                front.lines[last_key] = index + 1
        elif last_key and line.startswith((" ", "\t")):
            front.values[last_key] = f"{front.values[last_key]} {line.strip()}"
        else:
            break
        index += 1
    if not front.values:
        return FrontMatter(style="none", body="".join(lines))
    front.body = "".join(lines[index:])
    front.body_line = index + 1
    return front


def split_front_matter(text: str) -> FrontMatter:
    """Parse the header of a Markdown file in either style."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if lines and YAML_FENCE.match(lines[0]):
        return _yaml_front_matter(lines)
    if lines and TOML_FENCE.match(lines[0]):
        return _toml_front_matter(lines)
    return _pelican_front_matter(lines)


def first_undecodable_line(raw: bytes) -> tuple[int, int]:
    """Line and column (1-based) of the first byte that is not valid UTF-8."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return line, column
    return 0, 0


def as_text(value: Any) -> str:
    """Normalise a scalar YAML value to the text Pelican's metadata processors expect."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)
