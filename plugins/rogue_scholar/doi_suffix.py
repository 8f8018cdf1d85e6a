"""Rogue Scholar's DOI suffixes: ten random Crockford base32 characters in two groups of
five, the last two a mod-97 checksum (``10.59350/r9ayc-8zr91``).

Rogue Scholar accepts a DOI the blog generated itself (in the blog's own Rogue Scholar
prefix) when the suffix has this shape and a valid checksum; commonmeta's ``encode_doi``
makes them with the ``base32-lib`` package, which this module uses too.
"""

from __future__ import annotations

import base32_lib


def new_doi(prefix: str) -> str:
    """A fresh DOI in ``prefix`` with a checksummed random suffix."""
    suffix = base32_lib.generate(length=10, split_every=5, checksum=True)
    return f"{prefix}/{suffix}"


def prefix_error(prefix: str) -> str | None:
    """What is wrong with a DOI prefix setting, or None."""
    if not prefix:
        return "no DOI prefix is set"
    head, _, rest = prefix.partition(".")
    if head != "10" or not rest or not all(part.isdigit() for part in rest.split(".")):
        return f"'{prefix}' is not a DOI prefix (it looks like 10.59350)"
    return None
