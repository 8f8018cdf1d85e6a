"""Turn what an author wrote after ``@`` into a CSL item: bibliography key or identifier.

Keys are looked up in the post's own bibliography, then the site-wide one; identifiers
(``doi:``, ``pmid:``, ``pmcid:``, ``isbn:``, ``url:``) in the bibliography first (an author
may have corrected an entry there), then the committed cache, then the services.
"""

from __future__ import annotations

from dataclasses import dataclass
import difflib

from .bibliography import Bibliography
from .resolve import Failure, Identifier, Malformed, Resolver, parse_identifier


@dataclass
class Resolution:
    key: str
    item: dict | None  # None: unresolved
    identifier: Identifier | None = None
    message: str = ""  # what is wrong (for the build log and the visible entry)
    fix: str = ""
    source: str = ""  # bibliography file, "cache" or "service"

    @property
    def resolved(self) -> bool:
        return self.item is not None


def resolve_key(
    key: str, bibliography: Bibliography, resolver: Resolver | None, *, narrative: bool = False
) -> Resolution | None:
    """The item for ``key``; None only for a narrative ``@word`` that is not a key at all
    (an @handle in prose), which is then left as the author wrote it."""
    entry = bibliography.get(key)
    if entry is not None:
        return Resolution(key, entry.item, source=entry.source)
    parsed = parse_identifier(key)
    if isinstance(parsed, Malformed):
        return Resolution(
            key, None, message=f"{parsed.message} in the citation '@{key}'", fix=parsed.fix
        )
    if isinstance(parsed, Identifier):
        by_id = bibliography.by_identifier(parsed.cache_id)
        if by_id is not None:
            return Resolution(key, by_id.item, identifier=parsed, source=by_id.source)
        if resolver is None:
            return Resolution(
                key,
                None,
                identifier=parsed,
                message=f"'{key}' cannot be resolved here",
                fix="run make refs",
            )
        found = resolver.lookup(parsed)
        if isinstance(found, Failure):
            return _failure(key, parsed, found)
        return Resolution(key, found, identifier=parsed, source="cache")
    near = bibliography.case_insensitive(key)
    if near is not None:
        return Resolution(
            key,
            near.item,
            source=near.source,
            message=f"the citation key '{key}' matches '{near.key}' only when case is ignored; keys are case-sensitive",
            fix=f"write @{near.key} (the entry in {near.source}) or rename the entry",
        )
    if narrative and not _looks_like_typo(key, bibliography):
        return None
    suggestions = difflib.get_close_matches(key, list(bibliography.entries), n=3, cutoff=0.6)
    hint = (
        f"did you mean {', '.join('@' + s for s in suggestions)}?"
        if suggestions
        else "no similar key exists"
    )
    return Resolution(
        key,
        None,
        message=f"unknown citation key '{key}'",
        fix=f"{hint} Keys come from the site bibliography (content/bibliography/) or the post's bibliography: file; "
        "to cite by identifier write @doi:…, @pmid:…, @pmcid:…, @isbn:… or @url:…",
    )


def _looks_like_typo(key: str, bibliography: Bibliography) -> bool:
    """A narrative ``@word`` that is close to a real key is worth a warning; a social-media
    handle in prose is not."""
    return bool(difflib.get_close_matches(key, list(bibliography.entries), n=1, cutoff=0.85))


def _failure(key: str, identifier: Identifier, failure: Failure) -> Resolution:
    cited, why = f"'{identifier.cache_id}'", failure.message
    if failure.kind == "mismatch":
        message = f"{cited} resolved to a different work: {why}"
        fix = (
            f"check the identifier against the article itself (https://doi.org/{identifier.value} for a DOI); "
            "if it is right, add the work to content/bibliography/ by hand"
        )
    elif failure.kind == "not_found":
        message = f"{cited} was not found: {why}"
        fix = "check the identifier for a typo; a work without one can go in content/bibliography/"
    elif failure.kind == "offline":
        message = f"{cited} is not in the references cache"
        fix = "run `make refs` (needs the internet) and commit content/data/references.json"
    else:
        message = f"{cited} could not be resolved: {why}"
        fix = (
            "build again when online, or run `make refs`, then commit content/data/references.json"
        )
    return Resolution(key, None, identifier=identifier, message=message, fix=fix)
