"""Read bibliography files (BibTeX, CSL-JSON, CSL-YAML) into CSL items by citation key.

Zotero exports all three formats, so educators can keep their library where it is. Every
mistake is a :class:`meded_core.Problem` naming the bibliography file and its own line,
because the post that cites a key is rarely where the error is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import json
import logging
from pathlib import Path
import re
from typing import Any

import bibtexparser
from bibtexparser import middlewares
from meded_core import Problem, incremental
from meded_core.safe_load import compose_and_load_yaml, load_json
import yaml

from .bibtex import entry_to_csl
from .bibtex_names import balanced
from .csl import normalize_item

SUFFIXES = {
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".json": "csl-json",
    ".yaml": "csl-yaml",
    ".yml": "csl-yaml",
}


@dataclass
class Entry:
    key: str
    item: dict[str, Any]  # normalised CSL-JSON, "id" == key
    source: str
    line: int | None = None


@dataclass
class Bibliography:
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _index: dict[str, Entry] | None = field(default=None, repr=False, compare=False)
    lowered: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def failed(cls, source: str, what: str, fix: str, line: int | None = None) -> Bibliography:
        """No entries, and the one problem that stopped the file being read."""
        return cls(problems=[Problem(source, what, fix, line=line)])

    def merged_with(self, other: Bibliography) -> Bibliography:
        """``other``'s entries win (a post's own file overrides the site-wide one)."""
        merged = Bibliography({**self.entries, **other.entries}, [*self.problems, *other.problems])
        merged.lowered = {**self.lowered, **other.lowered}
        return merged

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def by_identifier(self, cache_id: str) -> Entry | None:
        """The entry carrying this identifier (``doi:10.x/y``), via an index built once."""
        if self._index is None:
            from .resolve import Identifier, parse_identifier

            self._index = {}
            for entry in self.entries.values():
                for kind in ("doi", "pmid", "pmcid", "isbn", "url"):  # CSL's DOI, PMID, ...
                    value = entry.item.get(kind.upper())
                    parsed = parse_identifier(f"{kind}:{value}") if value else None
                    if isinstance(parsed, Identifier):
                        self._index.setdefault(parsed.cache_id, entry)
        return self._index.get(cache_id)

    def case_insensitive(self, key: str) -> Entry | None:
        found = self.lowered.get(key.lower())
        return self.entries.get(found) if found is not None else None


def bibliography_files(paths: list[Path]) -> list[Path]:
    """Files to read: each path as is, or a folder's bibliography files in name order
    (symbolic links skipped: they may point outside the content folder)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix.lower() in SUFFIXES and p.is_file() and not p.is_symlink()
                )
            )
        else:
            files.append(path)
    return files


