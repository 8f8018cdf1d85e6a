"""Credit expert commentary to registry people: fill each box's placeholder with a linked name.

Pure: the registry lookup is passed in, so this module knows nothing about ``authors.yml``.
An unknown person is shown as written (never dropped: the commentary is still the
reader's) and reported with the closest registry names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import re

from markupsafe import Markup
from meded_core import Problem

from .syntax import PLACEHOLDER_ATTR

_PLACEHOLDER = re.compile(rf'<span {PLACEHOLDER_ATTR}="(\d+)">(.*?)</span>', re.DOTALL)


@dataclass(frozen=True)
class Commentator:
    """A registry person as a commentary box credits them."""

    slug: str
    display_name: str  # "Samuel Adeyemi, MD, FRCPC"


def fill_commentators(
    html: str,
    records: list[dict],
    find: Callable[[str], Commentator | None],
    suggest: Callable[[str], str],
    source: str,
) -> tuple[str, list[Commentator], list[Problem]]:
    """The body with names filled in, the people credited (in order, once each), problems."""
    credited: list[Commentator] = []
    problems: list[Problem] = []

    def replace(match: re.Match) -> str:
        index = int(match.group(1))
        record = records[index] if index < len(records) else {}
        written = str(record.get("person") or "")
        person = find(written) if written else None
        if person is None:
            close = suggest(written)
            problems.append(
                Problem(
                    source,
                    f"the expert commentary names '{written}', who is not in the author "
                    "registry; the name is shown without a link",
                    (f"did you mean {close}? " if close else "")
                    + "use a registry slug (!!! commentary samuel-adeyemi) or add the "
                    "person to authors.yml",
                    line=record.get("line"),
                )
            )
            return str(Markup('<span class="callout__person">{}</span>').format(written))
        if person not in credited:
            credited.append(person)
        # {author}slug is Pelican's own link syntax: relative on pages, absolute in feeds.
        return str(
            Markup('<a class="callout__person" href="{{author}}{}">{}</a>').format(
                person.slug, person.display_name
            )
        )

    return _PLACEHOLDER.sub(replace, html), credited, problems
