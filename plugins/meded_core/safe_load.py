"""Read YAML and JSON written by people, within bounds on size and nesting.

Why: YAML aliases let a 700-byte file describe billions of values (the "billion laughs"
alias bomb). PyYAML builds them as shared objects, but anything that walks the result
(hashing for the build memo, templates, JSON exports) expands them until memory runs
out. Deeply nested lists, in YAML or JSON, exhaust Python's recursion limit and end in a
traceback. Every YAML file the site reads (front matter, ``authors.yml``, CSL-YAML
bibliographies, checklist criteria, data files) goes through :func:`compose_yaml` or
:func:`load_yaml`: the node tree is measured with aliases expanded, iteratively, before a
single value is built. A file over the bounds raises :class:`YAMLLimitError`, a
``yaml.MarkedYAMLError`` carrying the line of the offending value, which every caller
already reports as a content problem with file and line.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

# Values a document may hold once aliases are expanded. Real front matter and registries
# have a few hundred; a whole CSL-YAML bibliography of 2,000 works has about 100,000.
MAX_VALUES = 500_000
# Characters of text once aliases are expanded (a long string named once and used often).
MAX_CHARACTERS = 20_000_000
# Nesting levels (a post's metadata is 2 or 3 deep; CSL dates are 4).
MAX_DEPTH = 50

# libyaml's parser when PyYAML has it (its wheels do): it is several times faster.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YAMLLimitError(yaml.MarkedYAMLError):
    """A YAML document too large once aliases are expanded, self-referring, or too deep."""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _refuse(node: yaml.Node, problem: str) -> YAMLLimitError:
    return YAMLLimitError(problem=problem, problem_mark=node.start_mark)


def check_node(node: yaml.Node | None) -> None:
    """Raise :class:`YAMLLimitError` when ``node`` expands beyond the bounds.

    Each distinct node is measured once (an alias points at the node it names), so the
    check costs the size of the file, not of the expansion.
    """
    if node is None:
        return
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    chars: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, children_done = stack.pop()
        ident = id(current)
        if children_done:
            on_path.discard(ident)
            kids = _children(current)
            sizes[ident] = 1 + sum(sizes[id(k)] for k in kids)
            depths[ident] = 1 + max((depths[id(k)] for k in kids), default=0)
            chars[ident] = (
                sum(chars[id(k)] for k in kids) if kids else len(str(current.value or ""))
            )
            if sizes[ident] > MAX_VALUES or chars[ident] > MAX_CHARACTERS:
                raise _refuse(
                    current,
                    f"this value expands to more than {MAX_VALUES:,} values or "
                    f"{MAX_CHARACTERS:,} characters through "
                    "aliases (*name); write the values out or use fewer aliases",
                )
            if depths[ident] > MAX_DEPTH:
                raise _refuse(current, f"values are nested more than {MAX_DEPTH} levels deep")
            continue
        if ident in sizes:
            continue
        if ident in on_path:
            raise _refuse(current, "an alias (*name) refers to the value that contains it")
        on_path.add(ident)
        stack.append((current, True))
        stack.extend((k, False) for k in _children(current) if id(k) not in sizes)


def compose_yaml(text: str, loader: type = SafeLoader) -> yaml.Node | None:
    """The checked node tree of one YAML document (for line numbers of keys)."""
    return compose_and_load_yaml(text, loader, construct=False)[0]


def load_yaml(text: str, loader: type = SafeLoader) -> Any:
    """The values of one YAML document, after checking its node tree."""
    return compose_and_load_yaml(text, loader)[1]


def compose_and_load_yaml(
    text: str, loader: type = SafeLoader, *, construct: bool = True
) -> tuple[yaml.Node | None, Any]:
    """Parse once: the checked node tree and the values built from it."""
    instance = loader(text)
    try:
        try:
            node = instance.get_single_node()
        except RecursionError:  # the pure-Python parser on deep nesting
            raise YAMLLimitError(
                problem=f"values are nested more than {MAX_DEPTH} levels deep"
            ) from None
        check_node(node)
        data = instance.construct_document(node) if construct and node is not None else None
    finally:
        instance.dispose()
    return node, data


def load_json(text: str | bytes) -> Any:
    """``json.loads``, with nesting deeper than :data:`MAX_DEPTH` a ``JSONDecodeError``
    (a ``ValueError``) like any malformed JSON, never a ``RecursionError`` here or later."""
    try:
        data = json.loads(text)
        too_deep = _json_depth(data) > MAX_DEPTH
    except RecursionError:
        too_deep = True
    if too_deep:
        document = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        raise json.JSONDecodeError(
            f"values are nested more than {MAX_DEPTH} levels deep", document, 0
        )
    return data


def _json_depth(data: Any) -> int:
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                stack.extend((v, depth + 1) for v in value)
    return deepest