def load_file(path: Path) -> Bibliography:
    """Parse one bibliography file, once per build and again only when its bytes (or this
    code) change: the build's memo keeps the parse (``meded_core.incremental``)."""
    source = str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return Bibliography.failed(
            source,
            f"unknown bibliography format '{path.suffix}'",
            "use a .bib (BibTeX), .json (CSL-JSON) or .yaml (CSL-YAML) file",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Bibliography.failed(
            source,
            f"cannot read the bibliography file ({exc.strerror or exc})",
            "check the path in the bibliography: field or CITATIONS_BIBLIOGRAPHY",
        )
    key = incremental.digest(incremental.code_of(__file__), source, raw)
    return incremental.memo().remember(
        "citations.bibliography", key, lambda: _parse(raw, kind, source)
    )


def _parse(raw: bytes, kind: str, source: str) -> Bibliography:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Bibliography.failed(
            source, "the bibliography is not UTF-8 text", "export it from Zotero as UTF-8", line
        )
    reader = {"bibtex": _read_bibtex, "csl-json": _read_csl_json, "csl-yaml": _read_csl_yaml}
    result = reader[kind](text, source)
    _check(result, source)
    return result


def load(paths: list[Path]) -> Bibliography:
    return BibliographyFiles().load(paths)


class BibliographyFiles:
    """The bibliographies of one build: each file read once, each combination merged once.

    Blogs often give every post the same Zotero export as its ``bibliography:``. Reading,
    hashing and merging that file for each post made a build's cost grow with posts times
    library size; here the posts that name the same files (by resolved path) share one
    :class:`Bibliography`, so its identifier index and its lookups are built once too. One
    instance lives for one build, so an edited file is read again on the next build.
    """

    def __init__(self) -> None:
        self._files: dict[Path, Bibliography] = {}
        # keyed by the base's identity; the base is kept in the value so that it stays alive
        self._combined: dict[tuple[int, tuple[Path, ...]], tuple[object, Bibliography]] = {}

    def file(self, path: Path) -> Bibliography:
        resolved = path.resolve()
        found = self._files.get(resolved)
        if found is None:
            found = self._files[resolved] = load_file(path)
        return found

    def load(self, paths: list[Path], over: Bibliography | None = None) -> Bibliography:
        """The entries of ``paths`` (later files win) on top of ``over``'s; the same object
        for the same files during this build."""
        files = bibliography_files(paths)
        key = (id(over), tuple(p.resolve() for p in files))
        known = self._combined.get(key)
        if known is not None:
            return known[1]
        found = over if over is not None else Bibliography()
        for path in files:
            found = found.merged_with(self.file(path))
        self._combined[key] = (over, found)
        return found


def _add(
    result: Bibliography, key: str, item: dict[str, Any], source: str, line: int | None
) -> None:
    if key in result.entries:
        first = result.entries[key]
        result.problems.append(
            Problem(
                source,
                f"the key '{key}' is used twice (first on line {first.line}); the second entry was ignored",
                "give each entry its own key",
                line=line,
            )
        )
        return
    clash = result.lowered.get(key.lower())
    if clash is not None:
        result.problems.append(
            Problem(
                source,
                f"the key '{key}' differs from '{clash}' (line {result.entries[clash].line}) only by case; keys are case-sensitive, so citations are easily mixed up",
                "rename one of the two entries",
                line=line,
            )
        )
    item = normalize_item({**item, "id": key})
    result.entries[key] = Entry(key, item, source, line)
    result.lowered.setdefault(key.lower(), key)


def _check(result: Bibliography, source: str) -> None:
    for entry in result.entries.values():
        if not str(entry.item.get("title", "")).strip():
            result.problems.append(
                Problem(
                    source,
                    f"the entry '{entry.key}' has no title; its reference will be incomplete",
                    "add a title field to the entry",
                    line=entry.line,
                )
            )


# --- BibTeX ----------------------------------------------------------------------------------


def _read_bibtex(text: str, source: str) -> Bibliography:
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its own warnings would repeat ours without the file name
    try:
        # names are split and LaTeX decoded field by field in .bibtex (biblatex's extended
        # name format, verbatim URLs), so only co-authors are separated here
        library = bibtexparser.parse_string(
            text, append_middleware=[middlewares.SeparateCoAuthors()]
        )
    except Exception as exc:  # bibtexparser raises bare exceptions on broken input
        return Bibliography.failed(
            source, f"the BibTeX file cannot be read: {exc}", "check the braces and commas"
        )
    finally:
        quiet.setLevel(level)
    result = Bibliography()
    kept = list(library.entries)
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        kind = type(block).__name__
        key = getattr(block, "key", "") or _bibtex_key(block.raw or "")
        if kind == "DuplicateBlockKeyBlock":
            result.problems.append(
                Problem(
                    source,
                    f"the key '{key}' is used twice; the second entry was ignored",
                    "give each entry its own key",
                    line=line,
                )
            )
        elif kind == "DuplicateFieldKeyBlock" and block.ignore_error_block is not None:
            entry = block.ignore_error_block
            for name in sorted(block.duplicate_keys):
                repeats = [f for f in entry.fields if f.key.lower() == name.lower()]
                result.problems.append(
                    Problem(
                        source,
                        f"the entry '{entry.key}' has the field '{name}' twice; the first "
                        f"(line {(repeats[0].start_line or 0) + 1}) was used",
                        "delete the extra line",
                        line=(repeats[-1].start_line or 0) + 1,
                        field=name,
                    )
                )
            kept.append(block.ignore_error_block)
        else:
            result.problems.append(
                Problem(
                    source,
                    f"the entry{f' {key!r}' if key else ''} starting here cannot be read and was skipped",
                    "check for a missing closing brace '}', a missing comma between fields, or an unquoted value",
                    line=line,
                )
            )
    for entry in sorted(kept, key=lambda e: e.start_line or 0):
        _add_bibtex_entry(result, entry, source)
    return result


def _add_bibtex_entry(result: Bibliography, entry, source: str) -> None:
    line = (entry.start_line or 0) + 1
    fields: dict[str, Any] = {}
    for f in entry.fields:  # the first of a repeated field wins
        fields.setdefault(f.key.lower(), _unenclosed(f.value))
    try:
        conversion = entry_to_csl(entry.key, entry.entry_type, fields)
    except (TypeError, ValueError, AttributeError) as exc:
        result.problems.append(
            Problem(
                source,
                f"the entry '{entry.key}' cannot be converted: {exc}",
                "check its fields",
                line=line,
            )
        )
        return
    field_lines = {f.key.lower(): (f.start_line or 0) + 1 for f in entry.fields}
    for field_name, message, fix in conversion.problems:
        result.problems.append(
            Problem(
                source,
                f"entry '{entry.key}': {message}",
                fix,
                line=field_lines.get(field_name, line),
                field=field_name,
            )
        )
    _add(result, entry.key, conversion.item, source, line)


def _unenclosed(value: Any) -> Any:
    """A value as the parser's middlewares leave it: without its outer braces or quotes
    (entries set aside by the parser, such as one with a repeated field, keep them)."""
    enclosed = isinstance(value, str) and len(value) >= 2 and value[0] + value[-1] in {"{}", '""'}
    return value[1:-1] if enclosed and balanced(value[1:-1]) else value


def _bibtex_key(raw: str) -> str:
    match = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]+)", raw)
    return match.group(1) if match else ""


