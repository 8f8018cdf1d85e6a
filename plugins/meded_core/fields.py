"""The front-matter fields the site understands, declared by the plugins that use them.

Declaring a field lets the reader check its type (a list where a list belongs, a mapping
where a mapping belongs) and warn about typos such as ``autors:`` with a suggestion,
instead of silently ignoring them. The README's front-matter table lists the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Python types a YAML value may arrive as; "text" accepts str plus numbers and dates that
# YAML parsed eagerly (``title: 2024`` is still a title).
TEXT = "text"
LIST = "list"  # a YAML list, or a comma-separated string
MAPPING = "mapping"
BOOL = "bool"
DATE = "date"
ANY = "any"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    help: str
    example: str = ""


_fields: dict[str, FieldSpec] = {}


def declare_field(name: str, kind: str, help: str, example: str = "") -> FieldSpec:
    """Register a front-matter field (idempotent: plugins may be registered twice in tests)."""
    spec = FieldSpec(name.lower(), kind, help, example)
    _fields[spec.name] = spec
    return spec


def declared_fields() -> dict[str, FieldSpec]:
    return dict(_fields)


# Pelican's own fields, valid for every site (one field a line, like the README's table).
# fmt: off
for _name, _kind, _help, _example in [
    ("title", TEXT, "the post's title (required)", "Appraising FOAM"),
    ("date", DATE, "publication date, YYYY-MM-DD or YYYY-MM-DD HH:MM (required for posts)", "2024-05-01"),
    ("modified", DATE, "date of the last substantive update", "2024-06-01"),
    ("authors", LIST, "author slugs or names from content/authors.yml, in order", "[teresa-chan]"),
    ("author", TEXT, "a single author (prefer authors)", "teresa-chan"),
    ("category", TEXT, "one category", "Education"),
    ("tags", LIST, "topics", "[FOAM, social media]"),
    ("summary", TEXT, "one or two sentences shown in lists and feeds", ""),
    ("slug", TEXT, "the URL name; defaults to the file name", "appraising-foam"),
    ("status", TEXT, "published (default), draft or hidden; drafts and hidden posts appear only in previews", "draft"),
    ("lang", TEXT, "language code", "en"),
    ("template", TEXT, "a theme template to use instead of the default", ""),
    ("save_as", TEXT, "output path override", ""),
    ("url", TEXT, "URL override", ""),
    ("translation", BOOL, "mark as a translation", ""),
    ("doi", TEXT, "the post's own DOI (e.g. from Rogue Scholar)", "10.59350/abcd-1234"),
    ("feed_id", TEXT, "the feed entry id, when it is not the default tag: URI (make doi sets it to the pre-registered DOI); never change it after publishing", "https://doi.org/10.59350/abcde-fgh12"),
    ("license", TEXT, "content licence; defaults to the site licence (CC BY 4.0)", "CC BY 4.0"),
]:
    declare_field(_name, _kind, _help, _example)
# fmt: on


def as_list(value: Any) -> list[Any]:
    """A YAML list stays a list; a ``Key: a, b`` string becomes ``["a", "b"]``."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return [value]


def check_kind(spec: FieldSpec, value: Any) -> str | None:
    """Return what is wrong with ``value`` for ``spec``, or None when it fits."""
    kind = spec.kind
    if value is None:
        return None
    if kind in (TEXT, DATE) and isinstance(value, dict | list):
        shape = "a list" if isinstance(value, list) else "a set of nested fields"
        return f"expected a single value, got {shape}"
    if kind == LIST and isinstance(value, dict):
        return "expected a list (- item lines or [a, b]), got a set of nested fields"
    if kind == MAPPING and not isinstance(value, dict):
        return "expected nested fields (indented 'key: value' lines in YAML front matter)"
    is_word = isinstance(value, str) and value.strip().lower() in {"true", "false", "yes", "no"}
    if kind == BOOL and not (isinstance(value, bool) or is_word):
        return f"expected true or false, got {value!r}"
    return None


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "yes", "1", "on"}
    return bool(value)
