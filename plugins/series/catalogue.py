"""Read the optional series file and each post's ``series:`` fields (pure: returns problems).

The series file (``content/series.yml``) is where an editor describes a series, plans its
length and announces forthcoming parts; without it a series exists as soon as a post names
it. With it, a post naming a series the file does not know is a mistake (a typo would
otherwise start a second series).
"""

from __future__ import annotations

from dataclasses import dataclass
import difflib
from pathlib import Path
import re
from typing import Any
import unicodedata

from meded_core import Problem
from meded_core.safe_load import compose_and_load_yaml
import yaml

from .model import Series, SeriesPart

FILE_KEYS = ("name", "description", "parts", "forthcoming")
EXAMPLE = "series: {name: Social media in academic medicine, part: 2}"


def slugify(text: str) -> str:
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "series"


@dataclass
class Catalogue:
    """The series the editor declared (empty without a file), looked up by slug or name."""

    source: str = ""
    declared: dict[str, Series] | None = None  # None: there is no series file
    forthcoming: dict[str, list[SeriesPart]] | None = None

    def find(self, name: str) -> Series | None:
        if self.declared is None:
            return None
        key = slugify(name)
        for series in self.declared.values():
            if key in (series.slug, slugify(series.name)):
                return series
        return None

    def suggest(self, name: str) -> str | None:
        names = [s.name for s in (self.declared or {}).values()]
        close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.5)
        return close[0] if close else None


def _positive(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 and str(value).strip().isdigit() else None


def load_catalogue(path: Path) -> tuple[Catalogue, list[Problem]]:
    if not path.is_file():
        return Catalogue(), []
    source = str(path)
    problems: list[Problem] = []

    def problem(message: str, fix: str, line: int | None, field: str | None = None) -> None:
        problems.append(Problem(source, message, fix, line=line, field=field))

    try:
        text = path.read_text(encoding="utf-8")
        node, data = compose_and_load_yaml(text)
        data = data or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problem(
            f"the series file cannot be read: {getattr(exc, 'problem', None) or exc}",
            "check the indentation and quoting of that line",
            mark.line + 1 if mark else None,
        )
        return Catalogue(source, {}, {}), problems
    lines = {}
    if isinstance(node, yaml.MappingNode):
        lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    if not isinstance(data, dict):
        problem("the series file must list series by slug", "see README.md", 1)
        return Catalogue(source, {}, {}), problems
    declared: dict[str, Series] = {}
    forthcoming: dict[str, list[SeriesPart]] = {}
    for key, entry in data.items():
        slug = slugify(key)
        line = lines.get(str(key))
        entry = entry if isinstance(entry, dict) else {"name": entry}
        for unknown in [k for k in entry if k not in FILE_KEYS]:
            problem(
                f"unknown key '{unknown}' in series '{key}'",
                f"use {', '.join(FILE_KEYS)}",
                line,
                str(key),
            )
        planned = None
        if entry.get("parts") not in (None, ""):
            planned = _positive(entry["parts"])
            if planned is None:
                problem(
                    f"parts: {entry['parts']!r} is not a number of parts",
                    "give the planned number of parts, e.g. parts: 3",
                    line,
                    f"{key}.parts",
                )
        series = Series(
            slug=slug,
            name=str(entry.get("name") or key).strip(),
            description=str(entry.get("description") or "").strip(),
            planned=planned,
        )
        declared[slug] = series
        announced = []
        for item in entry.get("forthcoming") or []:
            item = item if isinstance(item, dict) else {"title": item}
            number = _positive(item.get("part"))
            title = str(item.get("title") or "").strip()
            if not title or number is None:
                problem(
                    f"a forthcoming part of '{series.name}' needs a part number and a title",
                    "write it as: - {part: 3, title: Measuring your impact}",
                    line,
                    f"{key}.forthcoming",
                )
                continue
            announced.append(SeriesPart(number, title, expected=str(item.get("expected") or "")))
        forthcoming[slug] = announced
    return Catalogue(source, declared, forthcoming), problems


@dataclass(frozen=True)
class Membership:
    """What one post says about its series."""

    name: str
    part: int | None


def read_membership(
    metadata: dict[str, Any], source: str, lines: dict[str, int]
) -> tuple[Membership | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(message: str, fix: str, line: int | None, field: str = "series") -> None:
        problems.append(Problem(source, message, fix, line=line, field=field))

    value = metadata.get("series")
    raw_part = metadata.get("series_part")
    part_line = lines.get("series_part")
    if value in (None, ""):
        if raw_part not in (None, ""):
            problem(
                "series_part is given without series",
                "add series: with the series name, or remove series_part",
                part_line,
                "series_part",
            )
        return None, problems
    if isinstance(value, dict):
        name = str(value.get("name") or "").strip()
        raw_part = value.get("part", raw_part)
        part_line = lines.get("series")
        if not name:
            problem("the series has no name", EXAMPLE, lines.get("series"))
            return None, problems
    else:
        # Hugo's series taxonomy is a list of names; a post belongs to one series here.
        name = str(value[0] if isinstance(value, list) and value else value).strip()
    part = None
    if raw_part in (None, ""):
        problem(
            f"no part number for this post in '{name}'",
            "add the part, e.g. series: {name: …, part: 2} or series_part: 2",
            part_line or lines.get("series"),
        )
    else:
        part = _positive(raw_part)
        if part is None:
            problem(
                f"part {raw_part!r} is not a whole number from 1",
                "write the part as a number, e.g. part: 2",
                part_line,
            )
    return Membership(name, part), problems
