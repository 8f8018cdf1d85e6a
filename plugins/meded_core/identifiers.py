"""Scholarly identifiers: normalise and validate once, use everywhere.

A mistyped identifier silently credits or cites the wrong work, so every plugin (post DOIs,
citations, impact data, authors) goes through these functions.
"""

from __future__ import annotations

import functools
import re

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = (
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi:",
)


def normalize_doi(text: str | None) -> str | None:
    """Return the DOI in canonical lower-case form (``10.x/y``), or None if it is not one.

    DOIs are case-insensitive; we compare and store them lower-cased.
    """
    if not text:
        return None
    return _normalize_doi(str(text))


@functools.lru_cache(maxsize=1 << 16)  # the same few thousand DOIs, asked for per citation
def _normalize_doi(text: str) -> str | None:
    value = strip_doi_prefix(text).lower()
    return value if DOI_PATTERN.match(value) else None


def strip_doi_prefix(text: str) -> str:
    """The DOI as written (readers recognise its own spelling), without ``doi:`` or a
    resolver address in front."""
    return _without_prefix(text.strip(), _DOI_PREFIXES).strip()


def _without_prefix(value: str, prefixes: tuple[str, ...]) -> str:
    """``value`` without the first of the (lower-case) ``prefixes`` it starts with, in any case."""
    lowered = value.lower()
    for prefix in prefixes:
        if lowered.startswith(prefix):
            return value[len(prefix) :]
    return value


def doi_url(doi: str) -> str:
    """The resolver link Crossref's display guidelines ask for."""
    return f"https://doi.org/{doi}"


def normalize_pmid(text: str | int | None) -> str | None:
    """A PubMed ID is 1 to 8 digits (``pmid:`` prefix allowed)."""
    if text is None:
        return None
    value = _without_prefix(str(text).strip(), ("pmid:",)).strip()
    return value if re.fullmatch(r"[1-9]\d{0,8}", value) else None


def normalize_pmcid(text: str | None) -> str | None:
    """A PubMed Central ID is ``PMC`` followed by digits."""
    if not text:
        return None
    value = _without_prefix(str(text).strip().upper(), ("pmcid:",)).strip()
    if value.isdigit():
        value = f"PMC{value}"
    return value if re.fullmatch(r"PMC\d{1,10}", value) else None


# --- ORCID iDs --------------------------------------------------------------------------------
# Sixteen characters in four groups; the last is an ISO 7064 MOD 11-2 check character (0-9 or
# X). ORCID's own guidance: store and show the full https://orcid.org/ URL.
_ORCID_SHAPE = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
_ORCID_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/", "orcid:")


def orcid_check_digit(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for char in base_digits:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid_error(text: str | None) -> str | None:
    """What is wrong with ``text`` as an ORCID iD, in words an editor can act on; None if fine.

    A checksum failure is reported separately from a shape failure because it almost always
    means one mistyped digit, which would otherwise silently credit someone else's record.
    """
    if text is None or not str(text).strip():
        return "the ORCID iD is empty"
    value = _strip_orcid_prefix(str(text))
    match = _ORCID_SHAPE.match(value)
    if not match:
        return (
            f"'{text}' is not shaped like an ORCID iD (16 characters: four groups of four "
            "digits, the last character a digit or X)"
        )
    digits = "".join(match.groups())
    expected = orcid_check_digit(digits[:15])
    if digits[15] != expected:
        return (
            f"'{text}' fails the ORCID check digit (ISO 7064 MOD 11-2): the last character "
            f"should be {expected} for these first 15 digits, so a digit is probably mistyped"
        )
    return None


def normalize_orcid(text: str | None) -> str | None:
    """The iD as ``0000-0002-1825-0097`` (URL prefix and missing hyphens allowed), or None."""
    if orcid_error(text) is not None:
        return None
    digits = "".join(_ORCID_SHAPE.match(_strip_orcid_prefix(str(text))).groups())
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def orcid_url(orcid: str) -> str:
    """The form ORCID's display guidelines ask for: the full https URL."""
    return f"https://orcid.org/{orcid}"


def _strip_orcid_prefix(value: str) -> str:
    return _without_prefix(value.strip(), _ORCID_PREFIXES).strip().rstrip("/").upper()


# --- ROR IDs (Research Organization Registry) ---------------------------------------------------
# "0" + six Crockford base32 characters + two ISO 7064 MOD 97-10 check digits.
_ROR_SHAPE = re.compile(r"^0([0-9a-hjkmnp-tv-z]{6})(\d{2})$")
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_ROR_PREFIXES = ("https://ror.org/", "http://ror.org/", "ror.org/", "ror:")


def normalize_ror(text: str | None) -> str | None:
    """The nine-character ROR ID (``03yrm5c26``) with its check digits verified, or None."""
    if not text:
        return None
    value = _without_prefix(str(text).strip().lower(), _ROR_PREFIXES).rstrip("/")
    match = _ROR_SHAPE.match(value)
    if not match:
        return None
    number = 0
    for char in match.group(1):
        number = number * 32 + _CROCKFORD.index(char)
    expected = 98 - (number * 100) % 97
    return value if int(match.group(2)) == expected else None


def ror_url(ror: str) -> str:
    return f"https://ror.org/{ror}"


# --- ISBNs ----------------------------------------------------------------------------------------
# ISBN-10 (mod 11, last character may be X) or ISBN-13 (mod 10, 978/979 prefix). Stored as
# ISBN-13 so that the two printings of the same number compare equal.


def normalize_isbn(text: str | int | None) -> str | None:
    """The ISBN as 13 digits (hyphens, spaces and an ``isbn:`` prefix allowed), or None.

    The check digit is verified: a mistyped ISBN names another book, not no book.
    """
    if text is None:
        return None
    value = _without_prefix(str(text).strip().upper(), ("isbn-13:", "isbn-10:", "isbn:", "isbn"))
    value = re.sub(r"[\s-]", "", value)
    if re.fullmatch(r"\d{9}[\dX]", value):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(value))
        if total % 11:
            return None
        value = "978" + value[:9]
        return value + _isbn13_check(value)
    if re.fullmatch(r"97[89]\d{10}", value):
        return value if _isbn13_check(value[:12]) == value[12] else None
    return None


def _isbn13_check(first12: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(first12))
    return str((10 - total % 10) % 10)


# --- Links to the literature databases ---------------------------------------------------------


def pubmed_url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def pmc_url(pmcid: str) -> str:
    return f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/"


def http_url(text: str | None) -> str | None:
    """``text`` if it is an absolute http(s) URL, else None: the only schemes we ever link.

    API metadata can carry ``javascript:`` or ``data:`` URLs; a link built from them would
    run code in the reader's browser.
    """
    if not text:
        return None
    value = str(text).strip()
    if re.match(r"^https?://[^\s/?#]+\.[^\s/?#]+", value, re.IGNORECASE) and not re.search(
        r"[\s<>\"]", value
    ):
        return value
    return None
