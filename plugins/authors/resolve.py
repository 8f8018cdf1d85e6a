"""Turn the names a post gives into registry records, in order, with per-post handle overrides.

Posts may name people by slug (``maya-okafor``), by name (``Maya Okafor``) or by display name
(``Maya Okafor, MD, MEd``), as a YAML list or Pelican's comma list. A comma list splits a
display name at its degrees, so neighbouring pieces are joined back when together they name
a registry person.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from meded_core import Problem
from meded_core.people import NamedPerson

from .registry import Author, Registry, field_checks, slugish, unknown_author

OVERRIDABLE = ("x", "bluesky", "mastodon", "linkedin", "website")


@dataclass
class Resolution:
    records: list[Author] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    # (name as written, ORCID iD as written, the registry person the name matched)
    orcid_conflicts: list[tuple[str, str, Author]] = field(default_factory=list)


def resolve_names(
    names: list[str],
    registry: Registry,
    slugify=None,
    identities: dict[str, NamedPerson] | None = None,
) -> Resolution:
    """Records for ``names`` in order; unknown names get stand-in records (credit is kept).

    ``identities`` are structured entries (al-folio, Quarto) by name: a name the registry
    does not know still finds its person through the entry's ORCID iD.
    """
    slugify = slugify or slugish
    identities = identities or {}
    result = Resolution()
    seen: set[str] = set()
    tokens = [str(n).strip() for n in names if str(n).strip()]
    index = 0
    while index < len(tokens):
        found, used = None, 1
        # Longest run first: "Maya Okafor", "MD", "MEd" -> "Maya Okafor, MD, MEd".
        for end in range(len(tokens), index, -1):
            candidate = registry.get(", ".join(tokens[index:end]))
            if candidate is not None:
                found, used = candidate, end - index
                break
        person = identities.get(tokens[index])
        if (
            found is not None
            and person
            and person.orcid
            and found.orcid
            and registry.by_orcid(person.orcid) is not found
        ):
            result.orcid_conflicts.append((tokens[index], person.orcid, found))
        if found is None:
            name = tokens[index]
            found = registry.by_orcid(person.orcid) if person else None
            if found is None:
                found = unknown_author(name, slugify(name))
                result.unknown.append(name)
        index += used
        if found.slug in seen:
            result.duplicates.append(found.name)
            continue
        seen.add(found.slug)
        result.records.append(found)
    return result


def apply_handle_overrides(
    records: list[Author],
    overrides: Any,
    registry: Registry,
    *,
    source: str,
    line: int | None,
    content_root=None,
) -> tuple[list[Author], list[Problem]]:
    """Apply ``author_handles:`` (slug or name -> {x: ..., mastodon: ...}) to this post only.

    An empty value hides that handle on this post (``x: ""``), e.g. an account the author has
    since left. ORCID and names cannot be overridden: they identify the person.
    """
    problems: list[Problem] = []
    if not overrides:
        return records, problems

    def problem(message: str, fix: str) -> None:
        problems.append(Problem(source, message, fix, line=line, field="author_handles"))

    if not isinstance(overrides, dict):
        problem(
            "expected one entry per author, each with handles under it",
            "write it as: author_handles: {maya-okafor: {x: NewHandle}}",
        )
        return records, problems
    by_slug = {r.slug: i for i, r in enumerate(records)}
    checks = field_checks(content_root)
    updated = list(records)
    for who, handles in overrides.items():
        person = registry.get(str(who))
        slug = person.slug if person else None
        if slug not in by_slug:
            names = ", ".join(r.slug for r in records) or "none"
            problem(
                f"'{who}' is not one of this post's authors; the override was ignored",
                f"use the slug of an author listed in authors: ({names})",
            )
            continue
        if not isinstance(handles, dict):
            problem(
                f"the handles for '{who}' should be nested fields; the override was ignored",
                f"write it as: author_handles: {{{slug}: {{x: NewHandle}}}}",
            )
            continue
        changes: dict[str, Any] = {}
        for key, value in handles.items():
            name = str(key).lower()
            if name not in OVERRIDABLE:
                problem(
                    f"'{key}' cannot be overridden per post (for '{who}')",
                    "per-post overrides accept: " + ", ".join(OVERRIDABLE),
                )
                continue
            if value is None or str(value).strip() == "":
                changes[name] = None
                continue
            checked = checks[name][0](value)
            if checked.error:
                problem(
                    f"{who}: {name}: {checked.error}; the registry value is used",
                    "fix the value or remove it",
                )
                continue
            changes[name] = checked.value
            if name == "website":
                changes["website_local"] = checked.local
        index = by_slug[slug]
        updated[index] = replace(updated[index], **changes)
    return updated, problems