# --- CSL-JSON and CSL-YAML -------------------------------------------------------------------


def _read_csl_json(text: str, source: str) -> Bibliography:
    try:
        data = load_json(text)
    except json.JSONDecodeError as exc:
        return Bibliography.failed(
            source,
            f"the CSL-JSON file cannot be read: {exc.msg} (column {exc.colno})",
            "check for a missing comma, quote or bracket near that line; Zotero's 'CSL JSON' export is valid",
            exc.lineno,
        )
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        return Bibliography.failed(
            source,
            "a CSL-JSON bibliography must be a list of items",
            "export it as 'CSL JSON' from Zotero",
            1,
        )
    result = Bibliography()
    lines = _json_id_lines(text)
    for item in data:
        line = lines.get(str(item.get("id"))) if isinstance(item, dict) else None
        _add_csl(result, item, source, line)
    return result


def _json_id_lines(text: str) -> dict[str, int]:
    """The line of each item's ``"id"`` (first occurrence), found in one pass."""
    lines: dict[str, int] = {}
    line, last = 1, 0
    for match in re.finditer(r'"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)', text):
        line += text.count("\n", last, match.start())
        last = match.start()
        try:
            key = str(json.loads(match.group(1)))
        except ValueError:
            continue
        lines.setdefault(key, line)
    return lines


def _read_csl_yaml(text: str, source: str) -> Bibliography:
    try:
        node, data = compose_and_load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return Bibliography.failed(
            source,
            f"the CSL-YAML file cannot be read: {problem}",
            "check the indentation and quoting of that line",
            (mark.line + 1) if mark else None,
        )
    if isinstance(data, dict) and "references" in data:
        data = data["references"]
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == "references"), None)
    if not isinstance(data, list):
        return Bibliography.failed(
            source,
            "a CSL-YAML bibliography must be a list of items (or 'references:' with a list)",
            "see pandoc's CSL YAML format",
            1,
        )
    result = Bibliography()
    lines: list[int | None] = []
    if isinstance(node, yaml.SequenceNode):
        lines = [child.start_mark.line + 1 for child in node.value]
    for position, item in enumerate(data):
        _add_csl(result, item, source, lines[position] if position < len(lines) else None)
    return result


def _add_csl(result: Bibliography, item: Any, source: str, line: int | None) -> None:
    if not isinstance(item, dict) or item.get("id") in (None, ""):
        result.problems.append(
            Problem(
                source,
                "an item has no 'id' (its citation key); it was skipped",
                "add id: yourkey2024 to the item",
                line=line,
            )
        )
        return
    item = {k: (str(v) if k == "id" else v) for k, v in item.items()}
    _add(result, item["id"], item, source, line)
