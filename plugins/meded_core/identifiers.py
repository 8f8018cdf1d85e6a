"""Scholarly identifiers: normalise and validate once, use everywhere.

A mistyped identifier silently credits or cites the wrong work, so every plugin (post DOIs,
citations, impact data, authors) goes through these functions.
"""

from __future__ import annotations

import re

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")


def normalize_doi(text: str | None) -> str | None:
    """Return the DOI in canonical lower-case form (``10.x/y``), or None if it is not one.

    DOIs are case-insensitive; we compare and store them lower-cased.
    """
    if not text:
        return None
    value = str(text).strip()
    lowered = value.lower()
    for prefix in _DOI_PREFIXES:
        if lowered.startswith(prefix):
            value = value[len(prefix) :].strip()
            break
    value = value.lower()
    return value if DOI_PATTERN.match(value) else None


def doi_url(doi: str) -> str:
    """The resolver link Crossref's display guidelines ask for."""
    return f"https://doi.org/{doi}"


def normalize_pmid(text: str | int | None) -> str | None:
    """A PubMed ID is 1 to 8 digits (``pmid:`` prefix allowed)."""
    if text is None:
        return None
    value = str(text).strip()
    if value.lower().startswith("pmid:"):
        value = value[5:].strip()
    return value if re.fullmatch(r"[1-9]\d{0,8}", value) else None


def normalize_pmcid(text: str | None) -> str | None:
    """A PubMed Central ID is ``PMC`` followed by digits."""
    if not text:
        return None
    value = str(text).strip().upper()
    if value.startswith("PMCID:"):
        value = value[6:].strip()
    if value.isdigit():
        value = f"PMC{value}"
    return value if re.fullmatch(r"PMC\d{1,10}", value) else None
