"""BibTeX and biblatex person names -> CSL names, including biblatex's extended name format.

Better BibLaTeX (Zotero) writes names with particles in the extended format,
``family=Cate, given=Olle, prefix=ten, useprefix=true``, and mixes it with classic names
(``Carraccio, Carol``) in one list. Classic names are split by bibtexparser; extended ones
here, part by part, so that "ten Cate" and "van der Vleuten" keep their particles. A part
this module does not know is reported (with the parts it does know) instead of making the
whole entry unreadable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import difflib
import re

from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

# biblatex's name parts (its default data model) and the per-name options it accepts
EXTENDED_PARTS = ("family", "given", "prefix", "suffix")
EXTENDED_OPTIONS = {"useprefix", "sortingnamekeytemplatename", "uniquename", "uniquepart"}
_ASSIGNMENT = re.compile(r"^\s*([A-Za-z][\w-]*)\s*=\s*(.*)$", re.DOTALL)


@dataclass
class ParsedName:
    """One CSL name and what was wrong with how it was written (empty when nothing)."""

    name: dict[str, str]
    problems: list[str] = field(default_factory=list)


def top_level_split(text: str, separator: str = ",") -> list[str]:
    """``text`` split at ``separator`` outside braces (``{Smith, Jones and Co}`` stays whole)."""
    parts, depth, current = [], 0, []
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def is_extended(text: str) -> bool:
    """A name written as ``key=value`` pairs (biblatex's extended name format)."""
    return any(_ASSIGNMENT.match(part) for part in top_level_split(text))


def parse_name(text: str, decode, *, useprefix: bool = False) -> ParsedName:
    """One person's name as written in a name field; ``decode`` turns LaTeX into text.

    ``useprefix`` is the entry's default (biblatex's is false): with it, a particle belongs
    to the family name for sorting ("van der Vleuten" under V, CSL's non-dropping particle);
    without it the particle is dropped before the family name (CSL's dropping particle).
    """
    if is_extended(text):
        return _extended(text, decode, useprefix)
    try:
        parts = parse_single_name_into_parts(text, strict=True)
    except InvalidNameError as exc:
        literal = decode(text)
        return ParsedName(
            {"literal": literal} if literal else {},
            [f"the name '{text.strip()}' cannot be split into family and given names ({exc})"],
        )
    return ParsedName(_classic(parts, decode))


def _classic(parts, decode) -> dict[str, str]:
    first = " ".join(parts.first or [])
    von = " ".join(parts.von or [])
    last = " ".join(parts.last or [])
    jr = " ".join(parts.jr or [])
    name: dict[str, str] = {}
    if last and not first and not von:
        # "{World Health Organization}" arrives as one last name: an institution
        text = decode(last)
        name["literal" if " " in text else "family"] = text
    else:
        if last:
            name["family"] = decode(last)
        if first:
            name["given"] = decode(first)
        if von:
            name["non-dropping-particle"] = decode(von)
    if jr:
        name["suffix"] = decode(jr)
    return name


def _extended(text: str, decode, useprefix: bool) -> ParsedName:
    values: dict[str, str] = {}
    problems: list[str] = []
    for part in top_level_split(text):
        if not part.strip():
            continue
        match = _ASSIGNMENT.match(part)
        if not match:
            problems.append(
                f"the name '{text.strip()}' mixes 'key=value' parts with '{part.strip()}'"
            )
            continue
        key, value = match.group(1).lower(), _unbrace(match.group(2).strip())
        if key in EXTENDED_PARTS:
            values[key] = decode(value)
        elif key == "useprefix":
            useprefix = value.strip().lower() in {"true", "1", "yes", ""}
        elif key in EXTENDED_OPTIONS or key.endswith("-i"):
            continue  # initials and sorting hints: CSL works these out itself
        else:
            near = difflib.get_close_matches(key, EXTENDED_PARTS, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            problems.append(
                f"the name '{text.strip()}' has an unknown part '{key}'{hint}; it was left out"
            )
    particle = "non-dropping-particle" if useprefix else "dropping-particle"
    csl = {"family": "family", "given": "given", "prefix": particle, "suffix": "suffix"}
    name = {csl[part]: values[part] for part in EXTENDED_PARTS if values.get(part)}
    if "family" not in name and "given" in name:
        name = {"literal": name["given"]}
    return ParsedName(name, problems)


def _unbrace(value: str) -> str:
    while value.startswith("{") and value.endswith("}") and balanced(value[1:-1]):
        value = value[1:-1].strip()
    return value


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def entry_useprefix(options: str | None) -> bool:
    """biblatex's per-entry ``options = {useprefix=true}`` (or bare ``useprefix``)."""
    for option in top_level_split(options or ""):
        key, _, value = option.partition("=")
        if key.strip().lower() == "useprefix":
            return value.strip().lower() in {"", "true", "1", "yes"}
    return False
