"""CRediT contributor roles per author (``credit:`` in a post's front matter).

The Contributor Roles Taxonomy (ANSI/NISO Z39.104-2022) names 14 roles; journals that follow
the ICMJE recommendations ask authors to state theirs. A post lists roles by author slug; any
spelling of a role that differs only in case, spaces, dashes or "&" is accepted, anything else
is reported with the nearest role. Pure: returns roles and problems, never logs.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from meded_core import Problem
from meded_core.shared import ContributorRole

VOCABULARY = "https://credit.niso.org/contributor-roles/"
ROLES = {
    "conceptualization": "Conceptualization",
    "data-curation": "Data curation",
    "formal-analysis": "Formal analysis",
    "funding-acquisition": "Funding acquisition",
    "investigation": "Investigation",
    "methodology": "Methodology",
    "project-administration": "Project administration",
    "resources": "Resources",
    "software": "Software",
    "supervision": "Supervision",
    "validation": "Validation",
    "visualization": "Visualization",
    "writing-original-draft": "Writing \u2013 original draft",
    "writing-review-editing": "Writing \u2013 review & editing",
}
EXAMPLE = "credit: {maya-okafor: [conceptualization, writing-original-draft]}"


def role_term(text: Any) -> str:
    """``Writing - review & editing`` -> ``writing-review-editing`` (British -isation too)."""
    value = str(text).strip().lower().replace("&", " ").replace("isation", "ization")
    return re.sub(r"[^a-z]+", "-", value).strip("-")


def role(term: str) -> ContributorRole:
    return ContributorRole(term, ROLES[term], f"{VOCABULARY}{term}/")


def read_roles(
    value: Any, author_slugs: list[str], source: str, line: int | None
) -> tuple[dict[str, tuple[ContributorRole, ...]], list[Problem]]:
    """Roles by author slug, in the taxonomy's order, and a problem per unusable entry."""
    problems: list[Problem] = []

    def problem(message: str, fix: str, field: str = "credit") -> None:
        problems.append(Problem(source, message, fix, line, field))

    if value in (None, "", {}):
        return {}, problems
    if not isinstance(value, dict):
        problem("expected roles listed under each author's slug", EXAMPLE)
        return {}, problems
    found: dict[str, tuple[ContributorRole, ...]] = {}
    for slug, terms in value.items():
        slug = str(slug).strip()
        if slug not in author_slugs:
            close = difflib.get_close_matches(slug, author_slugs, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            problem(
                f"'{slug}' is not an author of this post; their roles are not shown",
                f"{hint}use the slugs listed in authors: ({', '.join(author_slugs) or 'none'})",
            )
            continue
        items = terms if isinstance(terms, list) else str(terms or "").split(",")
        items = [t for t in items if str(t).strip()]
        chosen = set()
        for raw in items:
            term = role_term(raw)
            if term in ROLES:
                chosen.add(term)
                continue
            close = difflib.get_close_matches(term, list(ROLES), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            problem(
                f"'{raw}' is not a CRediT role; it is not shown",
                f"{hint}the 14 roles are: {', '.join(ROLES)}",
                f"credit.{slug}",
            )
        if chosen:
            found[slug] = tuple(role(t) for t in ROLES if t in chosen)
    return found, problems
